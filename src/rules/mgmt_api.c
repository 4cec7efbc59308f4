/*
 * WS081: misuse of the @connections management API (RULES.md F24, F25),
 * read from the handler sources (xfile.h) and the environment that feeds
 * them. Four cases, each an info:
 *   - a post inside the function that handles $connect: the connection
 *     exists only once that integration returns, so the post gets 410;
 *   - an endpoint built from the websocket URL (ServiceEndpointWebsocket or
 *     a wss:// value), in code or in an environment variable the handler
 *     reads: the management API is https://{api}/{stage};
 *   - an endpoint built from requestContext.domainName without https://
 *     (SDK v3 and boto3 require the scheme) or without the stage;
 *   - a file that posts but never mentions GoneException or 410, so stale
 *     connection IDs are never pruned.
 * A finding in a source file carries the function's handler: line as its
 * first related location (where a suppression comment reaches it).
 */
#include "common.h"

#include "../xfile.h"

#include <string.h>
#include <strings.h>

static bool has(const char *s, size_t n, const char *needle, bool fold)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (fold ? strncasecmp(s + i, needle, m) == 0 : memcmp(s + i, needle, m) == 0)
            return true;
    return false;
}

/* A short quote of code for a message: the first line, at most 60 bytes,
   a string literal without its quotes. */
static const char *quote(sw_ctx *c, const sw_srcfile *f, uint32_t a, uint32_t b)
{
    const char *t = f->src.text;
    if (b - a >= 2 && (t[a] == '"' || t[a] == '\'') && t[b - 1] == t[a]) {
        a++;
        b--;
    }
    uint32_t n = b - a, k = 0;
    while (k < n && f->src.text[a + k] != '\n' && k < 60)
        k++;
    return sw_printf(c->a, "%.*s%s", (int)k, f->src.text + a, k < n ? "..." : "");
}

/* Findings in code are reported once per place and case, however many
   functions share the file (source files are below 1 MiB: the case goes in
   the high bits of the offset). */
enum { CASE_CONNECT = 0, CASE_ENDPOINT = 1 << 28, CASE_GONE = 2 << 28 };
typedef struct seen {
    sw_arena *a;
    const void **f;
    uint32_t *at;
    uint32_t n, cap;
} seen;

static bool first_time(seen *s, const void *f, uint32_t at)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (s->f[i] == f && s->at[i] == at)
            return false;
    if (s->n == s->cap) { /* the old arrays stay in the arena */
        s->cap = s->cap ? 2 * s->cap : 16;
        const void **nf = sw_alloc(s->a, sizeof *nf * s->cap);
        uint32_t *nat = sw_alloc(s->a, sizeof *nat * s->cap);
        if (s->n) {
            memcpy(nf, s->f, sizeof *nf * s->n);
            memcpy(nat, s->at, sizeof *nat * s->n);
        }
        s->f = nf;
        s->at = nat;
    }
    s->f[s->n] = f;
    s->at[s->n++] = at;
    return true;
}

static sw_diag *code_finding(sw_ctx *c, const sw_fn_src *s, const sw_api_use *u,
                             const char *msg)
{
    const sw_srcfile *f = s->res.file;
    sw_diag *d = sw_report_src(c, &f->src, u->start, u->end, 0, "%s", msg);
    sw_add_related(c, d, s->handler, "function '%s' runs this code", s->fn->name);
    return d;
}

static bool is_connect(const sw_function *fn, const sw_wsevent **ev)
{
    for (uint32_t k = 0; k < fn->nws; k++)
        if (fn->ws[k]->route_str && strcmp(fn->ws[k]->route_str, "$connect") == 0) {
            *ev = fn->ws[k];
            return true;
        }
    return false;
}

static void connect_post(sw_ctx *c, const sw_fn_src *s, seen *sn)
{
    const sw_srcfile *f = s->res.file;
    const sw_export *e = s->res.export;
    const sw_wsevent *ev;
    if (!e || e->value_end <= e->value_start || !is_connect(s->fn, &ev))
        return;
    for (uint32_t i = 0; i < f->nuses; i++) {
        const sw_api_use *u = &f->uses[i];
        if ((u->kind != SW_USE_POST && u->kind != SW_USE_COMMAND) || u->start < e->value_start ||
            u->end > e->value_end || !first_time(sn, f, CASE_CONNECT + u->start))
            continue;
        sw_diag *d = code_finding(
            c, s, u,
            sw_printf(c->a,
                      "%s inside the $connect handler '%s' fails with 410 GoneException: the "
                      "connection exists only once $connect returns; send the first message "
                      "from $default or another route, or from an asynchronous invocation",
                      quote(c, f, u->start, u->end), e->name));
        sw_add_related(c, d, ev->route ? ev->route : ev->key, "the $connect route");
    }
}

