/*
 * The core-tier authorizer rules (RULES.md F5, F21, F22 and the amendments).
 * A websocket event's `authorizer` is a function name, an ARN string, or an
 * object {name, arn, identitySource}; these rules catch what Serverless or
 * API Gateway then rejects: an authorizer on a route other than $connect
 * (WS030), an ARN under `name` (WS031), a name that is no function of the
 * service (WS032), identity sources API Gateway cannot parse (WS034), and
 * the shapes that crash Serverless's packaging (WS039). Values holding a
 * variable or an intrinsic are never judged (C1).
 */
#include "common.h"

#include "../buf.h"
#include "../resolve.h"
#include "../strmap.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define CRASH_MSG "Serverless packaging crashes with \"Cannot read properties of " \
                  "undefined (reading 'replace')\""

/* A name Serverless accepts for an authorizer: [a-zA-Z0-9-_]+, from the
   function part of an ARN or a CloudFormation reference
   ("arn:...:function:auth:live" -> "auth", "AuthLambdaFunction.Arn" ->
   "auth", "shared-auth-arn" -> "shared-auth"); NULL when nothing is left. */
static const char *functionish(sw_arena *a, const char *s)
{
    const char *p = strstr(s, ":function:");
    if (p) {
        p += 10;
    } else {
        p = strrchr(s, ':');
        p = p ? p + 1 : s;
    }
    size_t n = strcspn(p, ":");
    char *out = sw_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isalnum((unsigned char)p[i]) || strchr("-_.", p[i]))
            out[k++] = p[i];
    out[k] = 0;
    if (k > 4 && strcmp(out + k - 4, ".Arn") == 0)
        out[k -= 4] = 0;
    char *dot = strchr(out, '.');
    if (dot)
        *dot = 0, k = (size_t)(dot - out);
    if (k > 14 && strcmp(out + k - 14, "LambdaFunction") == 0) {
        out[k -= 14] = 0;
        out[0] = (char)tolower((unsigned char)out[0]);
    }
    if (k > 4 && (!strcmp(out + k - 4, "-arn") || !strcmp(out + k - 4, "_arn")))
        out[k -= 4] = 0;
    else if (k > 3 && !strcmp(out + k - 3, "Arn"))
        out[k -= 3] = 0;
    return k ? out : NULL;
}

/* ---- WS030 authorizer-not-on-connect ---- */

static bool connect_has_authorizer(const sw_service *s)
{
    for (uint32_t i = 0; i < s->nws; i++)
        if (s->ws[i]->route_str && strcmp(s->ws[i]->route_str, "$connect") == 0 &&
            sw_ws_authorizer(s->ws[i]))
            return true;
    return false;
}

static void ws030(sw_ctx *c, const sw_wsevent *e, void *fixable)
{
    /* a case variant of $connect is WS010's: that fix keeps the authorizer */
    if (!sw_ws_authorizer(e) || !e->route_str || strcasecmp(e->route_str, "$connect") == 0)
        return;
    uint32_t start = e->authorizer_key ? e->authorizer_key->start : e->authorizer->start;
    sw_diag *d = sw_report_in(
        c, e->authorizer, start, e->authorizer->end, 0,
        "authorizer on route '%s': API Gateway allows authorizers only on $connect; "
        "remove it and authorize the connection on $connect",
        e->route_str);
    if (sw_own_key(e->authorizer_key, e->val) && *(bool *)fixable) {
        sw_fix *f = sw_fix_new(c, d, true, "remove the authorizer");
        if (!sw_fix_delete_pair(c, f, e->authorizer_key, e->authorizer))
            d->fix = NULL;
    }
}

static void check_ws030(sw_ctx *c)
{
    bool fixable = connect_has_authorizer(c->svc);
    sw_each_wsevent(c, &fixable, ws030);
}

/* ---- WS031 authorizer-arn-in-name ---- */

