/*
 * The resolver's parse cache (see resolve.h): every scalar's variables are
 * parsed (vars.c) once per analysis, for the resolver and the variable
 * rules alike, and the rules find a listed scalar's parse by its index in
 * doc->dollars.
 */
#include "resolve.h"

#include <stdlib.h>

#include "vars.h"

/* The cache is keyed on the scalar's text, not the node: the parser gives
   equal values one shared text (the same !Sub string in every function), and
   a parse depends on the text alone, so those share one parse. The high half
   of a multiplicative hash: texts lie some bytes apart in the arena, so the
   low bits of a plain product would leave slots empty. */
static uint32_t ptr_hash(const void *p)
{
    return (uint32_t)(((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15u) >> 32);
}

struct sw_pslot {
    const char *str;           /* NULL: free */
    uint32_t len;
    bool maybe;                /* sw_vars_maybe(str, len) */
    sw_vparse *parse;          /* NULL until asked for */
};

/* Doubles the cache (out of line: the lookups stay small); false when
   memory runs out. */
__attribute__((noinline)) static bool pcache_grow(sw_resolver *r)
{
    uint32_t cap = r->pcap ? r->pcap * 2 : 16;
    struct sw_pslot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (uint32_t i = 0; i < r->pcap; i++)
        if (r->pslots[i].str) {
            uint32_t j = ptr_hash(r->pslots[i].str) & (cap - 1);
            while (slots[j].str)
                j = (j + 1) & (cap - 1);
            slots[j] = r->pslots[i];
        }
    free(r->pslots);
    r->pslots = slots;
    r->pcap = cap;
    return true;
}

/* The slot of n's text (added when new), or NULL when the cache cannot grow. */
static struct sw_pslot *pslot(sw_resolver *r, const y_node *n)
{
    if (!n->str || ((r->pn + 1) * 2 > r->pcap && !pcache_grow(r)))
        return NULL; /* (a NULL text marks a free slot) */
    uint32_t mask = r->pcap - 1, j = ptr_hash(n->str) & mask;
    while (r->pslots[j].str && !(r->pslots[j].str == n->str && r->pslots[j].len == n->len))
        j = (j + 1) & mask;
    struct sw_pslot *s = &r->pslots[j];
    if (!s->str) {
        *s = (struct sw_pslot){n->str, n->len, sw_vars_maybe(n->str, n->len), NULL};
        r->pn++;
    }
    return s;
}

sw_vparse *sw_resolver_parse(const sw_resolver *cr, const y_node *n)
{
    struct sw_pslot *s = pslot((sw_resolver *)cr, n); /* the cache is not part of the answer */
    if (!s)
        return sw_vars_parse(cr->a, n->str ? n->str : "", n->len);
    if (!s->parse)
        s->parse = sw_vars_parse(cr->a, n->str, n->len);
    return s->parse;
}

static sw_vparse no_vars; /* dvars' mark for a scalar without variables (never written) */

/* Fills dvars[k] (out of line: the lookups stay small). */
__attribute__((noinline)) static void dvars_fill(sw_resolver *r, uint32_t k)
{
    if (!r->dvars) /* (zeroed) */
        r->dvars = sw_alloc(r->a, r->doc->dollars.n * sizeof *r->dvars);
    const y_node *n = r->doc->dollars.v[k];
    struct sw_pslot *s = pslot(r, n);
    if (!s) {
        r->dvars[k] = sw_vars_maybe(n->str, n->len) ? sw_vars_parse(r->a, n->str, n->len)
                                                    : &no_vars;
        return;
    }
    if (s->maybe && !s->parse)
        s->parse = sw_vars_parse(r->a, n->str, n->len);
    r->dvars[k] = s->maybe ? s->parse : &no_vars;
}

sw_vparse *sw_resolver_vars_at(const sw_resolver *cr, uint32_t k)
{
    sw_resolver *r = (sw_resolver *)cr;
    if (!r->dvars || !r->dvars[k])
        dvars_fill(r, k);
    return r->dvars[k] == &no_vars ? NULL : r->dvars[k];
}

