/*
 * Directory listings read once per analysis (see dircache.h): a table of
 * directories by path, each holding its entries in readdir order with an
 * index by name. The entries are gathered in a heap vector while reading
 * and copied to the arena at their exact count.
 */
#include "dircache.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint32_t hash(const char *s, size_t n)
{
    uint32_t x = 2166136261u;
    for (size_t i = 0; i < n; i++)
        x = (x ^ (unsigned char)s[i]) * 16777619u;
    return x;
}

void sw_dircache_init(sw_dircache *dc, sw_arena *a)
{
    memset(dc, 0, sizeof *dc);
    dc->a = a;
}

static bool same(const char *key, const char *s, size_t n)
{
    return strncmp(key, s, n) == 0 && key[n] == 0;
}

/* The slot of dir[0, len): its listing, or the empty slot to fill. */
static sw_dirlist **slot(sw_dircache *dc, const char *dir, size_t len)
{
    if (2 * (dc->n + 1) > dc->cap) {   /* at most half full */
        uint32_t cap = dc->cap ? dc->cap * 2 : 16;
        sw_dirlist **s = sw_alloc(dc->a, sizeof *s * cap);
        for (uint32_t i = 0; i < dc->cap; i++) {
            if (!dc->slots[i])
                continue;
            uint32_t j = hash(dc->slots[i]->path, strlen(dc->slots[i]->path)) & (cap - 1);
            while (s[j])
                j = (j + 1) & (cap - 1);
            s[j] = dc->slots[i];
        }
        dc->slots = s;
        dc->cap = cap;
    }
    uint32_t i = hash(dir, len) & (dc->cap - 1);
    while (dc->slots[i] && !same(dc->slots[i]->path, dir, len))
        i = (i + 1) & (dc->cap - 1);
    return &dc->slots[i];
}

typedef struct entries {
    const char **names;
    unsigned char *types;
    uint32_t n, cap;
} entries;

static void push(sw_arena *a, entries *v, const struct dirent *e)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->names = sw_xrealloc(v->names, sizeof *v->names * v->cap);
        v->types = sw_xrealloc(v->types, v->cap);
    }
    v->names[v->n] = sw_strdup(a, e->d_name);
    v->types[v->n++] = e->d_type;
}

static void list(sw_arena *a, sw_dirlist *l)
{
    DIR *dp = opendir(l->path);
    if (!dp) {
        l->state = errno == ENOENT || errno == ENOTDIR ? SW_DIR_MISSING : SW_DIR_UNREADABLE;
        return;
    }
    entries v = {0};
    struct dirent *e;
    l->state = SW_DIR_LISTED;
    while ((e = readdir(dp))) {
        if (v.n == SW_DIR_MAX_ENTRIES) {
            l->state = SW_DIR_TRUNCATED;
            break;
        }
        push(a, &v, e);
    }
    closedir(dp);
    l->n = v.n;
    l->names = sw_alloc(a, sizeof *l->names * (v.n ? v.n : 1));
    l->types = sw_alloc(a, v.n ? v.n : 1);
    if (v.n) {
        memcpy(l->names, v.names, sizeof *l->names * v.n);
        memcpy(l->types, v.types, v.n);
    }
    free(v.names);
    free(v.types);
    if (l->state != SW_DIR_LISTED)
        return;
    for (l->cap = 16; l->cap < 2 * l->n; l->cap *= 2)
        ;
    l->index = sw_alloc(a, sizeof *l->index * l->cap);
    for (uint32_t k = 0; k < l->n; k++) {
        uint32_t j = hash(l->names[k], strlen(l->names[k])) & (l->cap - 1);
        while (l->index[j])
            j = (j + 1) & (l->cap - 1);
        l->index[j] = k + 1;
    }
}

/* Whether the listing of dir's parent, when there is one already, says dir
   does not exist (pkg/__init__.py after pkg.py was looked for). */
static bool parent_lacks(sw_dircache *dc, const char *dir, size_t len)
{
    size_t cut = len;
    while (cut > 0 && dir[cut - 1] != '/')
        cut--;
    const char *name = dir + cut;
    size_t n = len - cut;
    if (cut == 0 || n == 0 || (name[0] == '.' && (n == 1 || (n == 2 && name[1] == '.'))))
        return false;
    sw_dirlist *p = *slot(dc, dir, cut - 1 ? cut - 1 : 1);
    if (!p || p->state == SW_DIR_UNREADABLE || p->state == SW_DIR_TRUNCATED)
        return false;
    if (p->state == SW_DIR_MISSING)
        return true;
    uint32_t j = hash(name, n) & (p->cap - 1);
    for (; p->index[j]; j = (j + 1) & (p->cap - 1)) {
        uint32_t k = p->index[j] - 1;
        if (same(p->names[k], name, n))
            return p->types[k] != DT_DIR && p->types[k] != DT_LNK && p->types[k] != DT_UNKNOWN;
    }
    return true;
}

const sw_dirlist *sw_dircache_get(sw_dircache *dc, const char *dir, size_t len)
{
    if (len == 0) {             /* the root's entries: "/x.js" */
        dir = "/";
        len = 1;
    }
    sw_dirlist **s = slot(dc, dir, len);
    if (!*s) {
        sw_dirlist *l = sw_alloc(dc->a, sizeof *l);
        l->path = sw_strndup(dc->a, dir, len);
        if (parent_lacks(dc, dir, len))
            l->state = SW_DIR_MISSING;
        else
            list(dc->a, l);
        s = slot(dc, dir, len);   /* parent_lacks may have grown the table */
        *s = l;
        dc->n++;
    }
    return *s;
}

bool sw_dirlist_may_hold(const sw_dirlist *l, const char *name, size_t len)
{
    if (l->state == SW_DIR_MISSING)
        return false;
    if (l->state != SW_DIR_LISTED)
        return true;
    uint32_t j = hash(name, len) & (l->cap - 1);
    for (; l->index[j]; j = (j + 1) & (l->cap - 1)) {
        uint32_t k = l->index[j] - 1;
        if (!same(l->names[k], name, len))
            continue;
        unsigned char t = l->types[k];
        return t == DT_REG || t == DT_LNK || t == DT_UNKNOWN;
    }
    return false;
}