static void ws031(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    (void)arg;
    const y_node *m = sw_ws_auth_object(e), *nkey, *akey;
    if (!m)
        return;
    const y_node *name = y_get_pair(m, "name", &nkey);
    const char *s = y_known_str(name);
    if (!s || strncmp(s, "arn:", 4) != 0)
        return;
    const y_node *arn = y_get_pair(m, "arn", &akey);
    if (sw_falsy(arn)) {
        sw_diag *d = sw_report(
            c, y_deref(name), 0,
            "authorizer name '%s' is an ARN: Serverless looks it up as a function "
            "of this service and fails; rename the key 'name' to 'arn'", s);
        if (!akey && sw_own_key(nkey, m)) {
            sw_fix *f = sw_fix_new(c, d, true, "rename 'name' to 'arn'");
            if (!sw_fix_scalar(c, f, nkey, "arn"))
                d->fix = NULL;
        }
    } else if (y_is_intrinsic(arn)) {
        const char *fn = functionish(c->a, s);
        sw_report(c, y_deref(name), 0,
                  "authorizer name '%s' is an ARN: with an intrinsic 'arn' Serverless "
                  "uses 'name' as the authorizer's name, which allows only letters, "
                  "digits, '-' and '_'; give a plain name such as '%s'",
                  s, fn ? fn : "auth");
    } else {
        sw_report(c, y_deref(name), SW_SEV_WARNING,
                  "authorizer name '%s' is an ARN and is ignored because 'arn' is "
                  "set; remove 'name' or give a plain label", s);
    }
}

static void check_ws031(sw_ctx *c) { sw_each_wsevent(c, NULL, ws031); }

/* ---- WS032 authorizer-function-missing ---- */

/* The service's function names for suggestions, and how many more name
   comparisons sw_nearest may make: a hostile file with thousands of
   misnamed authorizers and functions stays fast (suggestions just stop). */
typedef struct fnames {
    const char **names;
    sw_strmap set;
    long budget;
} fnames;

static void ws032(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    fnames *fn = arg;
    const sw_service *svc = c->svc;
    const y_node *a = sw_ws_authorizer(e), *n;
    const char *s;
    if (svc->functions_partial || c->doc->truncated)
        return; /* absence rules stay silent (C5, C7) */
    if (!a || y_is_intrinsic(a))
        return;
    if (a->kind == Y_SCALAR) {
        n = a;
        if (!(s = y_known_str(n)) || strchr(s, ':'))
            return; /* an ARN, or unknown */
    } else if (a->kind == Y_MAP) {
        if (!sw_falsy(y_get(a, "arn")))
            return; /* with an arn, name is only a label */
        n = y_deref(y_get(a, "name"));
        if (!(s = y_known_str(n)) || strncmp(s, "arn:", 4) == 0)
            return; /* unknown, or WS031's */
    } else {
        return;
    }
    if (sw_iam_jwt_index(s) >= 0 || sw_strmap_get(&fn->set, s))
        return; /* a function, or WS033's IAM or JWT, which core does not offer */
    const char *near = NULL;
    if ((fn->budget -= svc->nfns) >= 0)
        near = sw_nearest(s, fn->names, 2);
    if (!near) {
        sw_report(c, n, 0,
                  "authorizer '%s' is not a function of this service; define it "
                  "under 'functions' or give the authorizer's ARN", s);
        return;
    }
    sw_diag *d = sw_report(c, n, 0,
                           "authorizer '%s' is not a function of this service; "
                           "did you mean '%s'?", s, near);
    sw_fix *f = sw_fix_new(c, d, false, "replace with '%s'", near);
    if (!sw_fix_scalar(c, f, n, near))
        d->fix = NULL;
}

static void check_ws032(sw_ctx *c)
{
    fnames fn = {sw_alloc(c->a, sizeof *fn.names * (c->svc->nfns + 1)), {0}, 200000};
    for (uint32_t i = 0; i < c->svc->nfns; i++) {
        fn.names[i] = c->svc->fns[i].name;
        sw_strmap_put(&fn.set, fn.names[i], &c->svc->fns[i]);
    }
    sw_each_wsevent(c, &fn, ws032);
    sw_strmap_free(&fn.set);
}

/* ---- WS034 identity-source-invalid ---- */

enum { SRC_OK, SRC_SAFE, SRC_BARE, SRC_BAD };

