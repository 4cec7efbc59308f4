/*
 * The scalars the variable rules (variables.c) judge. The parser lists the
 * scalar values that may hold a variable (ydoc.h), in document order; each
 * is judged with what a walk from the root would have carried to it (its
 * dotted path, whether it is the string of a Fn::Sub), found from its
 * parent links, the path only when a message asks for it. Not a public API:
 * only src/rules/variables.c includes this.
 */
#ifndef SW_RULES_VARWALK_H
#define SW_RULES_VARWALK_H

#include "../rule.h"

#define SW_VWALK_MAX_PATH 64

typedef struct sw_vwalk {
    sw_ctx *c;
    void (*fn)(struct sw_vwalk *w, const y_node *n); /* called for each scalar */
    bool skip_sfn;                      /* leave the top-level stepFunctions alone */
    void *data;
    /* the scalar being judged (set by sw_vwalk_run) */
    const y_node *n;
    uint32_t k;                         /* its index in the parser's list */
    uint32_t depth;                     /* 0: the root */
    bool have_path;                     /* path and idx below are n's */
    uint8_t *sub;                       /* per scalar: 0 not known yet, 1 in a Sub, 2 not
                                           (another walk of the document may share it) */
    const y_node *path[SW_VWALK_MAX_PATH]; /* key nodes, NULL for a list item */
    uint32_t idx[SW_VWALK_MAX_PATH];
} sw_vwalk;

/* Calls w->fn for every scalar value of the document that may hold a
   variable (keys never; aliases are judged at their anchor). */
void sw_vwalk_run(sw_vwalk *w);
/* The scalar being judged is the argument of Fn::Sub or !Sub (the string,
   or the first item of the list). */
bool sw_vwalk_in_sub(sw_vwalk *w);
/* The parse of its variables (vars.h), NULL when it has none (no `${` or
   `{$`): made once per analysis and shared by the rules and the resolver. */
struct sw_vparse *sw_vwalk_vars(sw_vwalk *w);
/* The dotted path of the scalar being judged ("custom.arns.0"). */
const char *sw_vwalk_path(sw_vwalk *w);
/* Step i of that path is the key named key. */
bool sw_vwalk_path_is(sw_vwalk *w, uint32_t i, const char *key);

#endif
