/*
 * Authorizer kinds and identity sources (RULES.md F5, F21-F23 and the
 * amendments). Serverless treats any authorizer string holding ':' as a
 * Lambda ARN and any other as a function of the service, defaults
 * identitySource to the header `Auth`, and needs a `name` beside a
 * non-string `arn`. These rules catch authorizers that are no Lambda
 * function: another service's ARN, IAM or JWT (WS033); a $connect authorizer
 * left on the implicit `Auth` header, or listing several sources (WS035); and
 * a non-string `arn` without a valid `name` (WS036). Values holding a
 * variable or an intrinsic are never judged (C1).
 */
#include "../rule.h"

#include "../buf.h"

#include <ctype.h>
#include <string.h>

#define DEFAULT_SRC "route.request.header.Auth"

/* ---- shared helpers (the idea of authorizers.c's) ---- */

/* What JavaScript treats as "not set": absent, null, '' or false. */
static bool falsy(const y_node *n)
{
    n = y_deref(n);
    if (!n)
        return true;
    if (n->kind != Y_SCALAR || y_is_unknown(n))
        return false;
    y_type t = y_scalar_type(n);
    return t == Y_T_NULL || (t == Y_T_STR && n->len == 0) ||
           (t == Y_T_BOOL && tolower((unsigned char)n->str[0]) == 'f');
}

static const y_node *authorizer(const sw_wsevent *e)
{
    return falsy(e->authorizer) ? NULL : y_deref(e->authorizer);
}

static const y_node *auth_object(const sw_wsevent *e)
{
    const y_node *a = authorizer(e);
    return a && a->kind == Y_MAP && !y_is_intrinsic(a) ? a : NULL;
}

static bool own_key(const y_node *key, const y_node *map)
{
    return key && key->parent == y_deref(map);
}

/* Runs a check on every websocket event; a finding outside the event's own
   text (reached through an alias or merge) names the event (C7). */
static void each_event(sw_ctx *c, void *arg, void (*check)(sw_ctx *, const sw_wsevent *, void *))
{
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        uint32_t from = c->out->n;
        check(c, e, arg);
        for (uint32_t k = from; k < c->out->n && e->key && e->val; k++) {
            sw_diag *d = &c->out->v[k];
            if (d->start < e->val->start || d->start >= e->val->end)
                sw_add_related(c, d, e->key, "reached from this websocket event");
        }
    }
}

/* An ARN's ':'-separated fields, "${...}" kept whole; the last field takes
   the rest. */
typedef struct arn {
    const char *f[8];
    size_t l[8];
    int n;
} arn;