static bool ident_ok(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
            return false;
    return true;
}

static const char *const valid_prefix[] = {
    "route.request.header.", "route.request.querystring.", "stageVariables.",
    "context.", NULL
};

static const struct { const char *from, *to, *why; } rewrites[] = {
    {"method.request.header.", "route.request.header.", "is the REST API form"},
    {"method.request.querystring.", "route.request.querystring.", "is the REST API form"},
    {"$request.header.", "route.request.header.", "is the HTTP API form"},
    {"$request.querystring.", "route.request.querystring.", "is the HTTP API form"},
    {"$context.", "context.", "is the HTTP API form"},
    {"$stageVariables.", "stageVariables.", "is the HTTP API form"},
    {"request.header.", "route.request.header.", "lacks the 'route.' prefix"},
    {"request.querystring.", "route.request.querystring.", "lacks the 'route.' prefix"},
    {"route.request.headers.", "route.request.header.", "says 'headers' for 'header'"},
};

/* Judges one source (s, n bytes; spaces around it are fine inside a
   comma-joined string, in_list). *out gets the corrected text for SRC_SAFE
   and SRC_BARE, the trimmed text otherwise; *why says what is wrong. */
static int classify(sw_arena *a, const char *s, size_t n, bool in_list,
                    const char **out, const char **why)
{
    size_t len0 = n;
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    *out = sw_strndup(a, s, n);
    *why = "has spaces around it";
    for (int i = 0; valid_prefix[i]; i++) {
        size_t pl = strlen(valid_prefix[i]);
        if (n > pl && strncmp(s, valid_prefix[i], pl) == 0)
            return !ident_ok(s + pl, n - pl)  ? SRC_BAD
                   : in_list || n == len0     ? SRC_OK
                                              : SRC_SAFE;
    }
    for (size_t i = 0; i < sizeof rewrites / sizeof *rewrites; i++) {
        size_t pl = strlen(rewrites[i].from);
        if (n > pl && strncmp(s, rewrites[i].from, pl) == 0) {
            if (!ident_ok(s + pl, n - pl))
                return SRC_BAD;
            *out = sw_printf(a, "%s%.*s", rewrites[i].to, (int)(n - pl), s + pl);
            *why = rewrites[i].why;
            return SRC_SAFE;
        }
    }
    if (ident_ok(s, n) && !memchr(s, '.', n)) {
        *out = sw_printf(a, "route.request.header.%.*s", (int)n, s);
        *why = "is a bare name";
        return SRC_BARE;
    }
    return SRC_BAD;
}

#define EXPECTED "expected route.request.header.NAME, route.request.querystring.NAME, " \
                 "stageVariables.NAME or context.NAME"

/* Replaces the comma-joined scalar raw (deref'd: n) by its parts: a flow
   list on its own, separate items inside a list. */
static bool fix_split(sw_ctx *c, sw_fix *f, const y_node *raw, const y_node *n,
                      const char *list)
{
    const y_node *seq = n->parent;
    if (raw != n || n->anchored || y_tag(n))
        return false;
    if (c->res && sw_resolver_source(c->res, n) != c->src)
        return false; /* an included file's node: its offsets are not c->src's */
    if (!seq || seq->kind != Y_SEQ) {
        sw_fix_edit(c, f, n->start, n->end, sw_printf(c->a, "[%s]", list));
        return true;
    }
    if (seq->style == Y_FLOW) {
        sw_fix_edit(c, f, n->start, n->end, list);
        return true;
    }
    /* block list: "<indent>- a, b" becomes "<indent>- a\n<indent>- b" */
    const char *t = c->src->text;
    uint32_t ls = c->src->lines[sw_source_line_of(c->src, n->start)], i = ls;
    while (i < n->start && t[i] == ' ')
        i++;
    if (t[i] != '-' || i + 1 >= n->start)
        return false;
    for (uint32_t j = i + 1; j < n->start; j++)
        if (t[j] != ' ')
            return false;
    sw_buf b = {0};
    for (const char *p = list; *p; p += 2) {
        size_t k = strcspn(p, ",");
        if (b.len)
            sw_buf_printf(&b, "\n%.*s- ", (int)(i - ls), t + ls);
        sw_buf_add(&b, p, k);
        if (!p[k])
            break;
        p += k;
    }
    sw_fix_edit(c, f, n->start, n->end, sw_buf_cstr(&b));
    sw_buf_release(&b);
    return true;
}

