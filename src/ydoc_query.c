/*
 * Lookups in the y_doc tree (see ydoc.h): following aliases and resolved
 * variables, the node at an offset, mapping lookups that honour `<<` merges
 * within a bounded visit budget (one key, or several in one walk), the
 * effective pairs of a mapping, and the hash index that big mappings carry
 * after their pairs (built by ydoc.c when a mapping closes).
 */
#include "ydoc.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* Big mappings get a hash index of their explicit keys (open addressing,
   pair index + 1 per slot, the first of duplicate keys kept, merge keys
   left out), stored right after the pairs, so lookups in a mapping of
   thousands of functions or resources stay O(1). Only mappings whose keys
   are all plain scalars without anchors qualify: an anchored key could be
   resolved to another value through an alias, and an alias key is compared
   through its target. */
uint32_t y_mapidx_cap(uint32_t np)
{
    uint32_t cap = 32;
    while (cap < np * 2)
        cap *= 2;
    return cap;
}

static uint32_t key_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static uint32_t *mapidx_slots(const y_node *m)
{
    return (uint32_t *)(m->u.map.pairs + m->len);
}

void y_mapidx_build(y_node *m)
{
    uint32_t np = m->len, mask = y_mapidx_cap(np) - 1, *slot = mapidx_slots(m);
    for (uint32_t i = 0; i < np; i++) {
        const y_node *k = m->u.map.pairs[i].key;
        if (y_is_merge_key(k))
            continue;
        uint32_t h = key_hash(k->str, k->len) & mask;
        for (; slot[h]; h = (h + 1) & mask) {
            const y_node *o = m->u.map.pairs[slot[h] - 1].key;
            if (o->len == k->len && memcmp(o->str, k->str, k->len) == 0)
                break; /* a duplicate: the first one answers */
        }
        if (!slot[h])
            slot[h] = i + 1;
    }
    m->indexed = true;
}

/* The pair of an indexed mapping whose explicit key is key, or NULL. */
static const y_pair *mapidx_find(const y_node *m, const char *key)
{
    size_t n = strlen(key);
    uint32_t mask = y_mapidx_cap(m->len) - 1;
    const uint32_t *slot = mapidx_slots(m);
    for (uint32_t h = key_hash(key, n) & mask; slot[h]; h = (h + 1) & mask) {
        const y_pair *p = &m->u.map.pairs[slot[h] - 1];
        if (p->key->len == n && memcmp(p->key->str, key, n) == 0)
            return p;
    }
    return NULL;
}


const y_node *y_deref_chain(const y_node *n)
{
    /* bounded: an alias to a resolved scalar to an alias ... ends */
    for (int i = 0; n && i < 16; i++) {
        if (n->kind == Y_ALIAS)
            n = n->u.target;
        else if (n->kind == Y_SCALAR && n->vstate == Y_V_KNOWN)
            n = n->u.resolved;
        else
            break;
    }
    return n;
}

static bool holds(const y_node *n, uint32_t off)
{
    return n && off >= n->start && (off < n->end || (off == n->end && n->kind == Y_SCALAR));
}

uint32_t y_path_at(const y_node *root, uint32_t off, const y_node **keys, uint32_t max,
                   const y_node **leaf)
{
    uint32_t depth = 0;
    const y_node *n = root;
    *leaf = NULL;
    if (!holds(n, off))
        return 0;
    while (n) {
        *leaf = n;
        const y_node *next = NULL;
        if (n->kind == Y_MAP) {
            /* pairs come in text order: skip those that end before off by
               bisection (a suppression comment per line asks once each) */
            uint32_t lo = 0, hi = n->len;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                const y_pair *p = &n->u.map.pairs[mid];
                uint32_t end = p->val && p->val->end > p->key->end ? p->val->end : p->key->end;
                if (end < off)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (uint32_t i = lo; i < n->len && !next && n->u.map.pairs[i].key->start <= off;
                 i++) {
                const y_pair *p = &n->u.map.pairs[i];
                if (holds(p->key, off)) {
                    if (depth < max)
                        keys[depth++] = p->key;
                    *leaf = p->key;
                    return depth;
                }
                if (holds(p->val, off)) {
                    if (depth < max)
                        keys[depth++] = p->key;
                    next = p->val;
                }
            }
        } else if (n->kind == Y_SEQ) {
            uint32_t lo = 0, hi = n->len;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (n->u.seq.items[mid]->end < off)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (uint32_t i = lo; i < n->len && !next && n->u.seq.items[i]->start <= off; i++)
                if (holds(n->u.seq.items[i], off)) {
                    if (depth < max)
                        keys[depth++] = NULL;
                    next = n->u.seq.items[i];
                }
        }
        n = next;
    }
    return depth;
}

