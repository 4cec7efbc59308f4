/*
 * What a handler file holds (see handlers.h, sw_srcfile): the names it
 * exports and its API uses, read through the "handlers" query of its
 * language (tsq.h). The captures of one match belong together: a match
 * that holds @export.default exports "default" whatever name it also
 * captured, and @export.params belongs to the name of its own match.
 * Helper captures (the queries' headers) are gathered first: the functions
 * exports name (@value.*, @fn.*), the declarations endpoints resolve
 * through (@decl.*), Python def and class bodies (@py.scope: a @block.*
 * capture inside one is not module level) and the TypeScript imports the
 * compiler erases (@sdk.erased and others).
 */
#include "hfacts.h"

#include <stdlib.h>
#include <string.h>

const sw_export *sw_srcfile_export(const sw_srcfile *f, const char *name)
{
    for (uint32_t i = 0; f && i < f->nexports; i++)
        if (strcmp(f->exports[i].name, name) == 0)
            return &f->exports[i];
    return NULL;
}

const sw_api_use *sw_srcfile_use(const sw_srcfile *f, sw_use_kind kind)
{
    for (uint32_t i = 0; f && i < f->nuses; i++)
        if (f->uses[i].kind == kind)
            return &f->uses[i];
    return NULL;
}

/* block.*: Python, inside an if/try/with/... block; module level unless in a @py.scope */
static const struct { const char *capture; sw_export_kind kind; } export_caps[] = {
    {"export.cjs", SW_EXP_CJS}, {"export.cjs_object", SW_EXP_CJS_OBJECT},
    {"export.esm", SW_EXP_ESM}, {"export.clause", SW_EXP_CLAUSE},
    {"export.def", SW_EXP_PY_DEF}, {"export.class", SW_EXP_PY_CLASS},
    {"export.assign", SW_EXP_PY_ASSIGN}, {"export.import", SW_EXP_PY_IMPORT},
    {"block.def", SW_EXP_PY_DEF}, {"block.class", SW_EXP_PY_CLASS},
    {"block.assign", SW_EXP_PY_ASSIGN}, {"block.import", SW_EXP_PY_IMPORT},
};

static const struct { const char *capture; sw_use_kind kind; } use_caps[] = {
    {"api.post", SW_USE_POST}, {"api.command", SW_USE_COMMAND},
    {"api.client", SW_USE_CLIENT}, {"api.client_v2", SW_USE_CLIENT_V2},
    {"api.gone", SW_USE_GONE}, {"sdk.v2", SW_USE_SDK_V2}, {"sdk.v3", SW_USE_SDK_V3},
    {"api.endpoint", SW_USE_ENDPOINT}, {"api.endpoint_v2", SW_USE_ENDPOINT_V2},
    {"api.endpoint_bare", SW_USE_ENDPOINT},
};

typedef struct span { uint32_t start, end; } span;
/* a name and the span it stands for: @fn.name/@fn.def, @decl.name/@decl.value */
typedef struct binding { const char *name; span to; } binding;
/* @value.of with @value.fn (ref NULL) or @value.ref */
typedef struct xvalue { span of, fn; const char *ref; } xvalue;

/* What the helper captures of one run say, gathered before the exports and
 * uses are read: all sized by the capture count, in the arena. */
typedef struct facts {
    xvalue *values;             /* sorted by of.start */
    binding *fns, *decls;
    span *scopes;               /* Python def/class bodies, merged and sorted */
    span *erased;               /* TypeScript imports the compiler drops */
    uint32_t nvalues, nfns, ndecls, nscopes, nerased;
    bool *bare;                 /* per use: an @api.endpoint_bare */
} facts;

static int cmp_span(const void *x, const void *y)
{
    const span *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

static int cmp_value(const void *x, const void *y)
{
    return cmp_span(&((const xvalue *)x)->of, &((const xvalue *)y)->of);
}

static bool within(span s, uint32_t at) { return at >= s.start && at < s.end; }

/* Is at inside one of the merged, sorted spans v[0, n)? */
static bool in_spans(const span *v, uint32_t n, uint32_t at)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {           /* the first span that starts after at */
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid].start <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && within(v[lo - 1], at);
}