static void check_source(sw_ctx *c, const y_node *raw)
{
    const y_node *n = y_deref(raw);
    const char *s = y_known_str(n), *fixed, *why;
    if (!s)
        return;
    if (!strchr(s, ',')) {
        int k = classify(c->a, s, strlen(s), false, &fixed, &why);
        sw_diag *d;
        if (k == SRC_OK)
            return;
        if (k == SRC_BAD) {
            sw_report(c, n, 0, "identity source '%s' is not a valid expression; " EXPECTED, s);
            return;
        }
        if (k == SRC_BARE)
            d = sw_report(c, n, 0,
                          "identity source '%s' is a bare name; write '%s' for a header "
                          "or 'route.request.querystring.%s' for a query parameter",
                          s, fixed, fixed + strlen("route.request.header."));
        else
            d = sw_report(c, n, 0, "identity source '%s' %s; WebSocket APIs need '%s'",
                          s, why, fixed);
        sw_fix *f = sw_fix_new(c, d, k == SRC_SAFE, "replace with '%s'", fixed);
        if (!sw_fix_scalar(c, f, n, fixed))
            d->fix = NULL;
        return;
    }
    /* a comma-joined string: API Gateway may split it, but judge every part */
    const char *first_bad = NULL, *q = c->doc->json ? "\"" : "";
    int worst = SRC_OK, nparts = 0;
    sw_buf b = {0};
    for (const char *p = s;; p++) {
        size_t k = strcspn(p, ",");
        int r = classify(c->a, p, k, true, &fixed, &why);
        if (*fixed) {
            size_t lead = strspn(p, " \t"), m = k - lead;
            while (m && isspace((unsigned char)p[lead + m - 1]))
                m--;
            if (r > worst) /* the part as written, without its spaces */
                worst = r, first_bad = sw_strndup(c->a, p + lead, m);
            sw_buf_printf(&b, "%s%s%s%s", nparts++ ? ", " : "", q, fixed, q);
        }
        p += k;
        if (!*p)
            break;
    }
    const char *list = sw_strdup(c->a, b.len ? sw_buf_cstr(&b) : "");
    sw_buf_release(&b);
    if (worst == SRC_BAD || !nparts) {
        sw_report(c, n, 0,
                  "identity source '%s' is a comma-joined string and '%s' is not a "
                  "valid expression; " EXPECTED, s, first_bad ? first_bad : s);
        return;
    }
    sw_diag *d;
    if (worst == SRC_OK)
        d = sw_report(c, n, SW_SEV_WARNING,
                      "identity source '%s' is a comma-joined string; list the sources "
                      "separately: [%s]", s, list);
    else
        d = sw_report(c, n, 0,
                      "identity source '%s' is a comma-joined string and '%s' is not a "
                      "WebSocket expression; list the sources as [%s]",
                      s, first_bad, list);
    sw_fix *f = sw_fix_new(c, d, worst != SRC_BARE, "list the sources separately");
    if (!fix_split(c, f, raw, n, list))
        d->fix = NULL;
}

static void ws034(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    (void)arg;
    const y_node *m = sw_ws_auth_object(e);
    const y_node *is = m ? y_get(m, "identitySource") : NULL, *v = y_deref(is);
    if (!v || y_is_unknown(v))
        return;
    if (v->kind == Y_SCALAR) {
        check_source(c, is);
    } else if (v->kind == Y_SEQ) {
        for (uint32_t j = 0; j < v->len; j++)
            check_source(c, v->u.seq.items[j]);
    }
}

static void check_ws034(sw_ctx *c) { sw_each_wsevent(c, NULL, ws034); }

/* ---- WS039 authorizer-intrinsic-without-name ---- */