bool y_is_scalar(const y_node *n) { n = y_deref(n); return n && n->kind == Y_SCALAR; }
bool y_is_map(const y_node *n) { n = y_deref(n); return n && n->kind == Y_MAP; }
bool y_is_seq(const y_node *n) { n = y_deref(n); return n && n->kind == Y_SEQ; }


/* Merge chains can fan out; every lookup gets the same visit budget so a
   crafted document costs bounded time, and a merge source met again in the
   same lookup (one anchor merged many times) adds nothing and is skipped. */
#define VISIT_BUDGET 4096

#define VISIT_FEW 8

typedef struct visits {
    const y_node *few[VISIT_FEW]; /* the first merge sources visited, scanned */
    const y_node **v;   /* then all of them: open addressing (heap) */
    uint32_t n, cap;
    int budget;
} visits;

static void visit_put(visits *s, const y_node *m)
{
    uint32_t h = (uint32_t)((uintptr_t)m >> 4) * 2654435761u & (s->cap - 1);
    while (s->v[h])
        h = (h + 1) & (s->cap - 1);
    s->v[h] = m;
}

static bool first_visit(visits *s, const y_node *m)
{
    if (s->n < VISIT_FEW) { /* a lookup usually follows one or two merges */
        for (uint32_t i = 0; i < s->n; i++)
            if (s->few[i] == m)
                return false;
        s->few[s->n++] = m;
        return true;
    }
    if ((s->n + 1) * 2 > s->cap) {
        const y_node **old = s->v;
        uint32_t oldcap = s->cap;
        s->cap = oldcap ? oldcap * 2 : 64;
        s->v = sw_xrealloc(NULL, s->cap * sizeof *s->v);
        memset(s->v, 0, s->cap * sizeof *s->v);
        for (uint32_t i = 0; i < oldcap; i++)
            if (old[i])
                visit_put(s, old[i]);
        for (uint32_t i = 0; !oldcap && i < VISIT_FEW; i++)
            visit_put(s, s->few[i]);
        free(old);
    }
    uint32_t h = (uint32_t)((uintptr_t)m >> 4) * 2654435761u & (s->cap - 1);
    for (; s->v[h]; h = (h + 1) & (s->cap - 1))
        if (s->v[h] == m)
            return false;
    s->v[h] = m;
    s->n++;
    return true;
}

static const y_node *get_rec(const y_node *map, const char *key,
                             const y_node **keynode, visits *vs)
{
    map = y_deref(map);
    if (!map || map->kind != Y_MAP || --vs->budget < 0)
        return NULL;
    if (map->indexed) {
        const y_pair *p = mapidx_find(map, key);
        if (p) {
            if (keynode)
                *keynode = p->key;
            return p->val;
        }
    } else {
        for (uint32_t i = 0; i < map->len; i++) {
            const y_pair *p = &map->u.map.pairs[i];
            if (y_key_is(p->key, key) && !y_is_merge_key(p->key)) {
                if (keynode)
                    *keynode = p->key;
                return p->val;
            }
        }
    }
    if (!map->has_merge)
        return NULL;
    for (uint32_t i = 0; i < map->len; i++) {
        const y_pair *p = &map->u.map.pairs[i];
        if (!y_is_merge_key(p->key))
            continue;
        const y_node *src = y_deref(p->val);
        if (!src)
            continue;
        if (src->kind == Y_MAP) {
            const y_node *v = first_visit(vs, src) ? get_rec(src, key, keynode, vs) : NULL;
            if (v)
                return v;
        } else if (src->kind == Y_SEQ) {
            for (uint32_t j = 0; j < src->len; j++) {
                const y_node *it = y_deref(src->u.seq.items[j]);
                const y_node *v = it && first_visit(vs, it) ? get_rec(it, key, keynode, vs)
                                                            : NULL;
                if (v)
                    return v;
            }
        }
    }
    return NULL;
}

