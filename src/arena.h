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

typedef struct sw_chunk sw_chunk;
typedef struct sw_arena {
    sw_chunk *head;
    size_t used;   /* bytes handed out, for the benchmarks */
} sw_arena;

void sw_arena_init(sw_arena *a);
void sw_arena_free(sw_arena *a);
void *sw_alloc(sw_arena *a, size_t n);           /* zeroed, 8-byte aligned */
/* Strings (from here and the printf pair) are not aligned. */
char *sw_strndup(sw_arena *a, const char *s, size_t n);
char *sw_strdup(sw_arena *a, const char *s);
char *sw_printf(sw_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *sw_vprintf(sw_arena *a, const char *fmt, va_list ap);

/* Heap helpers that abort on failure, for growable vectors outside arenas. */
void *sw_xrealloc(void *p, size_t n);

#endif
