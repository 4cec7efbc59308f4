/*
 * The service model: what a serverless.yml declares, read from the YAML tree
 * after merges. It never fails: a half-valid file yields whatever it holds,
 * and every part keeps its y_node so rules can point at exact spans. Values
 * are not copied; a rule asks yscalar.h whether a node is known.
 */
#ifndef SW_MODEL_H
#define SW_MODEL_H

#include <stdbool.h>

#include "arena.h"
#include "fwversion.h"
#include "ydoc.h"

struct sw_function;

/* One `- websocket: ...` event. */
typedef struct sw_wsevent {
    struct sw_function *fn;
    const y_node *item;        /* the events list item (a mapping) */
    const y_node *key;         /* the `websocket` key */
    const y_node *val;         /* its value: a scalar (string form) or a mapping */
    bool object;               /* object form */
    const y_node *route;       /* the route node: val (string form) or `route:` value */
    const y_node *route_key;   /* the `route` key node (object form) */
    const char *route_str;     /* the route when it is a known, non-empty string */
    const y_node *authorizer, *authorizer_key;
    const y_node *rrse, *rrse_key;   /* routeResponseSelectionExpression */
} sw_wsevent;

typedef struct sw_function {
    const char *name;
    const y_node *key;         /* the function's key under `functions` */
    const y_node *node;        /* its mapping (deref'd), NULL when not a mapping */
    const y_node *events;      /* the events sequence, or NULL */
    /* `image`, `runtime` and `timeout` (and its key) as y_get_pair() finds
       them in node, merges included; NULL when absent */
    const y_node *image, *runtime, *timeout, *timeout_key;
    sw_wsevent **ws;
    uint32_t nws;
} sw_function;

typedef enum { SW_VALIDATION_WARN, SW_VALIDATION_ERROR, SW_VALIDATION_OFF } sw_validation;

typedef struct sw_service {
    const y_node *root;            /* the top-level mapping, NULL if none */
    const y_node *provider;        /* provider mapping, NULL if none */
    const y_node *fwversion;       /* top-level frameworkVersion value */
    bool fw_known;                 /* fw parsed from a known string */
    sw_fwrange fw;
    sw_validation validation;
    sw_function *fns;
    uint32_t nfns;
    bool functions_partial;        /* part of `functions` is unknown (variables, includes) */
    sw_wsevent **ws;               /* every websocket event, in document order */
    uint32_t nws;
} sw_service;

sw_service *sw_model_build(sw_arena *a, const y_doc *doc);

/* Lookups used by several rules. */
const sw_function *sw_function_find(const sw_service *s, const char *name);
/* The service's version claim helpers (C4): with no known frameworkVersion
   the answer is "no claim" (false). */
bool sw_svc_fw_below(const sw_service *s, int maj, int min);     /* highest admitted < maj.min */
bool sw_svc_fw_at_least(const sw_service *s, int maj, int min);  /* highest admitted >= maj.min; true when absent (latest v4) */
int sw_svc_fw_major(const sw_service *s);                        /* pinned major or -1 */
bool sw_has_plugin(const sw_service *s, const char *name);

/* Whether a scalar key of fn's mapping, written or merged in (shadowed
   ones too), satisfies pred: a cheap test before judging y_pairs(fn->node),
   which builds and keeps the effective pairs. True also when the merges
   are too many to tell. */
bool sw_fn_any_key(const sw_function *fn, bool (*pred)(const char *key));

#endif
