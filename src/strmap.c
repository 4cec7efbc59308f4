/*
 * The string hash table (see strmap.h): FNV-1a, linear probing, kept at
 * most half full; each slot keeps its key's hash, compared before the key.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void sw_strmap_free(sw_strmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    memset(m, 0, sizeof *m);
}

static uint32_t slot(const sw_strmap *m, const char *k, uint32_t h)
{
    uint32_t i = h & (m->cap - 1);
    while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], k) != 0))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void grow(sw_strmap *m)
{
    sw_strmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 16;
    m->n = 0;
    m->keys = sw_xrealloc(NULL, m->cap * sizeof *m->keys);
    m->vals = sw_xrealloc(NULL, m->cap * sizeof *m->vals);
    m->hashes = sw_xrealloc(NULL, m->cap * sizeof *m->hashes);
    memset(m->keys, 0, m->cap * sizeof *m->keys);
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            uint32_t j = slot(m, old.keys[i], old.hashes[i]);
            m->keys[j] = old.keys[i];
            m->vals[j] = old.vals[i];
            m->hashes[j] = old.hashes[i];
            m->n++;
        }
    sw_strmap_free(&old);
}

void sw_strmap_put(sw_strmap *m, const char *k, void *v)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    uint32_t h = hash(k), i = slot(m, k, h);
    if (!m->keys[i]) {
        m->keys[i] = k;
        m->hashes[i] = h;
        m->n++;
    }
    m->vals[i] = v;
}

void *sw_strmap_get(const sw_strmap *m, const char *k)
{
    if (!m->cap)
        return NULL;
    uint32_t i = slot(m, k, hash(k));
    return m->keys[i] ? m->vals[i] : NULL;
}
