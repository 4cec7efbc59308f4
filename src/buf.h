/*
 * A growable byte buffer on the heap, for assembling output (formatted
 * diagnostics, generated text) before it is written in one go.
 */
#ifndef SW_BUF_H
#define SW_BUF_H

#include <stddef.h>

typedef struct sw_buf {
    char *p;
    size_t len, cap;
} sw_buf;

void sw_buf_add(sw_buf *b, const char *s, size_t n);
void sw_buf_puts(sw_buf *b, const char *s);
void sw_buf_putc(sw_buf *b, char c);
void sw_buf_putu(sw_buf *b, unsigned long long v); /* in decimal */
void sw_buf_printf(sw_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sw_buf_release(sw_buf *b);
const char *sw_buf_cstr(sw_buf *b); /* NUL-terminated view, valid until the next add */

#endif
