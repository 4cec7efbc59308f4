/*
 * Positions, URIs and text edits for the language server: byte spans to
 * LSP ranges and back in the negotiated encoding (UTF-16 or UTF-8), raw
 * offsets in a document's current text for incremental edits, and file URIs
 * of the document, of the files it includes and of its handler sources.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

json_t *lsp_range(const lsp_server *s, const sw_source *src, uint32_t start, uint32_t end)
{
    sw_pos a = sw_source_pos(src, start, s->unit), b = sw_source_pos(src, end, s->unit);
    return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", (json_int_t)a.line,
                     "character", (json_int_t)a.col, "end", "line", (json_int_t)b.line,
                     "character", (json_int_t)b.col);
}

bool lsp_get_pos(json_t *pos, json_int_t *line, json_int_t *ch)
{
    json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
    if (!json_is_integer(l) || !json_is_integer(c))
        return false;
    *line = json_integer_value(l);
    *ch = json_integer_value(c);
    return *line >= 0 && *ch >= 0 && *line < 0x7fffffff && *ch < 0x7fffffff;
}

bool lsp_offset(const lsp_server *s, const sw_source *src, json_t *pos, uint32_t *off)
{
    json_int_t line, ch;
    if (!lsp_get_pos(pos, &line, &ch))
        return false;
    sw_pos p = {(uint32_t)line, (uint32_t)ch};
    *off = sw_source_offset(src, p, s->unit);
    return true;
}

/* Offset of a position in raw text (no line table: edits arrive faster
   than analyses, so the current text has none). */
size_t lsp_text_offset(const lsp_server *s, const char *t, size_t len, json_int_t line,
                          json_int_t ch)
{
    size_t i = 0;
    if (!memchr(t, '\r', len)) { /* line feeds only: memchr finds them fast */
        for (json_int_t l = 0; l < line && i < len; l++) {
            const char *nl = memchr(t + i, '\n', len - i);
            i = nl ? (size_t)(nl - t) + 1 : len;
        }
    } else {
        for (json_int_t l = 0; l < line && i < len; i++)
            if (t[i] == '\n' || (t[i] == '\r' && !(i + 1 < len && t[i + 1] == '\n')))
                l++;
    }
    json_int_t col = 0;
    while (i < len && col < ch && t[i] != '\n' && t[i] != '\r') {
        unsigned char c = (unsigned char)t[i];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        json_int_t w = s->unit == SW_UNIT_BYTE ? (json_int_t)k : (k == 4 ? 2 : 1);
        if (col + w > ch)
            break;
        col += w;
        i += k;
        if (i > len)
            i = len;
    }
    return i;
}

void lsp_doc_replace(lsp_doc *d, size_t start, size_t end, const char *t, size_t n)
{
    size_t newlen = d->len - (end - start) + n;
    if (newlen + 1 > d->cap) {
        d->cap = newlen + 1 + newlen / 2;
        d->text = sw_xrealloc(d->text, d->cap);
    }
    memmove(d->text + start + n, d->text + end, d->len - end);
    memcpy(d->text + start, t, n);
    d->len = newlen;
    d->text[d->len] = 0;
}

/* ---- URIs ---- */

char *lsp_uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (*p != '/') { /* file://host/path: keep only local ones */
        if (strncmp(p, "localhost/", 10) != 0)
            return NULL;
        p += 9;
    }
    char *out = sw_xrealloc(NULL, strlen(p) + 1), *o = out;
    for (; *p; p++) {
        if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            char hex[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return out;
}

/* path with "." and ".." segments and repeated slashes folded away, in a
   (a handler written as ../shared/x.run opens service/../shared/x.js). */
static char *fold_path(sw_arena *a, const char *path)
{
    size_t n = strlen(path);
    char *out = sw_alloc(a, n + 2), *o = out;
    *o++ = '/';
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        const char *e = strchr(p, '/');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == 0)
            break;
        if (k == 1 && p[0] == '.') {
            /* nothing */
        } else if (k == 2 && p[0] == '.' && p[1] == '.') {
            if (o > out + 1)
                o--;
            while (o > out + 1 && o[-1] != '/')
                o--;
        } else {
            memcpy(o, p, k);
            o += k;
            *o++ = '/';
        }
        p += k;
    }
    if (o > out + 1)
        o--;
    *o = 0;
    return out;
}

const char *lsp_path_uri(sw_arena *a, const char *path)
{
    char *abs = path[0] == '/' ? NULL : realpath(path, NULL);
    char cwd[4096];
    const char *full = abs                                         ? abs
                       : path[0] == '/' || !getcwd(cwd, sizeof cwd) ? path
                                                                    : sw_printf(a, "%s/%s", cwd, path);
    const char *use = fold_path(a, full);
    free(abs);
    size_t n = strlen(use);
    char *out = sw_alloc(a, 8 + n * 3 + 1), *o = out;
    o += sprintf(o, "file://");
    for (const char *q = use; *q; q++) {
        unsigned char ch = (unsigned char)*q;
        if (isalnum(ch) || strchr("/-._~", ch))
            *o++ = (char)ch;
        else
            o += sprintf(o, "%%%02X", ch);
    }
    *o = 0;
    return out;
}

const char *lsp_source_uri(lsp_analysis *a, const lsp_doc *d, const sw_source *src)
{
    if (src == &a->an.src)
        return d->uri;
    const sw_resolver *r = &a->an.res;
    for (uint32_t i = 0; i < r->ninc; i++)
        if (&r->inc[i]->src == src)
            return lsp_path_uri(&a->an.arena, r->inc[i]->path);
    const sw_srcfile *f = sw_xfile_source(a->an.xfile, src);
    if (f)
        return lsp_path_uri(&a->an.arena, f->path);
    return d->uri;
}
