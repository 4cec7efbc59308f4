/*
 * The WebSocket API as a whole: which routes it has, how many, and how
 * messages are routed. WS014: custom routes but no `$default`, so a message
 * that matches no route (or is not JSON) gets an error instead of a handler
 * (RULES.md F18). WS015: `$connect` without `$disconnect` or the reverse
 * (F25, F26). WS016: more routes, integrations or authorizers than API
 * Gateway's default quotas, or more CloudFormation resources than one stack
 * holds (F27). WS020: a route selection expression that does not read the
 * message body (F7, F19). When `provider.apiGateway.websocketApiId` points
 * at an API another stack owns (C3), WS014 and WS015 stay silent (that
 * stack may define the routes) and WS016 counts only this stack's share.
 */
#include "common.h"

#include "../strmap.h"

#include <string.h>

/* ---- shared ------------------------------------------------------------- */

/* C3: the API may belong to another stack. Unlike sw_external_api (SF's
   JavaScript truthiness), any websocketApiId but null or '' counts here,
   false and 0 included, and so do unreadable provider or apiGateway
   settings. */
static bool external_api(const sw_service *svc)
{
    if (!svc->root)
        return false;
    const y_node *prov = y_deref(y_get(svc->root, "provider"));
    if (prov && prov->kind != Y_MAP)
        return y_is_unknown(prov);
    const y_node *ag = y_deref(y_get(prov, "apiGateway"));
    if (ag && ag->kind != Y_MAP)
        return y_is_unknown(ag);
    return sw_filled(y_get(ag, "websocketApiId"));
}

enum { R_CONNECT = 1, R_DISCONNECT = 2, R_DEFAULT = 4 };

/* What the service's routes are: the predefined ones present, the first
   custom route, and whether some route is unknown (a variable). Routes
   that `resources` adds with AWS::ApiGatewayV2::Route count as well. */
typedef struct routeset {
    unsigned have;
    const sw_wsevent *connect, *disconnect;
    const sw_wsevent *custom;   /* the first custom route */
    uint32_t ncustom;
    bool unknown;
} routeset;

static unsigned predefined_bit(const char *r)
{
    return strcmp(r, "$connect") == 0 ? R_CONNECT
           : strcmp(r, "$disconnect") == 0 ? R_DISCONNECT
           : strcmp(r, "$default") == 0 ? R_DEFAULT
                                        : 0;
}

static void resource_routes(sw_ctx *c, routeset *rs)
{
    const y_node *res = y_deref(y_get(y_get(c->svc->root, "resources"), "Resources"));
    if (!res || res->kind != Y_MAP)
        return;
    y_epair *ps;
    uint32_t n = y_pairs(c->a, res, &ps);
    for (uint32_t i = 0; i < n; i++) {
        const y_node *r = ps[i].val;
        if (!y_str_is(y_get(r, "Type"), "AWS::ApiGatewayV2::Route"))
            continue;
        const y_node *k = y_deref(y_get(y_get(r, "Properties"), "RouteKey"));
        const char *key = y_known_str(k);
        if (key)
            rs->have |= predefined_bit(key);
        else if (k)
            rs->unknown = true;
    }
}

static void collect_routes(sw_ctx *c, routeset *rs)
{
    memset(rs, 0, sizeof *rs);
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        const char *r = e->route_str;
        if (!r) {
            if (e->route && y_is_unknown(e->route))
                rs->unknown = true;
            continue;
        }
        unsigned bit = predefined_bit(r);
        rs->have |= bit;
        if (bit == R_CONNECT && !rs->connect)
            rs->connect = e;
        else if (bit == R_DISCONNECT && !rs->disconnect)
            rs->disconnect = e;
        else if (!bit) {
            if (!rs->custom)
                rs->custom = e;
            rs->ncustom++;
        }
    }
    resource_routes(c, rs);
}

/* Whole-service route rules judge absences: they need the whole file, all
   of `functions`, and an API this stack owns. */
