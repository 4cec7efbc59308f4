/*
 * The Serverless variable parser (see vars.h). It follows Serverless v3's
 * lib/configuration/variables/parse.js where the two majors agree and is
 * lenient where v4's placeholders.js is: spaces after `${` are allowed, a
 * nested `${...}` may be a fallback. It is a recursive descent bounded by
 * SW_VARS_MAX_DEPTH; deeper variables are skipped by brace counting, so
 * every byte is looked at a bounded number of times.
 */
#include "vars.h"

#include <stdlib.h>
#include <string.h>

const char *const sw_var_sources[] = {
    "self", "opt", "sls", "env", "file", "strToBool", "param", "aws",
    "ssm", "cf", "s3", "output", "git", "vault", "terraform", "doppler", NULL,
};

bool sw_var_source_known(const char *name)
{
    for (int i = 0; sw_var_sources[i]; i++)
        if (strcmp(name, sw_var_sources[i]) == 0)
            return true;
    /* v4 keeps IoT policy variables (`${iot:Connection.Thing.ThingName}`) verbatim */
    return strcmp(name, "iot") == 0;
}

enum { M_TOP, M_ADDR, M_PARAM };

typedef struct vp {
    sw_arena *a;
    const char *s;
    uint32_t n;
    sw_vparse *out;
    uint32_t capv, capp;
    sw_vproblem spare;      /* written to once the problem cap is reached */
    sw_vvar *lvars[8];      /* out->vars until it outgrows them, then copied at size */
} vp;

