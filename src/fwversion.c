/*
 * frameworkVersion ranges: a small reader for npm semver ranges and the
 * questions the version-dependent rules ask about them (amendment C4). The
 * desugaring follows npm semver 7 (classes/range.js): x-ranges, carets, tildes
 * and hyphen ranges become lower and upper bounds, which are then normalised to
 * inclusive bounds over release versions (see fwversion.h). Anything outside
 * the accepted grammar is rejected (-1) rather than guessed at, so callers make
 * no claim about ranges whose meaning is unclear.
 */
#include "fwversion.h"

#include <string.h>

#define NUM_MAX 999999999 /* larger numbers are refused; keeps +1 in range */
#define WORDS_MAX (2 * SW_FW_MAXCMP)

enum { OP_EQ, OP_LT, OP_LE, OP_GT, OP_GE, OP_TILDE, OP_CARET };

/* a partial version: n numeric components (0-3) before the first wildcard;
   pre when a full version carries a pre-release tag */
typedef struct partial {
    int n;
    int v[3];
    int pre;
} partial;

typedef struct word {
    const char *p;
    size_t n;
} word;

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_ident_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '-';
}

static int is_wild(char c) { return c == 'x' || c == 'X' || c == '*'; }

static int ver_cmp(sw_fwver a, sw_fwver b)
{
    if (a.maj != b.maj)
        return a.maj < b.maj ? -1 : 1;
    if (a.min != b.min)
        return a.min < b.min ? -1 : 1;
    if (a.pat != b.pat)
        return a.pat < b.pat ? -1 : 1;
    return 0;
}

static sw_fwver ver(int maj, int min, int pat)
{
    sw_fwver v;
    v.maj = maj;
    v.min = min;
    v.pat = pat;
    return v;
}

/* ---- bounds on one alternative ---- */

static void span_any(sw_fwspan *sp)
{
    sp->lo = ver(0, 0, 0);
    sp->hi = ver(SW_FW_INF, SW_FW_INF, SW_FW_INF);
    sp->empty = 0;
}

/* >= v */
static void at_least(sw_fwspan *sp, sw_fwver v)
{
    if (ver_cmp(v, sp->lo) > 0)
        sp->lo = v;
}

/* <= v */
static void at_most(sw_fwspan *sp, sw_fwver v)
{
    if (ver_cmp(v, sp->hi) < 0)
        sp->hi = v;
}

/* < v, i.e. <= the release just before v (v is finite) */
static void below(sw_fwspan *sp, sw_fwver v)
{
    if (v.pat > 0)
        at_most(sp, ver(v.maj, v.min, v.pat - 1));
    else if (v.min > 0)
        at_most(sp, ver(v.maj, v.min - 1, SW_FW_INF));
    else if (v.maj > 0)
        at_most(sp, ver(v.maj - 1, SW_FW_INF, SW_FW_INF));
    else
        sp->empty = 1;
}

/* Applies one comparator, desugared as npm semver's replaceCaret, replaceTilde
   and replaceXRange do. */
static void apply(sw_fwspan *sp, int op, const partial *pv)
{
    int n = pv->n, M = pv->v[0], m = pv->v[1], p = pv->v[2];

    if (n == 0) { /* *, x, ^x, ~*, >=x: anything; >x, <x: nothing */
        if (op == OP_LT || op == OP_GT)
            sp->empty = 1;
        return;
    }
    if (n < 2)
        m = 0;
    if (n < 3)
        p = 0;
    switch (op) {
    case OP_TILDE:
        at_least(sp, ver(M, m, p));
        if (n == 1)
            below(sp, ver(M + 1, 0, 0));
        else
            below(sp, ver(M, m + 1, 0));
        return;
    case OP_CARET:
        at_least(sp, ver(M, m, p));
        if (n == 1 || M > 0)
            below(sp, ver(M + 1, 0, 0));
        else if (n == 2 || m > 0)
            below(sp, ver(0, m + 1, 0));
        else
            below(sp, ver(0, 0, p + 1));
        return;
    case OP_EQ:
        at_least(sp, ver(M, m, p));
        if (n == 3)
            at_most(sp, ver(M, m, p));
        else if (n == 1)
            below(sp, ver(M + 1, 0, 0));
        else
            below(sp, ver(M, m + 1, 0));
        return;
    case OP_GE:
        at_least(sp, ver(M, m, p));
        return;
    case OP_GT: /* >1 is >=2.0.0, >1.2 is >=1.3.0, >1.2.3 is >=1.2.4 */
        if (pv->pre) /* >1.2.3-beta admits the release 1.2.3 */
            at_least(sp, ver(M, m, p));
        else if (n == 1)
            at_least(sp, ver(M + 1, 0, 0));
        else if (n == 2)
            at_least(sp, ver(M, m + 1, 0));
        else
            at_least(sp, ver(M, m, p + 1));
        return;
    case OP_LT:
        below(sp, ver(M, m, p));
        return;
    case OP_LE: /* <=1 is <2.0.0, <=1.2 is <1.3.0 */
        if (n == 1)
            below(sp, ver(M + 1, 0, 0));
        else if (n == 2)
            below(sp, ver(M, m + 1, 0));
        else
            at_most(sp, ver(M, m, p));
        return;
    }
}