static bool arn_parse(const char *s, arn *a)
{
    if (!s || strncmp(s, "arn:", 4) != 0)
        return false;
    const char *start = s;
    int depth = 0;
    a->n = 0;
    for (const char *p = s;; p++) {
        if (p[0] == '$' && p[1] == '{') {
            depth++, p++;
            continue;
        }
        if (*p == '}' && depth) {
            depth--;
            continue;
        }
        if (!*p || (*p == ':' && !depth && a->n < 7)) {
            a->f[a->n] = start;
            a->l[a->n++] = (size_t)(p - start);
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return a->n >= 3;
}

static bool field_is(const arn *a, int i, const char *t)
{
    return i < a->n && a->l[i] == strlen(t) && strncmp(a->f[i], t, a->l[i]) == 0;
}

/* Serverless's logical-ID prefix for a name ('-' -> Dash, '_' -> Underscore,
   first letter upper-cased). */
static const char *norm_name(sw_arena *m, const char *s)
{
    sw_buf b = {0};
    for (const char *p = s; *p; p++)
        sw_buf_puts(&b, *p == '-' ? "Dash" : *p == '_' ? "Underscore" : (char[2]){*p, 0});
    char *out = sw_strdup(m, b.len ? sw_buf_cstr(&b) : "");
    sw_buf_release(&b);
    out[0] = (char)toupper((unsigned char)out[0]);
    return out;
}

static bool name_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return false;
    return true;
}

/* ---- fix helpers ---- */

/* A scalar written in place (no alias, tag or anchor) that a fix may edit. */
static bool plain_node(const sw_ctx *c, const y_node *raw)
{
    return raw && raw->kind == Y_SCALAR && !raw->tag && !raw->anchor &&
           sw_scalar_text_start(c->src, raw) == raw->start;
}

/* s as a flow value: quoted when it holds ':' or a flow indicator. */
static const char *flow_str(sw_ctx *c, const char *s)
{
    if (c->doc->json)
        return strpbrk(s, "\"\\") ? NULL : sw_printf(c->a, "\"%s\"", s);
    if (!strpbrk(s, ":,[]{}#'\"") && s[0] != '&' && s[0] != '*' && s[0] != '!')
        return s;
    return strchr(s, '\'') ? NULL : sw_printf(c->a, "'%s'", s);
}

static const char *kv(sw_ctx *c, const char *k, const char *v)
{
    return c->doc->json ? sw_printf(c->a, "\"%s\": %s", k, v) : sw_printf(c->a, "%s: %s", k, v);
}

/* Column of a block key that starts its line, or -1. */
static int key_column(const sw_ctx *c, const y_node *key)
{
    uint32_t ls = c->src->lines[sw_source_line_of(c->src, key->start)];
    for (uint32_t i = ls; i < key->start; i++)
        if (c->src->text[i] != ' ')
            return -1;
    return (int)(key->start - ls);
}

/* The line break the file uses on the line holding off. */
static const char *line_break(const sw_ctx *c, uint32_t off)
{
    const char *t = c->src->text;
    while (off < c->src->len && t[off] != '\n' && t[off] != '\r')
        off++;
    return off < c->src->len && t[off] == '\r' ? (off + 1 < c->src->len && t[off + 1] == '\n'
                                                      ? "\r\n" : "\r")
                                                : "\n";
}

/* Inserts the entry "k: v" before key (a key of its own mapping map). */
static bool insert_before(sw_ctx *c, sw_fix *f, const y_node *map, const y_node *key,
                          const char *entry)
{
    if (!own_key(key, map))
        return false;
    if (y_deref(map)->style == Y_FLOW) {
        sw_fix_edit(c, f, key->start, key->start, sw_printf(c->a, "%s, ", entry));
        return true;
    }
    int col = key_column(c, key);
    if (col < 0)
        return false;
    uint32_t at = key->start - (uint32_t)col;
    sw_fix_edit(c, f, at, at, sw_printf(c->a, "%*s%s%s", col, "", entry, line_break(c, at)));
    return true;
}

/* Appends the entry after a mapping's last own pair. */
static bool append_entry(sw_ctx *c, sw_fix *f, const y_node *map, const char *entry)
{
    map = y_deref(map);
    if (!map->u.map.n || !map->complete)
        return false;
    const y_pair *p = &map->u.map.pairs[map->u.map.n - 1];
    uint32_t end = p->val && p->val->end > p->key->end ? p->val->end : p->key->end;
    if (map->style == Y_FLOW) {
        sw_fix_edit(c, f, end, end, sw_printf(c->a, ", %s", entry));
        return true;
    }
    const y_node *v = p->val;
    int col = key_column(c, p->key);
    if (col < 0 || (v && v->kind != Y_ALIAS && v->style != Y_FLOW && v->style != Y_PLAIN &&
                    v->style != Y_SQUOTED && v->style != Y_DQUOTED))
        return false; /* a block value's end is not where its text ends */
    uint32_t line = sw_source_line_of(c->src, end > p->key->end ? end - 1 : end);
    bool eof = line + 1 >= c->src->nlines;
    uint32_t at = eof ? c->src->len : c->src->lines[line + 1];
    bool nl = at > 0 && (c->src->text[at - 1] == '\n' || c->src->text[at - 1] == '\r');
    const char *br = line_break(c, p->key->start);
    sw_fix_edit(c, f, at, at, sw_printf(c->a, "%s%*s%s%s", nl ? "" : br, col, "", entry, nl ? br : ""));
    return true;
}

/* ---- WS033 authorizer-not-lambda ---- */

/* The names of IAM or JWT authorization, which are WS033's unless the
   service has a function of that name. */
static const char *const iam_jwt[] = {"aws_iam", "AWS_IAM", "iam", "jwt", NULL};

static int iam_or_jwt(const char *s)
{
    for (int i = 0; iam_jwt[i]; i++)
        if (!strcmp(s, iam_jwt[i]))
            return i;
    return -1;
}

static void ws033_arn(sw_ctx *c, const y_node *n, const char *s)
{
    arn a;
    if (!arn_parse(s, &a) || field_is(&a, 2, "lambda"))
        return;
    const char *svc = sw_strndup(c->a, a.f[2], a.l[2]);
    const char *fn = strstr(s, "/functions/arn:"), *inv = fn ? strstr(fn, "/invocations") : NULL;
    if (field_is(&a, 2, "apigateway") && fn && inv) {
        const char *inner = sw_strndup(c->a, fn + 11, (size_t)(inv - fn - 11));
        sw_diag *d = sw_report(c, n, 0,
                               "authorizer '%s' is an API Gateway invocation URI: Serverless "
                               "wraps it in another one and the deploy fails; give the "
                               "function's ARN '%s'", s, inner);
        sw_fix *f = sw_fix_new(c, d, false, "replace with '%s'", inner);
        if (!sw_fix_scalar(c, f, n, inner))
            d->fix = NULL;
    } else if (!strcmp(svc, "cognito-idp")) {
        sw_report(c, n, 0,
                  "authorizer '%s' is a Cognito user pool: WebSocket APIs have no Cognito "
                  "or JWT authorizers, and Serverless builds a Lambda invocation URI and "
                  "permission from this ARN, so the deploy fails; use a Lambda function "
                  "that validates the user pool's tokens", s);
    } else {
        sw_report(c, n, 0,
                  "authorizer '%s' is an ARN of service '%s', not a Lambda function: "
                  "WebSocket APIs accept only Lambda REQUEST authorizers, and Serverless "
                  "builds a Lambda invocation URI and permission from it, so the deploy "
                  "fails; give a Lambda function's ARN", s, svc);
    }
}

static void ws033(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    const bool *defined = arg;
    int k;
    const y_node *a = authorizer(e), *n = NULL, *m = auth_object(e);
    const char *s;
    if (!a)
        return;
    if (a->kind == Y_SCALAR) {
        n = a;
    } else if (m) {
        n = y_deref(y_get(m, "arn"));
        if (falsy(n))
            n = y_deref(y_get(m, "name"));
    }
    if (!(s = y_known_str(n)))
        return;
    if (strncmp(s, "arn:", 4) == 0) {
        ws033_arn(c, n, s);
        return;
    }
    if ((k = iam_or_jwt(s)) < 0 || defined[k] || c->svc->functions_partial ||
        c->doc->truncated)
        return;
    if (!strcmp(s, "jwt"))
        sw_report(c, n, 0,
                  "authorizer 'jwt': WebSocket APIs have no JWT authorizers, and Serverless "
                  "looks for a function named 'jwt', failing with \"Function \"jwt\" doesn't "
                  "exist in this Service\"; validate the token in a Lambda authorizer "
                  "function");
    else
        sw_report(c, n, 0,
                  "authorizer '%s': Serverless has no IAM authorization for websocket "
                  "events and looks for a function named '%s', failing with \"Function "
                  "\"%s\" doesn't exist in this Service\"; remove it and set "
                  "AuthorizationType: AWS_IAM on the $connect route through "
                  "resources.extensions.SconnectWebsocketsRoute.Properties", s, s, s);
}

static void check_ws033(sw_ctx *c)
{
    bool defined[4];
    for (int i = 0; i < 4; i++)
        defined[i] = sw_function_find(c->svc, iam_jwt[i]) != NULL;
    each_event(c, defined, ws033);
}

/* ---- WS035 identity-source-default ---- */

static void ws035(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    (void)arg;
    const y_node *a = authorizer(e), *m = auth_object(e), *key = NULL, *is = NULL;
    if (!a || !e->route_str || strcmp(e->route_str, "$connect") != 0)
        return;
    if (m) {
        if (falsy(y_get(m, "name")) && falsy(y_get(m, "arn")))
            return; /* WS039 */
        is = y_get_pair(m, "identitySource", &key);
        const y_node *v = y_deref(is);
        if (v && v->kind == Y_SEQ && v->u.seq.n > 1) {
            sw_report(c, v, 0,
                      "authorizer lists %u identity sources: API Gateway calls the "
                      "authorizer only when every one is present and non-empty, and "
                      "answers 401 otherwise; list only sources every client sends",
                      v->u.seq.n);
            return;
        }
        if (!falsy(is))
            return;
    } else if (a->kind != Y_SCALAR || !y_known_str(a)) {
        return; /* unknown, or no authorizer to Serverless */
    }
    if (c->doc->truncated)
        return;
    sw_diag *d = sw_report(
        c, key ? y_deref(key) : e->authorizer_key ? e->authorizer_key : a, 0,
        "$connect authorizer has no identitySource, so Serverless uses the header 'Auth' "
        "(" DEFAULT_SRC "): API Gateway answers 401 without calling the authorizer when a "
        "client omits it, and browsers cannot send headers on a WebSocket; set "
        "identitySource explicitly, e.g. [route.request.querystring.token]");
    const char *list = c->doc->json ? "[\"" DEFAULT_SRC "\"]" : "[" DEFAULT_SRC "]";
    sw_fix *f = sw_fix_new(c, d, true, "make the default explicit: identitySource: %s", list);
    bool ok = false;
    if (!own_key(e->authorizer_key, e->val) || e->authorizer->kind == Y_ALIAS) {
        ok = false; /* shared through an anchor: leave it */
    } else if (m && key) {
        const y_node *v = is; /* identitySource: ~ */
        ok = own_key(key, m) && v && v->kind == Y_SCALAR && v->end > v->start;
        if (ok)
            sw_fix_edit(c, f, v->start, v->end, list);
    } else if (m) {
        ok = append_entry(c, f, m, kv(c, "identitySource", list));
    } else if (plain_node(c, e->authorizer)) {
        const char *s = y_known_str(a), *v = flow_str(c, s);
        if ((ok = v != NULL))
            sw_fix_edit(c, f, a->start, a->end,
                        sw_printf(c->a, "{%s, %s}", kv(c, strchr(s, ':') ? "arn" : "name", v),
                                  kv(c, "identitySource", list)));
    }
    if (!ok)
        d->fix = NULL;
}

static void check_ws035(sw_ctx *c) { each_event(c, NULL, ws035); }

/* ---- WS036 authorizer-arn-needs-name ---- */

/* A name for an intrinsic ARN: the function part of a ":function:" string
   inside it, else its first plain reference ("AuthLambdaFunction.Arn" ->
   "auth", "shared-auth-arn" -> "shared-auth"). */
static const char *guess_name(sw_arena *m, const y_node *n, int *budget)
{
    n = y_deref(n);
    if (!n || --*budget < 0)
        return NULL;
    if (n->kind == Y_SCALAR) {
        const char *s = n->str, *p = strstr(s, ":function:");
        size_t k;
        char *out;
        if (p) {
            p += 10;
            k = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
            while (k && (p[k - 1] == '-' || p[k - 1] == '_'))
                k--;
            return k ? sw_strndup(m, p, k) : NULL;
        }
        if (strchr(s, ':') || !*s)
            return NULL;
        out = sw_strndup(m, s, strcspn(s, "."));
        k = strlen(out);
        if (k > 14 && !strcmp(out + k - 14, "LambdaFunction"))
            out[k -= 14] = 0, out[0] = (char)tolower((unsigned char)out[0]);
        if (k > 4 && (!strcmp(out + k - 4, "-arn") || !strcmp(out + k - 4, "_arn")))
            out[k -= 4] = 0;
        else if (k > 3 && !strcmp(out + k - 3, "Arn"))
            out[k -= 3] = 0;
        return name_ok(out) ? out : NULL;
    }
    const char *r = NULL;
    if (n->kind == Y_SEQ)
        for (uint32_t i = 0; i < n->u.seq.n && !r; i++)
            r = guess_name(m, n->u.seq.items[i], budget);
    if (n->kind == Y_MAP)
        for (uint32_t i = 0; i < n->u.map.n && !r; i++)
            r = guess_name(m, n->u.map.pairs[i].val, budget);
    return r;
}

static void ws036(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    (void)arg;
    const y_node *m = auth_object(e), *akey, *nkey;
    const y_node *arn_raw = m ? y_get_pair(m, "arn", &akey) : NULL, *v = y_deref(arn_raw);
    if (!v || (v->kind == Y_SCALAR && !y_is_intrinsic(v)))
        return; /* a string ARN, or a variable */
    const y_node *name = y_get_pair(m, "name", &nkey);
    const char *what = y_is_intrinsic(v) ? sw_printf(c->a, "the intrinsic '%s'", v->tag ? v->tag
                                              : y_deref(v->u.map.pairs[0].key)->str)
                                         : "not a string";
    if (!falsy(name)) {
        const char *s = y_known_str(name);
        if (!s || name_ok(s) || !strncmp(s, "arn:", 4))
            return; /* unknown, valid, or WS031's */
        char *ok = sw_strdup(c->a, s);
        for (char *p = ok; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '_')
                *p = '-';
        sw_diag *d = sw_report(c, y_deref(name), 0,
                               "authorizer name '%s' may hold only letters, digits, '-' and "
                               "'_': with 'arn' %s, Serverless builds the logical ID "
                               "'%sWebsocketsAuthorizer' from it, which CloudFormation "
                               "rejects; use e.g. '%s'", s, what, norm_name(c->a, s), ok);
        sw_fix *f = sw_fix_new(c, d, false, "replace with '%s'", ok);
        if (!sw_fix_scalar(c, f, y_deref(name), ok))
            d->fix = NULL;
        return;
    }
    int budget = 64;
    const char *guess = guess_name(c->a, v, &budget);
    if (!guess)
        guess = "authorizer";
    sw_diag *d = sw_report(c, v, 0,
                           "authorizer 'arn' is %s and 'name' is missing: Serverless stops "
                           "with \"Websocket Authorizer: Non-string \"arn\" needs to be "
                           "accompanied with \"name\"\"; add a 'name' of letters, digits, "
                           "'-' and '_', e.g. '%s'", what, guess);
    sw_fix *f = sw_fix_new(c, d, false, "add 'name: %s'", guess);
    if (nkey || !insert_before(c, f, m, akey, kv(c, "name", flow_str(c, guess))))
        d->fix = NULL;
}

static void check_ws036(sw_ctx *c) { each_event(c, NULL, ws036); }

const sw_rule sw_ws033 = {
    "WS033", "authorizer-not-lambda",
    "authorizer that is no Lambda function: another service's ARN, IAM or JWT",
    SW_SEV_ERROR, 0, check_ws033,
};
const sw_rule sw_ws035 = {
    "WS035", "identity-source-default",
    "$connect authorizer relying on the default header 'Auth', or listing several sources",
    SW_SEV_INFO, SW_RULE_FIXABLE, check_ws035,
};
const sw_rule sw_ws036 = {
    "WS036", "authorizer-arn-needs-name",
    "non-string authorizer 'arn' without a valid 'name'", SW_SEV_ERROR, 0, check_ws036,
};
