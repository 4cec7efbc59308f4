/*
 * What rules call to report: findings, related locations, and fixes built
 * from byte edits (see rule.h). Edit helpers read the source text around a
 * node so that a fix touches only the bytes it must.
 */
#include "rule.h"

#include "resolve.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Messages quote user text: control characters would split a concise line
   or reach the terminal as escape sequences, so they are shown escaped. */
static const char *escape_controls(sw_arena *a, const char *m)
{
    static const char controls[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b"
                                   "\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
                                   "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f";
    if (!m[strcspn(m, controls)]) /* the usual message: nothing to escape */
        return m;
    size_t extra = 0;
    for (const char *p = m; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            extra += 3;
    if (!extra)
        return m;
    char *out = sw_alloc(a, strlen(m) + extra + 1), *o = out;
    for (const char *p = m; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '\n') {
            *o++ = '\\';
            *o++ = 'n';
        } else if (ch == '\t') {
            *o++ = '\\';
            *o++ = 't';
        } else if (ch < 0x20 || ch == 0x7f) {
            o += sprintf(o, "\\x%02x", ch);
        } else {
            *o++ = (char)ch;
        }
    }
    *o = 0;
    return out;
}

static sw_diag *vreport(sw_ctx *c, uint32_t start, uint32_t end, sw_severity sev,
                        const char *fmt, va_list ap)
{
    sw_diag *d = sw_diags_push(c->out);
    d->rule = c->rule;
    d->sev = sev ? sev : c->rule->severity;
    d->src = c->src;
    d->start = start;
    d->end = end >= start ? end : start;
    if (c->rule->flags & SW_RULE_DEPRECATION)
        d->tags |= SW_TAG_DEPRECATED;
    /* formatted once on the stack when it fits (sw_vprintf formats twice:
       to measure, then to write), then copied into the arena */
    char tmp[1024];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
    va_end(ap2);
    const char *m = n >= 0 && (size_t)n < sizeof tmp ? sw_strndup(c->a, tmp, (size_t)n)
                                                     : sw_vprintf(c->a, fmt, ap);
    d->msg = escape_controls(c->a, m);
    return d;
}

static const sw_source *source_of(const sw_ctx *c, const y_node *n)
{
    return c->res ? sw_resolver_source(c->res, n) : c->src;
}

/* Fix helpers read the text around a node in the file that holds it (an
   included file's node has offsets into that file, not the service). */
#define SRC_OF(c, n) source_of((c), (n))

/* A finding about a value that came from a variable points at where the
   value is written (custom.levels.dev, a line of an included file), with
   the referencing text as related information (RULES.md "Variables"). */
sw_diag *sw_report(sw_ctx *c, const y_node *at, sw_severity sev, const char *fmt, ...)
{
    const y_node *origin = at;
    if (at && at->kind == Y_SCALAR && at->vstate == Y_V_KNOWN) {
        const y_node *o = y_deref(at);
        if (o && o->vstate != Y_V_SYNTH)
            origin = o;
    }
    va_list ap;
    va_start(ap, fmt);
    sw_diag *d = vreport(c, origin ? origin->start : 0, origin ? origin->end : 0, sev, fmt, ap);
    va_end(ap);
    d->src = origin ? source_of(c, origin) : c->src;
    if (at && at->kind == Y_SCALAR && at->vstate == Y_V_KNOWN)
        d->resolved = true;
    if (origin != at) {
        d->moved = true;
        sw_add_related(c, d, at, "the value is referenced here");
    }
    if (d->src != c->src)
        d->moved = true;
    return d;
}

sw_diag *sw_report_span(sw_ctx *c, uint32_t start, uint32_t end, sw_severity sev,
                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sw_diag *d = vreport(c, start, end, sev, fmt, ap);
    va_end(ap);
    return d;
}

/* A finding in another file than the service: its fixes do not apply. */
static sw_diag *placed(sw_ctx *c, sw_diag *d, const sw_source *src)
{
    d->src = src;
    if (d->src != c->src)
        d->moved = true;
    return d;
}

sw_diag *sw_report_in(sw_ctx *c, const y_node *in, uint32_t start, uint32_t end,
                      sw_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sw_diag *d = vreport(c, start, end, sev, fmt, ap);
    va_end(ap);
    return placed(c, d, source_of(c, in));
}

sw_diag *sw_report_src(sw_ctx *c, const sw_source *src, uint32_t start, uint32_t end,
                       sw_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sw_diag *d = vreport(c, start, end, sev, fmt, ap);
    va_end(ap);
    return placed(c, d, src);
}

static void add_related(sw_ctx *c, sw_diag *d, sw_related rel)
{
    sw_related *r = sw_alloc(c->a, sizeof *r * (d->nrel + 1));
    if (d->nrel)
        memcpy(r, d->rel, sizeof *r * d->nrel);
    r[d->nrel] = rel;
    d->rel = r;
    d->nrel++;
}

void sw_add_related_src(sw_ctx *c, sw_diag *d, const sw_source *src, uint32_t start,
                        uint32_t end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_related(c, d, (sw_related){src, start, end, sw_vprintf(c->a, fmt, ap)});
    va_end(ap);
}

void sw_add_related(sw_ctx *c, sw_diag *d, const y_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_related(c, d, (sw_related){source_of(c, at), at->start, at->end, sw_vprintf(c->a, fmt, ap)});
    va_end(ap);
}

sw_fix *sw_fix_new(sw_ctx *c, sw_diag *d, bool safe, const char *fmt, ...)
{
    sw_fix *f = sw_alloc(c->a, sizeof *f);
    va_list ap;
    va_start(ap, fmt);
    f->title = sw_vprintf(c->a, fmt, ap);
    va_end(ap);
    f->safe = safe;
    if (!d->moved && !d->resolved) /* edits are made on the rule's own text */
        d->fix = f;
    return f;
}

void sw_fix_edit(sw_ctx *c, sw_fix *f, uint32_t start, uint32_t end, const char *text)
{
    sw_edit *e = sw_alloc(c->a, sizeof *e * (f->n + 1));
    if (f->n)
        memcpy(e, f->edits, sizeof *e * f->n);
    e[f->n] = (sw_edit){start, end, sw_strdup(c->a, text)};
    f->edits = e;
    f->n++;
}

uint32_t sw_scalar_text_start(const sw_source *s, const y_node *n)
{
    uint32_t i = n->start;
    const char *t = s->text;
    if (n->end > s->len)
        return n->start; /* a node of another file: nothing to read here */
    for (int k = 0; k < 2; k++) {
        if (i < n->end && (t[i] == '!' || t[i] == '&')) {
            while (i < n->end && !isspace((unsigned char)t[i]))
                i++;
            while (i < n->end && isspace((unsigned char)t[i]))
                i++;
        }
    }
    return i;
}

static bool plain_safe(const char *s)
{
    if (!*s || strchr("!&*?|>'\"%@`#,[]{}-: ", s[0]))
        return s[0] == '-' && s[1] && s[1] != ' ';
    for (const char *p = s; *p; p++) {
        if ((p[0] == ':' && (p[1] == ' ' || !p[1])) || (p[0] == ' ' && p[1] == '#'))
            return false;
        if (*p == '\n' || *p == '\t')
            return false;
    }
    return s[strlen(s) - 1] != ' ';
}

bool sw_fix_scalar(sw_ctx *c, sw_fix *f, const y_node *n, const char *s)
{
    if (!n || n->kind != Y_SCALAR || n->vstate == Y_V_KNOWN)
        return false; /* never write a resolved value over its variables */
    uint32_t start = sw_scalar_text_start(SRC_OF(c, n), n);
    switch (n->style) {
    case Y_PLAIN:
        if (plain_safe(s)) {
            sw_fix_edit(c, f, start, n->end, s);
        } else {
            if (strchr(s, '\'') || strchr(s, '\n'))
                return false;
            sw_fix_edit(c, f, start, n->end, sw_printf(c->a, "'%s'", s));
        }
        return true;
    case Y_SQUOTED:
    case Y_DQUOTED:
        if (strchr(s, '\'') || strchr(s, '"') || strchr(s, '\\') || strchr(s, '\n'))
            return false;
        if (n->end < start + 2)
            return false;
        sw_fix_edit(c, f, start + 1, n->end - 1, s);
        return true;
    default:
        return false;
    }
}

static uint32_t line_start(const sw_source *s, uint32_t off)
{
    return s->lines[sw_source_line_of(s, off)];
}

/* Deletes the flow-collection entry [start, end) with one comma: the
   following one and its spaces, or else the preceding one. */
static bool delete_flow_entry(sw_ctx *c, sw_fix *f, const y_node *coll,
                              uint32_t start, uint32_t end)
{
    const sw_source *s = c->src;
    const char *t = s->text;
    uint32_t e = end;
    while (e < s->len && t[e] == ' ')
        e++;
    if (e < s->len && t[e] == ',') {
        e++;
        while (e < s->len && t[e] == ' ')
            e++;
        sw_fix_edit(c, f, start, e, "");
        return true;
    }
    uint32_t b = start;
    while (b > coll->start && t[b - 1] == ' ')
        b--;
    if (b > coll->start && t[b - 1] == ',') {
        sw_fix_edit(c, f, b - 1, end, "");
        return true;
    }
    return false;
}

/* Deletes whole lines from the one holding start through the one holding
   end - 1. */
static void delete_lines(sw_ctx *c, sw_fix *f, uint32_t start, uint32_t end)
{
    const sw_source *s = c->src;
    uint32_t line = sw_source_line_of(s, end > start ? end - 1 : start);
    uint32_t e = line + 1 < s->nlines ? s->lines[line + 1] : s->len;
    sw_fix_edit(c, f, line_start(s, start), e, "");
}

bool sw_fix_delete_pair(sw_ctx *c, sw_fix *f, const y_node *key, const y_node *val)
{
    if (!key)
        return false;
    const sw_source *s = SRC_OF(c, key);
    const char *t = s->text;
    if (s != c->src)
        return false; /* edits are made in the service's own text */
    uint32_t kstart = key->start, vend = val && val->end > key->end ? val->end : key->end;
    const y_node *parent = key->parent;
    if (parent && parent->style == Y_FLOW)
        return delete_flow_entry(c, f, parent, kstart, vend);
    for (uint32_t i = line_start(s, kstart); i < kstart; i++)
        if (t[i] != ' ')
            return false; /* the key shares its line ("- key: v"): leave it */
    delete_lines(c, f, kstart, vend);
    return true;
}

bool sw_fix_delete_item(sw_ctx *c, sw_fix *f, const y_node *seq, const y_node *item)
{
    const sw_source *s = SRC_OF(c, item);
    const char *t = s->text;
    if (s != c->src)
        return false; /* edits are made in the service's own text */
    if (seq->style == Y_FLOW)
        return delete_flow_entry(c, f, seq, item->start, item->end);
    uint32_t line = sw_source_line_of(s, item->start), i = s->lines[line];
    while (i < item->start && t[i] == ' ')
        i++;
    if (i >= item->start || t[i] != '-')
        return false;
    for (i++; i < item->start; i++)
        if (t[i] != ' ')
            return false; /* "- - x" or other content before the item */
    if (sw_source_line_of(s, item->end) != line)
        return false;
    delete_lines(c, f, item->start, item->end);
    return true;
}

bool sw_own_key(const y_node *key, const y_node *map)
{
    return key && key->parent == y_deref(map);
}

int sw_key_column(const sw_source *s, uint32_t off)
{
    if (off > s->len)
        return -1;
    uint32_t ls = line_start(s, off);
    for (uint32_t i = ls; i < off; i++)
        if (s->text[i] != ' ')
            return -1;
    return (int)(off - ls);
}

uint32_t sw_line_next(const sw_source *s, uint32_t line)
{
    return line + 1 < s->nlines ? s->lines[line + 1] : s->len;
}

const char *sw_line_break(const sw_source *s, uint32_t off)
{
    const char *t = s->text;
    while (off < s->len && t[off] != '\n' && t[off] != '\r')
        off++;
    if (off >= s->len || t[off] != '\r')
        return "\n";
    return off + 1 < s->len && t[off + 1] == '\n' ? "\r\n" : "\r";
}

bool sw_scalar_in_place(const sw_ctx *c, const y_node *raw)
{
    return raw && raw->kind == Y_SCALAR && !y_tag(raw) && !raw->anchored &&
           sw_scalar_text_start(c->src, raw) == raw->start;
}

const char *sw_flow_str(sw_ctx *c, const char *s)
{
    if (c->doc->json)
        return strpbrk(s, "\"\\") ? NULL : sw_printf(c->a, "\"%s\"", s);
    if (!strpbrk(s, ":,[]{}#'\"") && s[0] != '&' && s[0] != '*' && s[0] != '!')
        return s;
    return strchr(s, '\'') ? NULL : sw_printf(c->a, "'%s'", s);
}

const char *sw_flow_pair(sw_ctx *c, const char *k, const char *v)
{
    return c->doc->json ? sw_printf(c->a, "\"%s\": %s", k, v) : sw_printf(c->a, "%s: %s", k, v);
}

bool sw_fix_insert_before(sw_ctx *c, sw_fix *f, const y_node *map, const y_node *key,
                          const char *entry)
{
    if (!sw_own_key(key, map) || SRC_OF(c, key) != c->src)
        return false;
    if (y_deref(map)->style == Y_FLOW) {
        sw_fix_edit(c, f, key->start, key->start, sw_printf(c->a, "%s, ", entry));
        return true;
    }
    int col = sw_key_column(c->src, key->start);
    if (col < 0)
        return false;
    uint32_t at = key->start - (uint32_t)col;
    sw_fix_edit(c, f, at, at,
                sw_printf(c->a, "%*s%s%s", col, "", entry, sw_line_break(c->src, at)));
    return true;
}

bool sw_fix_append_entry(sw_ctx *c, sw_fix *f, const y_node *map, const char *entry)
{
    const sw_source *s = c->src;
    map = y_deref(map);
    if (!map->len || !map->complete || SRC_OF(c, map) != s)
        return false;
    const y_pair *p = &map->u.map.pairs[map->len - 1];
    uint32_t end = p->val && p->val->end > p->key->end ? p->val->end : p->key->end;
    if (map->style == Y_FLOW) {
        sw_fix_edit(c, f, end, end, sw_printf(c->a, ", %s", entry));
        return true;
    }
    const y_node *v = p->val;
    int col = sw_key_column(s, p->key->start);
    if (col < 0 || (v && v->kind != Y_ALIAS && v->style != Y_FLOW && v->style != Y_PLAIN &&
                    v->style != Y_SQUOTED && v->style != Y_DQUOTED))
        return false; /* a block value's end is not where its text ends */
    uint32_t at = sw_line_next(s, sw_source_line_of(s, end > p->key->end ? end - 1 : end));
    bool nl = at > 0 && (s->text[at - 1] == '\n' || s->text[at - 1] == '\r');
    const char *br = sw_line_break(s, p->key->start);
    sw_fix_edit(c, f, at, at,
                sw_printf(c->a, "%s%*s%s%s", nl ? "" : br, col, "", entry, nl ? br : ""));
    return true;
}

bool sw_fix_prepend_entry(sw_ctx *c, sw_fix *f, const y_node *m, const char *entry)
{
    const sw_source *s = c->src;
    if (SRC_OF(c, m) != s)
        return false;
    if (m->style == Y_FLOW) {
        if (s->text[m->start] != '{')
            return false;
        sw_fix_edit(c, f, m->start + 1, m->start + 1,
                    m->len ? sw_printf(c->a, "%s, ", entry) : entry);
        return true;
    }
    if (!m->len)
        return false;
    const y_node *first = m->u.map.pairs[0].key;
    int col = sw_key_column(s, first->start);
    if (col < 0)
        return false;
    uint32_t at = first->start - (uint32_t)col;
    sw_fix_edit(c, f, at, at, sw_printf(c->a, "%*s%s%s", col, "", entry, sw_line_break(s, at)));
    return true;
}

sw_severity sw_schema_sev(const sw_ctx *c)
{
    return c->svc->validation == SW_VALIDATION_ERROR ? SW_SEV_ERROR : SW_SEV_WARNING;
}

int sw_edit_distance(const char *a, const char *b, bool fold)
{
    size_t n = strlen(a), m = strlen(b);
    /* the length difference is a lower bound: far-apart strings answer it */
    if (n > m + 8 || m > n + 8)
        return (int)(n > m ? n - m : m - n);
    if (n > 64 || m > 64)
        return 99;
    char fa[65], fb[65]; /* the strings as compared: folded once, not per cell */
    for (size_t i = 0; i < n; i++)
        fa[i] = fold ? (char)tolower((unsigned char)a[i]) : a[i];
    for (size_t j = 0; j < m; j++)
        fb[j] = fold ? (char)tolower((unsigned char)b[j]) : b[j];
    int d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            char x = fa[i - 1], y = fb[j - 1];
            int cost = x != y;
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && x == fb[j - 2] && fa[i - 2] == y && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[n][m];
}

const char *sw_nearest(const char *s, const char *const *cands, int maxdist)
{
    const char *best = NULL;
    int bestd = maxdist + 1;
    size_t n = strlen(s);
    for (; *cands; cands++) {
        size_t m = strlen(*cands);
        if (n > m + (size_t)maxdist || m > n + (size_t)maxdist)
            continue;
        int dist = sw_edit_distance(s, *cands, true);
        if (dist < bestd) {
            bestd = dist;
            best = *cands;
        }
    }
    return best;
}
