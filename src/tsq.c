/*
 * tree-sitter parsing and queries (see tsq.h). Debian's runtime 0.20.7 loads
 * grammars of ABI 13..14; a grammar it refuses, or an embedded query that
 * does not compile, makes every run for that language fail with a message
 * instead of aborting. Predicates are parsed once per query into a small
 * table and checked per match; a predicate on a capture the match lacks
 * (an optional one) holds, as in tree-sitter's own bindings.
 */
#include "tsq.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_python(void);

typedef enum { P_EQ, P_NOT_EQ, P_MATCH, P_NOT_MATCH, P_ANY_OF, P_NOT_ANY_OF } pop;

typedef struct pred {
    pop op;
    uint32_t cap;             /* the capture tested */
    int64_t other;            /* eq?/not-eq? against this capture, or -1 */
    const char **strs;        /* the literal(s): one for eq?/match?, n for any-of? */
    uint32_t *lens, nstrs;
    regex_t re;
    bool has_re;
} pred;

typedef struct cquery {
    TSQuery *q;
    pred *preds;
    uint32_t npreds;
    uint32_t *first;          /* per pattern: its first predicate; [npatterns] = npreds */
    bool *hidden;             /* per capture: name starts with '_' */
} cquery;

static TSParser *parsers[SW_LANG_COUNT];
static bool parser_bad[SW_LANG_COUNT];
static cquery **cache;        /* per embedded query, NULL until used */
static bool *cache_bad;
static char errbuf[256];
static char *scratch;         /* NUL-terminated copies for regexec */
static size_t scratch_cap;

static const char *const lang_names[SW_LANG_COUNT] = {"javascript", "typescript", "python"};

const char *sw_lang_name(sw_lang l)
{
    return l < SW_LANG_COUNT ? lang_names[l] : "?";
}

const char *sw_tsq_error(void)
{
    return errbuf;
}

static const TSLanguage *language(sw_lang l)
{
    switch (l) {
    case SW_LANG_JAVASCRIPT: return tree_sitter_javascript();
    case SW_LANG_TYPESCRIPT: return tree_sitter_typescript();
    case SW_LANG_PYTHON: return tree_sitter_python();
    default: return NULL;
    }
}

static TSParser *parser(sw_lang l)
{
    if (l >= SW_LANG_COUNT)
        return NULL;
    if (!parsers[l] && !parser_bad[l]) {
        TSParser *p = ts_parser_new();
        const TSLanguage *lang = language(l);
        if (!ts_parser_set_language(p, lang)) {
            snprintf(errbuf, sizeof errbuf,
                     "the %s grammar has ABI %u; this tree-sitter runtime loads %d..%d",
                     lang_names[l], ts_language_version(lang),
                     TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION);
            ts_parser_delete(p);
            parser_bad[l] = true;
            return NULL;
        }
        parsers[l] = p;
    }
    if (!parsers[l])
        snprintf(errbuf, sizeof errbuf, "the %s grammar cannot be loaded", lang_names[l]);
    return parsers[l];
}

static void cquery_free(cquery *cq)
{
    if (!cq)
        return;
    for (uint32_t i = 0; i < cq->npreds; i++) {
        if (cq->preds[i].has_re)
            regfree(&cq->preds[i].re);
        free(cq->preds[i].strs);
        free(cq->preds[i].lens);
    }
    free(cq->preds);
    free(cq->first);
    free(cq->hidden);
    if (cq->q)
        ts_query_delete(cq->q);
    free(cq);
}

/* Reads the predicate steps [op args... Done] at st[0..n) into p; returns an
 * error message or NULL. Directives (ending in '!') yield *skip. */