/* ---- lexing ---- */

/* A dot-separated run of identifiers ([0-9A-Za-z-]+); numeric ones without
   leading zeros when strict. Returns the length read, 0 when none. */
static size_t ident_list(const char *s, size_t n, int strict)
{
    size_t i = 0;
    for (;;) {
        size_t st = i;
        int digits = 1;
        while (i < n && is_ident_char(s[i])) {
            if (!is_digit(s[i]))
                digits = 0;
            i++;
        }
        if (i == st)
            return 0;
        if (strict && digits && i - st > 1 && s[st] == '0')
            return 0;
        if (i < n && s[i] == '.') {
            i++;
            continue;
        }
        return i;
    }
}

/* Reads v? ID(.ID(.ID(-pre)?)?)? (+build)? filling the whole of s, with ID a
   number without leading zeros or x X *. A number after a wildcard is refused
   (npm rejects "1.x.3"). */
static int parse_partial(const char *s, size_t n, partial *pv)
{
    size_t i = 0;
    int comps = 0, wild = 0;

    pv->n = 0;
    pv->pre = 0;
    pv->v[0] = pv->v[1] = pv->v[2] = 0;
    if (i < n && s[i] == 'v')
        i++;
    for (;;) {
        if (i >= n)
            return -1;
        if (is_wild(s[i])) {
            wild = 1;
            i++;
        } else if (is_digit(s[i])) {
            size_t st = i;
            long val = 0;
            if (wild)
                return -1;
            while (i < n && is_digit(s[i])) {
                if (i - st >= 9)
                    return -1; /* beyond NUM_MAX */
                val = val * 10 + (s[i] - '0');
                i++;
            }
            if (i - st > 1 && s[st] == '0')
                return -1;
            if (val > NUM_MAX)
                return -1;
            pv->v[comps] = (int)val;
            pv->n = comps + 1;
        } else {
            return -1;
        }
        comps++;
        if (comps < 3 && i < n && s[i] == '.') {
            i++;
            continue;
        }
        break;
    }
    if (comps == 3 && i < n && s[i] == '-') {
        size_t k = ident_list(s + i + 1, n - i - 1, 1);
        if (k == 0)
            return -1;
        i += 1 + k;
        pv->pre = (pv->n == 3);
    }
    if (i < n && s[i] == '+') {
        size_t k = ident_list(s + i + 1, n - i - 1, 0);
        if (k == 0)
            return -1;
        i += 1 + k;
    }
    return i == n ? 0 : -1;
}

/* Reads an operator at the start of s; returns its length (0 for none). */
static size_t parse_op(const char *s, size_t n, int *op)
{
    *op = OP_EQ;
    if (n == 0)
        return 0;
    switch (s[0]) {
    case '<':
        if (n > 1 && s[1] == '=') {
            *op = OP_LE;
            return 2;
        }
        *op = OP_LT;
        return 1;
    case '>':
        if (n > 1 && s[1] == '=') {
            *op = OP_GE;
            return 2;
        }
        *op = OP_GT;
        return 1;
    case '=':
        return 1;
    case '~':
        *op = OP_TILDE;
        return (n > 1 && s[1] == '>') ? 2 : 1;
    case '^':
        *op = OP_CARET;
        return 1;
    default:
        return 0;
    }
}

static int is_word(const word *w, const char *t)
{
    return w->n == strlen(t) && memcmp(w->p, t, w->n) == 0;
}

/* One alternative: a hyphen range "A - B", or comparators separated by
   whitespace (an operator may be separated from its version: ">= 3"). */
