/*
 * Helpers the IAM rules share (see iam_policy.c). Not a public API: only
 * src/rules/iam.c includes this.
 */
#ifndef SW_RULES_IAM_POLICY_H
#define SW_RULES_IAM_POLICY_H

#include "../rule.h"

#define IAM_MC "execute-api:ManageConnections"
#define IAM_ID '\x01' /* in iam_flat's text: one unknown ID (no '/' or ':') */

/* resources.Resources, also in the list form (C5); partial when part of it
   is unknown (a variable or an unresolved include). */
typedef struct iam_res {
    const y_node *maps[16];
    int n;
    bool partial;
} iam_res;

/* What the IAM rules read from a function's mapping: role, iamRoleStatements
   (and its key) and iam.role; all NULL for NULL. */
typedef struct iam_fnkeys {
    const y_node *role, *stmts, *stmts_key, *iam_role;
} iam_fnkeys;
void iam_fn_keys(const y_node *fn, iam_fnkeys *k);

bool iam_glob(const char *pat, const char *s);      /* case-insensitive * and ? */
bool iam_ci_has(const char *s, const char *needle); /* case-insensitive substring */
/* The intrinsic n calls ("Ref", "GetAtt", "Sub", ...) and its argument. */
const char *iam_intrinsic(const y_node *n, const y_node **arg);
bool iam_has(const y_node *n, const char *needle); /* some scalar under n contains it */
/* A value's text with every unknown part as '*' (variables, substitutions,
   intrinsics) or, for a CloudFormation reference, IAM_ID; Fn::Join and
   Fn::Sub are expanded. */
const char *iam_flat(sw_arena *a, const y_node *n);
/* The items of a sequence, or n itself as a one-item list (one is scratch). */
uint32_t iam_items(const y_node *n, const y_node *const **out, const y_node **one);
/* May the statement list allow ManageConnections? Unknown statements do. */
bool iam_stmts_grant(const y_node *list);
void iam_res_collect(const sw_service *svc, iam_res *rs);
const y_node *iam_res_find(const iam_res *rs, const char *id, const y_node **key);
bool iam_res_is(const y_node *res, const char *type);
/* May these managed policies allow it? Only well-known ones are judged. */
bool iam_managed_grant(sw_ctx *c, const iam_res *rs, const y_node *list);
/* May role resource `id` allow it (inline, managed, attached policies)? */
bool iam_role_grants(sw_ctx *c, const iam_res *rs, const y_node *role, const char *id);
/* Whether a resource glob (unknown parts as '*' or IAM_ID) can match an ARN of the
   @connections management API, api-id/stage/METHOD/@connections/id. */
bool iam_arn_match(const char *t);
/* What a resource's text (from iam_flat) means for the management API: an
   ARN that covers every connection, a URL, the REST API, another service, a
   wrong shape (stage or method missing), a single connection or none, or
   something else (another service's resource, no @connections). */
typedef enum { RS_OK, RS_URL, RS_REST, RS_SERVICE, RS_SHAPE, RS_ONEID, RS_OTHER } rs_kind;
rs_kind iam_judge_resource(sw_arena *a, const char *t, const y_node *item);
/* The management API ARN to suggest, for this service's API or (C3) the
   external one. */
const char *iam_mgmt_arn(sw_ctx *c);
/* The existing role provider names (provider.iam.role as a string or an
   intrinsic other than Ref, else provider.role), NULL when SF creates its
   own; *path names the key. */
const y_node *iam_provider_role(const sw_service *svc, const char **path);
/* The logical ID a role value names: a plain ID or !GetAtt ID.Arn. */
const char *iam_role_id(sw_arena *a, const y_node *v);

#endif
