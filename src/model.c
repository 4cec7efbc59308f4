/*
 * Builds the service model from the YAML tree (see model.h). The keys of
 * functions and events are read together, in one walk over their mappings
 * and the ones merged in (y_get_many); the rules test functions' keys the
 * same way (sw_fn_any_key).
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "yscalar.h"

typedef struct vec {
    void **v;
    uint32_t n, cap;
} vec;

static void vpush(vec *v, void *p)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->v = sw_xrealloc(v->v, v->cap * sizeof *v->v);
    }
    v->v[v->n++] = p;
}

/* The functions, by value, in an arena array sized by count_functions. */
typedef struct fvec {
    sw_function *v;
    uint32_t n, cap;
} fvec;

static void **vfinish(sw_arena *a, vec *v)
{
    void **out = sw_alloc(a, sizeof(void *) * (v->n ? v->n : 1));
    if (v->n)
        memcpy(out, v->v, sizeof(void *) * v->n);
    free(v->v);
    v->v = NULL;
    return out;
}

/* ---- keys, merges included ----------------------------------------------- */

static const y_node *lookup(const y_node *map, const char *key, const y_node **keynode)
{
    const y_node *val;
    y_get_many(map, &key, 1, &val, keynode);
    return val;
}

bool sw_fn_any_key(const sw_function *fn, bool (*pred)(const char *key))
{
    return y_any_key(fn->node, pred);
}

static void read_ws(sw_arena *a, sw_function *fn, const y_node *item,
                    const y_node *key, const y_node *val, vec *all)
{
    sw_wsevent *e = sw_alloc(a, sizeof *e);
    e->fn = fn;
    e->item = item;
    e->key = key;
    e->val = val;
    const y_node *v = y_deref(val);
    if (v && v->kind == Y_MAP && !y_is_intrinsic(v)) {
        e->object = true;
        static const char *const keys[] = {"route", "authorizer",
                                           "routeResponseSelectionExpression"};
        const y_node *got[3], *gotkey[3];
        y_get_many(v, keys, 3, got, gotkey);
        e->route = got[0], e->route_key = gotkey[0];
        e->authorizer = got[1], e->authorizer_key = gotkey[1];
        e->rrse = got[2], e->rrse_key = gotkey[2];
    } else {
        e->route = val;
    }
    e->route_str = y_known_str(e->route);
    vpush(all, e);
}

static void read_function(sw_arena *a, sw_service *s, fvec *fns, vec *all,
                          const y_node *key, const y_node *val)
{
    const y_node *k = y_deref(key);
    if (!k || k->kind != Y_SCALAR)
        return;
    if (fns->n == fns->cap)
        return; /* not reached: count_functions counted every key */
    sw_function *fn = &fns->v[fns->n];
    fn->name = k->str;
    fn->key = key;
    const y_node *v = y_deref(val);
    if (v && v->kind == Y_MAP) {
        fn->node = v;
    } else if (v && y_is_unknown(v)) {
        s->functions_partial = true;
    }
    uint32_t first = all->n;
    if (fn->node) {
        static const char *const keys[] = {"events", "image", "runtime", "timeout"};
        const y_node *got[4], *gotkey[4];
        y_get_many(fn->node, keys, 4, got, gotkey);
        fn->image = got[1];
        fn->runtime = got[2];
        fn->timeout = got[3], fn->timeout_key = gotkey[3];
        const y_node *ev = y_deref(got[0]);
        if (ev && ev->kind == Y_SEQ) {
            fn->events = ev;
            for (uint32_t i = 0; i < ev->len; i++) {
                const y_node *item = y_deref(ev->u.seq.items[i]);
                if (!item || item->kind != Y_MAP)
                    continue;
                const y_node *wkey;
                const y_node *wval = lookup(item, "websocket", &wkey);
                if (wkey || wval)
                    read_ws(a, fn, item, wkey, wval, all);
            }
        }
    }
    fn->nws = all->n - first; /* fn->ws: its run of s->ws (sw_model_build) */
    fns->n++;
}