static const sw_capture *cap(const sw_capture *c, uint32_t n, const char *name)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(c[i].name, name))
            return &c[i];
    return NULL;
}

/* One match's helper captures. */
static void gather(facts *x, const sw_capture *c, uint32_t n, span *named, uint32_t *nnamed,
                   span *specs, uint32_t *nspecs, span *tspecs, uint32_t *ntspecs)
{
    const sw_capture *a = cap(c, n, "value.of"), *b = NULL;
    if (a && ((b = cap(c, n, "value.fn")) || cap(c, n, "value.ref"))) {
        xvalue *v = &x->values[x->nvalues++];
        v->of = (span){a->start, a->end};
        if (b)
            v->fn = (span){b->start, b->end};
        else
            v->ref = cap(c, n, "value.ref")->text;
    }
    if ((a = cap(c, n, "fn.name")) && (b = cap(c, n, "fn.def")))
        x->fns[x->nfns++] = (binding){a->text, {b->start, b->end}};
    if ((a = cap(c, n, "decl.name")) && (b = cap(c, n, "decl.value")))
        x->decls[x->ndecls++] = (binding){a->text, {b->start, b->end}};
    for (uint32_t i = 0; i < n; i++) {
        span s = {c[i].start, c[i].end};
        if (!strcmp(c[i].name, "py.scope"))
            x->scopes[x->nscopes++] = s;
        else if (!strcmp(c[i].name, "sdk.erased"))
            x->erased[x->nerased++] = s;
        else if (!strcmp(c[i].name, "sdk.named"))
            named[(*nnamed)++] = s;
        else if (!strcmp(c[i].name, "sdk.spec"))
            specs[(*nspecs)++] = s;
        else if (!strcmp(c[i].name, "sdk.type_spec"))
            tspecs[(*ntspecs)++] = s;
    }
}

static uint32_t count_in(const span *v, uint32_t n, span s)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        k += v[i].start >= s.start && v[i].end <= s.end;
    return k;
}

static void gather_all(sw_arena *a, const sw_tsq_result *r, facts *x)
{
    uint32_t sz = r->n ? r->n : 1, nnamed = 0, nspecs = 0, ntspecs = 0;
    x->values = sw_alloc(a, sizeof *x->values * sz);
    x->fns = sw_alloc(a, sizeof *x->fns * sz);
    x->decls = sw_alloc(a, sizeof *x->decls * sz);
    x->scopes = sw_alloc(a, sizeof *x->scopes * sz);
    x->erased = sw_alloc(a, sizeof *x->erased * sz);
    x->bare = sw_alloc(a, sizeof *x->bare * sz);
    span *named = sw_alloc(a, sizeof *named * sz), *specs = sw_alloc(a, sizeof *specs * sz);
    span *tspecs = sw_alloc(a, sizeof *tspecs * sz);
    for (uint32_t i = 0; i < r->n;) {
        uint32_t j = i;
        while (j < r->n && r->v[j].match == r->v[i].match)
            j++;
        gather(x, r->v + i, j - i, named, &nnamed, specs, &nspecs, tspecs, &ntspecs);
        i = j;
    }
    /* import { type A, type B } from 'm' is erased; import {} from 'm' is not */
    for (uint32_t i = 0; i < nnamed; i++) {
        uint32_t k = count_in(specs, nspecs, named[i]);
        if (k && k == count_in(tspecs, ntspecs, named[i]))
            x->erased[x->nerased++] = named[i];
    }
    qsort(x->values, x->nvalues, sizeof *x->values, cmp_value);
    qsort(x->scopes, x->nscopes, sizeof *x->scopes, cmp_span);
    uint32_t k = 0;   /* nested bodies fold into the outer one */
    for (uint32_t i = 0; i < x->nscopes; i++) {
        if (k && x->scopes[i].start < x->scopes[k - 1].end) {
            if (x->scopes[i].end > x->scopes[k - 1].end)
                x->scopes[k - 1].end = x->scopes[i].end;
            continue;
        }
        x->scopes[k++] = x->scopes[i];
    }
    x->nscopes = k;
}

