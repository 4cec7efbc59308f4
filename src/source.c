/*
 * Line tables and offset <-> position conversion (see source.h).
 */
#include "source.h"

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

static bool is_break(const char *t, uint32_t i, uint32_t len)
{
    return t[i] == '\n' || (t[i] == '\r' && !(i + 1 < len && t[i + 1] == '\n'));
}

void sw_source_init(sw_source *s, sw_arena *a, const char *path,
                    const char *text, size_t len)
{
    s->path = path;
    s->text = text;
    s->len = (uint32_t)len;
    s->bom = (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    /* memchr finds line feeds fast; a text with no '\r' needs nothing else */
    bool has_cr = memchr(text, '\r', len) != NULL;
    uint32_t n = 1;
    if (has_cr) {
        for (uint32_t i = 0; i < s->len; i++)
            if ((text[i] == '\n' || text[i] == '\r') && is_break(text, i, s->len))
                n++;
    } else {
        for (const char *p = text, *e = text + len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
            n++;
    }
    s->lines = sw_alloc(a, sizeof(uint32_t) * n);
    s->lines[0] = 0;
    uint32_t k = 1;
    if (has_cr) {
        for (uint32_t i = 0; k < n; i++)
            if ((text[i] == '\n' || text[i] == '\r') && is_break(text, i, s->len))
                s->lines[k++] = i + 1;
    } else {
        for (const char *p = text, *e = text + len; k < n && (p = memchr(p, '\n', (size_t)(e - p))); p++)
            s->lines[k++] = (uint32_t)(p - text) + 1;
    }
    s->nlines = n;
    /* ASCII test a word at a time */
    uint64_t high = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        high |= w;
    }
    for (; i < len; i++)
        high |= (unsigned char)text[i];
    s->ascii = (high & 0x8080808080808080ull) == 0;
    s->bad_utf8 = s->ascii ? s->len : (uint32_t)sw_utf8_check(text, len);
}

uint32_t sw_source_line_of(const sw_source *s, uint32_t off)
{
    uint32_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static uint32_t line_end(const sw_source *s, uint32_t line)
{
    uint32_t end = line + 1 < s->nlines ? s->lines[line + 1] : s->len;
    while (end > s->lines[line] &&
           (s->text[end - 1] == '\n' || s->text[end - 1] == '\r'))
        end--;
    return end;
}

/* width of the character at i in the given unit, and its byte length */
static uint32_t step(const sw_source *s, uint32_t i, sw_unit unit, uint32_t *w)
{
    const unsigned char *u = (const unsigned char *)s->text;
    if (u[i] < 0x80) {
        *w = 1;
        return 1;
    }
    uint32_t cp;
    size_t k = sw_utf8_decode(u + i, s->len - i, &cp);
    if (!k) { /* an invalid byte counts as one unit of anything */
        *w = 1;
        return 1;
    }
    *w = unit == SW_UNIT_BYTE ? (uint32_t)k
         : unit == SW_UNIT_UTF16 ? (cp >= 0x10000 ? 2 : 1) : 1;
    return (uint32_t)k;
}

sw_pos sw_source_pos(const sw_source *s, uint32_t off, sw_unit unit)
{
    if (off > s->len)
        off = s->len;
    sw_pos p;
    p.line = sw_source_line_of(s, off);
    uint32_t start = s->lines[p.line];
    if (unit == SW_UNIT_BYTE || s->ascii) {
        p.col = off - start;
        return p;
    }
    uint32_t col = 0, i = start, w;
    while (i < off) {
        i += step(s, i, unit, &w);
        col += w;
    }
    p.col = col;
    return p;
}

uint32_t sw_source_offset(const sw_source *s, sw_pos p, sw_unit unit)
{
    if (p.line >= s->nlines)
        return s->len;
    uint32_t i = s->lines[p.line], end = line_end(s, p.line);
    if (unit == SW_UNIT_BYTE || s->ascii)
        return i + p.col < end ? i + p.col : end;
    uint32_t col = 0, w;
    while (i < end && col < p.col) {
        uint32_t k = step(s, i, unit, &w);
        if (col + w > p.col)
            break; /* inside a surrogate pair: stay before it */
        col += w;
        i += k;
    }
    return i;
}

const char *sw_source_line(const sw_source *s, uint32_t line, uint32_t *len)
{
    if (line >= s->nlines) {
        *len = 0;
        return s->text + s->len;
    }
    *len = line_end(s, line) - s->lines[line];
    return s->text + s->lines[line];
}

void sw_markconv_init(sw_markconv *m, const sw_source *s)
{
    m->src = s;
    m->cp = 0;
    m->byte = m->hi = s->bom;
    if (s->ascii)
        m->hi = s->len;
}

uint32_t sw_markconv_seek(sw_markconv *m, size_t index)
{
    const sw_source *s = m->src;
    if (s->ascii)
        return index + s->bom > s->len ? s->len : (uint32_t)index + s->bom;
    const unsigned char *u = (const unsigned char *)s->text;
    /* forward: the bytes before m->hi are ASCII, one code point each, so
       the cursor jumps over them; past a multi-byte character the next
       one is looked for (once: the cursor rarely goes back) */
    while (m->cp < index && m->byte < s->len) {
        if (m->hi == m->byte)
            m->hi = (uint32_t)sw_ascii_run_end(u, m->byte, s->len);
        if (m->hi > m->byte) {
            size_t want = index - m->cp;
            uint32_t k = want < m->hi - m->byte ? (uint32_t)want : m->hi - m->byte;
            m->byte += k;
            m->cp += k;
            continue;
        }
        m->byte++;
        while (m->byte < s->len && (u[m->byte] & 0xC0) == 0x80)
            m->byte++;
        m->cp++;
        m->hi = m->byte;
    }
    while (m->cp > index && m->byte > s->bom) {
        m->byte--;
        while (m->byte > s->bom && (u[m->byte] & 0xC0) == 0x80)
            m->byte--;
        m->cp--;
        m->hi = m->byte; /* (may have crossed a multi-byte character) */
    }
    return m->byte;
}