const y_node *y_get_pair(const y_node *map, const char *key, const y_node **keynode)
{
    visits vs = {.budget = VISIT_BUDGET};
    if (keynode)
        *keynode = NULL;
    const y_node *v = get_rec(map, key, keynode, &vs);
    free(vs.v);
    return v;
}

const y_node *y_get(const y_node *map, const char *key)
{
    return y_get_pair(map, key, NULL);
}

/* ---- several keys at once ---- */

/* get_rec's order for many keys in one walk: a mapping's explicit keys,
   then the mappings merged into it in order, depth first, so the first pair
   found for a key is the one y_get_pair returns. (get_rec also skips a
   mapping met twice in one lookup; that only saves time, as a second visit
   finds nothing new.) A mapping with a hash index, or a walk past its
   budget, hands over to y_get_pair. */
/* Mappings a walk visits before it hands over to y_get_pair: enough for
   any real file, and a bound on merge chains that fan out or loop. */
#define WALK_BUDGET 16

typedef struct keywalk {
    bool (*pred)(const char *key);    /* stop at the first key satisfying this; or, */
    const char *const *keys;          /* with pred NULL, find each of these keys */
    const size_t *lens;               /* their lengths */
    uint32_t firsts;                  /* a bit per first character (its low five bits) */
    uint32_t nkeys, left;             /* how many keys, and how many not found yet */
    const y_pair **found;             /* per key: its first pair, or NULL */
    int budget;                       /* mappings left to visit */
} keywalk;

/* Takes pair p if its key is sought (compared as y_key_is does: with the
   length of the key sought, memcmp equals strcmp) and not found yet; true
   when it stops the walk (pred holds, or every key is found). */
static bool take(keywalk *w, const y_pair *p)
{
    const y_node *k = y_deref(p->key);
    if (!k || k->kind != Y_SCALAR)
        return false;
    if (w->pred)
        return w->pred(k->str);
    if (!(w->firsts & 1u << (k->str[0] & 31)))
        return false; /* the usual answer, and a quick one */
    for (uint32_t j = 0; j < w->nkeys; j++)
        if (!w->found[j] && k->len == w->lens[j] && k->str[0] == w->keys[j][0] &&
            memcmp(k->str, w->keys[j], k->len) == 0) {
            if (!p->val) { /* a key cut short by a syntax error: get_rec goes on to
                              the next merge source there; y_get_pair answers */
                w->budget = -1;
                return true;
            }
            w->found[j] = p;
            return --w->left == 0;
        }
    return false;
}

/* Visits mapping m's explicit keys, then the mappings merged into it in
   order, depth first: y_get's order, so the first pair found for a key is
   the one y_get returns. (y_get also skips a mapping met twice in one
   lookup; that only saves time, as a second visit finds nothing new.)
   Returns true when the walk stops: take() says so, the budget ran out,
   or a key sought may be in a mapping with a hash index, which y_get_pair
   reads faster (then budget is set negative). */
static bool walk_keys(const y_node *m, keywalk *w)
{
    m = y_deref(m);
    if (!m || m->kind != Y_MAP)
        return false;
    if (--w->budget < 0 || (!w->pred && m->indexed)) {
        w->budget = -1;
        return true;
    }
    for (uint32_t i = 0; i < m->len; i++) {
        const y_pair *p = &m->u.map.pairs[i];
        if (!(m->has_merge && y_is_merge_key(p->key)) && take(w, p))
            return true;
    }
    if (!m->has_merge)
        return false;
    for (uint32_t i = 0; i < m->len; i++) {
        const y_pair *p = &m->u.map.pairs[i];
        if (!y_is_merge_key(p->key))
            continue;
        const y_node *src = y_deref(p->val);
        if (src && src->kind == Y_SEQ) {
            for (uint32_t j = 0; j < src->len; j++)
                if (walk_keys(src->u.seq.items[j], w))
                    return true;
        } else if (walk_keys(src, w)) {
            return true;
        }
    }
    return false;
}

void y_get_many(const y_node *map, const char *const *keys, uint32_t n,
                const y_node **val, const y_node **keynode)
{
    const y_pair *found[8] = {NULL};
    size_t lens[8];
    keywalk w = {.keys = keys, .lens = lens, .nkeys = n, .left = n, .found = found,
                 .budget = WALK_BUDGET};
    for (uint32_t j = 0; j < n; j++) {
        lens[j] = strlen(keys[j]);
        w.firsts |= 1u << (keys[j][0] & 31);
    }
    walk_keys(map, &w);
    for (uint32_t j = 0; j < n; j++) {
        if (w.budget < 0) { /* too many merges, a big mapping, or a key without a value */
            val[j] = y_get_pair(map, keys[j], &keynode[j]);
            continue;
        }
        val[j] = found[j] ? found[j]->val : NULL;
        keynode[j] = found[j] ? found[j]->key : NULL;
    }
}

