/*
 * The variable rules, read from every scalar value of the document (never
 * keys, which Serverless does not resolve), resources included: WS092
 * (malformed variables: a `:` path, an unknown source, swapped braces, an
 * unclosed `${`, `${}`, a bare-word fallback, other syntax Serverless cannot
 * parse), WS095 (CloudFormation `${AWS::...}`/`${Resource}` references
 * outside Fn::Sub, and `#{AWS::...}` without serverless-pseudo-parameters:
 * both are deployed literally) and WS096 (`${opt:...}` with no fallback).
 * The scalars come from the parser's list (varwalk.h), not a walk of the
 * tree; aliases are not followed: a scalar is judged once, at its own text.
 * (WS095 leaves anchored strings alone: an alias may use them inside Fn::Sub.)
 */
#include "common.h"

#include "../resolve.h"
#include "../vars.h"
#include "varwalk.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Appends *item to an arena vector (doubling; old copies stay in the arena). */
static void *vpush(sw_arena *a, void *vec, uint32_t *n, uint32_t *cap, size_t sz,
                   const void *item)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        void *v = sw_alloc(a, *cap * sz);
        if (*n)
            memcpy(v, vec, *n * sz);
        vec = v;
    }
    memcpy((char *)vec + (*n)++ * sz, item, sz);
    return vec;
}

/* ---- shared helpers ---- */

/* A `self:` path: segments split on '.' (and ':' when colons); a null value
   counts as missing. */
static const y_node *self_get(const y_node *n, const char *path, bool colons)
{
    char seg[256];
    for (const char *p = path; *path && n; p += strlen(seg) + 1) {
        size_t k = strcspn(p, colons ? ".:" : ".");
        if (k == 0 || k >= sizeof seg)
            return NULL;
        memcpy(seg, p, k);
        seg[k] = 0;
        n = y_deref(n);
        if (n && n->kind == Y_SEQ && strspn(seg, "0123456789") == k) {
            unsigned long i = strtoul(seg, NULL, 10);
            n = i < n->len ? n->u.seq.items[i] : NULL;
        } else {
            n = y_get(n, seg);
        }
        if (!p[k])
            break;
    }
    n = y_deref(n);
    return sw_present(n) ? n : NULL;
}

/* The decoded text of a span, cut to 60 bytes for a message. */
static const char *snip(sw_ctx *c, const sw_vparse *r, sw_vspan v)
{
    uint32_t len = v.end - v.start;
    if (len <= 60)
        return sw_strndup(c->a, r->s + v.start, len);
    return sw_printf(c->a, "%.*s...", 57, r->s + v.start);
}

/* Reports on decoded bytes [v.start, v.end) of n (its whole span when they
   do not map to the source). */
__attribute__((format(printf, 5, 6))) static sw_diag *
report_at(sw_ctx *c, const y_node *n, sw_vspan v, sw_severity sev, const char *fmt, ...)
{
    uint32_t s, e;
    sw_vars_map(c->src, n, v.start, v.end, &s, &e);
    va_list ap;
    va_start(ap, fmt);
    const char *msg = sw_vprintf(c->a, fmt, ap);
    va_end(ap);
    return sw_report_span(c, s, e, sev, "%s", msg);
}

/* Replaces decoded bytes [s, e) of n with text: exactly when the offsets
   map to the source, else by rewriting the whole scalar. Clears the fix
   when neither works. */
static void fix_decoded(sw_ctx *c, sw_diag *d, const y_node *n, uint32_t s, uint32_t e,
                        const char *text)
{
    uint32_t bs, be;
    if (sw_vars_map(c->src, n, s, e, &bs, &be))
        sw_fix_edit(c, d->fix, bs, be, text);
    else if (!sw_fix_scalar(c, d->fix, n,
                            sw_printf(c->a, "%.*s%s%s", (int)s, n->str, text, n->str + e)))
        d->fix = NULL;
}

/* ---- WS092: malformed variables ---- */

/* 0: no plugin is listed; 1: some are; 2: one is named after the source
   (`./vendor/bref/bref` provides `${bref:...}`). */
