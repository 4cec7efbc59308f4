/*
 * What websocket stage logging (`provider.logs.websocket`, RULES.md F10)
 * deploys, beyond the keys WS050/WS051 check in logs.c. WS052 reads the
 * access-log `format`: API Gateway accepts only the `$context` variables its
 * WebSocket logging page lists (kept below as dated data) and templates up
 * to 3 KB (F27, F28). WS053 points out that SF turns on full execution data
 * by default, so message bodies reach CloudWatch. WS054 warns that on SF v3
 * the account CloudWatch role is set by a custom-resource Lambda on a Node.js
 * runtime AWS stops accepting in 2027 (F13, F31). None of them fire when the
 * service has no websocket events or uses an external API (C3): SF then
 * creates no stage.
 */
#include "common.h"
#include "../resolve.h"

#include <ctype.h>
#include <string.h>

/* ---- shared helpers ---------------------------------------------------- */

/* provider.logs.websocket when SF compiles a stage with logs: the service
   has websocket events, no external API may be set, and the setting is
   on (true or a mapping). */
typedef struct wslogs {
    const y_node *logs;      /* provider.logs (deref) */
    y_epair at;              /* the `websocket` pair under logs */
    const y_node *map;       /* its mapping, NULL for `true` */
} wslogs;

static bool ws_logs(sw_ctx *c, wslogs *out)
{
    const sw_service *svc = c->svc;
    if (!svc->provider || !sw_may_have_ws(svc) || sw_svc_fw_below(svc, 1, 45))
        return false; /* no stage, or no logs.websocket yet (1.45) */
    if (sw_external_api(svc).state != SW_JS_FALSY)
        return false;
    out->logs = y_deref(y_get(svc->provider, "logs"));
    if (!out->logs || out->logs->kind != Y_MAP || y_is_intrinsic(out->logs))
        return false;
    y_epair *ps;
    uint32_t n = y_pairs(c->a, out->logs, &ps);
    for (uint32_t i = 0; i < n; i++) {
        if (!y_key_is(ps[i].key, "websocket"))
            continue;
        const y_node *v = y_deref(ps[i].val);
        out->at = ps[i];
        out->map = v && v->kind == Y_MAP && !y_is_intrinsic(v) ? v : NULL;
        return out->map || sw_truthy(v) == SW_JS_TRUTHY;
    }
    return false;
}

static void merged(sw_ctx *c, sw_diag *d, const y_epair *p)
{
    if (p->via)
        sw_add_related(c, d, p->via, "merged in here");
}

/* ---- WS052 websocket-log-format ---------------------------------------- */

/* The variables API Gateway accepts in a WebSocket access-log format.
   Source: AGDOC doc_source/websocket-api-logging.md at b60d40a (the
   repository's last revision), identical to the live page
   docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html
   as checked on 2026-11-23. `$context.authorizer.<key>` names any key of the
   Lambda authorizer's context map. */
#define CONTEXT_VARS_CHECKED "2026-11-23"
static const char *const context_vars[] = {
    "apiId", "authorize.error", "authorize.latency", "authorize.status",
    "authorizer.error", "authorizer.integrationLatency", "authorizer.integrationStatus",
    "authorizer.latency", "authorizer.requestId", "authorizer.status",
    "authorizer.principalId", "authenticate.error", "authenticate.latency",
    "authenticate.status", "connectedAt", "connectionId", "domainName", "error.message",
    "error.messageString", "error.responseType", "error.validationErrorString", "eventType",
    "extendedRequestId", "identity.accountId", "identity.apiKey", "identity.apiKeyId",
    "identity.caller", "identity.cognitoAuthenticationProvider", "identity.sourceIp",
    "identity.user", "identity.userAgent", "identity.userArn", "integration.error",
    "integration.integrationStatus", "integration.latency", "integration.requestId",
    "integration.status", "integrationLatency", "messageId", "requestId", "requestTime",
    "requestTimeEpoch", "routeKey", "stage", "status", "waf.error", "waf.latency",
    "waf.status", NULL,
};