bool y_any_key(const y_node *map, bool (*pred)(const char *key))
{
    keywalk w = {.pred = pred, .budget = WALK_BUDGET};
    return walk_keys(map, &w);
}

typedef struct pairvec {
    y_epair *v;
    uint32_t n, cap;
    sw_strmap keys;     /* the scalar keys of v[0..indexed), built once a merge is followed */
    uint32_t indexed;
    visits vs;
} pairvec;

static bool has_key(pairvec *pv, const y_node *key)
{
    if (pv->n <= 16 && !pv->indexed) { /* a function's few keys: a scan is cheaper */
        key = y_deref(key);
        if (!key || key->kind != Y_SCALAR)
            return false;
        for (uint32_t i = 0; i < pv->n; i++) {
            const y_node *k = y_deref(pv->v[i].key);
            if (k && k->kind == Y_SCALAR && k->len == key->len &&
                memcmp(k->str, key->str, k->len) == 0)
                return true;
        }
        return false;
    }
    for (; pv->indexed < pv->n; pv->indexed++) {
        const y_node *k = y_deref(pv->v[pv->indexed].key);
        if (k && k->kind == Y_SCALAR && !sw_strmap_get(&pv->keys, k->str))
            sw_strmap_put(&pv->keys, k->str, (void *)k);
    }
    key = y_deref(key);
    return key && key->kind == Y_SCALAR && sw_strmap_get(&pv->keys, key->str);
}

static void pairs_rec(const y_node *map, const y_node *via, pairvec *pv)
{
    map = y_deref(map);
    if (!map || map->kind != Y_MAP || --pv->vs.budget < 0)
        return;
    for (uint32_t i = 0; i < map->len; i++) {
        const y_pair *p = &map->u.map.pairs[i];
        if (y_is_merge_key(p->key) || (via && has_key(pv, p->key)))
            continue;
        if (pv->n == pv->cap) {
            pv->cap = pv->cap ? pv->cap * 2 : 16;
            pv->v = sw_xrealloc(pv->v, pv->cap * sizeof *pv->v);
        }
        pv->v[pv->n++] = (y_epair){p->key, p->val, via};
    }
    if (!map->has_merge)
        return;
    for (uint32_t i = 0; i < map->len; i++) {
        const y_pair *p = &map->u.map.pairs[i];
        if (!y_is_merge_key(p->key) || !p->val)
            continue;
        const y_node *src = y_deref(p->val);
        if (src && src->kind == Y_SEQ) {
            for (uint32_t j = 0; j < src->len; j++) {
                const y_node *it = y_deref(src->u.seq.items[j]);
                if (it && first_visit(&pv->vs, it))
                    pairs_rec(src->u.seq.items[j], src->u.seq.items[j], pv);
            }
        } else if (src && first_visit(&pv->vs, src)) {
            pairs_rec(p->val, p->val, pv);
        }
    }
}

uint32_t y_pairs(sw_arena *a, const y_node *map, y_epair **out)
{
    /* many rules ask for the same mappings: the answer is kept on the node
       (documents do not change once resolved) */
    y_node *m = (y_node *)y_deref(map);
    if (m && m->kind == Y_MAP && m->epairs) {
        *out = m->epairs->v;
        return m->epairs->n;
    }
    pairvec pv = {.vs.budget = VISIT_BUDGET};
    pairs_rec(map, NULL, &pv);
    struct y_epairs *e = sw_alloc(a, sizeof *e + sizeof(y_epair) * (pv.n ? pv.n : 1));
    e->n = pv.n;
    if (pv.n)
        memcpy(e->v, pv.v, sizeof(y_epair) * pv.n);
    *out = e->v;
    free(pv.v);
    free(pv.vs.v);
    sw_strmap_free(&pv.keys);
    if (m && m->kind == Y_MAP && pv.vs.budget >= 0) /* a cut-short answer is not kept */
        m->epairs = e;
    return pv.n;
}
