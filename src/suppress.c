/*
 * Comment recovery and suppression directives (see suppress.h).
 */
#include "suppress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- comments ---- */

typedef struct spanvec {
    uint32_t (*v)[2];
    uint32_t n, cap;
} spanvec;

static void push_span(spanvec *sv, uint32_t a, uint32_t b)
{
    if (sv->n == sv->cap) {
        sv->cap = sv->cap ? sv->cap * 2 : 64;
        sv->v = sw_xrealloc(sv->v, sv->cap * sizeof *sv->v);
    }
    sv->v[sv->n][0] = a;
    sv->v[sv->n][1] = b;
    sv->n++;
}

/* Scalar spans in document order; aliases point elsewhere and are skipped. */
static void scalars(const y_node *n, spanvec *sv, int depth)
{
    if (!n || depth > Y_MAX_DEPTH + 2)
        return;
    if (n->kind == Y_SCALAR) {
        if (n->end > n->start)
            push_span(sv, n->start, n->end);
    } else if (n->kind == Y_SEQ) {
        for (uint32_t i = 0; i < n->u.seq.n; i++)
            scalars(n->u.seq.items[i], sv, depth + 1);
    } else if (n->kind == Y_MAP) {
        for (uint32_t i = 0; i < n->u.map.n; i++) {
            scalars(n->u.map.pairs[i].key, sv, depth + 1);
            scalars(n->u.map.pairs[i].val, sv, depth + 1);
        }
    }
}

static int cmp_span(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

uint32_t sw_comments(sw_arena *a, const y_doc *doc, sw_comment **out)
{
    const sw_source *s = doc->src;
    const char *t = s->text;
    spanvec sv = {0};
    scalars(doc->root, &sv, 0);
    if (sv.n)
        qsort(sv.v, sv.n, sizeof *sv.v, cmp_span);
    sw_comment *v = NULL;
    uint32_t n = 0, cap = 0, k = 0;
    /* past a syntax error the tree says nothing: quotes on the line decide */
    uint32_t known_to = doc->truncated && doc->nproblems ? doc->problems[0].start : s->len;
    for (uint32_t i = 0; i < s->len; i++) {
        char c = t[i];
        if (c != '#' && c != '"' && c != '\'')
            continue;
        while (k < sv.n && sv.v[k][1] <= i)
            k++;
        if (k < sv.n && sv.v[k][0] <= i && i < sv.v[k][1]) {
            i = sv.v[k][1] - 1; /* inside a scalar: skip it */
            continue;
        }
        if (c != '#') {
            if (i >= known_to) { /* skip a quoted run on this line */
                uint32_t j = i + 1;
                while (j < s->len && t[j] != c && t[j] != '\n')
                    j++;
                if (j < s->len && t[j] == c)
                    i = j;
            }
            continue;
        }
        if (i > 0 && t[i - 1] != ' ' && t[i - 1] != '\t' && t[i - 1] != '\n' &&
            t[i - 1] != '\r' && !(i == s->bom))
            continue;
        uint32_t e = i;
        while (e < s->len && t[e] != '\n' && t[e] != '\r')
            e++;
        uint32_t ls = s->lines[sw_source_line_of(s, i)], b = ls;
        while (b < i && (t[b] == ' ' || t[b] == '\t'))
            b++;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            v = sw_xrealloc(v, cap * sizeof *v);
        }
        v[n++] = (sw_comment){i, e, b == i};
        i = e;
    }
    free(sv.v);
    *out = sw_alloc(a, sizeof(sw_comment) * (n ? n : 1));
    if (n)
        memcpy(*out, v, sizeof(sw_comment) * n);
    free(v);
    return n;
}

/* ---- directives ---- */

static const char *skip_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* The node that starts on the first content line after off: its covered
   span (a key with its value, or a list item). */
static bool next_node(const y_doc *doc, uint32_t off, uint32_t *from, uint32_t *to)
{
    const sw_source *s = doc->src;
    const char *t = s->text;
    uint32_t line = sw_source_line_of(s, off) + 1;
    for (; line < s->nlines; line++) {
        uint32_t len;
        const char *p = sw_source_line(s, line, &len), *e = p + len, *q = skip_ws(p, e);
        if (q == e || *q == '#')
            continue; /* blank lines and further comments between */
        uint32_t at = (uint32_t)(q - t);
        const y_node *keys[64], *leaf;
        /* "- item": the item starts after the dash */
        uint32_t probe = at;
        if (*q == '-' && q + 1 < e && q[1] == ' ')
            probe = (uint32_t)(skip_ws(q + 1, e) - t);
        uint32_t depth = y_path_at(doc->root, probe, keys, 64, &leaf);
        if (!leaf)
            return false;
        if (depth && keys[depth - 1] && leaf == keys[depth - 1]) {
            /* a key: cover it and its value */
            const y_node *map = leaf->parent;
            for (uint32_t i = 0; map && map->kind == Y_MAP && i < map->u.map.n; i++)
                if (map->u.map.pairs[i].key == leaf) {
                    const y_node *v = map->u.map.pairs[i].val;
                    *from = at;
                    *to = v && v->end > leaf->end ? v->end : leaf->end;
                    /* a list item whose first key is this one: cover the item */
                    if (probe != at && map->parent && map->parent->kind == Y_SEQ &&
                        map->end > *to)
                        *to = map->end;
                    return true;
                }
            return false;
        }
        /* a scalar or collection list item */
        const y_node *n = leaf;
        while (n->parent && n->parent->kind != Y_SEQ && n->parent->start >= probe)
            n = n->parent;
        *from = at;
        *to = n->end > at ? n->end : at;
        return true;
    }
    return false;
}