/* REST and HTTP API variables users carry over, with the WebSocket variable
   that means the same (exact: a replacement) or the advice to give. */
static const struct {
    const char *name, *use;
    bool exact;
} carried[] = {
    {"integrationStatus", "integration.status", true},
    {"integrationErrorMessage", "integration.error", true},
    {"awsEndpointRequestId", "integration.requestId", true},
    {"httpMethod", "WebSocket messages have no HTTP method; '$context.eventType' gives "
                   "CONNECT, MESSAGE or DISCONNECT", false},
    {"resourcePath", "WebSocket APIs have no paths; '$context.routeKey' gives the route", false},
    {"path", "WebSocket APIs have no paths; '$context.routeKey' gives the route", false},
    {"protocol", "remove it", false},
    {"responseLength", "remove it", false},
    {"responseLatency", "'$context.integrationLatency' gives the integration's latency",
     false},
};

static bool known_var(const char *v)
{
    for (int i = 0; context_vars[i]; i++)
        if (strcmp(v, context_vars[i]) == 0)
            return true;
    return strncmp(v, "authorizer.", 11) == 0 && v[11]; /* the authorizer's context map */
}

/* A character that continues a variable name ('.' only before another). */
static bool name_char(const char *p)
{
    return isalnum((unsigned char)*p) || *p == '_' || (*p == '.' && isalnum((unsigned char)p[1]));
}

/* The raw text of scalar n holds `lit` at or after *from: its span. */
static bool find_raw(const sw_source *s, const y_node *n, const char *lit, uint32_t *from,
                     uint32_t *start)
{
    size_t ln = strlen(lit);
    for (uint32_t i = *from; i + ln <= n->end; i++)
        if (memcmp(s->text + i, lit, ln) == 0 &&
            (i + ln == n->end || !name_char(s->text + i + ln))) {
            *start = i;
            *from = i + (uint32_t)ln;
            return true;
        }
    return false;
}

static void judge_var(sw_ctx *c, const y_node *fmt, const y_epair *p, const char *v,
                      uint32_t *from)
{
    const char *full = sw_printf(c->a, "$context.%s", v);
    uint32_t start = 0;
    bool found = sw_resolver_source(c->res, fmt) == c->src && find_raw(c->src, fmt, full, from, &start);
    const char *use = NULL, *repl = NULL;
    for (size_t i = 0; i < sizeof carried / sizeof *carried; i++)
        if (strcmp(v, carried[i].name) == 0) {
            repl = carried[i].exact ? carried[i].use : NULL;
            use = carried[i].exact ? sw_printf(c->a, "use '$context.%s'", carried[i].use)
                                   : carried[i].use;
        }
    if (!use) {
        repl = sw_nearest(v, context_vars, 2);
        use = repl ? sw_printf(c->a, "did you mean '$context.%s'?", repl)
                   : "remove it, or use a variable from API Gateway's WebSocket logging list";
    }
    const char *msg = sw_printf(c->a,
                                "'%s' is not a WebSocket access-log variable: API Gateway "
                                "rejects the stage with \"The following context variables "
                                "are not supported\"; %s",
                                full, use);
    sw_diag *d = found ? sw_report_in(c, fmt, start, start + (uint32_t)strlen(full), 0, "%s", msg)
                       : sw_report(c, fmt, 0, "%s", msg);
    merged(c, d, p);
    if (!found || !repl)
        return;
    const char *to = sw_printf(c->a, "$context.%s", repl);
    sw_fix *f = sw_fix_new(c, d, false, "replace with '%s'", to);
    sw_fix_edit(c, f, start, start + (uint32_t)strlen(full), to);
}