static const char *parse_pred(const TSQuery *q, const TSQueryPredicateStep *st, uint32_t n,
                              pred *p, bool *skip)
{
    uint32_t l;
    *skip = false;
    if (n == 0 || st[0].type != TSQueryPredicateStepTypeString)
        return "a predicate must start with its name";
    const char *op = ts_query_string_value_for_id(q, st[0].value_id, &l);
    if (l && op[l - 1] == '!') {
        *skip = true;
        return NULL;
    }
    if (!strcmp(op, "eq?")) p->op = P_EQ;
    else if (!strcmp(op, "not-eq?")) p->op = P_NOT_EQ;
    else if (!strcmp(op, "match?")) p->op = P_MATCH;
    else if (!strcmp(op, "not-match?")) p->op = P_NOT_MATCH;
    else if (!strcmp(op, "any-of?")) p->op = P_ANY_OF;
    else if (!strcmp(op, "not-any-of?")) p->op = P_NOT_ANY_OF;
    else return "unknown predicate";
    if (n < 3 || st[1].type != TSQueryPredicateStepTypeCapture)
        return "a predicate needs a capture and a value";
    p->cap = st[1].value_id;
    p->other = -1;
    bool list = p->op == P_ANY_OF || p->op == P_NOT_ANY_OF;
    if (!list && n != 3)
        return "this predicate takes exactly two arguments";
    if ((p->op == P_EQ || p->op == P_NOT_EQ) && st[2].type == TSQueryPredicateStepTypeCapture) {
        p->other = st[2].value_id;
        return NULL;
    }
    p->nstrs = n - 2;
    p->strs = sw_xrealloc(NULL, sizeof *p->strs * p->nstrs);
    p->lens = sw_xrealloc(NULL, sizeof *p->lens * p->nstrs);
    for (uint32_t i = 0; i < p->nstrs; i++) {
        if (st[2 + i].type != TSQueryPredicateStepTypeString)
            return "a predicate value must be a string";
        p->strs[i] = ts_query_string_value_for_id(q, st[2 + i].value_id, &p->lens[i]);
    }
    if (p->op == P_MATCH || p->op == P_NOT_MATCH) {
        if (regcomp(&p->re, p->strs[0], REG_EXTENDED | REG_NOSUB) != 0)
            return "bad regular expression";
        p->has_re = true;
    }
    return NULL;
}

static cquery *compile(sw_lang l, const char *text, const char *what)
{
    if (!parser(l))
        return NULL;
    uint32_t off;
    TSQueryError err;
    TSQuery *q = ts_query_new(language(l), text, (uint32_t)strlen(text), &off, &err);
    if (!q) {
        snprintf(errbuf, sizeof errbuf, "%s: query error %d at byte %u", what, (int)err, off);
        return NULL;
    }
    cquery *cq = sw_xrealloc(NULL, sizeof *cq);
    memset(cq, 0, sizeof *cq);
    cq->q = q;
    uint32_t np = ts_query_pattern_count(q), nc = ts_query_capture_count(q);
    cq->first = sw_xrealloc(NULL, sizeof *cq->first * (np + 1));
    cq->hidden = sw_xrealloc(NULL, sizeof *cq->hidden * (nc ? nc : 1));
    for (uint32_t i = 0; i < nc; i++) {
        uint32_t len;
        cq->hidden[i] = ts_query_capture_name_for_id(q, i, &len)[0] == '_';
    }
    uint32_t cap = 0;
    for (uint32_t pi = 0; pi < np; pi++) {
        cq->first[pi] = cq->npreds;
        uint32_t n;
        const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q, pi, &n);
        for (uint32_t i = 0; i < n;) {
            uint32_t j = i;
            while (j < n && st[j].type != TSQueryPredicateStepTypeDone)
                j++;
            if (cq->npreds == cap) {
                cap = cap ? cap * 2 : 8;
                cq->preds = sw_xrealloc(cq->preds, sizeof *cq->preds * cap);
            }
            pred *p = &cq->preds[cq->npreds];
            memset(p, 0, sizeof *p);
            bool skip;
            const char *bad = parse_pred(q, st + i, j - i, p, &skip);
            cq->npreds++;   /* counted even when bad, so cquery_free releases it */
            if (bad) {
                snprintf(errbuf, sizeof errbuf, "%s: pattern %u: %s", what, pi, bad);
                cquery_free(cq);
                return NULL;
            }
            if (skip) {
                free(p->strs);
                free(p->lens);
                cq->npreds--;
            }
            i = j + 1;
        }
    }
    cq->first[np] = cq->npreds;
    return cq;
}

static const char *scratch_copy(const char *s, uint32_t n)
{
    if (n + 1 > scratch_cap) {
        scratch_cap = n + 1 > 2 * scratch_cap ? n + 1 : 2 * scratch_cap;
        scratch = sw_xrealloc(scratch, scratch_cap);
    }
    memcpy(scratch, s, n);
    scratch[n] = 0;
    return scratch;
}

static bool first_node(const TSQueryMatch *m, uint32_t cap, TSNode *out)
{
    for (uint16_t i = 0; i < m->capture_count; i++)
        if (m->captures[i].index == cap) {
            *out = m->captures[i].node;
            return true;
        }
    return false;
}

