/*
 * Websocket stage logging, `provider.logs.websocket` (a boolean or a mapping
 * of level, format, accessLogging, executionLogging and fullExecutionData;
 * RULES.md F10). WS050 checks the execution log level: SF accepts only INFO
 * and ERROR, and its stage compiler throws on anything else unless it skips
 * the level (execution logging off, an external API, no websocket event).
 * WS051 flags keys SF does not know there: SF warns "unrecognized property"
 * and ignores them, which matters most for `role` (the account's CloudWatch
 * role lives under `logs.restApi`) and `dataTrace` (API Gateway's own name
 * for `fullExecutionData`).
 */
#include "common.h"

#include <string.h>
#include <strings.h>

/* provider.logs.websocket when it is a mapping, else NULL. */
static const y_node *ws_logs(const sw_service *svc)
{
    if (!svc->provider)
        return NULL;
    const y_node *w = y_deref(y_get(y_get(svc->provider, "logs"), "websocket"));
    return w && w->kind == Y_MAP && !y_is_intrinsic(w) ? w : NULL;
}

/* ---- WS050 websocket-log-level ---------------------------------------- */

/* The level a mistaken value most likely meant; NULL when unclear. */
static const char *meant_level(const char *v)
{
    static const char *const verbose[] = {"DEBUG", "TRACE", "VERBOSE", "ALL", NULL};
    static const char *const quiet[] = {"WARN", "WARNING", "FATAL", "CRITICAL", NULL};
    if (strcasecmp(v, "INFO") == 0)
        return "INFO";
    if (strcasecmp(v, "ERROR") == 0)
        return "ERROR";
    for (int i = 0; verbose[i]; i++)
        if (strcasecmp(v, verbose[i]) == 0)
            return "INFO";
    for (int i = 0; quiet[i]; i++)
        if (strcasecmp(v, quiet[i]) == 0)
            return "ERROR";
    return NULL;
}

static void check_ws050(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    const y_node *w = ws_logs(svc);
    if (!w)
        return;
    const y_node *lv = y_deref(y_get(w, "level"));
    if (!lv || lv->kind != Y_SCALAR || y_is_unknown(lv))
        return;
    y_type t = y_scalar_type(lv);
    const char *v;
    if (t == Y_T_STR)
        v = lv->len ? lv->str : NULL;
    else if (t == Y_T_INT || t == Y_T_FLOAT)
        v = y_js_number(c->a, lv);
    else if (t == Y_T_BOOL)
        v = lv->str[0] == 't' || lv->str[0] == 'T' ? "true" : NULL;
    else
        v = NULL; /* null, false: SF falls back to INFO */
    if (!v || (t == Y_T_STR && (strcmp(v, "INFO") == 0 || strcmp(v, "ERROR") == 0)))
        return;
    if ((t == Y_T_INT || t == Y_T_FLOAT) && (strcmp(v, "0") == 0 || strcmp(v, "NaN") == 0))
        return; /* falsy: SF falls back to INFO as for null */

    /* SF's stage compiler throws only when it compiles the stage with
       execution logging on; otherwise the schema warning is all. */
    const y_node *ex = y_deref(y_get(w, "executionLogging"));
    bool exec_maybe = ex && ex->kind == Y_SCALAR && y_is_unknown(ex), exec_off = sw_is_false(ex);
    const y_node *api = y_get(y_get(svc->provider, "apiGateway"), "websocketApiId");
    bool external = sw_filled(api); /* false counts, unlike sw_external_api */
    const char *meant = t == Y_T_STR ? meant_level(v) : NULL;
    bool case_only = meant && strcasecmp(v, meant) == 0;
    const char *use = case_only ? sw_printf(c->a, "write '%s' in upper case", meant)
                      : meant   ? sw_printf(c->a, "use '%s'", meant)
                      : strcasecmp(v, "OFF") == 0
                          ? "use 'ERROR', or set executionLogging: false to turn execution logs off"
                          : "use 'INFO' or 'ERROR'";
    if (exec_off)
        use = strcasecmp(v, "OFF") == 0 ? "remove it"
                                        : sw_printf(c->a, "remove it, or %s", use);
    sw_diag *d;
    if (exec_off || exec_maybe || external || !sw_may_have_ws(svc)) {
        const char *why = external ? sw_printf(c->a, "ignores logs.websocket because "
                                               "provider.apiGateway.websocketApiId %s set",
                                               y_is_unknown(api) ? "may be" : "is")
                          : exec_off ? "ignores the level because executionLogging is false"
                          : exec_maybe ? "fails at compile time unless executionLogging "
                                         "resolves to false"
                                       : "compiles no stage because the service has no "
                                         "websocket events";
        d = sw_report(c, lv, SW_SEV_WARNING,
                      "invalid websocket log level '%s': SF accepts only INFO or "
                      "ERROR; it warns and %s; %s",
                      v, why, use);
    } else {
        d = sw_report(c, lv, 0,
                      "invalid websocket log level '%s': SF accepts only INFO or "
                      "ERROR and fails at compile time with \"provider.logs.websocket.level is "
                      "set to an invalid value. Support values are INFO, ERROR\"; %s",
                      v, use);
    }
    if (!meant)
        return;
    sw_fix *f = sw_fix_new(c, d, case_only, "set the level to '%s'", meant);
    if (!sw_fix_scalar(c, f, lv, meant))
        d->fix = NULL;
}

