/*
 * The arena allocator behind every analysis (see arena.h): chunks from
 * 16 KiB doubling to 4 MiB; a larger request gets a chunk of its own.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct sw_chunk {
    sw_chunk *next;
    size_t cap;
    size_t mapped;      /* bytes mmap'ed for a big chunk (0: from calloc) */
    _Alignas(max_align_t) unsigned char data[];
};

#define CHUNK_MIN ((size_t)16 * 1024) /* a small file touches few pages */
#define CHUNK_MAX ((size_t)4 * 1024 * 1024)

static void oom(void)
{
    fputs("slsws: out of memory\n", stderr);
    abort();
}

void *sw_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

void sw_arena_init(sw_arena *a)
{
    a->head = NULL;
    a->ptr = a->end = NULL;
}

/* Big chunks are mapped 2 MiB-aligned and offered to transparent huge
   pages: a large document then takes a few hundred page faults instead of
   many thousands, which in a virtual machine is most of the time saved. */
#define HUGE ((size_t)2 * 1024 * 1024)

/* A chunk of at least cap bytes mapped on its own, or NULL. */
static sw_chunk *chunk_map(size_t cap)
{
    size_t total = sizeof(sw_chunk) + cap;
    size_t len = (total + HUGE - 1) & ~(HUGE - 1);
    if (len < total)
        return NULL;
    unsigned char *p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    unsigned char *q = (unsigned char *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
    if (q > p)
        munmap(p, (size_t)(q - p));
    if (q + len < p + len + HUGE)
        munmap(q + len, (size_t)(p + len + HUGE - (q + len)));
#ifdef MADV_HUGEPAGE
    madvise(q, len, MADV_HUGEPAGE);
#endif
    sw_chunk *c = (sw_chunk *)q;
    c->mapped = len;
    c->cap = len - sizeof(sw_chunk);
    return c;
}

static sw_chunk *chunk_new(size_t cap)
{
    size_t total = sizeof(sw_chunk) + cap;
    sw_chunk *c = cap >= HUGE ? chunk_map(cap) : NULL;
    if (c)
        return c;
    c = calloc(1, total);
    if (!c)
        oom();
    c->cap = cap;
    return c;
}

void sw_arena_free(sw_arena *a)
{
    sw_chunk *c = a->head;
    while (c) {
        sw_chunk *next = c->next;
        if (c->mapped)
            munmap(c, c->mapped);
        else
            free(c);
        c = next;
    }
    a->head = NULL;
    a->ptr = a->end = NULL;
}

/* The slow path of sw_alloc and sw_arena_bytes: no room in the current
   chunk. Chunks double up to 4 MiB; calloc hands out zeroed memory (fresh
   pages for large chunks), so allocation itself never clears. A request
   bigger than a chunk gets a chunk of its own, kept behind the current one,
   which still has room for small requests. */
void *sw_arena_grow(sw_arena *a, size_t n)
{
    sw_chunk *c = a->head;
    size_t cap = c ? c->cap * 2 : CHUNK_MIN;
    if (cap > CHUNK_MAX)
        cap = CHUNK_MAX;
    if (cap <= n)
        cap = n + 1;
    if (c && cap == n + 1 && n > CHUNK_MIN) {
        sw_chunk *big = chunk_new(n);
        big->next = c->next;
        c->next = big;
        return big->data;
    }
    c = chunk_new(cap);
    c->next = a->head;
    a->head = c;
    a->ptr = c->data + n;
    a->end = c->data + c->cap;
    return c->data;
}

/* A big input asks for its room at once: one huge-page mapping instead of
   a chain of doubling chunks whose first few megabytes sit in 4 KiB pages.
   Untouched pages cost nothing, so a generous guess is cheap. */
void sw_arena_reserve(sw_arena *a, size_t n)
{
    if (n < HUGE || (uintptr_t)a->end - (uintptr_t)a->ptr >= n)
        return;
    sw_chunk *c = chunk_map(n);
    if (!c)
        return; /* (a hint: without the room, chunks grow as usual) */
    c->next = a->head;
    a->head = c;
    a->ptr = c->data;
    a->end = c->data + c->cap;
}

char *sw_strndup(sw_arena *a, const char *s, size_t n)
{
    char *p = sw_arena_bytes(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *sw_strdup(sw_arena *a, const char *s)
{
    return sw_strndup(a, s, strlen(s));
}

char *sw_vprintf(sw_arena *a, const char *fmt, va_list ap)
{
    /* one formatting pass for the usual short text, two for a long one */
    char buf[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof buf)
        return sw_strndup(a, buf, (size_t)n);
    char *p = sw_arena_bytes(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *sw_printf(sw_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = sw_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
