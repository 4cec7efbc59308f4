/*
 * WS080: a websocket function whose timeout exceeds API Gateway's 29-second
 * integration timeout (RULES.md F11, F27). The effective timeout is the
 * function's own `timeout`, else `provider.timeout`; Serverless's default (6
 * seconds) is within the limit. Past 29 seconds API Gateway stops waiting
 * for the integration while the Lambda function keeps running; that is
 * harmless for work that answers through @connections, but a `$connect`
 * handler that runs that long fails the handshake, hence a warning there and
 * info elsewhere. Serverless warns about long timeouts for `http` events
 * only. The fix is a design choice (answer asynchronously, or shorten the
 * work), so no edit is offered.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#define WS_TIMEOUT 29 /* seconds: API Gateway's maximum integration timeout */

/* The number of seconds n holds (Serverless's schema coerces numeric
   strings); false when n is absent, unknown or not a number. */
static bool seconds_of(sw_ctx *c, const y_node *n, double *out)
{
    n = y_deref(n);
    if (!n || n->kind != Y_SCALAR || y_is_unknown(n))
        return false;
    y_type t = y_scalar_type(n);
    const char *s;
    if (t == Y_T_INT || t == Y_T_FLOAT)
        s = y_js_number(c->a, n);
    else if (t == Y_T_STR)
        s = n->str;
    else
        return false;
    if (!s || !*s)
        return false;
    char *end;
    double v = strtod(s, &end);
    if (*end || v != v || v - v != 0)
        return false; /* not a number, or infinite */
    *out = v;
    return true;
}

static const char *secs(sw_ctx *c, double v)
{
    return sw_printf(c->a, "%g", v);
}

static bool handles_connect(const sw_function *fn)
{
    for (uint32_t i = 0; i < fn->nws; i++)
        if (fn->ws[i]->route_str && strcmp(fn->ws[i]->route_str, "$connect") == 0)
            return true;
    return false;
}

/* Every route of fn is $disconnect: nobody waits for that integration's
   answer, so its timeout does not matter to API Gateway. */
static bool only_disconnect(const sw_function *fn)
{
    for (uint32_t i = 0; i < fn->nws; i++)
        if (!fn->ws[i]->route_str || strcmp(fn->ws[i]->route_str, "$disconnect") != 0)
            return false;
    return true;
}

/* The first known route of fn, for the message. */
static const char *first_route(const sw_function *fn)
{
    for (uint32_t i = 0; i < fn->nws; i++)
        if (fn->ws[i]->route_str)
            return fn->ws[i]->route_str;
    return NULL;
}

static const char *const ASYNC_ADVICE =
    "if the work takes that long, reply through the @connections API or hand it to an "
    "asynchronous invocation; otherwise lower the timeout to 29 or less";

static void check_ws080(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    const y_node *pkey = NULL;
    const y_node *pt = svc->provider ? y_get_pair(svc->provider, "timeout", &pkey) : NULL;
    double pv = 0;
    bool pover = seconds_of(c, pt, &pv) && pv > WS_TIMEOUT;

    /* functions inheriting an over-long provider timeout, reported once there */
    const sw_function *heirs[3];
    uint32_t nheirs = 0;
    bool heir_connect = false;

    const y_node *memo_node = NULL;
    bool memo_ok = false;
    double memo_v = 0;
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *fn = &svc->fns[i];
        if (!fn->nws || !fn->node || only_disconnect(fn))
            continue;
        const y_node *fkey = fn->timeout_key;
        const y_node *ft = fn->timeout;
        if (!ft) {
            if (pover) {
                if (nheirs < 3)
                    heirs[nheirs] = fn;
                nheirs++;
                heir_connect |= handles_connect(fn);
            }
            continue;
        }
        /* functions often share one timeout (a merged defaults mapping): it is
           read once, not once per function (y_js_number allocates) */
        if (y_deref(ft) != memo_node) {
            memo_node = y_deref(ft);
            memo_ok = seconds_of(c, ft, &memo_v);
        }
        double v = memo_v;
        if (!memo_ok || v <= WS_TIMEOUT)
            continue;
        const y_node *at = y_deref(ft);
        sw_diag *d;
        if (handles_connect(fn)) {
            d = sw_report(c, at, SW_SEV_WARNING,
                          "function '%s' handles $connect with a timeout of %s s, but API "
                          "Gateway waits at most 29 s for an integration: a $connect handler "
                          "that runs longer fails the handshake and the client never "
                          "connects; keep $connect short and set its timeout to 29 or less",
                          fn->name, secs(c, v));
        } else {
            const char *r = first_route(fn);
            d = sw_report(c, at, 0,
                          "function '%s' has a timeout of %s s, but API Gateway waits at most "
                          "29 s for a websocket integration%s: after that it gives up on the "
                          "call while the function keeps running; %s",
                          fn->name, secs(c, v),
                          r ? sw_printf(c->a, " (route '%s')", r) : "", ASYNC_ADVICE);
        }
        sw_note_merge(c, d, fn->node, fkey, sw_printf(c->a, "function '%s'", fn->name));
    }
    if (!nheirs)
        return;
    const char *who;
    if (nheirs == 1)
        who = sw_printf(c->a, "function '%s'", heirs[0]->name);
    else if (nheirs == 2)
        who = sw_printf(c->a, "functions '%s' and '%s'", heirs[0]->name, heirs[1]->name);
    else if (nheirs == 3)
        who = sw_printf(c->a, "functions '%s', '%s' and '%s'", heirs[0]->name, heirs[1]->name,
                        heirs[2]->name);
    else
        who = sw_printf(c->a, "functions '%s', '%s' and %u more", heirs[0]->name,
                        heirs[1]->name, nheirs - 2);
    sw_diag *d;
    if (heir_connect)
        d = sw_report(c, y_deref(pt), SW_SEV_WARNING,
                      "provider timeout %s s applies to websocket %s, including a $connect "
                      "handler, but API Gateway waits at most 29 s for an integration: a "
                      "$connect handler that runs longer fails the handshake; give the "
                      "websocket functions 'timeout: 29' or less",
                      secs(c, pv), who);
    else
        d = sw_report(c, y_deref(pt), 0,
                      "provider timeout %s s applies to websocket %s, but API Gateway waits "
                      "at most 29 s for a websocket integration: after that it gives up on the "
                      "call while the function keeps running; %s",
                      secs(c, pv), who, ASYNC_ADVICE);
    sw_note_merge(c, d, svc->provider, pkey, "provider");
}

const sw_rule sw_ws080 = {
    .code = "WS080",
    .name = "websocket-timeout",
    .summary = "websocket function timeout over API Gateway's 29-second integration limit",
    .severity = SW_SEV_INFO,
    .check = check_ws080,
};
