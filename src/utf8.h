/*
 * UTF-8 primitives shared by the source model, the formatters and the
 * language server: strict decoding (overlongs, surrogates and values past
 * U+10FFFF are invalid), UTF-16 unit counts, and terminal display width for
 * aligning carets under CJK and emoji text.
 */
#ifndef SW_UTF8_H
#define SW_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (n bytes available). Returns its length in
   bytes, or 0 when the bytes there are not valid UTF-8. */
size_t sw_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* The first byte >= 0x80 at or after i (n when none), a word at a time. */
size_t sw_ascii_run_end(const unsigned char *u, size_t i, size_t n);

/* Offset of the first invalid byte in s, or n when s is valid UTF-8. */
size_t sw_utf8_check(const char *s, size_t n);

/* Columns a code point takes on a terminal: 0, 1 or 2. */
int sw_cp_width(uint32_t cp);

/* Appends the UTF-8 encoding of cp to out (at least 4 bytes); returns bytes. */
size_t sw_utf8_encode(uint32_t cp, char *out);

#endif