const sw_rule sw_ws050 = {
    .code = "WS050",
    .name = "websocket-log-level",
    .summary = "provider.logs.websocket.level is neither INFO nor ERROR",
    .severity = SW_SEV_ERROR,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws050,
};

/* ---- WS051 websocket-logs-unknown-key --------------------------------- */

static const char *const known_keys[] = {
    "level", "format", "accessLogging", "executionLogging", "fullExecutionData", NULL,
};

static bool has_http_events(const sw_service *svc)
{
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const y_node *ev = y_deref(y_get(svc->fns[i].node, "events"));
        if (!ev || ev->kind != Y_SEQ)
            continue;
        for (uint32_t j = 0; j < ev->len; j++)
            if (y_get(ev->u.seq.items[j], "http"))
                return true;
    }
    return false;
}

/* A key merged in from elsewhere is reported where it is written; the
   merge that brought it goes along as related information. */
static void merged(sw_ctx *c, sw_diag *d, const y_epair *p)
{
    if (p->via)
        sw_add_related(c, d, p->via, "merged into provider.logs.websocket here");
}

static void judge_logs_key(sw_ctx *c, const y_node *w, const y_epair *p)
{
    const y_node *key = y_deref(p->key);
    if (!key || key->kind != Y_SCALAR || !key->len)
        return;
    const char *k = key->str;
    for (int i = 0; known_keys[i]; i++)
        if (strcmp(k, known_keys[i]) == 0)
            return;
    sw_severity sev = sw_schema_sev(c);
    sw_diag *d;
    if (strcmp(k, "role") == 0 || strcmp(k, "roleManagedExternally") == 0) {
        const char *where = strcmp(k, "role") == 0
            ? "the account's CloudWatch role is set by provider.logs.restApi.role (or "
              "skipped with logs.restApi.roleManagedExternally: true)"
            : "the account's CloudWatch role is skipped with "
              "provider.logs.restApi.roleManagedExternally: true (and set by "
              "logs.restApi.role otherwise)";
        const char *http = y_get(y_get(c->svc->provider, "logs"), "restApi") ? ""
            : has_http_events(c->svc)
            ? "; creating logs.restApi turns on REST API logging for this service's http "
              "events, so add accessLogging: false and executionLogging: false there"
            : "; note that logs.restApi also turns on REST API logging for http events, "
              "should the service add any";
        d = sw_report(c, key, sev,
                      "unknown key '%s' under logs.websocket: SF ignores it; %s%s", k, where,
                      http);
        merged(c, d, p);
        return;
    }
    if (strcmp(k, "dataTrace") == 0 || strcmp(k, "dataTraceEnabled") == 0) {
        const y_node *have = y_get(w, "fullExecutionData");
        d = sw_report(c, key, sev,
                      "unknown key '%s' under logs.websocket (API Gateway's name for full data "
                      "logging): SF ignores it and logs full message data by default; %s",
                      k, have ? "remove it: fullExecutionData is already set"
                           : "rename it to 'fullExecutionData'");
        merged(c, d, p);
        if (have || p->via)
            return;
        sw_fix *f = sw_fix_new(c, d, true, "rename '%s' to 'fullExecutionData'", k);
        if (!sw_fix_scalar(c, f, key, "fullExecutionData"))
            d->fix = NULL;
        return;
    }
    if (strcasecmp(k, "retentionInDays") == 0 || strcasecmp(k, "logRetentionInDays") == 0) {
        d = sw_report(c, key, sev,
                      "unknown key '%s' under logs.websocket: SF ignores it; the websocket "
                      "log group takes its retention from provider.logRetentionInDays",
                      k);
        merged(c, d, p);
        return;
    }
    const char *near = sw_nearest(k, known_keys, 2);
    if (!near) {
        d = sw_report(c, key, sev,
                      "unknown key '%s' under logs.websocket: SF ignores it; the known keys "
                      "are level, format, accessLogging, executionLogging and "
                      "fullExecutionData",
                      k);
        merged(c, d, p);
        return;
    }
    const y_node *have = y_get(w, near);
    d = sw_report(c, key, sev, "unknown key '%s' under logs.websocket: SF ignores it; %s", k,
                  have ? sw_printf(c->a, "did you mean '%s'? (it is already set)", near)
                       : sw_printf(c->a, "did you mean '%s'?", near));
    merged(c, d, p);
    if (have || p->via)
        return;
    sw_fix *f = sw_fix_new(c, d, false, "rename '%s' to '%s'", k, near);
    if (!sw_fix_scalar(c, f, key, near))
        d->fix = NULL;
}

static void check_ws051(sw_ctx *c)
{
    const y_node *w = ws_logs(c->svc);
    if (!w)
        return;
    y_epair *ps;
    uint32_t n = y_pairs(c->a, w, &ps);
    for (uint32_t i = 0; i < n; i++)
        judge_logs_key(c, w, &ps[i]);
}

const sw_rule sw_ws051 = {
    .code = "WS051",
    .name = "websocket-logs-unknown-key",
    .summary = "unknown key under provider.logs.websocket, which SF ignores",
    .severity = SW_SEV_WARNING,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws051,
};