/* Room for one more element (doubling; old copies stay in the arena). */
static void *grow(sw_arena *a, void *old, uint32_t n, uint32_t *cap, size_t elem)
{
    if (n < *cap)
        return old;
    *cap = *cap ? *cap * 2 : 4;
    void *p = sw_alloc(a, *cap * elem);
    return n ? memcpy(p, old, n * elem) : p;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* a token after a fallback comma (v3's alphaNumericChars); what may sit in
   a foreign `${...}` Serverless keeps verbatim */
#define token_char(c) (name_char(c) || (c) == '.')
#define foreign_char(c) (name_char(c) || (c) == ':' || (c) == '.' || (c) == '!')

static uint32_t skip_spaces(const char *s, uint32_t n, uint32_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* sw_has_var()'s rule at i, except `${x::y}`, which stays literal. */
static bool var_start(const char *s, uint32_t n, uint32_t i)
{
    if (i + 2 >= n || s[i] != '$' || s[i + 1] != '{')
        return false;
    uint32_t j = i + 2;
    while (j < n && s[j] == ' ')
        j++;
    if (j >= n || !(s[j] >= 'a' && s[j] <= 'z'))
        return false;
    while (j < n && name_char(s[j]))
        j++;
    if (j >= n || s[j] == '(')
        return j < n;
    if (s[j] != ':')
        return false;
    j = skip_spaces(s, n, j + 1);
    return !(j < n && s[j] == ':');
}

bool sw_vars_maybe(const char *s, size_t n)
{
    for (const char *p = s, *end = s + n; (p = memchr(p, '$', (size_t)(end - p))); p++)
        if ((p + 1 < end && p[1] == '{') || (p > s && p[-1] == '{'))
            return true;
    return false;
}

static sw_vproblem *problem(vp *p, sw_vprob_kind k, uint32_t as, uint32_t ae, const sw_vvar *v)
{
    sw_vparse *o = p->out;
    sw_vproblem *pr = &p->spare;
    if (o->nproblems >= SW_VARS_MAX_PROBLEMS) {
        o->truncated = true;
    } else {
        o->problems = grow(p->a, o->problems, o->nproblems, &p->capp, sizeof *o->problems);
        pr = &o->problems[o->nproblems++];
    }
    *pr = (sw_vproblem){.kind = k, .span = {as, ae}, .at = {as, ae}, .var = v};
    return pr;
}

/* ---- strings ---- */

typedef struct partvec {
    sw_vpart *v;
    uint32_t n, cap;
} partvec;

/* Adds the literal run [lit, s) if any, then a part [s, e). */
static sw_vpart *add_part(vp *p, partvec *pv, uint32_t lit, sw_vpart_kind k, uint32_t s,
                          uint32_t e)
{
    if (s > lit)
        add_part(p, pv, lit, SW_VPART_LIT, lit, s);
    pv->v = grow(p->a, pv->v, pv->n, &pv->cap, sizeof *pv->v);
    sw_vpart *pt = &pv->v[pv->n++];
    *pt = (sw_vpart){.kind = k, .span = {s, e}};
    return pt;
}

/* A quoted string at *pi ('...' without escapes, "..." with backslash
   escapes). Leaves *pi after the closing quote, or at the end. */
static void parse_quoted(vp *p, uint32_t *pi, sw_vstr *str)
{
    const char *s = p->s;
    uint32_t n = p->n, i = *pi, j = i + 1;
    char q = s[i];
    while (j < n && s[j] != q)
        j += (q == '"' && s[j] == '\\' && j + 1 < n) ? 2 : 1;
    if (j > n)
        j = n;
    char *buf = sw_alloc(p->a, j - i), *o = buf;
    for (uint32_t k = i + 1; k < j; k++) {
        char e = q == '"' && s[k] == '\\' && k + 1 < j ? s[++k] : 0;
        *o++ = !e ? s[k] : e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
    }
    j += j < n;
    *str = (sw_vstr){.quoted = true, .colon = -1, .text = buf, .span = {i, j}};
    *pi = j;
}

static sw_vvar *parse_var(vp *p, uint32_t *pi, uint32_t depth, sw_vvar *parent, int32_t fbi);

/* `{$name:` or `{$name(` with a known source and a closing `}` within
   256 bytes: returns the end of the construct, or 0. */
static uint32_t swapped_at(vp *p, uint32_t i, const char **name)
{
    const char *s = p->s;
    uint32_t n = p->n, j = i + 2;
    if (i > 0 && s[i - 1] == '$')
        return 0; /* `${$...` */
    if (j >= n || !(s[j] >= 'a' && s[j] <= 'z'))
        return 0;
    while (j < n && j - i < 40 && name_char(s[j]))
        j++;
    if (j >= n || (s[j] != ':' && s[j] != '('))
        return 0;
    char nm[48];
    memcpy(nm, s + i + 2, j - i - 2);
    nm[j - i - 2] = 0;
    if (!sw_var_source_known(nm))
        return 0;
    int d = 1;
    for (uint32_t k = j; k < n && k - i < 256; k++) {
        if (s[k] == '{')
            d++;
        else if (s[k] == '}' && --d == 0) {
            *name = sw_strdup(p->a, nm);
            return k + 1;
        }
    }
    return 0;
}

/* Text up to the mode's terminator at nesting level 0 (not consumed). */
static void parse_text(vp *p, uint32_t *pi, int mode, uint32_t depth, sw_vvar *owner,
                       sw_vstr *str)
{
    const char *s = p->s;
    uint32_t n = p->n, i = *pi, lit = i, start = i;
    sw_vpart local[8]; /* most strings have fewer parts: kept at their size */
    partvec pv = {local, 0, 8};
    str->colon = -1;
    while (i < n) {
        char c = s[i];
        if (mode != M_TOP && (c == '}' || c == ',' || (mode == M_PARAM && c == ')')))
            break;
        if (c == '\\' && i + 2 < n && s[i + 1] == '$' && s[i + 2] == '{') {
            add_part(p, &pv, lit, SW_VPART_ESCAPE, i, i + 3);
            lit = i += 3;
            continue;
        }
        if (c == '$' && i + 1 < n && s[i + 1] == '{') {
            if (var_start(s, n, i)) {
                uint32_t vs = i;
                sw_vvar *v = parse_var(p, &i, depth + 1, owner, -1);
                add_part(p, &pv, lit, SW_VPART_VAR, vs, i)->var = v;
                str->has_var = true;
                lit = i;
                if (!v->closed && mode == M_TOP)
                    problem(p, SW_VP_UNCLOSED, vs, vs + 2, v)->src = &v->src;
                if (!v->closed)
                    break;
                continue;
            }
            uint32_t j = skip_spaces(s, n, i + 2);
            if (j < n && s[j] == '}') {
                problem(p, SW_VP_EMPTY, i, j + 1, NULL);
                i = j + 1;
                continue;
            }
            uint32_t k = i + 2;
            while (k < n && foreign_char(s[k]))
                k++;
            if (k < n && s[k] == '}' && k > i + 2) {
                add_part(p, &pv, lit, SW_VPART_FOREIGN, i, k + 1)->name = (sw_vspan){i + 2, k};
                lit = i = k + 1;
                continue;
            }
            i += 2;
            continue;
        }
        if (c == '{' && i + 1 < n && s[i + 1] == '$') {
            const char *nm = NULL;
            uint32_t e = swapped_at(p, i, &nm);
            if (e) {
                sw_vproblem *pr = problem(p, SW_VP_SWAPPED, i, e, NULL);
                pr->at = (sw_vspan){i, i + 2};
                pr->name = nm;
            }
        }
        if (c == ':' && str->colon < 0)
            str->colon = (int32_t)i;
        i++;
    }
    /* an address or param is trimmed of trailing spaces */
    uint32_t end = i;
    if (mode != M_TOP)
        while (end > lit && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
    if (end > lit)
        add_part(p, &pv, lit, SW_VPART_LIT, lit, end);
    if (pv.v == local)
        pv.v = pv.n ? memcpy(sw_alloc(p->a, pv.n * sizeof *pv.v), local, pv.n * sizeof *pv.v) : NULL;
    str->parts = pv.v;
    str->nparts = pv.n;
    str->span = (sw_vspan){start, end};
    str->text = sw_strndup(p->a, s + start, end - start);
    *pi = i;
}

/* ---- variables ---- */

/* Records a syntax problem at *pi and skips to the next character of stops. */
static void junk(vp *p, uint32_t *pi, const sw_vvar *v, const char *stops)
{
    problem(p, SW_VP_SYNTAX, *pi, *pi + 1, v);
    /* a NUL byte (a "\0" escape) is junk too: strchr would find the terminator */
    while (*pi < p->n && (!p->s[*pi] || !strchr(stops, p->s[*pi])))
        (*pi)++;
}

static void skip_to_sep(vp *p, uint32_t *pi)
{
    while (*pi < p->n && p->s[*pi] != ',' && p->s[*pi] != '}')
        (*pi)++;
}

static void check_source(vp *p, sw_vvar *v, sw_vsource *src)
{
    if (!sw_var_source_known(src->src)) {
        sw_vproblem *pr = problem(p, SW_VP_UNKNOWN_SOURCE, src->name.start, src->name.end, v);
        pr->src = src;
        pr->name = src->src;
    }
    if ((strcmp(src->src, "self") == 0 || strcmp(src->src, "file") == 0) && src->address &&
        !src->address->quoted && src->address->colon >= 0) {
        uint32_t c = (uint32_t)src->address->colon;
        problem(p, SW_VP_COLON_PATH, c, c + 1, v)->src = src;
    }
}

/* The source name s[0..n): a known one is not copied. */
static const char *source_name(vp *p, const char *s, uint32_t n)
{
    for (int i = 0; sw_var_sources[i]; i++)
        if (strncmp(sw_var_sources[i], s, n) == 0 && !sw_var_sources[i][n])
            return sw_var_sources[i];
    return sw_strndup(p->a, s, n);
}

/* name, optional (params), optional :address; *pi at the name. */
static void parse_source(vp *p, uint32_t *pi, uint32_t depth, sw_vvar *v, sw_vsource *src)
{
    const char *s = p->s;
    uint32_t n = p->n, j = *pi;
    src->span.start = src->name.start = j;
    while (j < n && name_char(s[j]))
        j++;
    src->name.end = j;
    src->src = source_name(p, s + src->name.start, j - src->name.start);
    if (j < n && s[j] == '(') {
        src->has_params = true;
        j++;
        sw_vstr *ps = NULL;
        uint32_t np = 0, cap = 0;
        for (;;) {
            j = skip_spaces(s, n, j);
            if (j >= n || s[j] == ')') {
                j += j < n;
                break;
            }
            if (s[j] == '}') {
                problem(p, SW_VP_SYNTAX, j, j + 1, v);
                break;
            }
            ps = grow(p->a, ps, np, &cap, sizeof *ps);
            sw_vstr *par = &ps[np++];
            memset(par, 0, sizeof *par);
            par->colon = -1;
            if (s[j] == ',') { /* a skipped param */
                par->span = (sw_vspan){j, j};
                par->text = "";
                j++;
                continue;
            }
            if (s[j] == '\'' || s[j] == '"') {
                parse_quoted(p, &j, par);
                j = skip_spaces(s, n, j);
                if (j < n && s[j] != ',' && s[j] != ')')
                    junk(p, &j, v, ",)}");
            } else {
                parse_text(p, &j, M_PARAM, depth, v, par);
            }
            if (j < n && (s[j] == ',' || s[j] == ')') && s[j++] == ',')
                continue;
            if (j < n && s[j] == '}' && s[j - 1] != ')')
                problem(p, SW_VP_SYNTAX, j, j + 1, v);
            break;
        }
        src->params = ps;
        src->nparams = np;
        src->span.end = j;
        j = skip_spaces(s, n, j);
    }
    if (j < n && s[j] == ':') {
        j = skip_spaces(s, n, j + 1);
        sw_vstr *ad = sw_alloc(p->a, sizeof *ad);
        if (j < n && (s[j] == '\'' || s[j] == '"')) {
            parse_quoted(p, &j, ad);
            j = skip_spaces(s, n, j);
            if (j < n && s[j] != ',' && s[j] != '}')
                junk(p, &j, v, ",}");
        } else {
            parse_text(p, &j, M_ADDR, depth, v, ad);
        }
        src->address = ad;
        src->span.end = ad->span.end;
    } else if (j < n && s[j] != '}' && s[j] != ',' && src->has_params) {
        junk(p, &j, v, ",}"); /* `${file(x)bar}`: an address needs its colon */
    }
    if (!src->span.end)
        src->span.end = src->name.end;
    check_source(p, v, src);
    *pi = j;
}

/* What JavaScript's Number() accepts (v3 parses literal fallbacks with it). */
static bool is_js_number(const char *t)
{
    t += *t == '-';
    if (strcmp(t, "Infinity") == 0)
        return true;
    const char *set = t[0] != '0' ? NULL : strchr("xX", t[1]) ? "0123456789abcdefABCDEF"
                      : strchr("oO", t[1]) ? "01234567" : strchr("bB", t[1]) ? "01" : NULL;
    if (set && t[1])
        return t[2] && strspn(t + 2, set) == strlen(t + 2);
    if (!((*t >= '0' && *t <= '9') || (*t == '.' && t[1] >= '0' && t[1] <= '9')))
        return false;
    char *end;
    strtod(t, &end);
    return *end == 0;
}

/* One fallback after the comma at `comma`. */
static void parse_fallback(vp *p, uint32_t *pi, uint32_t comma, uint32_t depth, sw_vvar *v,
                           sw_vfallback *fb)
{
    const char *s = p->s;
    uint32_t n = p->n, j = skip_spaces(s, n, *pi);
    fb->span.start = j;
    char c = j < n ? s[j] : 0;
    if (c == '\'' || c == '"') {
        sw_vstr q = {0};
        parse_quoted(p, &j, &q);
        fb->kind = SW_VFB_STRING;
        fb->value = q.text;
        fb->span.end = j;
    } else if (c == '$' && var_start(s, n, j)) {
        fb->kind = SW_VFB_VAR;
        fb->var = parse_var(p, &j, depth + 1, v, (int32_t)v->nfbs - 1);
        fb->span.end = j;
    } else if (token_char(c)) {
        uint32_t k = j;
        while (k < n && token_char(s[k]))
            k++;
        uint32_t after = skip_spaces(s, n, k);
        bool name_ok = c >= 'a' && c <= 'z';
        for (uint32_t t = j; t < k; t++)
            name_ok = name_ok && name_char(s[t]);
        if (after < n && (s[after] == ':' || s[after] == '(') && name_ok && after == k) {
            fb->kind = SW_VFB_SOURCE;
            parse_source(p, &j, depth, v, &fb->src);
            fb->span.end = fb->src.span.end;
        } else {
            fb->value = sw_strndup(p->a, s + j, k - j);
            fb->span.end = k;
            if (strcmp(fb->value, "true") == 0 || strcmp(fb->value, "false") == 0)
                fb->kind = SW_VFB_BOOL;
            else if (strcmp(fb->value, "null") == 0)
                fb->kind = SW_VFB_NULL;
            else if (is_js_number(fb->value))
                fb->kind = SW_VFB_NUMBER;
            else
                fb->kind = SW_VFB_BAD;
            j = k;
            if (after < n && s[after] != ',' && s[after] != '}') {
                fb->kind = SW_VFB_BAD;
                skip_to_sep(p, &j);
                for (fb->span.end = j; fb->span.end > k && s[fb->span.end - 1] == ' ';)
                    fb->span.end--;
            }
        }
    } else {
        fb->kind = SW_VFB_BAD;
        skip_to_sep(p, &j);
        for (fb->span.end = j; fb->span.end > fb->span.start && s[fb->span.end - 1] == ' ';)
            fb->span.end--;
    }
    if (fb->kind == SW_VFB_BAD) {
        if (!fb->value)
            fb->value = sw_strndup(p->a, s + fb->span.start, fb->span.end - fb->span.start);
        if (j < n) /* at the end the variable is unclosed: that says it all */
            fb->span.end > fb->span.start
                ? problem(p, SW_VP_BAD_FALLBACK, fb->span.start, fb->span.end, v)
                : problem(p, SW_VP_BAD_FALLBACK, comma, comma + 1, v);
    }
    *pi = j;
}

static sw_vvar *parse_var(vp *p, uint32_t *pi, uint32_t depth, sw_vvar *parent, int32_t fbi)
{
    const char *s = p->s;
    uint32_t n = p->n, i = *pi;
    sw_vparse *o = p->out;
    sw_vvar *v = sw_alloc(p->a, sizeof *v);
    v->span.start = i;
    v->depth = depth;
    v->parent = parent;
    v->fb_index = fbi;
    o->vars = grow(p->a, o->vars, o->nvars, &p->capv, sizeof *o->vars);
    o->vars[o->nvars++] = v;
    if (depth > SW_VARS_MAX_DEPTH) {
        /* too deep: skip to the matching brace without looking inside */
        o->truncated = true;
        problem(p, SW_VP_DEPTH, i, i + 2, v);
        v->src.src = "";
        uint32_t j = i + 2;
        int d = 1;
        for (; j < n && d > 0; j++)
            d += s[j] == '{' ? 1 : s[j] == '}' ? -1 : 0;
        v->closed = d == 0;
        v->span.end = j;
        *pi = j;
        return v;
    }
    uint32_t j = skip_spaces(s, n, i + 2);
    parse_source(p, &j, depth, v, &v->src);
    sw_vfallback *fbs = NULL;
    uint32_t cap = 0;
    for (;;) {
        j = skip_spaces(s, n, j);
        if (j >= n)
            break;
        if (s[j] == '}') {
            v->closed = true;
            j++;
            break;
        }
        if (s[j] == ',') {
            uint32_t comma = j++;
            v->fbs = fbs = grow(p->a, fbs, v->nfbs, &cap, sizeof *fbs);
            fbs[v->nfbs] = (sw_vfallback){0};
            parse_fallback(p, &j, comma, depth, v, &fbs[v->nfbs++]);
            continue;
        }
        junk(p, &j, v, ",}");
    }
    v->fbs = fbs;
    v->span.end = j;
    *pi = j;
    return v;
}

sw_vparse *sw_vars_parse(sw_arena *a, const char *s, size_t len)
{
    sw_vparse *o = sw_alloc(a, sizeof *o);
    vp p = {.a = a, .s = s, .n = len > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)len, .out = o};
    o->s = s;
    o->n = p.n;
    o->vars = p.lvars;
    p.capv = sizeof p.lvars / sizeof p.lvars[0];
    uint32_t i = 0;
    parse_text(&p, &i, M_TOP, 0, NULL, &o->str);
    if (o->vars == p.lvars)
        o->vars = o->nvars ? memcpy(sw_alloc(a, o->nvars * sizeof *o->vars), p.lvars,
                                    o->nvars * sizeof *o->vars)
                           : NULL;
    o->str.span = (sw_vspan){0, p.n};
    for (uint32_t k = 0; k < o->nproblems; k++) {
        sw_vproblem *pr = &o->problems[k];
        const sw_vvar *v = pr->var;
        if (!v)
            continue;
        pr->span = v->span;
        /* a fallback array may have moved since the problem pointed into it */
        if (pr->src && pr->src != &v->src)
            for (uint32_t f = 0; f < v->nfbs; f++)
                if (v->fbs[f].kind == SW_VFB_SOURCE &&
                    v->fbs[f].src.name.start == pr->src->name.start)
                    pr->src = &v->fbs[f].src;
    }
    return o;
}

bool sw_vsource_is_last(const sw_vvar *v, const sw_vsource *s)
{
    if (s != &v->src && !(v->nfbs && s == &v->fbs[v->nfbs - 1].src))
        return false;
    if (s == &v->src && v->nfbs)
        return false;
    /* a variable given as a fallback is covered by the alternatives after it */
    for (; v->parent && v->fb_index >= 0; v = v->parent)
        if ((uint32_t)v->fb_index + 1 < v->parent->nfbs)
            return false;
    return true;
}
