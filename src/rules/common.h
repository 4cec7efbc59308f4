/*
 * Helpers the rule files share (see common.c); not a public API, only
 * src/rules/ includes this. How a value reads to Serverless's JavaScript
 * (truthiness and the several ways of being "set"), whether the WebSocket
 * API belongs to another stack (amendment C3), what the Framework defaults
 * to (F13), the plugin list, the merge a key came through, websocket
 * events and their authorizers (with the C7 note on findings reached
 * through an alias or a merge), and the names Serverless derives from an
 * authorizer. Helpers that build fixes (inserting a key, a key's column,
 * the file's line break) are generic and live in report.c (rule.h).
 */
#ifndef SW_RULES_COMMON_H
#define SW_RULES_COMMON_H

#include "../rule.h"

/* ---- values as Serverless reads them ---- */

typedef enum { SW_JS_FALSY, SW_JS_TRUTHY, SW_JS_UNKNOWN } sw_truth;

/* JavaScript truthiness of a value: absent, null, false, '' and a zero
   number are falsy; intrinsics are objects, so truthy; a variable is
   unknown. */
sw_truth sw_truthy(const y_node *n);
/* Absent, null, '' or false: "not given" as the authorizer code reads it
   (a number, a variable, an intrinsic or a collection is given). */
bool sw_falsy(const y_node *n);
/* Present and neither null nor '' (false, a number, a variable, an
   intrinsic or a collection counts as set). */
bool sw_filled(const y_node *n);
/* Present and not an untagged null ('' and false count as present). */
bool sw_present(const y_node *n);
/* A known boolean false (not null, absent or a variable). */
bool sw_is_false(const y_node *n);

/* ---- the service ---- */

/* provider.apiGateway.websocketApiId as SF reads it (C3): SW_JS_TRUTHY when
   it names an external API, SW_JS_UNKNOWN when a variable decides,
   SW_JS_FALSY when SF creates the API itself. val is the ID's node, NULL
   when apiGateway itself is a variable. */
typedef struct sw_ext_api {
    sw_truth state;
    const y_node *val;
} sw_ext_api;
sw_ext_api sw_external_api(const sw_service *svc);

/* The service has websocket events, or may have (part of `functions` is
   unknown). */
bool sw_may_have_ws(const sw_service *svc);
/* frameworkVersion as written, for messages ("?" when not a scalar). */
const char *sw_fw_text(const sw_service *svc);
/* SF's default runtime for the pinned major (F13); NULL when unclear. v1
   changed it twice, so a v1 range answers only when its minors agree. */
const char *sw_default_runtime(const sw_service *svc);
/* The plugin list as written: `plugins`, or `plugins.modules` when plugins
   is a mapping (not deref'd: an alias stays one); NULL when neither.
   sw_has_plugin (model.h) answers whether one plugin is listed. */
const y_node *sw_plugin_list(const sw_service *svc);
/* "function 'a'", "functions 'a', 'b' and 'c'", "... and 4 more" */
const char *sw_fn_names(sw_arena *a, const char **names, uint32_t n);

/* Adds "merged into <what> here" to d when key reached map through a `<<`
   merge rather than being written in it. */
void sw_note_merge(sw_ctx *c, sw_diag *d, const y_node *map, const y_node *key,
                   const char *what);

/* ---- websocket events and authorizers ---- */

/* The event's authorizer (deref'd) when it is given at all: null, '' and
   false count as absent. */
const y_node *sw_ws_authorizer(const sw_wsevent *e);
/* The authorizer in its object form (a mapping that is no intrinsic). */
const y_node *sw_ws_auth_object(const sw_wsevent *e);
/* Whether offset off lies outside the event's own text: an anchor reached
   through an alias or a `<<` merge. */
bool sw_ws_outside(const sw_wsevent *e, uint32_t off);
/* C7: a finding on text outside the event names the event it was reached
   from. For one finding, and for every finding reported since index from. */
void sw_ws_note_reached(sw_ctx *c, sw_diag *d, const sw_wsevent *e);
void sw_ws_note_since(sw_ctx *c, const sw_wsevent *e, uint32_t from);
/* Runs one event check over every websocket event, with the C7 note. */
void sw_each_wsevent(sw_ctx *c, void *arg,
                     void (*check)(sw_ctx *, const sw_wsevent *, void *));

/* An ARN's ':'-separated fields, "${...}" kept whole; the last field takes
   the rest. */
typedef struct sw_arn {
    const char *f[8];
    size_t l[8];
    int n;
} sw_arn;
bool sw_arn_parse(const char *s, sw_arn *a); /* false: no "arn:" with 3 fields */
bool sw_arn_field_is(const sw_arn *a, int i, const char *t);

/* Serverless's logical-ID prefix for a name ('-' -> Dash, '_' -> Underscore,
   first letter upper-cased). */
const char *sw_logical_prefix(sw_arena *m, const char *s);
/* A name Serverless accepts for an authorizer: [A-Za-z0-9_-]+. */
bool sw_authorizer_name_ok(const char *s);
/* The intrinsic's name as written: "!GetAtt", "Fn::ImportValue", "Ref". */
const char *sw_intrinsic_name(const y_node *n);
/* The names of IAM or JWT authorization (WS033's unless the service has a
   function of that name): NULL-terminated, and the index of s or -1. */
extern const char *const sw_iam_jwt_names[];
int sw_iam_jwt_index(const char *s);

#endif
