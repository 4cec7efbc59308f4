/*
 * Short explanations of the keys slsws knows, shown on hover. Paths are
 * dotted; `*` matches any key (a function name), `[]` a list item. Our own
 * words, from RULES.md's facts.
 */
#include "keydocs.h"

#include <string.h>

static const struct { const char *path, *doc; } docs[] = {
    {"service", "**service**: the service name; stacks are named `<service>-<stage>`. "
                "Serverless v3 refuses the object form `{name: x}`."},
    {"frameworkVersion", "**frameworkVersion**: the Serverless versions this file accepts "
                         "(an npm semver range). slsws reads it to decide version-dependent "
                         "checks."},
    {"configValidationMode", "**configValidationMode**: `warn` (default), `error` or `off`. "
                             "With `error`, Serverless stops on schema problems instead of "
                             "dropping malformed events and deploying."},
    {"provider.runtime", "**provider.runtime**: the Lambda runtime every function inherits "
                         "unless it sets its own. slsws judges it against AWS's dated "
                         "deprecation table (WS070)."},
    {"provider.websocketsApiName", "**websocketsApiName**: the name of the WebSocket API. "
                                   "Default: `<stage>-<service>-websockets`."},
    {"provider.websocketsApiRouteSelectionExpression",
     "**websocketsApiRouteSelectionExpression**: how API Gateway picks a route for an "
     "incoming message, usually `$request.body.action`. A message whose value matches no "
     "route goes to `$default`."},
    {"provider.websocketsDescription", "**websocketsDescription**: the description of the "
                                       "WebSocket API (and of its deployments)."},
    {"provider.apiGateway.websocketApiId",
     "**apiGateway.websocketApiId**: attach the routes to an existing WebSocket API instead "
     "of creating one. Serverless then creates no API, no stage and no IAM statement, and "
     "ignores the `websocketsApi*` keys and `logs.websocket`."},
    {"provider.websocket", "**provider.websocket**: `useProviderTags: true` tags the "
                           "WebSocket API with `provider.tags` (Serverless 3.17+)."},
    {"provider.websocket.useProviderTags", "**useProviderTags**: tag the WebSocket API with "
                                           "`provider.tags` (only the API, not its stage)."},
    {"provider.logs.websocket", "**logs.websocket**: `true` or an object that turns on "
                                "access and execution logging for the WebSocket stage, to "
                                "`/aws/websocket/<service>-<stage>`. Needs an account-level "
                                "CloudWatch role."},
    {"provider.logs.websocket.level", "**level**: `INFO` (default) or `ERROR`; nothing else "
                                      "is accepted (WS050)."},
    {"provider.logs.websocket.format", "**format**: the access-log format; only the "
                                       "WebSocket `$context` variables are allowed, 3 KB at "
                                       "most."},
    {"provider.logs.websocket.accessLogging", "**accessLogging**: write access logs "
                                              "(default `true`)."},
    {"provider.logs.websocket.executionLogging", "**executionLogging**: write execution "
                                                 "logs (default `true`); `false` sets the "
                                                 "level to OFF."},
    {"provider.logs.websocket.fullExecutionData",
     "**fullExecutionData**: log full message bodies (default `true`): tokens and personal "
     "data reach CloudWatch. Set `false` unless you need it."},
    {"functions.*.handler", "**handler**: `path/file.export`: the file (by the runtime's "
                            "extensions) and the exported function Lambda calls."},
    {"functions.*.runtime", "**runtime**: this function's Lambda runtime (overrides "
                            "`provider.runtime`)."},
    {"functions.*.events.[].websocket",
     "**websocket**: a route of the WebSocket API handled by this function: a route key "
     "string (`$connect`, `$disconnect`, `$default` or a custom key), or an object "
     "`{route, routeResponseSelectionExpression, authorizer}`."},
    {"functions.*.events.[].websocket.route",
     "**route**: the route key. `$connect`, `$disconnect` and `$default` are predefined; "
     "a custom key is matched against the route selection expression's value and must not "
     "start with `$`."},
    {"functions.*.events.[].websocket.routeResponseSelectionExpression",
     "**routeResponseSelectionExpression**: enables a two-way route (the handler's return "
     "value is sent back to the client). Only `$default` is supported."},
    {"functions.*.events.[].websocket.authorizer",
     "**authorizer**: a Lambda REQUEST authorizer, allowed on the `$connect` route only: "
     "a function name, an ARN, or `{name, arn, identitySource}`. The default identity source "
     "is the header `Auth`."},
    {"functions.*.events.[].websocket.authorizer.name",
     "**name**: the authorizer function in this service (or, with `arn`, the authorizer's "
     "name)."},
    {"functions.*.events.[].websocket.authorizer.arn",
     "**arn**: the authorizer Lambda's ARN (a string or an intrinsic; with an intrinsic, "
     "`name` is required)."},
    {"functions.*.events.[].websocket.authorizer.identitySource",
     "**identitySource**: where the token comes from, as a list: "
     "`route.request.header.X`, `route.request.querystring.X`, `stageVariables.X` or "
     "`context.X`. Every listed source must be present, or API Gateway answers 401 without "
     "calling the authorizer. Browsers cannot set headers: use a query string."},
};

static bool match(const char *pattern, const char *const *segs, unsigned n)
{
    unsigned i = 0;
    const char *p = pattern;
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (i >= n)
            return false;
        if (!(len == 1 && *p == '*') && (strlen(segs[i]) != len || strncmp(p, segs[i], len) != 0))
            return false;
        i++;
        p += len;
        if (*p == '.')
            p++;
    }
    return i == n;
}

const char *sw_key_doc(const char *const *segs, unsigned n)
{
    /* `functions` given as a list of maps: functions.[].name... */
    const char *norm[32];
    unsigned m = 0;
    for (unsigned i = 0; i < n && m < 32; i++) {
        if (i == 1 && strcmp(segs[0], "functions") == 0 && strcmp(segs[1], "[]") == 0)
            continue;
        norm[m++] = segs[i];
    }
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        if (match(docs[i].path, norm, m))
            return docs[i].doc;
    return NULL;
}