static void endpoints(sw_ctx *c, const sw_fn_src *s, seen *sn)
{
    const sw_srcfile *f = s->res.file;
    bool py = f->lang == SW_LANG_PYTHON;
    for (uint32_t i = 0; i < f->nuses; i++) {
        const sw_api_use *u = &f->uses[i];
        if (u->kind != SW_USE_ENDPOINT && u->kind != SW_USE_ENDPOINT_V2)
            continue;
        const char *t = f->src.text + u->start, *q = quote(c, f, u->start, u->end);
        size_t n = u->end - u->start;
        const char *msg = NULL;
        if (has(t, n, "wss://", false) || has(t, n, "ServiceEndpointWebsocket", false))
            msg = sw_printf(c->a,
                            "the management API endpoint '%s' is the websocket URL (wss://): "
                            "@connections calls go to https://{api-id}.execute-api.{region}."
                            "amazonaws.com/{stage}; build it from requestContext.domainName and "
                            "stage with https://",
                            q);
        else if (!has(t, n, "domainName", false) && !has(t, n, "domain_name", false))
            continue;
        else if (u->kind == SW_USE_ENDPOINT && !has(t, n, "https://", true))
            msg = sw_printf(c->a,
                            "the management API endpoint '%s' is built from domainName without "
                            "'https://': %s; use https://{domainName}/{stage}",
                            q, py ? "boto3 rejects an endpoint without a scheme (ValueError: "
                                    "Invalid endpoint)"
                                  : "the AWS SDK v3 client rejects an endpoint without a scheme "
                                    "(ERR_INVALID_URL)");
        else if (!has(t, n, "stage", true))
            msg = sw_printf(c->a,
                            "the management API endpoint '%s' is built from domainName without "
                            "the stage: calls miss the stage's @connections path; use "
                            "https://{domainName}/{stage} (a custom domain: its base path)",
                            q);
        if (msg && first_time(sn, f, CASE_ENDPOINT + u->start))
            code_finding(c, s, u, msg);
    }
}

static void gone(sw_ctx *c, const sw_fn_src *s, seen *sn)
{
    const sw_srcfile *f = s->res.file;
    if (!f->posts || sw_srcfile_use(f, SW_USE_GONE))
        return;
    const sw_api_use *u = sw_srcfile_use(f, SW_USE_POST);
    const sw_api_use *v = sw_srcfile_use(f, SW_USE_COMMAND);
    if (!u || (v && v->start < u->start))
        u = v;
    if (!first_time(sn, f, CASE_GONE + u->start))
        return;
    code_finding(c, s, u,
                 sw_printf(c->a,
                           "'%s' posts to connections but never handles GoneException (410): "
                           "a post to a closed connection fails and its stale ID is never "
                           "removed; catch GoneException and delete the connection ID",
                           f->rel));
}

/* An environment variable holding the websocket URL that the handler code
   reads and that feeds the management API there. */
static void env_urls(sw_ctx *c, const sw_fn_src *s, const y_node *env, seen *sn)
{
    const sw_srcfile *f = s->res.file;
    env = y_deref(env);
    if (!env || env->kind != Y_MAP || (!sw_srcfile_use(f, SW_USE_CLIENT) &&
                                       !sw_srcfile_use(f, SW_USE_CLIENT_V2) && !f->posts))
        return;
    for (uint32_t i = 0; i < env->len; i++) {
        const y_pair *p = &env->u.map.pairs[i];
        const y_node *v = y_deref(p->val);
        const char *name = p->key->kind == Y_SCALAR ? p->key->str : NULL;
        const char *str = y_known_str(v);
        bool url = (str && strncmp(str, "wss://", 6) == 0) ||
                   (v && v->kind == Y_SCALAR && has(v->str, v->len, "ServiceEndpointWebsocket", false));
        if (!url || !name || !*name || !has(f->src.text, f->src.len, name, false) ||
            !first_time(sn, p->key, 0))
            continue;
        sw_diag *d = sw_report(c, p->val, 0,
                               "environment variable '%s' holds the websocket URL (wss://), but "
                               "'%s' uses it with the management API, which is served over "
                               "HTTPS; set it to !Sub 'https://${WebsocketsApi}.execute-api."
                               "${AWS::Region}.amazonaws.com/${sls:stage}' (the other stack's "
                               "API ID when it owns the API)",
                               name, f->rel);
        sw_add_related(c, d, s->handler, "function '%s' runs that code", s->fn->name);
    }
}

static void check_ws081(sw_ctx *c)
{
    if (!c->xfile)
        return;
    seen sn = {.a = c->a};
    const y_node *penv = y_get(c->svc->provider, "environment");
    for (uint32_t i = 0; i < c->xfile->nfns; i++) {
        const sw_fn_src *s = &c->xfile->fns[i];
        const sw_srcfile *f = s->res.file;
        if (!s->checked || !f || !f->parsed)
            continue;
        connect_post(c, s, &sn);
        endpoints(c, s, &sn);
        env_urls(c, s, y_get(s->fn->node, "environment"), &sn);
        env_urls(c, s, penv, &sn);
        if (!f->has_error)
            gone(c, s, &sn);
    }
}

const sw_rule sw_ws081 = {
    .code = "WS081",
    .name = "management-api-misuse",
    .summary = "the @connections management API is called in a way that fails: from $connect, "
               "at the wss:// URL, without https:// or the stage, or without handling 410",
    .severity = SW_SEV_INFO,
    .flags = 0,
    .check = check_ws081,
};
