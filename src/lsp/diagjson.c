/*
 * Diagnostics as LSP JSON, written straight into a byte buffer, and their
 * publishing: it runs after every edit and a service has hundreds of
 * findings, so building jansson trees only to dump and free them cost as
 * much as a third of the server's time per edit. The bytes are what jansson's compact dump of the
 * same objects gives (same keys, order and escaping); code actions, which
 * need a tree, parse them back (lsp_diagnostic_json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "../rule.h"
#include "server.h"

/* The length of the valid UTF-8 sequence at p (lead byte >= 0x80) as
   jansson sees it (no overlongs, surrogates or code points above U+10FFFF:
   json_string() refuses those), 0 when invalid. */
static size_t utf8_seq(const unsigned char *p)
{
    unsigned c = *p, cp;
    size_t k;
    if (c >= 0xC2 && c <= 0xDF)
        k = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        k = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        k = 3, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i <= k; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k + 1;
}

static bool utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t k = *p < 0x80 ? 1 : utf8_seq(p);
        if (!k)
            return false;
        p += k;
    }
    return true;
}

#define LIT(b, s) sw_buf_add((b), (s), sizeof(s) - 1)

/* s as a JSON string, escaped as jansson escapes it; false (and b as it
   was) when s is not valid UTF-8. */
static bool put_str(sw_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    static unsigned char plain[256]; /* 1: printable ASCII written as is */
    if (!plain['a'])
        for (unsigned c = 0x20; c < 0x80; c++)
            plain[c] = c != '"' && c != '\\';
    size_t mark = b->len;
    sw_buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (;;) {
        while (plain[*p])
            p++;
        unsigned c = *p;
        if (c >= 0x80) {
            size_t k = utf8_seq(p);
            if (!k) {
                b->len = mark;
                b->p[mark] = 0;
                return false;
            }
            p += k;
            continue;
        }
        sw_buf_add(b, (const char *)run, (size_t)(p - run));
        if (!c)
            break;
        char e[6] = {'\\', 0};
        size_t n = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            memcpy(e + 1, "u00", 3);
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            n = 6;
        }
        sw_buf_add(b, e, n);
        run = ++p;
    }
    sw_buf_putc(b, '"');
    return true;
}

/* A message: text that is not valid UTF-8 is said to be so. */
static void put_text(sw_buf *b, const char *s)
{
    if (!put_str(b, s))
        put_str(b, "(text that is not valid UTF-8)");
}

static void put_uint(sw_buf *b, uint32_t v)
{
    char t[12], *e = t + sizeof t, *p = e;
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    sw_buf_add(b, p, (size_t)(e - p));
}

void lsp_range_write(sw_buf *b, const lsp_server *s, const sw_source *src, uint32_t start,
                     uint32_t end)
{
    sw_pos p = sw_source_pos(src, start, s->unit);
    sw_pos q = end == start ? p : sw_source_pos(src, end, s->unit);
    LIT(b, "{\"start\":{\"line\":");
    put_uint(b, p.line);
    LIT(b, ",\"character\":");
    put_uint(b, p.col);
    LIT(b, "},\"end\":{\"line\":");
    put_uint(b, q.line);
    LIT(b, ",\"character\":");
    put_uint(b, q.col);
    LIT(b, "}}");
}

/* lsp_source_uri, remembered for the last source asked about (related
   information points into the same few files over and over). */
static const char *source_uri(lsp_uri_memo *m, lsp_analysis *a, const lsp_doc *d,
                              const sw_source *src)
{
    if (src == &a->an.src)
        return d->uri;
    if (m->src != src || m->a != a) {
        m->a = a;
        m->src = src;
        m->uri = lsp_source_uri(a, d, src);
        m->ok = utf8_ok(m->uri);
    }
    return m->uri;
}