static int parse_alt(const char *s, size_t n, sw_fwspan *sp)
{
    word w[WORDS_MAX];
    int nw = 0, ncmp = 0;
    size_t i = 0;

    span_any(sp);
    while (i < n) {
        size_t st;
        while (i < n && is_ws(s[i]))
            i++;
        if (i >= n)
            break;
        st = i;
        while (i < n && !is_ws(s[i]))
            i++;
        if (nw == WORDS_MAX)
            return -1;
        w[nw].p = s + st;
        w[nw].n = i - st;
        nw++;
    }
    if (nw == 0)
        return 0; /* npm reads an empty alternative as "*" */

    if (nw == 3 && is_word(&w[1], "-")) {
        partial a, b;
        if (parse_partial(w[0].p, w[0].n, &a) ||
            parse_partial(w[2].p, w[2].n, &b))
            return -1;
        apply(sp, OP_GE, &a);
        apply(sp, OP_LE, &b);
        return 0;
    }

    for (int k = 0; k < nw; k++) {
        int op;
        partial pv;
        const char *body;
        size_t bn, ol = parse_op(w[k].p, w[k].n, &op);

        if (ol == w[k].n) { /* a lone operator: its version is the next word */
            if (ol == 0 || k + 1 >= nw)
                return -1;
            k++;
            body = w[k].p;
            bn = w[k].n;
        } else {
            body = w[k].p + ol;
            bn = w[k].n - ol;
        }
        if (parse_partial(body, bn, &pv))
            return -1;
        if (++ncmp > SW_FW_MAXCMP)
            return -1;
        apply(sp, op, &pv);
    }
    return 0;
}

int sw_fw_parse(const char *s, size_t len, sw_fwrange *out)
{
    size_t i = 0, st = 0;
    int blank = 1;

    if (!s || !out)
        return -1;
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < len; k++)
        if (!is_ws(s[k]))
            blank = 0;
    if (blank)
        return -1;

    for (;;) {
        int end = (i >= len);
        if (end || (s[i] == '|' && i + 1 < len && s[i + 1] == '|')) {
            if (out->nalt == SW_FW_MAXALT)
                return -1;
            if (parse_alt(s + st, i - st, &out->alt[out->nalt]))
                return -1;
            out->nalt++;
            if (end)
                break;
            i += 2;
            st = i;
            continue;
        }
        i++;
    }
    for (int k = 0; k < out->nalt; k++)
        if (ver_cmp(out->alt[k].lo, out->alt[k].hi) > 0)
            out->alt[k].empty = 1;
    return 0;
}

/* The highest admitted version; 0 when the range admits nothing. */
static int max_ver(const sw_fwrange *r, sw_fwver *mx)
{
    int any = 0;
    for (int k = 0; k < r->nalt; k++) {
        if (r->alt[k].empty)
            continue;
        if (!any || ver_cmp(r->alt[k].hi, *mx) > 0)
            *mx = r->alt[k].hi;
        any = 1;
    }
    return any;
}

int sw_fw_max_below(const sw_fwrange *r, int maj, int min)
{
    sw_fwver mx = {0, 0, 0};
    if (!max_ver(r, &mx))
        return 0;
    return ver_cmp(mx, ver(maj, min, 0)) < 0;
}

int sw_fw_max_at_least(const sw_fwrange *r, int maj, int min)
{
    sw_fwver mx = {0, 0, 0};
    if (!max_ver(r, &mx))
        return 0;
    return ver_cmp(mx, ver(maj, min, 0)) >= 0;
}

int sw_fw_admits_major(const sw_fwrange *r, int maj)
{
    if (maj < 0)
        return 0;
    for (int k = 0; k < r->nalt; k++) {
        const sw_fwspan *sp = &r->alt[k];
        if (!sp->empty && sp->lo.maj <= maj && sp->hi.maj >= maj)
            return 1;
    }
    return 0;
}

int sw_fw_pinned_major(const sw_fwrange *r)
{
    int major = -1;
    for (int k = 0; k < r->nalt; k++) {
        const sw_fwspan *sp = &r->alt[k];
        if (sp->empty)
            continue;
        if (sp->lo.maj != sp->hi.maj)
            return -1;
        if (major >= 0 && major != sp->lo.maj)
            return -1;
        major = sp->lo.maj;
    }
    return major;
}