/* The first string inside an intrinsic: "X.Arn", "X" of [X, Arn], ... */
static const char *intrinsic_arg(const y_node *n)
{
    n = y_deref(n);
    if (n && !y_tag(n) && n->kind == Y_MAP)
        n = y_deref(n->u.map.pairs[0].val);
    if (n && n->kind == Y_SEQ)
        n = n->len ? y_deref(n->u.seq.items[0]) : NULL;
    return n && n->kind == Y_SCALAR ? n->str : NULL;
}

/* {name: x, arn: <the intrinsic's text>} when the text fits in a flow map. */
static const char *wrap_intrinsic(sw_ctx *c, const y_node *raw)
{
    const y_node *n = y_deref(raw);
    const char *t = c->src->text;
    if (raw->kind != Y_ALIAS && n->kind != Y_SCALAR && n->style != Y_FLOW)
        return NULL;
    if (sw_resolver_source(c->res, raw) != c->src)
        return NULL;
    for (uint32_t i = raw->start; i < raw->end; i++)
        if (t[i] == '\n' || t[i] == '\r' || t[i] == '#')
            return NULL;
    const char *arg = intrinsic_arg(n);
    const char *name = arg ? functionish(c->a, arg) : NULL;
    const char *text = sw_strndup(c->a, t + raw->start, raw->end - raw->start);
    if (raw->kind == Y_SCALAR && raw->style == Y_PLAIN &&
        (strpbrk(n->str, ",[]{}'") || strstr(n->str, ": "))) {
        if (strchr(n->str, '\''))
            return NULL;
        uint32_t ts = sw_scalar_text_start(c->src, raw);
        text = sw_printf(c->a, "%.*s'%s'", (int)(ts - raw->start), t + raw->start, n->str);
    }
    if (c->doc->json)
        return sw_printf(c->a, "{\"name\": \"%s\", \"arn\": %s}", name ? name : "authorizer",
                         text);
    return sw_printf(c->a, "{name: %s, arn: %s}", name ? name : "authorizer", text);
}

static void ws039(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    (void)arg;
    const y_node *a = sw_ws_authorizer(e);
    if (!a)
        return;
    if (y_is_intrinsic(a)) {
        sw_diag *d = sw_report(c, a, 0,
                               "authorizer is the intrinsic '%s': " CRASH_MSG
                               "; move it under 'arn' and add a 'name'",
                               sw_intrinsic_name(a));
        const char *w = wrap_intrinsic(c, e->authorizer);
        if (w)
            sw_fix_edit(c, sw_fix_new(c, d, false, "move it under 'arn' and add a 'name'"),
                        e->authorizer->start, e->authorizer->end, w);
    } else if (a->kind == Y_MAP && sw_falsy(y_get(a, "name")) && sw_falsy(y_get(a, "arn"))) {
        sw_report(c, sw_own_key(e->authorizer_key, e->val) ? e->authorizer_key : a, 0,
                  "authorizer has neither 'name' nor 'arn': " CRASH_MSG
                  "; add 'name' (a function of this service) or 'arn'");
    }
}

static void check_ws039(sw_ctx *c) { sw_each_wsevent(c, NULL, ws039); }

const sw_rule sw_ws030 = {
    "WS030", "authorizer-not-on-connect", "authorizer on a route other than $connect",
    SW_SEV_ERROR, SW_RULE_FIXABLE, check_ws030,
};
const sw_rule sw_ws031 = {
    "WS031", "authorizer-arn-in-name", "an ARN given in 'authorizer.name'",
    SW_SEV_ERROR, SW_RULE_FIXABLE, check_ws031,
};
const sw_rule sw_ws032 = {
    "WS032", "authorizer-function-missing",
    "authorizer that names no function of the service", SW_SEV_ERROR, 0, check_ws032,
};
const sw_rule sw_ws034 = {
    "WS034", "identity-source-invalid",
    "identitySource entry that WebSocket APIs reject", SW_SEV_ERROR, SW_RULE_FIXABLE,
    check_ws034,
};
const sw_rule sw_ws039 = {
    "WS039", "authorizer-intrinsic-without-name",
    "authorizer that crashes packaging: an intrinsic, or neither 'name' nor 'arn'",
    SW_SEV_ERROR, 0, check_ws039,
};
