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

/* One formatting pass when the text fits the room left (grown to at least
   256 bytes first), a second one into an exact-size room when it does not. */
void sw_buf_printf(sw_buf *b, const char *fmt, ...)
{
    grow(b, 256);
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    size_t room = b->cap - b->len;
    int n = vsnprintf(b->p + b->len, room, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n >= room) {
        grow(b, (size_t)n);
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    }
    if (n > 0)
        b->len += (size_t)n;
    else
        b->p[b->len] = 0; /* (an error leaves the buffer as it was) */
    va_end(ap2);
}

/* Decimal digits of an unsigned number. */
void sw_buf_putu(sw_buf *b, unsigned long long v)
{
    char d[24];
    int i = (int)sizeof d;
    do
        d[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    sw_buf_add(b, d + i, sizeof d - (size_t)i);
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