static void parse_directive(sw_arena *a, const y_doc *doc, const sw_comment *cm,
                            sw_directive *out, bool *ok)
{
    const char *t = doc->src->text;
    const char *p = t + cm->start + 1, *e = t + cm->end;
    *ok = false;
    p = skip_ws(p, e);
    if (e - p < 6 || strncmp(p, "slsws:", 6) != 0)
        return;
    p = skip_ws(p + 6, e);
    bool file = false;
    if (e - p >= 11 && strncmp(p, "ignore-file", 11) == 0) {
        file = true;
        p += 11;
    } else if (e - p >= 6 && strncmp(p, "ignore", 6) == 0) {
        p += 6;
    } else {
        return;
    }
    if (p < e && (isalnum((unsigned char)*p) || *p == '-' || *p == '_'))
        return; /* "ignored", "ignore-files": not ours */
    memset(out, 0, sizeof *out);
    out->start = cm->start;
    out->end = cm->end;
    *ok = true;
    p = skip_ws(p, e);
    if (p >= e || *p != '[') {
        out->blanket = true;
    } else {
        const char *close = memchr(p, ']', (size_t)(e - p));
        if (!close) {
            out->blanket = true;
        } else {
            uint32_t cap = 0;
            const char *q = p + 1;
            while (q < close) {
                q = skip_ws(q, close);
                const char *w = q;
                while (q < close && *q != ',' && *q != ' ' && *q != '\t')
                    q++;
                if (q > w) {
                    if (out->ncodes == cap) {
                        cap = cap ? cap * 2 : 4;
                        sw_supcode *nv = sw_alloc(a, sizeof *nv * cap);
                        if (out->ncodes)
                            memcpy(nv, out->codes, sizeof *nv * out->ncodes);
                        out->codes = nv;
                    }
                    sw_supcode *sc = &out->codes[out->ncodes++];
                    sc->text = sw_strndup(a, w, (size_t)(q - w));
                    sc->start = (uint32_t)(w - t);
                    sc->end = (uint32_t)(q - t);
                    sc->rule = sw_rule_find(sc->text);
                }
                q = skip_ws(q, close);
                if (q < close && *q == ',')
                    q++;
            }
            if (!out->ncodes)
                out->blanket = true;
        }
    }
    const sw_source *s = doc->src;
    if (file) {
        out->scope = SUP_FILE;
        out->from = 0;
        out->to = s->len;
    } else if (!cm->own_line) {
        out->scope = SUP_LINE;
        uint32_t line = sw_source_line_of(s, cm->start);
        out->from = s->lines[line];
        out->to = cm->end;
    } else {
        out->scope = SUP_NODE;
        if (!next_node(doc, cm->start, &out->from, &out->to))
            out->from = out->to = cm->end; /* covers nothing: reported unused */
    }
}

static bool contains(const char *t, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (const char *p = t, *e = t + n; (p = memchr(p, word[0], (size_t)(e - p))); p++)
        if ((size_t)(e - p) >= w && memcmp(p, word, w) == 0)
            return true;
    return false;
}

void sw_suppress_scan(sw_arena *a, const y_doc *doc, sw_suppressions *out)
{
    out->n = 0;
    out->v = NULL;
    out->src = doc->src;
    /* most files hold no directive: then there is no comment to recover */
    if (!contains(doc->src->text, doc->src->len, "slsws:"))
        return;
    sw_comment *cs;
    uint32_t n = sw_comments(a, doc, &cs);
    uint32_t cap = 0;
    for (uint32_t i = 0; i < n; i++) {
        sw_directive d;
        bool ok;
        parse_directive(a, doc, &cs[i], &d, &ok);
        if (!ok)
            continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            sw_directive *nv = sw_alloc(a, sizeof *nv * cap);
            if (out->n)
                memcpy(nv, out->v, sizeof *nv * out->n);
            out->v = nv;
        }
        out->v[out->n++] = d;
    }
}

/* Where a finding lies in the document s: its start, or for a finding in
   another file the start of its first related location here; false when it
   has none (only ignore-file directives cover it). */
static bool position(const sw_suppressions *s, const sw_diag *g, uint32_t *at)
{
    if (g->src == s->src || !s->src) {
        *at = g->start;
        return true;
    }
    for (uint32_t i = 0; i < g->nrel; i++)
        if (g->rel[i].src == s->src) {
            *at = g->rel[i].start;
            return true;
        }
    return false;
}

static bool covers(const sw_suppressions *s, const sw_directive *d, const sw_diag *g)
{
    uint32_t at;
    if (!position(s, g, &at))
        return d->scope == SUP_FILE;
    return at >= d->from && at <= d->to && (d->scope != SUP_LINE || at < d->to);
}

void sw_suppress_apply(sw_suppressions *s, sw_diags *ds)
{
    if (!s->n)
        return;
    uint32_t k = 0;
    for (uint32_t i = 0; i < ds->n; i++) {
        sw_diag *g = &ds->v[i];
        bool hit = false;
        for (uint32_t j = 0; j < s->n; j++) {
            sw_directive *d = &s->v[j];
            if (d->blanket || !covers(s, d, g))
                continue;
            for (uint32_t c = 0; c < d->ncodes; c++)
                if (d->codes[c].rule == g->rule) {
                    d->codes[c].used = true;
                    hit = true;
                }
        }
        if (!hit)
            ds->v[k++] = *g;
    }
    ds->n = k;
}