static bool is_identifier(const char *s)
{
    if (!(*s == '_' || *s == '$' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    for (s++; *s; s++)
        if (!(*s == '_' || *s == '$' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

/* An endpoint given as an identifier: the initializer of the file's only
 * declaration of it, else the identifier itself. */
static span endpoint(const facts *x, const sw_capture *c)
{
    span s = {c->start, c->end};
    if (!is_identifier(c->text))
        return s;
    const binding *only = NULL;
    for (uint32_t i = 0; i < x->ndecls; i++)
        if (!strcmp(x->decls[i].name, c->text)) {
            if (only)
                return s;
            only = &x->decls[i];
        }
    return only ? only->to : s;
}

static int cmp_export(const void *x, const void *y)
{
    const sw_export *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->kind < b->kind ? -1 : a->kind > b->kind;
}

static int cmp_use(const void *x, const void *y)
{
    const sw_api_use *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->kind < b->kind ? -1 : a->kind > b->kind;
}

static void mark_open(sw_srcfile *f, const sw_capture *c)
{
    if (!f->exports_open || c->start < f->open_start) {
        f->open_start = c->start;
        f->open_end = c->end;
    }
    f->exports_open = true;
}

/* One match: captures c[0, n). */
static void take_match(sw_srcfile *f, const facts *x, const sw_capture *c, uint32_t n,
                       uint32_t *ne, uint32_t *nu)
{
    const sw_capture *def = cap(c, n, "export.default"), *params = cap(c, n, "export.params");
    for (uint32_t i = 0; i < n; i++) {
        const char *cn = c[i].name;
        /* Python: a block's statements are module level unless in a def or class */
        bool nested = !strncmp(cn, "block.", 6) && in_spans(x->scopes, x->nscopes, c[i].start);
        if (!strcmp(cn, "export.dynamic") || (!strcmp(cn, "block.dynamic") && !nested)) {
            mark_open(f, &c[i]);
            continue;
        }
        for (size_t k = 0; k < sizeof use_caps / sizeof use_caps[0]; k++)
            if (!strcmp(cn, use_caps[k].capture)) {
                span s = {c[i].start, c[i].end};
                if (use_caps[k].kind == SW_USE_ENDPOINT || use_caps[k].kind == SW_USE_ENDPOINT_V2)
                    s = endpoint(x, &c[i]);
                x->bare[*nu] = !strcmp(cn, "api.endpoint_bare");
                f->uses[(*nu)++] = (sw_api_use){use_caps[k].kind, s.start, s.end};
            }
        const sw_capture *name = NULL;
        sw_export_kind kind = SW_EXP_DEFAULT;
        if (&c[i] == def) {
            name = def;
        } else if (!def && !nested) {
            for (size_t k = 0; k < sizeof export_caps / sizeof export_caps[0]; k++)
                if (!strcmp(cn, export_caps[k].capture)) {
                    name = &c[i];
                    kind = export_caps[k].kind;
                }
        }
        if (!name)
            continue;
        sw_export *e = &f->exports[(*ne)++];
        e->name = kind == SW_EXP_DEFAULT ? "default" : name->text;
        e->kind = kind;
        e->start = name->start;
        e->end = name->end;
        if (params) {
            e->params = params->text;
            e->params_start = params->start;
            e->params_end = params->end;
        }
    }
}

/* The function an export names (see sw_export.value_start). */
static void take_value(sw_export *e, const facts *x)
{
    uint32_t lo = 0, hi = x->nvalues;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (x->values[mid].of.start < e->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < x->nvalues && x->values[lo].of.start == e->start; lo++) {
        const xvalue *v = &x->values[lo];
        if (v->of.end != e->end)
            continue;
        span s = v->fn;
        for (uint32_t i = 0; v->ref && i < x->nfns; i++)
            if (!strcmp(x->fns[i].name, v->ref) && x->fns[i].to.start >= s.start)
                s = x->fns[i].to;   /* the last declaration wins, as it does in JS */
        if (s.end) {
            e->value_start = s.start;
            e->value_end = s.end;
            return;
        }
    }
}

/* SDK imports the TypeScript compiler erases do not count; an endpoint of
 * the class both SDKs name ApiGatewayManagementApi goes by the file's imports. */
static uint32_t settle_uses(sw_srcfile *f, const facts *x, uint32_t nu)
{
    uint32_t k = 0;
    bool v2 = false, v3 = false;
    for (uint32_t i = 0; i < nu; i++) {
        sw_api_use u = f->uses[i];
        bool sdk = u.kind == SW_USE_SDK_V2 || u.kind == SW_USE_SDK_V3, gone = false;
        for (uint32_t j = 0; sdk && j < x->nerased && !gone; j++)
            gone = within(x->erased[j], u.start);
        if (gone)
            continue;
        v2 |= u.kind == SW_USE_SDK_V2;
        v3 |= u.kind == SW_USE_SDK_V3;
        x->bare[k] = x->bare[i];
        f->uses[k++] = u;
    }
    for (uint32_t i = 0; i < k; i++)
        if (x->bare[i] && v2 && !v3)
            f->uses[i].kind = SW_USE_ENDPOINT_V2;
    return k;
}

/* The facts of f->src (an sw_hcache_extract): the query run and its captures read. */
bool sw_hfacts_extract(sw_arena *a, sw_srcfile *f)
{
    sw_tsq_result r;
    if (sw_tsq_run(a, f->lang, "handlers", f->src.text, f->src.len, &r) != 0)
        return false;
    f->parsed = true;
    f->has_error = r.has_error;
    facts x;
    memset(&x, 0, sizeof x);
    gather_all(a, &r, &x);
    /* at most one list entry per capture: size both lists by the capture count */
    f->exports = sw_alloc(a, sizeof *f->exports * (r.n ? r.n : 1));
    f->uses = sw_alloc(a, sizeof *f->uses * (r.n ? r.n : 1));
    uint32_t ne = 0, nu = 0;
    for (uint32_t i = 0; i < r.n;) {
        uint32_t j = i;
        while (j < r.n && r.v[j].match == r.v[i].match)
            j++;
        take_match(f, &x, r.v + i, j - i, &ne, &nu);
        i = j;
    }
    nu = settle_uses(f, &x, nu);
    qsort(f->exports, ne, sizeof *f->exports, cmp_export);
    qsort(f->uses, nu, sizeof *f->uses, cmp_use);
    /* the same name node captured by two patterns counts once */
    uint32_t k = 0;
    for (uint32_t i = 0; i < ne; i++) {
        if (k && f->exports[k - 1].start == f->exports[i].start &&
            f->exports[k - 1].end == f->exports[i].end) {
            if (!f->exports[k - 1].params)
                f->exports[k - 1] = f->exports[i];
            continue;
        }
        f->exports[k++] = f->exports[i];
    }
    f->nexports = k;
    for (uint32_t i = 0; i < f->nexports; i++)
        take_value(&f->exports[i], &x);
    k = 0;
    for (uint32_t i = 0; i < nu; i++)
        if (!k || f->uses[k - 1].start != f->uses[i].start || f->uses[k - 1].kind != f->uses[i].kind)
            f->uses[k++] = f->uses[i];
    f->nuses = k;
    for (uint32_t i = 0; i < f->nuses; i++) {
        f->sdk_v2 |= f->uses[i].kind == SW_USE_SDK_V2 || f->uses[i].kind == SW_USE_CLIENT_V2;
        f->posts |= f->uses[i].kind == SW_USE_POST || f->uses[i].kind == SW_USE_COMMAND;
    }
    return true;
}

