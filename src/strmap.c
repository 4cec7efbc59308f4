/*
 * The string hash table (see strmap.h): FNV-1a, linear probing, kept at
 * most half full.
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
    memset(m, 0, sizeof *m);
}

static uint32_t slot(const sw_strmap *m, const char *k)
{
    uint32_t i = hash(k) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], k) != 0)
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
    memset(m->keys, 0, m->cap * sizeof *m->keys);
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.keys[i])
            sw_strmap_put(m, old.keys[i], old.vals[i]);
    sw_strmap_free(&old);
}

void sw_strmap_put(sw_strmap *m, const char *k, void *v)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    uint32_t i = slot(m, k);
    if (!m->keys[i]) {
        m->keys[i] = k;
        m->n++;
    }
    m->vals[i] = v;
}

void *sw_strmap_get(const sw_strmap *m, const char *k)
{
    if (!m->cap)
        return NULL;
    uint32_t i = slot(m, k);
    return m->keys[i] ? m->vals[i] : NULL;
}