static bool holds(const pred *p, const TSQueryMatch *m, const char *src)
{
    TSNode o;
    const char *os = NULL;
    uint32_t ol = 0;
    if (p->other >= 0) {
        if (!first_node(m, (uint32_t)p->other, &o))
            return true;
        os = src + ts_node_start_byte(o);
        ol = ts_node_end_byte(o) - ts_node_start_byte(o);
    } else if (p->nstrs) {
        os = p->strs[0];
        ol = p->lens[0];
    }
    for (uint16_t i = 0; i < m->capture_count; i++) {
        if (m->captures[i].index != p->cap)
            continue;
        TSNode n = m->captures[i].node;
        const char *t = src + ts_node_start_byte(n);
        uint32_t tl = ts_node_end_byte(n) - ts_node_start_byte(n);
        bool ok = false;
        switch (p->op) {
        case P_EQ:
        case P_NOT_EQ:
            ok = (tl == ol && memcmp(t, os, tl) == 0) == (p->op == P_EQ);
            break;
        case P_MATCH:
        case P_NOT_MATCH:
            ok = (regexec(&p->re, scratch_copy(t, tl), 0, NULL, 0) == 0) == (p->op == P_MATCH);
            break;
        case P_ANY_OF:
        case P_NOT_ANY_OF: {
            bool any = false;
            for (uint32_t k = 0; k < p->nstrs && !any; k++)
                any = p->lens[k] == tl && memcmp(p->strs[k], t, tl) == 0;
            ok = any == (p->op == P_ANY_OF);
            break;
        }
        }
        if (!ok)
            return false;
    }
    return true;
}

/* An upper bound on the tokens of src, or stop once it is reached. Every
 * token starts at a non-space character (a run of [A-Za-z0-9_$] starts at
 * most 4: 0b1 2 3e4 abc) or is whitespace: Python's NEWLINE, INDENT and
 * DEDENT (each at most one per line break) or a blank string fragment,
 * which sits next to a token of the first kind. */
static size_t token_bound(const char *s, size_t n, size_t stop)
{
    size_t nonspace = 0, breaks = 0;
    bool word = false;
    for (size_t i = 0; i < n && 2 * nonspace + 3 * breaks < stop; i++) {
        unsigned char c = (unsigned char)s[i];
        bool w = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '$';
        if (w && !word)
            nonspace += 4;
        word = w;
        if (w || (c >= 0x80 && c < 0xC0))   /* UTF-8 continuation bytes */
            continue;
        if (c == '\n' || c == '\r')
            breaks++;
        else if (c != ' ' && c != '\t' && c != '\f' && c != '\v')
            nonspace++;
    }
    return 2 * nonspace + 3 * breaks + 1;
}

/* Says why src cannot be parsed, before any grammar or query is loaded. */
static bool too_big(const char *src, size_t len)
{
    if (len <= UINT32_MAX - 1 && token_bound(src, len, SW_TSQ_MAX_TOKENS) < SW_TSQ_MAX_TOKENS)
        return false;
    snprintf(errbuf, sizeof errbuf, "too many tokens for tree-sitter 0.20.7 (a node of "
             "65535 children corrupts its heap)");
    return true;
}

static int run(sw_arena *a, sw_lang lang, const cquery *cq, const char *src, size_t len,
               sw_tsq_result *out)
{
    TSParser *p = parser(lang);
    if (!p)
        return -1;
    TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
    if (!tree) {
        snprintf(errbuf, sizeof errbuf, "the %s parser gave up", lang_names[lang]);
        ts_parser_reset(p);
        return -1;
    }
    TSNode root = ts_tree_root_node(tree);
    out->has_error = ts_node_has_error(root);
    uint32_t nc = ts_query_capture_count(cq->q);
    const char **names = sw_alloc(a, sizeof *names * (nc ? nc : 1));
    sw_capture *v = NULL;
    uint32_t n = 0, cap = 0;
    TSQueryCursor *cur = ts_query_cursor_new();
    ts_query_cursor_exec(cur, cq->q, root);
    TSQueryMatch m;
    while (ts_query_cursor_next_match(cur, &m)) {
        bool ok = true;
        for (uint32_t i = cq->first[m.pattern_index]; ok && i < cq->first[m.pattern_index + 1]; i++)
            ok = holds(&cq->preds[i], &m, src);
        if (!ok)
            continue;
        for (uint16_t i = 0; i < m.capture_count; i++) {
            uint32_t id = m.captures[i].index;
            if (cq->hidden[id])
                continue;
            if (!names[id]) {
                uint32_t nl;
                const char *nm = ts_query_capture_name_for_id(cq->q, id, &nl);
                names[id] = sw_strndup(a, nm, nl);
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                v = sw_xrealloc(v, sizeof *v * cap);
            }
            TSNode node = m.captures[i].node;
            uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
            v[n++] = (sw_capture){names[id], sw_strndup(a, src + s, e - s), s, e,
                                  out->nmatches, m.pattern_index};
        }
        out->nmatches++;
    }
    ts_query_cursor_delete(cur);
    ts_tree_delete(tree);
    if (n) {
        out->v = sw_alloc(a, sizeof *v * n);
        memcpy(out->v, v, sizeof *v * n);
        out->n = n;
    }
    free(v);
    return 0;
}

