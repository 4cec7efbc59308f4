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
#include "common.h"

#include <ctype.h>
#include <string.h>

#define DEFAULT_SRC "route.request.header.Auth"

/* ---- WS033 authorizer-not-lambda ---- */

static void ws033_arn(sw_ctx *c, const y_node *n, const char *s)
{
    sw_arn a;
    if (!sw_arn_parse(s, &a) || sw_arn_field_is(&a, 2, "lambda"))
        return;
    const char *svc = sw_strndup(c->a, a.f[2], a.l[2]);
    const char *fn = strstr(s, "/functions/arn:"), *inv = fn ? strstr(fn, "/invocations") : NULL;
    if (sw_arn_field_is(&a, 2, "apigateway") && fn && inv) {
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
    const y_node *a = sw_ws_authorizer(e), *n = NULL, *m = sw_ws_auth_object(e);
    const char *s;
    if (!a)
        return;
    if (a->kind == Y_SCALAR) {
        n = a;
    } else if (m) {
        n = y_deref(y_get(m, "arn"));
        if (sw_falsy(n))
            n = y_deref(y_get(m, "name"));
    }
    if (!(s = y_known_str(n)))
        return;
    if (strncmp(s, "arn:", 4) == 0) {
        ws033_arn(c, n, s);
        return;
    }
    if ((k = sw_iam_jwt_index(s)) < 0 || defined[k] || c->svc->functions_partial ||
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
        defined[i] = sw_function_find(c->svc, sw_iam_jwt_names[i]) != NULL;
    sw_each_wsevent(c, defined, ws033);
}

/* ---- WS035 identity-source-default ---- */

static void ws035(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    (void)arg;
    const y_node *a = sw_ws_authorizer(e), *m = sw_ws_auth_object(e), *key = NULL, *is = NULL;
    if (!a || !e->route_str || strcmp(e->route_str, "$connect") != 0)
        return;
    if (m) {
        if (sw_falsy(y_get(m, "name")) && sw_falsy(y_get(m, "arn")))
            return; /* WS039 */
        is = y_get_pair(m, "identitySource", &key);
        const y_node *v = y_deref(is);
        if (v && v->kind == Y_SEQ && v->len > 1) {
            sw_report(c, v, 0,
                      "authorizer lists %u identity sources: API Gateway calls the "
                      "authorizer only when every one is present and non-empty, and "
                      "answers 401 otherwise; list only sources every client sends",
                      v->len);
            return;
        }
        if (!sw_falsy(is))
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
    if (!sw_own_key(e->authorizer_key, e->val) || e->authorizer->kind == Y_ALIAS) {
        ok = false; /* shared through an anchor: leave it */
    } else if (m && key) {
        const y_node *v = is; /* identitySource: ~ */
        ok = sw_own_key(key, m) && v && v->kind == Y_SCALAR && v->end > v->start;
        if (ok)
            sw_fix_edit(c, f, v->start, v->end, list);
    } else if (m) {
        ok = sw_fix_append_entry(c, f, m, sw_flow_pair(c, "identitySource", list));
    } else if (sw_scalar_in_place(c, e->authorizer)) {
        const char *s = y_known_str(a), *v = sw_flow_str(c, s);
        if ((ok = v != NULL))
            sw_fix_edit(c, f, a->start, a->end,
                        sw_printf(c->a, "{%s, %s}",
                                  sw_flow_pair(c, strchr(s, ':') ? "arn" : "name", v),
                                  sw_flow_pair(c, "identitySource", list)));
    }
    if (!ok)
        d->fix = NULL;
}

static void check_ws035(sw_ctx *c) { sw_each_wsevent(c, NULL, ws035); }

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
        return sw_authorizer_name_ok(out) ? out : NULL;
    }
    const char *r = NULL;
    if (n->kind == Y_SEQ)
        for (uint32_t i = 0; i < n->len && !r; i++)
            r = guess_name(m, n->u.seq.items[i], budget);
    if (n->kind == Y_MAP)
        for (uint32_t i = 0; i < n->len && !r; i++)
            r = guess_name(m, n->u.map.pairs[i].val, budget);
    return r;
}

static void ws036(sw_ctx *c, const sw_wsevent *e, void *arg)
{
    (void)arg;
    const y_node *m = sw_ws_auth_object(e), *akey, *nkey;
    const y_node *arn_raw = m ? y_get_pair(m, "arn", &akey) : NULL, *v = y_deref(arn_raw);
    if (!v || (v->kind == Y_SCALAR && !y_is_intrinsic(v)))
        return; /* a string ARN, or a variable */
    const y_node *name = y_get_pair(m, "name", &nkey);
    const char *what = y_is_intrinsic(v)
                           ? sw_printf(c->a, "the intrinsic '%s'", sw_intrinsic_name(v))
                           : "not a string";
    if (!sw_falsy(name)) {
        const char *s = y_known_str(name);
        if (!s || sw_authorizer_name_ok(s) || !strncmp(s, "arn:", 4))
            return; /* unknown, valid, or WS031's */
        char *ok = sw_strdup(c->a, s);
        for (char *p = ok; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '_')
                *p = '-';
        sw_diag *d = sw_report(c, y_deref(name), 0,
                               "authorizer name '%s' may hold only letters, digits, '-' and "
                               "'_': with 'arn' %s, Serverless builds the logical ID "
                               "'%sWebsocketsAuthorizer' from it, which CloudFormation "
                               "rejects; use e.g. '%s'", s, what, sw_logical_prefix(c->a, s), ok);
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
    if (nkey ||
        !sw_fix_insert_before(c, f, m, akey, sw_flow_pair(c, "name", sw_flow_str(c, guess))))
        d->fix = NULL;
}

static void check_ws036(sw_ctx *c) { sw_each_wsevent(c, NULL, ws036); }

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