static bool whole_service(const sw_ctx *c)
{
    return c->svc->root && !c->doc->truncated && !c->svc->functions_partial &&
           !external_api(c->svc);
}

/* ---- WS014 no-default-route --------------------------------------------- */

static void check_ws014(sw_ctx *c)
{
    if (!whole_service(c))
        return;
    routeset rs;
    collect_routes(c, &rs);
    if (!rs.custom || (rs.have & R_DEFAULT) || rs.unknown)
        return;
    const char *which =
        rs.ncustom == 1 ? sw_printf(c->a, "custom route '%s'", rs.custom->route_str)
        : rs.ncustom == 2 ? sw_printf(c->a, "custom routes '%s' and one more",
                                      rs.custom->route_str)
                          : sw_printf(c->a, "custom routes '%s' and %u more",
                                      rs.custom->route_str, rs.ncustom - 1);
    sw_report(c, rs.custom->route, 0,
              "the API has %s but no $default route: API Gateway answers a message whose "
              "route selection value matches no route, and any message that is not JSON, "
              "with an error ({\"message\": \"Forbidden\"}) and calls no function; add a "
              "function with '- websocket: $default' to handle them",
              which);
}

const sw_rule sw_ws014 = {
    .code = "WS014",
    .name = "no-default-route",
    .summary = "custom websocket routes without a $default route",
    .severity = SW_SEV_INFO,
    .check = check_ws014,
};

/* ---- WS015 connect-disconnect-pair -------------------------------------- */

static void check_ws015(sw_ctx *c)
{
    if (!whole_service(c))
        return;
    routeset rs;
    collect_routes(c, &rs);
    if (rs.unknown)
        return;
    bool con = rs.have & R_CONNECT, dis = rs.have & R_DISCONNECT;
    if (con && !dis && rs.connect) {
        sw_report(c, rs.connect->route, 0,
                  "route $connect (function '%s') has no $disconnect route: nothing runs when "
                  "a connection closes, so any connection ID saved on connect stays stored "
                  "until posting to it fails with 410 GoneException; add a function with "
                  "'- websocket: $disconnect' (and keep deleting IDs on 410: $disconnect is "
                  "best-effort)",
                  rs.connect->fn->name);
    } else if (dis && !con && rs.disconnect) {
        sw_report(c, rs.disconnect->route, 0,
                  "route $disconnect (function '%s') has no $connect route: API Gateway "
                  "accepts every connection without calling a function or an authorizer, so "
                  "nothing records or checks a connection when it opens; add a function with "
                  "'- websocket: $connect' if connections must be registered or authorized",
                  rs.disconnect->fn->name);
    }
}

const sw_rule sw_ws015 = {
    .code = "WS015",
    .name = "connect-disconnect-pair",
    .summary = "$connect without $disconnect, or $disconnect without $connect",
    .severity = SW_SEV_INFO,
    .check = check_ws015,
};

/* ---- WS016 api-quotas ---------------------------------------------------- */

#define MAX_ROUTES 300
#define MAX_INTEGRATIONS 300
#define MAX_AUTHORIZERS 10
#define MAX_STACK_RESOURCES 500

/* The name Serverless gives an authorizer (its resource is keyed by it):
   the function name, the last segment of a string ARN, or `name`. NULL
   when unknown. */
static const char *authorizer_name(const y_node *a)
{
    a = y_deref(a);
    if (!a || y_is_intrinsic(a))
        return NULL;
    const char *s;
    if (a->kind == Y_MAP) {
        const char *arn = y_known_str(y_get(a, "arn"));
        if (arn && strchr(arn, ':'))
            return strrchr(arn, ':') + 1;
        return y_known_str(y_get(a, "name"));
    }
    s = y_known_str(a);
    if (s && strchr(s, ':'))
        return strrchr(s, ':') + 1;
    return s;
}

static bool versions_off(const y_node *n)
{
    n = y_deref(n);
    return n && n->kind == Y_SCALAR && y_scalar_type(n) == Y_T_BOOL &&
           (n->str[0] == 'f' || n->str[0] == 'F');
}

