/*
 * The route map of a service: what Serverless would deploy as its WebSocket
 * API, read from an analysis (variables resolved, handler files read) for
 * `slsws routes`. The API's name and route selection expression (RULES.md
 * F7) or the external API its routes go to (F9); per route its function,
 * handler file and export (as WS085/WS086 judge them) and authorizer with
 * identity source (F5, as Serverless's validate.js reads them). Routes are
 * ordered $connect, $disconnect, $default, then the others sorted. A value
 * slsws cannot know keeps its text as written and is marked unknown.
 */
#ifndef SW_ROUTEMAP_H
#define SW_ROUTEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis.h"

/* A value as Serverless would read it: s NULL when absent; unknown when
   slsws cannot know it, and then s is the text as written. */
typedef struct sw_rval {
    const char *s;
    bool unknown;
} sw_rval;

typedef struct sw_route {
    uint32_t order;             /* document order */
    int rank;                   /* 0 $connect, 1 $disconnect, 2 $default, 3 other,
                                   4 unknown, 5 no route */
    sw_rval key;                /* the route key */
    const sw_function *fn;      /* points into the service's functions */
    sw_rval handler;            /* the handler string */
    const char *status;         /* "found" (file and export), "file" (the export cannot
                                   be verified), "no-file" (WS085), "no-export" (WS086),
                                   "unchecked" (no sources, unknown, other runtimes) */
    const char *file, *export;  /* the handler file (display path) and export name */
    uint32_t line;              /* of the export in file, 0 when not found */
    bool auth;                  /* the event has an authorizer */
    sw_rval whole;              /* the whole authorizer, when slsws cannot read it */
    sw_rval name, arn;          /* the authorizer's name as Serverless derives it, its ARN */
    const char *auth_fn;        /* the service function it names, else NULL */
    bool fn_missing;            /* names a function the service does not have */
    sw_rval *ids;               /* identity sources */
    uint32_t nids;
    bool ids_default;           /* Serverless's default: route.request.header.Auth */
    const char *at_path;        /* where the event is written (an included file too) */
    uint32_t at_line;           /* 1-based */
} sw_route;

typedef struct sw_routemap {
    const char *path;           /* the service file, as displayed */
    bool api;                   /* some websocket event (or maybe: functions partial) */
    sw_rval name, rse;          /* the API's name and route selection expression */
    sw_rval external;           /* provider.apiGateway.websocketApiId when truthy */
    bool partial;               /* part of `functions` is unknown: routes may be missing */
    bool truncated;             /* a syntax error cut the file short */
    sw_route *r;                /* the routes, ordered */
    uint32_t n;
    const sw_function *fns;     /* the service's functions */
    uint32_t nfns;
} sw_routemap;

/* Reads an's service; everything lives in an's arena. */
void sw_routemap_read(sw_routemap *out, sw_analysis *an, const sw_opts *o);

#endif
