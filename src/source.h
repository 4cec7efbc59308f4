/*
 * A source text: the bytes of one file, stdin or editor buffer, with its
 * line-start table. Everything inside slsws addresses text by byte offset;
 * this module is the one place that turns offsets into lines and columns
 * (code points for the CLI, UTF-16 or UTF-8 units for the language server)
 * and back. Lines break at "\n", "\r\n" and "\r" only, as LSP counts them.
 */
#ifndef SW_SOURCE_H
#define SW_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef enum { SW_UNIT_BYTE, SW_UNIT_CP, SW_UNIT_UTF16 } sw_unit;

typedef struct sw_source {
    const char *path;    /* as given by the user, for display */
    const char *text;    /* not owned */
    uint32_t len;
    uint32_t *lines;     /* byte offset where each line starts */
    uint32_t nlines;
    uint32_t bom;        /* 3 when the text starts with a UTF-8 BOM */
    uint32_t bad_utf8;   /* offset of the first invalid UTF-8 byte, or len */
    int ascii;           /* no byte >= 0x80 */
} sw_source;

typedef struct sw_pos {
    uint32_t line;       /* 0-based */
    uint32_t col;        /* 0-based, in the requested unit */
} sw_pos;

/* len must be below 4 GiB; callers cap input size well before that. */
void sw_source_init(sw_source *s, sw_arena *a, const char *path,
                    const char *text, size_t len);
uint32_t sw_source_line_of(const sw_source *s, uint32_t off);
sw_pos sw_source_pos(const sw_source *s, uint32_t off, sw_unit unit);
/* Inverse of sw_source_pos; positions past a line's end clamp to its end. */
uint32_t sw_source_offset(const sw_source *s, sw_pos p, sw_unit unit);
/* The line's bytes without its line break. */
const char *sw_source_line(const sw_source *s, uint32_t line, uint32_t *len);

/* Converts libyaml mark indexes (code points, BOM excluded) into byte
   offsets. Marks arrive nearly in order, so a cursor walks forward (or
   back) from the previous answer, jumping over runs of ASCII. */
typedef struct sw_markconv {
    const sw_source *src;
    uint32_t cp, byte;
    uint32_t hi;         /* the bytes in [byte, hi) are ASCII */
} sw_markconv;
void sw_markconv_init(sw_markconv *m, const sw_source *s);
uint32_t sw_markconv_seek(sw_markconv *m, size_t index);

/* The byte offset of code point `index`. Inline for the common case, a
   mark a little ahead of the last one within a run of ASCII (in an ASCII
   file the run is the whole text). */
static inline uint32_t sw_markconv_byte(sw_markconv *m, size_t index)
{
    if (index >= m->cp && index - m->cp <= (size_t)(m->hi - m->byte)) {
        m->byte += (uint32_t)(index - m->cp);
        m->cp = (uint32_t)index;
        return m->byte;
    }
    return sw_markconv_seek(m, index);
}

#endif