static void check_ws016(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root || svc->nws == 0)
        return;
    bool ext = external_api(svc);
    const char *raise = ext ? "the quota is per API, and other stacks add to the same API; "
                              "request an increase through Service Quotas or split the API"
                            : "request an increase through Service Quotas or split the API";

    /* routes: distinct known keys (a lower bound) */
    sw_strmap seen = {0};
    uint32_t nroutes = 0;
    const sw_wsevent *over_route = NULL;
    for (uint32_t i = 0; i < svc->nws; i++) {
        const sw_wsevent *e = svc->ws[i];
        if (!e->route_str || sw_strmap_get(&seen, e->route_str))
            continue;
        sw_strmap_put(&seen, e->route_str, (void *)e);
        if (++nroutes == MAX_ROUTES + 1)
            over_route = e;
    }
    sw_strmap_free(&seen);
    if (over_route)
        sw_report(c, over_route->route, 0,
                  "%s declares %u websocket routes, more than API Gateway's default quota of "
                  "%d routes per WebSocket API: the deploy fails unless the quota was raised; "
                  "%s",
                  ext ? "this stack alone" : "the service", nroutes, MAX_ROUTES, raise);

    /* integrations: one per function with a websocket event */
    uint32_t nint = 0;
    const sw_function *over_fn = NULL;
    for (uint32_t i = 0; i < svc->nfns; i++)
        if (svc->fns[i].nws && ++nint == MAX_INTEGRATIONS + 1)
            over_fn = &svc->fns[i];
    if (over_fn)
        sw_report(c, over_fn->key, 0,
                  "%s has %u functions with websocket events, and Serverless creates one "
                  "integration for each: more than API Gateway's default quota of %d "
                  "integrations per WebSocket API, so the deploy fails unless the quota was "
                  "raised; %s",
                  ext ? "this stack alone" : "the service", nint, MAX_INTEGRATIONS, raise);

    /* authorizers: distinct names */
    sw_strmap auth = {0};
    uint32_t nauth = 0;
    const sw_wsevent *over_auth = NULL;
    for (uint32_t i = 0; i < svc->nws; i++) {
        const sw_wsevent *e = svc->ws[i];
        const char *name = authorizer_name(e->authorizer);
        if (!name || !*name || sw_strmap_get(&auth, name))
            continue;
        sw_strmap_put(&auth, name, (void *)e);
        if (++nauth == MAX_AUTHORIZERS + 1)
            over_auth = e;
    }
    sw_strmap_free(&auth);
    if (over_auth)
        sw_report(c, over_auth->authorizer, 0,
                  "%s uses %u different websocket authorizers, more than API Gateway's "
                  "default quota of %d Lambda authorizers per API: the deploy fails unless "
                  "the quota was raised; share one authorizer (API Gateway authorizes only "
                  "$connect anyway), or %s",
                  ext ? "this stack alone" : "the service", nauth, MAX_AUTHORIZERS, raise);

    /* CloudFormation resources, counted low: per websocket function its
       Lambda function, log group, version, integration and permission plus
       one route per key; per other function the first three; per authorizer
       the authorizer and its permission; the role, the deployment bucket and
       its policy, the API, stage and deployment; and `resources`. */
    bool nover = versions_off(y_get(svc->provider, "versionFunctions"));
    uint32_t per_fn = nover ? 2 : 3, est = 0, wsfns = 0;
    for (uint32_t i = 0; i < svc->nfns; i++) {
        est += per_fn;
        if (svc->fns[i].nws) {
            wsfns++;
            est += 2;
        }
    }
    est += nroutes + 2 * nauth + 4 + (ext ? 0 : 2);
    const y_node *res = y_deref(y_get(y_get(svc->root, "resources"), "Resources"));
    if (res && res->kind == Y_MAP) {
        y_epair *ps;
        est += y_pairs(c->a, res, &ps);
    }
    if (est > MAX_STACK_RESOURCES) {
        const y_node *fkey;
        y_get_pair(svc->root, "functions", &fkey);
        sw_report(c, fkey ? fkey : svc->fns[0].key, 0,
                  "this stack needs about %u CloudFormation resources (%u websocket "
                  "functions take about %u each), more than the %d a stack may hold: the "
                  "deploy fails with \"Number of resources, %u, is greater than maximum "
                  "allowed, %d\"; serve several routes from one function, or split the service "
                  "into several stacks",
                  est, wsfns, per_fn + 3, MAX_STACK_RESOURCES, est, MAX_STACK_RESOURCES);
    }
}

