/*
 * The scalars the variable rules judge, and where each sits (see
 * varwalk.h): parent links instead of a walk over every node.
 */
#include "varwalk.h"

#include "common.h"

#include "../resolve.h"
#include "../vars.h"

#include <string.h>

/* The key (NULL in a list) and index of child in its parent p. Pairs and
   items are in text order, so bisection by start finds it (a linear search
   backs it up). */
static const y_node *locate(const y_node *p, const y_node *child, uint32_t *idx)
{
    uint32_t lo = 0, hi;
    if (p->kind == Y_SEQ) {
        for (hi = p->len; lo < hi;) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (p->u.seq.items[mid]->start < child->start)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (uint32_t i = lo; i < p->len && p->u.seq.items[i]->start == child->start; i++)
            if (p->u.seq.items[i] == child)
                return *idx = i, NULL;
        for (uint32_t i = 0; i < p->len; i++)
            if (p->u.seq.items[i] == child)
                return *idx = i, NULL;
        return *idx = 0, NULL;
    }
    /* the last pair whose key starts at or before child */
    for (hi = p->len; lo < hi;) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->u.map.pairs[mid].key->start <= child->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo && p->u.map.pairs[lo - 1].val == child)
        return *idx = lo - 1, p->u.map.pairs[lo - 1].key;
    for (uint32_t i = 0; i < p->len; i++)
        if (p->u.map.pairs[i].val == child)
            return *idx = i, p->u.map.pairs[i].key;
    return *idx = 0, NULL;
}

static bool sub_tag(const y_node *n)
{
    return y_tag(n) && strcmp(y_tag(n), "!Sub") == 0;
}

/* n is the argument of Fn::Sub or !Sub (the string, or the first item of
   the list whose first item is the string). */
static bool in_sub(const y_node *n)
{
    uint32_t i;
    const y_node *p = n->parent;
    if (sub_tag(n))
        return true;
    if (!p)
        return false;
    if (p->kind == Y_MAP)
        return y_key_is(locate(p, n, &i), "Fn::Sub");
    if (p->len == 0 || p->u.seq.items[0] != n)
        return false;
    if (sub_tag(p))
        return true;
    return p->parent && p->parent->kind == Y_MAP && y_key_is(locate(p->parent, p, &i), "Fn::Sub");
}

/* Whether n lies in the value of the top-level key stepFunctions (spans
   nest: the root pair whose key starts last before n holds it). */
static bool in_step_functions(const y_node *root, const y_node *n)
{
    uint32_t lo = 0, hi = root->len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (root->u.map.pairs[mid].key->start <= n->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    const y_pair *p = lo ? &root->u.map.pairs[lo - 1] : NULL;
    return p && p->val && p->val->start <= n->start && n->end <= p->val->end &&
           y_key_is(p->key, "stepFunctions");
}

/* Whether the root mapping has a stepFunctions key at all. */
static bool has_step_functions(const y_node *root)
{
    for (uint32_t i = 0; root && root->kind == Y_MAP && i < root->len; i++)
        if (y_key_is(root->u.map.pairs[i].key, "stepFunctions"))
            return true;
    return false;
}

/* Depth comes from the parser and the stepFunctions test from spans, so
   each scalar costs the same however deep it sits. */
void sw_vwalk_run(sw_vwalk *w)
{
    const y_doc *d = w->c->doc;
    bool sfn = w->skip_sfn && has_step_functions(d->root);
    for (uint32_t k = 0; k < d->dollars.n; k++) {
        const y_node *n = d->dollars.v[k];
        uint32_t depth = d->dollars.depth[k];
        /* a plugin compiles these itself (and may wrap them in Fn::Sub) */
        if (sfn && depth && in_step_functions(d->root, n))
            continue;
        w->n = n;
        w->k = k;
        w->depth = depth;
        w->have_path = false;
        w->fn(w, n);
    }
}

bool sw_vwalk_in_sub(sw_vwalk *w)
{
    if (!w->sub) /* (zeroed) */
        w->sub = sw_alloc(w->c->a, w->c->doc->dollars.n);
    if (!w->sub[w->k])
        w->sub[w->k] = in_sub(w->n) ? 1 : 2;
    return w->sub[w->k] == 1;
}

struct sw_vparse *sw_vwalk_vars(sw_vwalk *w)
{
    const sw_ctx *c = w->c;
    if (c->res && c->res->doc == c->doc)
        return sw_resolver_vars_at(c->res, w->k);
    const y_node *n = w->n;
    return sw_vars_maybe(n->str, n->len) ? sw_vars_parse(c->a, n->str, n->len) : NULL;
}

/* The first SW_VWALK_MAX_PATH steps of the scalar's path. */
static void get_path(sw_vwalk *w)
{
    if (w->have_path)
        return;
    w->have_path = true;
    const y_node *up = w->n;
    uint32_t d = w->depth;
    for (; d > SW_VWALK_MAX_PATH; d--)
        up = up->parent;
    for (; d > 0; d--, up = up->parent)
        w->path[d - 1] = locate(up->parent, up, &w->idx[d - 1]);
}

const char *sw_vwalk_path(sw_vwalk *w)
{
    get_path(w);
    const char *s = "";
    for (uint32_t i = 0; i < w->depth && i < SW_VWALK_MAX_PATH; i++) {
        const y_node *k = w->path[i];
        const char *seg = !k ? sw_printf(w->c->a, "%u", w->idx[i]) : k->kind == Y_SCALAR ? k->str : "?";
        s = i ? sw_printf(w->c->a, "%s.%s", s, seg) : seg;
    }
    return s;
}

bool sw_vwalk_path_is(sw_vwalk *w, uint32_t i, const char *key)
{
    get_path(w);
    return i < w->depth && i < SW_VWALK_MAX_PATH && w->path[i] && y_key_is(w->path[i], key);
}
