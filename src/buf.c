/*
 * The growable output buffer (see buf.h).
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static void grow(sw_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->p = sw_xrealloc(b->p, cap);
    b->cap = cap;
}

void sw_buf_add(sw_buf *b, const char *s, size_t n)
{
    grow(b, n);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void sw_buf_puts(sw_buf *b, const char *s) { sw_buf_add(b, s, strlen(s)); }

void sw_buf_putc(sw_buf *b, char c) { sw_buf_add(b, &c, 1); }

void sw_buf_printf(sw_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        grow(b, (size_t)n);
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void sw_buf_release(sw_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

const char *sw_buf_cstr(sw_buf *b)
{
    grow(b, 0);
    b->p[b->len] = 0;
    return b->p;
}