void lsp_diagnostic_write(sw_buf *b, const lsp_server *s, lsp_analysis *a, const lsp_doc *d,
                          const sw_diag *g, lsp_uri_memo *memo)
{
    static const char *const lsp_sev[] = {"4", "3", "2", "1"}; /* off/info/warning/error */
    LIT(b, "{\"range\":");
    lsp_range_write(b, s, g->src, g->start, g->end);
    LIT(b, ",\"severity\":");
    sw_buf_puts(b, lsp_sev[g->sev]);
    LIT(b, ",\"code\":");
    put_str(b, g->rule->code);
    LIT(b, ",\"source\":\"slsws\",\"message\":");
    put_text(b, g->msg);
    if (g->nrel) {
        LIT(b, ",\"relatedInformation\":[");
        bool first = true;
        for (uint32_t i = 0; i < g->nrel; i++) {
            lsp_uri_memo one = {0};
            lsp_uri_memo *m = memo ? memo : &one;
            const char *uri = source_uri(m, a, d, g->rel[i].src);
            if (g->rel[i].src != &a->an.src && !m->ok)
                continue; /* not representable: jansson left it out too */
            if (!first)
                sw_buf_putc(b, ',');
            first = false;
            LIT(b, "{\"location\":{\"uri\":");
            put_str(b, uri);
            LIT(b, ",\"range\":");
            lsp_range_write(b, s, g->rel[i].src, g->rel[i].start, g->rel[i].end);
            LIT(b, "},\"message\":");
            put_text(b, g->rel[i].msg);
            sw_buf_putc(b, '}');
        }
        sw_buf_putc(b, ']');
    }
    if (g->tags) {
        LIT(b, ",\"tags\":[");
        if (g->tags & SW_TAG_UNNECESSARY)
            sw_buf_putc(b, '1');
        if ((g->tags & SW_TAG_UNNECESSARY) && (g->tags & SW_TAG_DEPRECATED))
            sw_buf_putc(b, ',');
        if (g->tags & SW_TAG_DEPRECATED)
            sw_buf_putc(b, '2');
        sw_buf_putc(b, ']');
    }
    LIT(b, ",\"data\":{\"code\":");
    put_str(b, g->rule->code);
    LIT(b, ",\"name\":");
    put_str(b, g->rule->name);
    if (g->fix) {
        LIT(b, ",\"fix\":{\"title\":");
        put_text(b, g->fix->title);
        sw_buf_puts(b, g->fix->safe ? ",\"safe\":true,\"edits\":[" : ",\"safe\":false,\"edits\":[");
        bool first = true;
        for (uint32_t i = 0; i < g->fix->n; i++) {
            const sw_edit *e = &g->fix->edits[i];
            if (!utf8_ok(e->text))
                continue; /* as jansson did: such an edit was dropped */
            if (!first)
                sw_buf_putc(b, ',');
            first = false;
            LIT(b, "{\"range\":");
            lsp_range_write(b, s, g->src, e->start, e->end);
            LIT(b, ",\"newText\":");
            put_str(b, e->text);
            sw_buf_putc(b, '}');
        }
        LIT(b, "]}");
    }
    LIT(b, "}}");
}

/* ---- publishing ---- */

#define PUBLISH_HEAD                                                                    \
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":"

/* An empty list for uri. */
static void clear(lsp_server *s, const char *uri)
{
    sw_buf *b = &s->out;
    b->len = 0;
    LIT(b, PUBLISH_HEAD);
    if (put_str(b, uri)) {
        LIT(b, ",\"diagnostics\":[]}}");
        sw_rpc_write_raw(&s->rpc, b->p, b->len);
    }
}

typedef struct inc_list {
    const char *uri;
    sw_buf b;
} inc_list;

void lsp_publish(lsp_server *s, lsp_doc *d)
{
    lsp_analysis *a = lsp_doc_analysis(s, d);
    d->unpublished = false;
    sw_buf *b = &s->out;
    b->len = 0;
    LIT(b, PUBLISH_HEAD);
    put_str(b, d->uri);
    sw_buf_printf(b, ",\"version\":%" JSON_INTEGER_FORMAT ",\"diagnostics\":[", d->version);
    inc_list *inc = NULL;
    uint32_t ninc = 0;
    lsp_uri_memo memo = {0};
    bool first = true;
    for (uint32_t i = 0; i < a->an.diags.n; i++) {
        const sw_diag *g = &a->an.diags.v[i];
        if (g->src == &a->an.src) {
            if (!first)
                sw_buf_putc(b, ',');
            first = false;
            lsp_diagnostic_write(b, s, a, d, g, &memo);
            continue;
        }
        const char *uri = lsp_source_uri(a, d, g->src);
        uint32_t k = 0;
        while (k < ninc && strcmp(inc[k].uri, uri) != 0)
            k++;
        if (k == ninc) {
            inc = sw_xrealloc(inc, sizeof *inc * (ninc + 1));
            inc[ninc].uri = uri;
            memset(&inc[ninc].b, 0, sizeof inc[ninc].b);
            ninc++;
        } else {
            sw_buf_putc(&inc[k].b, ',');
        }
        lsp_diagnostic_write(&inc[k].b, s, a, d, g, &memo);
    }
    LIT(b, "]}}");
    sw_rpc_write_raw(&s->rpc, b->p, b->len);
    for (uint32_t i = 0; i < d->ninc_uris; i++) {
        uint32_t k = 0;
        while (k < ninc && strcmp(inc[k].uri, d->inc_uris[i]) != 0)
            k++;
        if (k == ninc)
            clear(s, d->inc_uris[i]);
    }
    lsp_doc_forget_includes(d);
    d->inc_uris = sw_xrealloc(NULL, sizeof(char *) * (ninc + 1));
    for (uint32_t k = 0; k < ninc; k++) {
        b->len = 0;
        LIT(b, PUBLISH_HEAD);
        if (put_str(b, inc[k].uri)) { /* a URI jansson cannot hold was never published */
            LIT(b, ",\"diagnostics\":[");
            sw_buf_add(b, inc[k].b.p, inc[k].b.len);
            LIT(b, "]}}");
            sw_rpc_write_raw(&s->rpc, b->p, b->len);
            d->inc_uris[d->ninc_uris++] = strdup(inc[k].uri);
        }
        sw_buf_release(&inc[k].b);
    }
    free(inc);
}

json_t *lsp_diagnostic_json(const lsp_server *s, lsp_analysis *a, const lsp_doc *d,
                            const sw_diag *g)
{
    sw_buf b = {0};
    lsp_diagnostic_write(&b, s, a, d, g, NULL);
    json_t *j = json_loadb(b.p, b.len, 0, NULL);
    sw_buf_release(&b);
    return j;
}