static void check_ws052(sw_ctx *c)
{
    wslogs w;
    if (sw_svc_fw_below(c->svc, 3, 14) || !ws_logs(c, &w) || !w.map ||
        sw_is_false(y_get(w.map, "accessLogging")))
        return; /* before 3.14 SF ignores `format` (WS045) */
    y_epair *ps;
    uint32_t n = y_pairs(c->a, w.map, &ps);
    for (uint32_t i = 0; i < n; i++) {
        const y_node *fmt = y_deref(ps[i].val);
        if (!y_key_is(ps[i].key, "format") || !fmt || fmt->kind != Y_SCALAR ||
            y_is_unknown(fmt) || y_scalar_type(fmt) != Y_T_STR)
            continue;
        if (fmt->len > 3072) {
            sw_diag *d = sw_report(c, fmt, 0,
                                   "the access-log format is %u bytes: API Gateway accepts "
                                   "at most 3 KB (3072 bytes) for a WebSocket stage's "
                                   "access-log format and rejects the stage; shorten it",
                                   fmt->len);
            merged(c, d, &ps[i]);
        }
        /* each distinct variable once, in order */
        const char **seen = sw_alloc(c->a, sizeof *seen * (fmt->len / 9 + 1));
        size_t nseen = 0;
        uint32_t from = sw_scalar_text_start(c->src, fmt);
        for (const char *q = strstr(fmt->str, "$context."); q; q = strstr(q + 1, "$context.")) {
            const char *b = q + 9, *e = b;
            while (isalnum((unsigned char)*e) || *e == '_' || *e == '.')
                e++;
            while (e > b && e[-1] == '.')
                e--;
            if (e == b)
                continue;
            const char *v = sw_printf(c->a, "%.*s", (int)(e - b), b);
            bool dup = false;
            for (size_t k = 0; k < nseen && !dup; k++)
                dup = strcmp(seen[k], v) == 0;
            if (dup || known_var(v))
                continue;
            seen[nseen++] = v;
            judge_var(c, fmt, &ps[i], v, &from);
        }
    }
}

const sw_rule sw_ws052 = {
    .code = "WS052",
    .name = "websocket-log-format",
    .summary = "websocket access-log format with variables API Gateway rejects, or over 3 KB",
    .severity = SW_SEV_WARNING,
    .flags = 0,
    .check = check_ws052,
};

/* ---- WS053 websocket-full-execution-data ------------------------------- */

/* logs.websocket written in place: no alias or merge on the way to it, so
   an edit changes this setting only. */
static bool logs_direct(const sw_ctx *c, const wslogs *w)
{
    return !w->at.via && w->at.val->kind != Y_ALIAS &&
           y_get(c->svc->root, "provider")->kind != Y_ALIAS &&
           y_get(c->svc->provider, "logs")->kind != Y_ALIAS;
}

/* Turns `websocket: true` into a mapping or adds the key to the mapping. */
static bool fix_add_fed(sw_ctx *c, sw_fix *f, const wslogs *w)
{
    const sw_source *s = c->src;
    const y_node *raw = w->at.val;
    if (!w->map) {
        if (raw->style != Y_PLAIN || y_tag(raw)) /* `!tag {...}` would not parse */
            return false;
        sw_fix_edit(c, f, sw_scalar_text_start(s, raw), raw->end, "{fullExecutionData: false}");
        return true;
    }
    return sw_fix_prepend_entry(c, f, w->map, "fullExecutionData: false");
}

