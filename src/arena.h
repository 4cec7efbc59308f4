/*
 * A chunked bump allocator. Every analysis owns one arena: the YAML tree, the
 * service model, messages and diagnostics all live in it and are released
 * together with sw_arena_free(), so no analysis object needs its own free.
 * Allocation failure aborts the process with a message (out of memory is the
 * one error slsws does not try to survive).
 */
#ifndef SW_ARENA_H
#define SW_ARENA_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sw_chunk sw_chunk;
typedef struct sw_arena {
    sw_chunk *head;
    unsigned char *ptr, *end; /* the free part of the current chunk */
} sw_arena;

void sw_arena_init(sw_arena *a);
void sw_arena_free(sw_arena *a);
void *sw_arena_grow(sw_arena *a, size_t n);  /* (the slow path) */
/* Room for about n more bytes in one chunk (a hint for big inputs). */
void sw_arena_reserve(sw_arena *a, size_t n);

/* Zeroed (chunks come zeroed and are never reused), 8-byte aligned. The
   common case, room in the current chunk, is inline: a big document makes
   one allocation per node. */
static inline void *sw_alloc(sw_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    uintptr_t p = ((uintptr_t)a->ptr + 7) & ~(uintptr_t)7;
    if (p <= (uintptr_t)a->end && (uintptr_t)a->end - p > n) {
        a->ptr = (unsigned char *)(p + n);
        return (void *)p;
    }
    return sw_arena_grow(a, n);
}

/* n bytes, unaligned (strings). */
static inline char *sw_arena_bytes(sw_arena *a, size_t n)
{
    if ((uintptr_t)a->end - (uintptr_t)a->ptr > n) {
        char *p = (char *)a->ptr;
        a->ptr += n;
        return p;
    }
    return sw_arena_grow(a, n);
}

/* Strings (from here and the printf pair) are not aligned. */
char *sw_strndup(sw_arena *a, const char *s, size_t n);
char *sw_strdup(sw_arena *a, const char *s);
char *sw_printf(sw_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *sw_vprintf(sw_arena *a, const char *fmt, va_list ap);

/* Heap helpers that abort on failure, for growable vectors outside arenas. */
void *sw_xrealloc(void *p, size_t n);

#endif
