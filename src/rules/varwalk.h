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
    /* called for each scalar; in_sub: it is the argument of Fn::Sub or
       !Sub (the string, or the first item of the list) */
    void (*fn)(struct sw_vwalk *w, const y_node *n, bool in_sub);
    bool skip_sfn;                      /* leave the top-level stepFunctions alone */
    void *data;
    /* the scalar being judged (set by sw_vwalk_run) */
    const y_node *n;
    uint32_t depth;                     /* 0: the root */
    bool have_path;                     /* path and idx below are n's */
    const y_node *path[SW_VWALK_MAX_PATH]; /* key nodes, NULL for a list item */
    uint32_t idx[SW_VWALK_MAX_PATH];
} sw_vwalk;

/* Calls w->fn for every scalar value of the document that may hold a
   variable (keys never; aliases are judged at their anchor). */
void sw_vwalk_run(sw_vwalk *w);
/* The dotted path of the scalar being judged ("custom.arns.0"). */
const char *sw_vwalk_path(sw_vwalk *w);
/* Step i of that path is the key named key. */
bool sw_vwalk_path_is(sw_vwalk *w, uint32_t i, const char *key);

#endif