static void check_ws053(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    wslogs w;
    if (!ws_logs(c, &w))
        return;
    y_epair fed = {0};
    if (w.map && !sw_svc_fw_below(svc, 3, 14)) { /* older releases ignore both keys */
        const y_node *ex = y_get(w.map, "executionLogging");
        if (sw_is_false(ex) || sw_truthy(ex) == SW_JS_UNKNOWN)
            return; /* execution logs (maybe) off: no data trace either */
        y_epair *ps;
        uint32_t n = y_pairs(c->a, w.map, &ps);
        for (uint32_t i = 0; i < n; i++)
            if (y_key_is(ps[i].key, "fullExecutionData"))
                fed = ps[i];
        if (fed.key && (sw_is_false(fed.val) || sw_truthy(fed.val) == SW_JS_UNKNOWN))
            return;
    }
    bool explicit_on = fed.key && sw_truthy(fed.val) == SW_JS_TRUTHY;
    const char *role = sw_svc_fw_at_least(svc, 3, 0) &&
                               sw_truthy(y_get(y_get(w.logs, "restApi"),
                                            "roleManagedExternally")) == SW_JS_FALSY
                           ? "; SF also deploys a custom resource that sets the account's API "
                             "Gateway CloudWatch role (skip it with "
                             "logs.restApi.roleManagedExternally: true)"
                           : "";
    const char *advice;
    if (sw_svc_fw_below(svc, 3, 14))
        advice = sw_printf(c->a, "fullExecutionData arrived in Serverless 3.14, which "
                                 "frameworkVersion '%s' does not admit: raise it, then set "
                                 "fullExecutionData: false",
                           sw_fw_text(svc));
    else
        advice = explicit_on ? "set it to false unless the logs must hold message bodies"
                             : "add fullExecutionData: false";
    const y_epair *at = explicit_on ? &fed : &w.at;
    sw_diag *d = sw_report(c, explicit_on ? y_deref(fed.val) : w.at.key, 0,
                           "websocket stage logging %s full execution data, so API Gateway "
                           "writes every message body (tokens, personal data) to CloudWatch; "
                           "%s%s",
                           explicit_on ? "turns on" : "is on with SF's default of", advice,
                           role);
    merged(c, d, at);
    if (!sw_svc_fw_at_least(svc, 3, 14) || at->via || !logs_direct(c, &w))
        return;
    sw_fix *f = sw_fix_new(c, d, !explicit_on, "set fullExecutionData: false");
    bool ok = explicit_on ? fed.val->kind != Y_ALIAS && sw_fix_scalar(c, f, fed.val, "false")
                          : fix_add_fed(c, f, &w);
    if (!ok)
        d->fix = NULL;
}

const sw_rule sw_ws053 = {
    .code = "WS053",
    .name = "websocket-full-execution-data",
    .summary = "websocket stage logging writes full message bodies to CloudWatch",
    .severity = SW_SEV_INFO,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws053,
};

/* ---- WS054 v3-logs-role-custom-resource -------------------------------- */

static void check_ws054(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    wslogs w;
    if (sw_svc_fw_major(svc) != 3 || !ws_logs(c, &w) ||
        sw_truthy(y_get(y_get(w.logs, "restApi"), "roleManagedExternally")) != SW_JS_FALSY)
        return;
    int now = c->opts->as_of;
    const char *when =
        now < 20270201 ? "AWS stops accepting new functions on those runtimes on 2027-02-01 "
                         "(deploying a new stage or stack then fails) and updates on 2027-03-03"
        : now < 20270303 ? "AWS no longer accepts new functions on those runtimes (since "
                           "2027-02-01), so deploying a new stage or stack fails, and stops "
                           "accepting updates on 2027-03-03"
                         : "AWS no longer accepts new or updated functions on those runtimes "
                           "(since 2027-02-01 and 2027-03-03), so deploys that create or "
                           "update it fail";
    sw_diag *d = sw_report(
        c, w.at.key, now >= 20270201 ? SW_SEV_WARNING : 0,
        "on Serverless v3, logs.websocket makes SF deploy a custom-resource Lambda that sets "
        "the account's API Gateway CloudWatch role, on nodejs16.x (3.38) or nodejs18.x "
        "(3.40); %s; set logs.restApi.roleManagedExternally: true and manage the role "
        "yourself, or move to Serverless v4",
        when);
    merged(c, d, &w.at);
}

const sw_rule sw_ws054 = {
    .code = "WS054",
    .name = "v3-logs-role-custom-resource",
    .summary = "SF v3 websocket logs deploy a custom-resource Lambda on a retiring runtime",
    .severity = SW_SEV_INFO,
    .flags = 0,
    .check = check_ws054,
};