const sw_rule sw_ws016 = {
    .code = "WS016",
    .name = "api-quotas",
    .summary = "websocket routes, integrations, authorizers or stack resources over AWS limits",
    .severity = SW_SEV_WARNING,
    .check = check_ws016,
};

/* ---- WS020 route-selection-expression ------------------------------------ */

static void check_ws020(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->provider || !sw_may_have_ws(svc) || external_api(svc))
        return;
    const y_node *key;
    const y_node *v = y_deref(y_get_pair(svc->provider, "websocketsApiRouteSelectionExpression",
                                         &key));
    if (!v || v->kind != Y_SCALAR || y_is_unknown(v) || y_scalar_type(v) != Y_T_STR ||
        !v->len)
        return;
    const char *s = v->str;
    if (strstr(s, "$request.body.") || strstr(s, "${request.body.") ||
        strcmp(s, "\\$default") == 0)
        return;
    sw_diag *d;
    if (strncmp(s, "request.body.", 13) == 0) {
        d = sw_report(c, v, SW_SEV_WARNING,
                      "route selection expression '%s' lacks the '$': API Gateway reads it "
                      "as a static value, so every message goes to the route '%s' (or "
                      "$default) whatever its content; write '$%s'",
                      s, s, s);
        sw_fix *f = sw_fix_new(c, d, true, "write '$%s'", s);
        if (!sw_own_key(key, svc->provider) ||
            !sw_fix_scalar(c, f, v, sw_printf(c->a, "$%s", s)))
            d->fix = NULL;
    } else if (strstr(s, "$request.header.") || strstr(s, "${request.header.") ||
               strstr(s, "$request.querystring.") || strstr(s, "${request.querystring.")) {
        d = sw_report(c, v, SW_SEV_WARNING,
                      "route selection expression '%s' does not read the message: a WebSocket "
                      "message has no headers or query string of its own (those belong to the "
                      "connect request), and API Gateway expects the form "
                      "$request.body.<path>; use a field of the message such as "
                      "'$request.body.action'",
                      s);
    } else if (strstr(s, "$context.") || strstr(s, "${context.")) {
        d = sw_report(c, v, SW_SEV_WARNING,
                      "route selection expression '%s' does not read the message: a context "
                      "variable does not come from the message content, and API Gateway expects "
                      "the form $request.body.<path>; use a field of the message such as "
                      "'$request.body.action'",
                      s);
    } else if (!strchr(s, '$')) {
        d = sw_report(c, v, SW_SEV_INFO,
                      "route selection expression '%s' is a static value: every message goes "
                      "to the route '%s' (or $default) whatever its content; to route by "
                      "message, use '$request.body.<field>' such as '$request.body.action'",
                      s, s);
    } else {
        d = sw_report(c, v, SW_SEV_INFO,
                      "route selection expression '%s' does not read a field of the message "
                      "body: API Gateway routes WebSocket messages by the value of "
                      "$request.body.<path>; use '$request.body.<field>' such as "
                      "'$request.body.action'",
                      s);
    }
    sw_note_merge(c, d, svc->provider, key, "provider");
}

const sw_rule sw_ws020 = {
    .code = "WS020",
    .name = "route-selection-expression",
    .summary = "websocketsApiRouteSelectionExpression that does not read $request.body",
    .severity = SW_SEV_WARNING,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws020,
};