static int find_src(sw_lang lang, const char *name)
{
    for (unsigned i = 0; i < sw_query_nsrcs; i++)
        if (!strcmp(sw_query_srcs[i].lang, lang_names[lang]) && !strcmp(sw_query_srcs[i].name, name))
            return (int)i;
    return -1;
}

/* A query file whose first line is "; inherits: <lang>" extends the query of
 * the same name of that language (TypeScript extends JavaScript): the
 * parent's text comes first. Heap string; NULL when a parent is missing. */
static char *expand(int i, int depth)
{
    const char *t = sw_query_srcs[i].text, *pre = "; inherits: ";
    size_t pl = strlen(pre), tl = strlen(t);
    if (strncmp(t, pre, pl) != 0 || depth > 4)
        return memcpy(sw_xrealloc(NULL, tl + 1), t, tl + 1);
    const char *p = t + pl;
    size_t n = strcspn(p, " \r\n");
    int parent = -1;
    for (unsigned k = 0; k < sw_query_nsrcs; k++)
        if (strlen(sw_query_srcs[k].lang) == n && !strncmp(sw_query_srcs[k].lang, p, n) &&
            !strcmp(sw_query_srcs[k].name, sw_query_srcs[i].name))
            parent = (int)k;
    char *up = parent >= 0 ? expand(parent, depth + 1) : NULL;
    if (!up) {
        snprintf(errbuf, sizeof errbuf, "%s/%s.scm inherits a missing query",
                 sw_query_srcs[i].lang, sw_query_srcs[i].name);
        return NULL;
    }
    size_t ul = strlen(up);
    char *all = sw_xrealloc(up, ul + 1 + tl + 1);
    all[ul] = '\n';
    memcpy(all + ul + 1, t, tl + 1);
    return all;
}

int sw_tsq_run(sw_arena *a, sw_lang lang, const char *name, const char *src, size_t len,
               sw_tsq_result *out)
{
    memset(out, 0, sizeof *out);
    errbuf[0] = 0;
    if (lang >= SW_LANG_COUNT)
        return -1;
    int i = find_src(lang, name);
    if (i < 0) {
        snprintf(errbuf, sizeof errbuf, "no query %s/%s.scm", lang_names[lang], name);
        return -1;
    }
    if (too_big(src, len))   /* cheap, and spares compiling a query for nothing */
        return -1;
    if (!cache) {
        cache = sw_xrealloc(NULL, sizeof *cache * (sw_query_nsrcs + 1));
        cache_bad = sw_xrealloc(NULL, sw_query_nsrcs + 1);
        memset(cache, 0, sizeof *cache * (sw_query_nsrcs + 1));
        memset(cache_bad, 0, sw_query_nsrcs + 1);
    }
    if (!cache[i] && !cache_bad[i]) {
        char what[96];
        snprintf(what, sizeof what, "grammar/queries/%s/%s.scm", lang_names[lang], name);
        char *text = expand(i, 0);
        cache[i] = text ? compile(lang, text, what) : NULL;
        free(text);
        cache_bad[i] = !cache[i];
        if (cache_bad[i]) /* said once, since every later run fails the same way */
            fprintf(stderr, "slsws: %s\n", errbuf);
    }
    if (!cache[i]) {
        if (!errbuf[0])
            snprintf(errbuf, sizeof errbuf, "query %s/%s.scm does not compile",
                     lang_names[lang], name);
        return -1;
    }
    return run(a, lang, cache[i], src, len, out);
}

int sw_tsq_run_text(sw_arena *a, sw_lang lang, const char *query, const char *src, size_t len,
                    sw_tsq_result *out)
{
    memset(out, 0, sizeof *out);
    errbuf[0] = 0;
    if (lang >= SW_LANG_COUNT)
        return -1;
    if (too_big(src, len))
        return -1;
    cquery *cq = compile(lang, query, "query");
    if (!cq)
        return -1;
    int rc = run(a, lang, cq, src, len, out);
    cquery_free(cq);
    return rc;
}

void sw_tsq_shutdown(void)
{
    for (int l = 0; l < SW_LANG_COUNT; l++) {
        if (parsers[l])
            ts_parser_delete(parsers[l]);
        parsers[l] = NULL;
        parser_bad[l] = false;
    }
    if (cache)
        for (unsigned i = 0; i < sw_query_nsrcs; i++)
            cquery_free(cache[i]);
    free(cache);
    free(cache_bad);
    cache = NULL;
    cache_bad = NULL;
    free(scratch);
    scratch = NULL;
    scratch_cap = 0;
}