static int lists_plugins(const sw_ctx *c, const char *source)
{
    const y_node *p = y_deref(sw_plugin_list(c->svc));
    if (!p)
        return c->doc->truncated;
    size_t sl = strlen(source);
    for (uint32_t i = 0; p->kind == Y_SEQ && sl >= 3 && i < p->len; i++) {
        const char *nm = y_is_scalar(p->u.seq.items[i]) ? y_deref(p->u.seq.items[i])->str : "";
        for (const char *h = nm; (h = strstr(h, source)); h++)
            if ((h == nm || strchr("/-_@.", h[-1])) && (!h[sl] || strchr("/-_.", h[sl])))
                return 2; /* a word of the plugin's name */
    }
    if (p->kind == Y_SEQ)
        return p->len > 0;
    return p->kind == Y_SCALAR && (y_is_unknown(p) || y_scalar_type(p) != Y_T_NULL);
}

/* A provider named under stages.<any>.resolvers (v4). */
static bool is_resolver(const sw_ctx *c, const char *name)
{
    const y_node *st = c->svc->root ? y_deref(y_get(c->svc->root, "stages")) : NULL;
    y_epair *ps;
    uint32_t np = st && st->kind == Y_MAP ? y_pairs(c->a, st, &ps) : 0;
    for (uint32_t i = 0; i < np; i++)
        if (y_get(y_get(ps[i].val, "resolvers"), name))
            return true;
    return false;
}

static void colon_path(sw_ctx *c, const y_node *n, const sw_vparse *r, const sw_vproblem *p)
{
    const sw_vstr *ad = p->src->address;
    bool self = strcmp(p->src->src, "self") == 0;
    if (self && !ad->has_var && self_get(c->doc->root, ad->text, false))
        return; /* a real key holding ':' */
    /* the variable and the whole scalar with '.' for each ':' of the path */
    char *good = sw_strndup(c->a, r->s + p->span.start, p->span.end - p->span.start);
    char *whole = sw_strndup(c->a, n->str, n->len); /* (n->str may hold a NUL) */
    for (uint32_t i = 0; i < ad->nparts; i++)
        for (uint32_t k = ad->parts[i].span.start; k < ad->parts[i].span.end; k++)
            if (ad->parts[i].kind == SW_VPART_LIT && r->s[k] == ':')
                whole[k] = good[k - p->span.start] = '.';
    bool fb = !sw_vsource_is_last(p->var, p->src);
    const char *txt = snip(c, r, p->span);
    bool show = strlen(good) <= 60;
    sw_diag *d = report_at(c, n, p->span, fb ? SW_SEV_WARNING : 0,
                           "'%s' separates its path with ':': Serverless splits the path on "
                           "'.' only, so %s; %s%s%s",
                           txt, fb ? "it silently takes the fallback" : "resolving it fails",
                           show ? "write '" : "use '.' between the keys", show ? good : "",
                           show ? "'" : "");
    const char *dotted = sw_strndup(c->a, whole + ad->span.start, ad->span.end - ad->span.start);
    sw_fix_new(c, d, self && !ad->has_var && self_get(c->doc->root, dotted, false),
               "use '.' in the path of '%s'", txt);
    uint32_t bs, be;
    if (!sw_vars_map(c->src, n, ad->span.start, ad->span.end, &bs, &be)) {
        if (!sw_fix_scalar(c, d->fix, n, whole))
            d->fix = NULL;
        return;
    }
    for (uint32_t k = ad->span.start; k < ad->span.end; k++)
        if (whole[k] != n->str[k])
            fix_decoded(c, d, n, k, k + 1, ".");
}

static void unknown_source(sw_ctx *c, const y_node *n, const sw_vparse *r, const sw_vproblem *p)
{
    int plugins = lists_plugins(c, p->name);
    if (plugins == 2 || is_resolver(c, p->name))
        return;
    const char *near = sw_nearest(p->name, sw_var_sources, 2);
    const char *hint = near ? sw_printf(c->a, "; did you mean '%s'?", near) : "";
    sw_diag *d = plugins
                     ? report_at(c, n, p->at, SW_SEV_INFO,
                                 "variable source '%s' is not built into Serverless: a listed "
                                 "plugin must provide it, or '%s' fails to resolve%s",
                                 p->name, snip(c, r, p->span), hint)
                     : report_at(c, n, p->at, 0,
                                 "variable source '%s' is not built into Serverless and no "
                                 "plugin is listed: resolving '%s' fails (\"Unrecognized "
                                 "configuration variable sources\")%s",
                                 p->name, snip(c, r, p->span), hint);
    if (near) {
        sw_fix_new(c, d, false, "replace '%s' with '%s'", p->name, near);
        fix_decoded(c, d, n, p->at.start, p->at.end, near);
    }
}

