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
        for (uint32_t i = 0; i < n->len; i++)
            scalars(n->u.seq.items[i], sv, depth + 1);
    } else if (n->kind == Y_MAP) {
        for (uint32_t i = 0; i < n->len; i++) {
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

/* The first content line at or after line (blank lines and further
   comments are skipped), or nlines. The memo m holds the last search (it
   started at line m[0] and found m[1]): directives come in document order,
   so a run of comments stacked above one node is scanned once, not once
   per comment. */
static uint32_t content_line(const sw_source *s, uint32_t line, uint32_t m[2])
{
    if (line >= m[0] && line <= m[1])
        return m[1];
    m[0] = line;
    for (; line < s->nlines; line++) {
        uint32_t len;
        const char *p = sw_source_line(s, line, &len), *e = p + len, *q = skip_ws(p, e);
        if (q != e && *q != '#')
            break;
    }
    return m[1] = line;
}

/* The index of key's pair in map (pairs come in text order: bisection
   finds it), or map->len. */
static uint32_t pair_of(const y_node *map, const y_node *key)
{
    uint32_t lo = 0, hi = map->len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (map->u.map.pairs[mid].key->start < key->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < map->len && map->u.map.pairs[lo].key->start == key->start; lo++)
        if (map->u.map.pairs[lo].key == key)
            return lo;
    for (lo = 0; lo < map->len; lo++) /* not in text order after all */
        if (map->u.map.pairs[lo].key == key)
            return lo;
    return lo;
}

/* The node that starts on the first content line after off: its covered
   span (a key with its value, or a list item). */
static bool next_node(const y_doc *doc, uint32_t off, uint32_t *from, uint32_t *to,
                      uint32_t memo[2])
{
    const sw_source *s = doc->src;
    const char *t = s->text;
    uint32_t line = content_line(s, sw_source_line_of(s, off) + 1, memo);
    if (line < s->nlines) {
        uint32_t len;
        const char *p = sw_source_line(s, line, &len), *e = p + len, *q = skip_ws(p, e);
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
            uint32_t i = map && map->kind == Y_MAP ? pair_of(map, leaf) : 0;
            if (!map || map->kind != Y_MAP || i >= map->len)
                return false;
            const y_node *v = map->u.map.pairs[i].val;
            *from = at;
            *to = v && v->end > leaf->end ? v->end : leaf->end;
            /* a list item whose first key is this one: cover the item */
            if (probe != at && map->parent && map->parent->kind == Y_SEQ && map->end > *to)
                *to = map->end;
            return true;
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
                            sw_directive *out, bool *ok, uint32_t memo[2])
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
        if (!next_node(doc, cm->start, &out->from, &out->to, memo))
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
    uint32_t cap = 0, memo[2] = {1, 0};
    for (uint32_t i = 0; i < n; i++) {
        sw_directive d;
        bool ok;
        parse_directive(a, doc, &cs[i], &d, &ok, memo);
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

/* sw_suppress_apply sorts both sides by rule, then by position, so each
   finding and each listed code is judged by bisection or a merge instead of
   against every directive: O(n log n), where it was quadratic (50,000
   suppressions took 8 s).
   A listed code covers the closed span [lo, hi] of positions; `anywhere`
   (ignore-file) also covers findings without a position here. */
typedef struct supent {
    uintptr_t rule;
    uint32_t lo, hi;
    sw_supcode *code;
    bool anywhere;
} supent;

/* a finding: its rule, whether it has a position here, the position */
typedef struct supdiag {
    uintptr_t rule;
    uint32_t haspos, at, i;
} supdiag;

static int cmp_ent(const void *a, const void *b)
{
    const supent *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int cmp_diag(const void *a, const void *b)
{
    const supdiag *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    if (x->haspos != y->haspos)
        return x->haspos < y->haspos ? -1 : 1;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Judges one rule's codes e[0..ne) and findings g[0..ng) (positionless
   ones first), marking the codes used and the findings hit. */
static void apply_rule(supent *e, uint32_t ne, const supdiag *g, uint32_t ng, bool *hit)
{
    uint32_t nopos = 0, anywhere = 0;
    while (nopos < ng && !g[nopos].haspos)
        nopos++;
    for (uint32_t k = 0; k < ne; k++)
        anywhere |= e[k].anywhere;
    const supdiag *p = g + nopos;
    uint32_t np = ng - nopos;
    /* findings without a position: only ignore-file covers them */
    for (uint32_t k = 0; k < nopos && anywhere; k++)
        hit[g[k].i] = true;
    for (uint32_t k = 0; k < ne; k++) {
        if (e[k].anywhere && nopos) {
            e[k].code->used = true;
            continue;
        }
        uint32_t lo = 0, hi = np; /* the first finding at or after e[k].lo */
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (p[mid].at < e[k].lo)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < np && p[lo].at <= e[k].hi)
            e[k].code->used = true;
    }
    /* positioned findings against the union of the spans (sorted by lo) */
    uint32_t k = 0, reach = 0;
    bool any = false;
    for (uint32_t j = 0; j < np; j++) {
        while (k < ne && e[k].lo <= p[j].at) {
            if (!any || e[k].hi > reach)
                reach = e[k].hi;
            any = true;
            k++;
        }
        if (any && p[j].at <= reach)
            hit[p[j].i] = true;
    }
}

void sw_suppress_apply(sw_suppressions *s, sw_diags *ds)
{
    if (!s->n || !ds->n)
        return;
    uint32_t ne = 0, cap = 0;
    supent *e = NULL;
    for (uint32_t j = 0; j < s->n; j++) {
        sw_directive *d = &s->v[j];
        if (d->blanket)
            continue;
        uint32_t lo = d->from, hi = d->to;
        if (d->scope == SUP_LINE) { /* its line up to the comment's end, exclusive */
            if (hi <= lo)
                continue;
            hi--;
        } else if (hi < lo) {
            continue;
        }
        for (uint32_t c = 0; c < d->ncodes; c++) {
            if (ne == cap) {
                cap = cap ? cap * 2 : 64;
                e = sw_xrealloc(e, cap * sizeof *e);
            }
            e[ne++] = (supent){(uintptr_t)d->codes[c].rule, lo, hi, &d->codes[c],
                               d->scope == SUP_FILE};
        }
    }
    supdiag *g = sw_xrealloc(NULL, ds->n * sizeof *g);
    bool *hit = sw_xrealloc(NULL, ds->n * sizeof *hit);
    for (uint32_t i = 0; i < ds->n; i++) {
        uint32_t at = 0;
        bool has = position(s, &ds->v[i], &at);
        g[i] = (supdiag){(uintptr_t)ds->v[i].rule, has, has ? at : 0, i};
        hit[i] = false;
    }
    if (ne)
        qsort(e, ne, sizeof *e, cmp_ent);
    qsort(g, ds->n, sizeof *g, cmp_diag);
    /* walk both lists rule by rule */
    for (uint32_t a = 0, b = 0; a < ne;) {
        uintptr_t r = e[a].rule;
        uint32_t a2 = a;
        while (a2 < ne && e[a2].rule == r)
            a2++;
        while (b < ds->n && g[b].rule < r)
            b++;
        uint32_t b2 = b;
        while (b2 < ds->n && g[b2].rule == r)
            b2++;
        if (b2 > b)
            apply_rule(e + a, a2 - a, g + b, b2 - b, hit);
        a = a2;
        b = b2;
    }
    uint32_t k = 0;
    for (uint32_t i = 0; i < ds->n; i++)
        if (!hit[i])
            ds->v[k++] = ds->v[i];
    ds->n = k;
    free(e);
    free(g);
    free(hit);
}