/* How many functions read_functions may find (every key of the mappings). */
static uint32_t count_functions(sw_arena *a, const y_node *fnode)
{
    const y_node *f = y_deref(fnode);
    uint32_t n = 0;
    if (f && f->kind == Y_MAP) {
        y_epair *ps;
        n = y_pairs(a, f, &ps);
    } else if (f && f->kind == Y_SEQ) {
        for (uint32_t i = 0; i < f->len; i++) {
            const y_node *it = y_deref(f->u.seq.items[i]);
            if (it && it->kind == Y_MAP)
                n += count_functions(a, it);
        }
    }
    return n;
}

static void read_functions(sw_arena *a, sw_service *s, const y_node *fnode,
                           fvec *fns, vec *all)
{
    const y_node *f = y_deref(fnode);
    if (!f)
        return;
    if (f->kind == Y_MAP) {
        y_epair *ps;
        uint32_t n = y_pairs(a, f, &ps);
        for (uint32_t i = 0; i < n; i++)
            read_function(a, s, fns, all, ps[i].key, ps[i].val);
    } else if (f->kind == Y_SEQ) {
        for (uint32_t i = 0; i < f->len; i++) {
            const y_node *it = y_deref(f->u.seq.items[i]);
            if (it && it->kind == Y_MAP)
                read_functions(a, s, it, fns, all);
            else if (it && y_is_unknown(it))
                s->functions_partial = true;
        }
    } else if (y_is_unknown(f)) {
        s->functions_partial = true;
    }
}

sw_service *sw_model_build(sw_arena *a, const y_doc *doc)
{
    sw_service *s = sw_alloc(a, sizeof *s);
    const y_node *root = y_deref(doc->root);
    if (!root || root->kind != Y_MAP)
        return s;
    s->root = root;
    const y_node *prov = y_deref(y_get(root, "provider"));
    if (prov && prov->kind == Y_MAP)
        s->provider = prov;
    s->fwversion = y_get(root, "frameworkVersion");
    const y_node *fv = y_deref(s->fwversion);
    if (fv && fv->kind == Y_SCALAR && !y_is_unknown(fv) &&
        sw_fw_parse(fv->str, fv->len, &s->fw) == 0)
        s->fw_known = true;
    const char *mode = y_known_str(y_get(root, "configValidationMode"));
    s->validation = !mode ? SW_VALIDATION_WARN
                    : strcmp(mode, "error") == 0 ? SW_VALIDATION_ERROR
                    : strcmp(mode, "off") == 0 ? SW_VALIDATION_OFF
                                               : SW_VALIDATION_WARN;
    fvec fns = {0};
    vec all = {0};
    const y_node *fnode = y_get(root, "functions");
    fns.cap = count_functions(a, fnode);
    fns.v = sw_alloc(a, sizeof(sw_function) * (fns.cap ? fns.cap : 1));
    read_functions(a, s, fnode, &fns, &all);
    s->nfns = fns.n;
    s->fns = fns.v; /* in place from the start: the events' fn pointers hold */
    s->nws = all.n;
    s->ws = (sw_wsevent **)vfinish(a, &all);
    /* each function's events were read in one run */
    for (uint32_t i = 0, off = 0; i < s->nfns; off += s->fns[i++].nws)
        s->fns[i].ws = s->ws + off;
    return s;
}

const sw_function *sw_function_find(const sw_service *s, const char *name)
{
    for (uint32_t i = 0; i < s->nfns; i++)
        if (strcmp(s->fns[i].name, name) == 0)
            return &s->fns[i];
    return NULL;
}

bool sw_svc_fw_below(const sw_service *s, int maj, int min)
{
    return s->fw_known && sw_fw_max_below(&s->fw, maj, min);
}

bool sw_svc_fw_at_least(const sw_service *s, int maj, int min)
{
    if (!s->fwversion)
        return true; /* C4: a missing key means the latest v4 */
    return s->fw_known && sw_fw_max_at_least(&s->fw, maj, min);
}

int sw_svc_fw_major(const sw_service *s)
{
    return s->fw_known ? sw_fw_pinned_major(&s->fw) : -1;
}

bool sw_has_plugin(const sw_service *s, const char *name)
{
    if (!s->root)
        return false;
    const y_node *p = y_deref(y_get(s->root, "plugins"));
    if (p && p->kind == Y_MAP)
        p = y_deref(y_get(p, "modules"));
    if (!p || p->kind != Y_SEQ)
        return false;
    for (uint32_t i = 0; i < p->len; i++)
        if (y_str_is(p->u.seq.items[i], name))
            return true;
    return false;
}