static void swapped(sw_ctx *c, const y_node *n, const sw_vparse *r, const sw_vproblem *p)
{
    char *fixed = sw_strndup(c->a, r->s + p->span.start, p->span.end - p->span.start);
    fixed[0] = '$';
    fixed[1] = '{';
    sw_diag *d = report_at(c, n, p->span, SW_SEV_WARNING,
                           "'%s' has '{' and '$' swapped: Serverless keeps it as literal text; "
                           "write '%s'",
                           snip(c, r, p->span), strlen(fixed) <= 60 ? fixed : "${...}");
    /* Auto only when the corrected variable is a self: path that resolves */
    sw_vparse *q = sw_vars_parse(c->a, fixed, strlen(fixed));
    const sw_vstr *ad = q->nvars ? q->vars[0]->src.address : NULL;
    bool safe = !q->nproblems && ad && !ad->has_var && ad->colon < 0 &&
                strcmp(q->vars[0]->src.src, "self") == 0 &&
                self_get(c->doc->root, ad->text, false);
    sw_fix_new(c, d, safe, "write '${' instead of '{$'");
    fix_decoded(c, d, n, p->span.start, p->span.start + 2, "${");
}

static void bad_fallback(sw_ctx *c, const y_node *n, const sw_vparse *r, const sw_vproblem *p)
{
    const char *fb = sw_strndup(c->a, r->s + p->at.start, p->at.end - p->at.start);
    if (strcmp(fb, ",") == 0) {
        report_at(c, n, p->at, 0,
                  "'%s' has an empty fallback after ',': Serverless cannot parse the "
                  "variable; remove the comma or give a fallback",
                  snip(c, r, p->span));
        return;
    }
    bool word = strspn(fb, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                strlen(fb);
    sw_diag *d = report_at(c, n, p->at, 0,
                           "fallback '%s' in '%s' is not a quoted string, a number, true, "
                           "false, null or a variable: Serverless cannot parse it; %s",
                           fb, snip(c, r, p->span),
                           word ? "quote it" : "quote it or write a variable");
    if (word) {
        char qc = n->style == Y_SQUOTED ? '"' : '\'';
        sw_fix_new(c, d, false, "quote the fallback '%s'", fb);
        fix_decoded(c, d, n, p->at.start, p->at.end, sw_printf(c->a, "%c%s%c", qc, fb, qc));
    }
}

static void ws092_scalar(sw_vwalk *w, const y_node *n)
{
    sw_ctx *c = w->c;
    sw_vparse *r = sw_vwalk_vars(w);
    for (uint32_t i = 0; r && i < r->nproblems; i++) {
        const sw_vproblem *p = &r->problems[i];
        if (p->kind == SW_VP_COLON_PATH)
            colon_path(c, n, r, p);
        else if (p->kind == SW_VP_UNKNOWN_SOURCE)
            unknown_source(c, n, r, p);
        else if (p->kind == SW_VP_SWAPPED)
            swapped(c, n, r, p);
        else if (p->kind == SW_VP_BAD_FALLBACK)
            bad_fallback(c, n, r, p);
        else if (p->kind == SW_VP_UNCLOSED)
            report_at(c, n, p->span, 0,
                      "variable '%s' has no closing '}': Serverless v3 stops (\"Missing "
                      "variable closing bracket\") and v4 deploys the text as is; close it",
                      snip(c, r, p->span));
        else if (p->kind == SW_VP_EMPTY)
            report_at(c, n, p->span, SW_SEV_INFO,
                      "'%s' is an empty variable: Serverless keeps it as literal text; "
                      "remove it or name a source",
                      snip(c, r, p->span));
        else if (p->kind == SW_VP_SYNTAX)
            report_at(c, n, p->at, 0,
                      "malformed variable '%s': Serverless cannot parse it at '%c'; write "
                      "${source:address} or ${source(param):address}",
                      snip(c, r, p->span), r->s[p->at.start]);
    }
}

static void check_ws092(sw_ctx *c)
{
    sw_vwalk w = {.c = c, .fn = ws092_scalar};
    sw_vwalk_run(&w);
}

/* ---- WS095: CloudFormation references outside Fn::Sub ---- */

typedef struct subref {
    const char *path;               /* a self: address read inside Fn::Sub */
    bool prefix;                    /* only the part before a nested variable */
} subref;

typedef struct cfn {
    const sw_service *svc;
    const char **ids;               /* logical IDs a ${Name} may refer to, besides
                                       the functions' (fn_id) */
    uint32_t nids, capids;
    subref *refs;
    uint32_t nrefs, caprefs;
    bool have_refs;                 /* refs are collected (when first needed) */
    bool pseudo;                    /* serverless-pseudo-parameters is listed */
    uint8_t **sub;                  /* the walk's Fn::Sub cache, shared with the refs' */
} cfn;

#define ADD_ID(id)                                                                      \
    do {                                                                                \
        const char *id_ = (id);                                                         \
        x->ids = vpush(c->a, x->ids, &x->nids, &x->capids, sizeof id_, &id_);           \
    } while (0)

static void collect_ids(sw_ctx *c, cfn *x)
{
    static const char *const fixed[] = {
        "ServerlessDeploymentBucket", "ServerlessDeploymentBucketPolicy", "IamRoleLambdaExecution",
        "WebsocketsApi", "WebsocketsDeploymentStage", "ApiGatewayRestApi", "HttpApi", NULL,
    };
    for (int i = 0; fixed[i]; i++)
        ADD_ID(fixed[i]);
    /* the functions' <Name>LambdaFunction IDs are matched by fn_id, not listed */
    const y_node *res = c->svc->root ? y_deref(y_get(c->svc->root, "resources")) : NULL;
    uint32_t nparts = res && res->kind == Y_SEQ ? res->len : 1;
    for (uint32_t k = 0; res && k < nparts; k++) {
        for (int s = 0; s < 2; s++) {
            const y_node *part = res->kind == Y_SEQ ? res->u.seq.items[k] : res;
            const y_node *m = y_deref(y_get(part, s ? "Parameters" : "Resources"));
            y_epair *ps;
            uint32_t np = m && m->kind == Y_MAP ? y_pairs(c->a, m, &ps) : 0;
            for (uint32_t i = 0; i < np; i++)
                if (y_is_scalar(ps[i].key))
                    ADD_ID(y_deref(ps[i].key)->str);
        }
    }
}

/* name[0..len) is the logical ID Serverless gives a function's resource:
   <Name>LambdaFunction, '-' spelled Dash, '_' Underscore, the first letter
   upper-cased (naming.js). Compared in place: a big service has thousands. */
static bool fn_id(const sw_service *svc, const char *name, size_t len)
{
    static const char suffix[] = "LambdaFunction";
    size_t sl = sizeof suffix - 1;
    if (len < sl || memcmp(name + len - sl, suffix, sl) != 0)
        return false;
    size_t pl = len - sl;
    for (uint32_t i = 0; i < svc->nfns; i++) {
        size_t k = 0;
        const char *s = svc->fns[i].name ? svc->fns[i].name : "";
        for (; *s && k <= pl; s++) {
            const char *piece = *s == '-' ? "Dash" : *s == '_' ? "Underscore" : NULL;
            if (piece) {
                size_t n = strlen(piece);
                if (k + n > pl || memcmp(name + k, piece, n) != 0)
                    break;
                k += n;
                continue;
            }
            char ch = k == 0 && *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
            if (k >= pl || name[k] != ch)
                break;
            k++;
        }
        if (!*s && k == pl)
            return true;
    }
    return false;
}

/* A foreign `${name}` that CloudFormation's Sub would substitute. */
static bool cfn_ref(const cfn *x, const char *name, size_t len)
{
    if (len > 5 && strncmp(name, "AWS::", 5) == 0)
        return true;
    size_t id = 0;
    while (id < len && name[id] != '.')
        id++;
    for (uint32_t i = 0; i < x->nids; i++)
        if (strlen(x->ids[i]) == id && strncmp(x->ids[i], name, id) == 0)
            return true;
    return fn_id(x->svc, name, id);
}

/* The self: paths read inside Fn::Sub strings (a walk of their own). */
static void ws095_refs(sw_vwalk *w, const y_node *n)
{
    (void)n;
    cfn *x = w->data;
    sw_vparse *r = sw_vwalk_in_sub(w) ? sw_vwalk_vars(w) : NULL;
    for (uint32_t i = 0; r && i < r->nvars; i++) {
        const sw_vvar *v = r->vars[i];
        for (uint32_t k = 0; k <= v->nfbs; k++) {
            const sw_vsource *s = k ? &v->fbs[k - 1].src : &v->src;
            if ((k && v->fbs[k - 1].kind != SW_VFB_SOURCE) || !s->src ||
                strcmp(s->src, "self") != 0 || !s->address)
                continue;
            const sw_vstr *a = s->address;
            uint32_t end = a->span.end;
            for (uint32_t p = a->nparts; p-- > 0;)
                if (a->parts[p].kind == SW_VPART_VAR)
                    end = a->parts[p].span.start;
            subref ref = {a->quoted ? a->text
                                    : sw_strndup(w->c->a, r->s + a->span.start, end - a->span.start),
                          a->has_var};
            x->refs = vpush(w->c->a, x->refs, &x->nrefs, &x->caprefs, sizeof ref, &ref);
        }
    }
}

/* The value at path is read through ${self:...} inside some Fn::Sub. */
static bool read_in_sub(sw_ctx *c, cfn *x, const char *path)
{
    if (!x->have_refs) {
        x->have_refs = true;
        sw_vwalk w = {.c = c, .fn = ws095_refs, .data = x, .skip_sfn = true, .sub = *x->sub};
        sw_vwalk_run(&w);
        *x->sub = w.sub;
    }
    size_t pl = strlen(path);
    for (uint32_t i = 0; i < x->nrefs; i++) {
        const char *a = x->refs[i].path;
        size_t al = strlen(a);
        if (x->refs[i].prefix ? strncmp(path, a, al) == 0
                              : (al == 0 || strcmp(a, path) == 0 ||
                                 (pl > al && strncmp(path, a, al) == 0 && path[al] == '.') ||
                                 (al > pl && strncmp(a, path, pl) == 0 && a[pl] == '.')))
            return true;
    }
    return false;
}

/* Where CloudFormation reads the value itself, so !Sub is safe to add. */
static bool cfn_place(sw_vwalk *w)
{
    if (sw_vwalk_path_is(w, 0, "resources"))
        return true;
    for (uint32_t i = 0; i + 1 < w->depth && i < SW_VWALK_MAX_PATH; i++)
        if (sw_vwalk_path_is(w, i, "environment") ||
            sw_vwalk_path_is(w, i, "iamRoleStatements") ||
            (sw_vwalk_path_is(w, i, "statements") && i > 0 &&
             sw_vwalk_path_is(w, i - 1, "role")))
            return true;
    return false;
}

/* `#{AWS::...}` without the plugin: the quick-fix writes the scalar as a
   !Sub string with ${AWS::...}. */
static void pseudo_param(sw_ctx *c, const y_node *n, const char *pp, bool fixable)
{
    size_t k = strcspn(pp, "}");
    const char *ref = sw_strndup(c->a, pp, pp[k] ? k + 1 : k);
    uint32_t off = (uint32_t)(pp - n->str), s, e;
    sw_vars_map(c->src, n, off, off + (uint32_t)strlen(ref), &s, &e);
    sw_diag *d = sw_report_span(c, s, e, 0,
                                "'%s' needs the serverless-pseudo-parameters plugin, which is "
                                "not listed: the text is deployed literally; write ${%s "
                                "inside !Sub",
                                ref, ref + 2);
    if (!fixable || n->anchored || c->doc->json || strchr(n->str, '\n'))
        return;
    char *o = sw_alloc(c->a, 2 * n->len + 1), *q = o;
    for (const char *t = n->str; *t; t++) {
        *q++ = strncmp(t, "#{AWS::", 7) == 0 ? '$' : *t;
        if (*t == '\'')
            *q++ = '\'';
    }
    sw_fix *f = sw_fix_new(c, d, false, "write ${AWS::...} inside !Sub");
    sw_fix_edit(c, f, n->start, n->end, sw_printf(c->a, "!Sub '%s'", o));
}

static void ws095_scalar(sw_vwalk *w, const y_node *n)
{
    sw_ctx *c = w->c;
    cfn *x = w->data;
    if (n->anchored || sw_vwalk_in_sub(w))
        return; /* an anchored string may be used in a Sub through an alias */
    /* an absence (of the plugin) is not judged in a truncated document */
    const char *pp = x->pseudo || c->doc->truncated || !memchr(n->str, '#', n->len)
                         ? NULL : strstr(n->str, "#{AWS::");
    sw_vparse *r = sw_vwalk_vars(w);
    const sw_vpart *first = NULL;
    bool clean = true; /* every ${...} left for CloudFormation is one it substitutes */
    for (uint32_t i = 0; r && i < r->str.nparts; i++) {
        const sw_vpart *pt = &r->str.parts[i];
        if (pt->kind == SW_VPART_ESCAPE)
            clean = false;
        if (pt->kind != SW_VPART_FOREIGN)
            continue;
        if (cfn_ref(x, r->s + pt->name.start, pt->name.end - pt->name.start))
            first = first ? first : pt;
        else if (r->s[pt->name.start] != '!')
            clean = false;
    }
    if ((!first && !pp) || read_in_sub(c, x, sw_vwalk_path(w)))
        return;
    bool fixable = (n->style == Y_PLAIN || n->style == Y_SQUOTED || n->style == Y_DQUOTED) &&
                   !y_tag(n) && clean;
    if (!first) {
        pseudo_param(c, n, pp, fixable);
        return;
    }
    sw_diag *d = report_at(c, n, first->span, 0,
                           "'%s' is CloudFormation syntax outside Fn::Sub: CloudFormation "
                           "deploys the text literally; wrap the value in !Sub",
                           snip(c, r, first->span));
    if (!fixable)
        return;
    sw_fix *f = sw_fix_new(c, d, cfn_place(w), "wrap the value in !Sub");
    sw_fix_edit(c, f, n->start, n->start, c->doc->json ? "{\"Fn::Sub\": " : "!Sub ");
    if (c->doc->json)
        sw_fix_edit(c, f, n->end, n->end, "}");
}

static void check_ws095(sw_ctx *c)
{
    cfn x = {.svc = c->svc, .pseudo = sw_has_plugin(c->svc, "serverless-pseudo-parameters")};
    collect_ids(c, &x);
    sw_vwalk w = {.c = c, .fn = ws095_scalar, .data = &x, .skip_sfn = true};
    x.sub = &w.sub;
    sw_vwalk_run(&w);
}

/* ---- WS096: ${opt:...} without a fallback ---- */

static void ws096_scalar(sw_vwalk *w, const y_node *n)
{
    sw_ctx *c = w->c;
    sw_vparse *r = sw_vwalk_vars(w);
    for (uint32_t i = 0; r && i < r->nvars; i++) {
        const sw_vvar *v = r->vars[i];
        const sw_vsource *s = v->nfbs && v->fbs[v->nfbs - 1].kind == SW_VFB_SOURCE
                                  ? &v->fbs[v->nfbs - 1].src : &v->src;
        if (!v->closed || !s->src || strcmp(s->src, "opt") != 0 || !sw_vsource_is_last(v, s))
            continue;
        const char *opt = s->address && !s->address->has_var ? s->address->text : "";
        /* ${sls:stage} and ${aws:region} read provider.stage and provider.region */
        bool own = strcmp(sw_vwalk_path(w), sw_printf(c->a, "provider.%s", opt)) == 0;
        const char *alt = strcmp(opt, "stage") == 0    ? (own ? " (${opt:stage, 'dev'})" : " (${opt:stage, 'dev'}), or use ${sls:stage}")
                          : strcmp(opt, "region") == 0 ? (own ? " (${opt:region, 'us-east-1'})" : " (${opt:region, 'us-east-1'}), or use ${aws:region}")
                                                       : "";
        const char *what = s == &v->src ? sw_printf(c->a, "'%s'", snip(c, r, v->span))
                                        : sw_printf(c->a, "'%s', the last alternative of '%s',",
                                                    snip(c, r, s->span), snip(c, r, v->span));
        report_at(c, n, s == &v->src ? v->span : s->span, 0,
                  "%s has no fallback: a command run without --%s fails (\"Value not "
                  "found at \"opt\" source\"); add a fallback%s",
                  what, *opt ? opt : "<option>", alt);
    }
}

static void check_ws096(sw_ctx *c)
{
    sw_vwalk w = {.c = c, .fn = ws096_scalar};
    sw_vwalk_run(&w);
}

const sw_rule sw_ws092 = {
    .code = "WS092", .name = "malformed-variable",
    .summary = "a variable Serverless cannot parse or resolve as written",
    .severity = SW_SEV_ERROR, .flags = SW_RULE_FIXABLE, .check = check_ws092,
};

const sw_rule sw_ws095 = {
    .code = "WS095", .name = "cfn-sub-outside-sub",
    .summary = "a CloudFormation ${...} reference outside Fn::Sub is deployed literally",
    .severity = SW_SEV_WARNING, .flags = SW_RULE_FIXABLE, .check = check_ws095,
};

const sw_rule sw_ws096 = {
    .code = "WS096", .name = "opt-without-fallback",
    .summary = "an ${opt:...} variable without a fallback fails when the option is not given",
    .severity = SW_SEV_INFO, .check = check_ws096,
};
