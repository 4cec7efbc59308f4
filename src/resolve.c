/*
 * Variable resolution (see resolve.h). Each scalar holding variables is
 * parsed with vars.c and evaluated once; its state and value are kept on the
 * node. A value made by resolution (a fallback, an interpolated string) is a
 * synthetic scalar spanning the referencing text.
 */
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "include.h"
#include "rule.h"
#include "vars.h"
#include "yscalar.h"

#define MAX_EVALS 200000
#define MAX_DEPTH 64
#define MAX_STRING ((size_t)1 << 20)

/* RS_UNREAD: a file slsws does not read (include.h): unknown, and reported
   when the variable has no fallback */
typedef enum { RS_KNOWN, RS_MISSING, RS_SOFT, RS_UNKNOWN, RS_UNREAD } rstate;

typedef struct rval {
    rstate st;
    const y_node *node;    /* RS_KNOWN */
    const char *why;       /* RS_MISSING, RS_UNREAD: what is missing, or why not read */
    sw_rprob_kind kind;    /* RS_MISSING: self or file */
} rval;

static const rval UNKNOWN = {RS_UNKNOWN, NULL, NULL, SW_RP_SELF};

static rval known(const y_node *n) { return (rval){RS_KNOWN, n, NULL, SW_RP_SELF}; }
static rval missing(sw_rprob_kind k, const char *why) { return (rval){RS_MISSING, NULL, why, k}; }

static rval value_of(sw_resolver *r, const y_node *n);

/* ---- sources of nodes ---- */

const sw_source *sw_resolver_source(const sw_resolver *r, const y_node *n)
{
    if (!n)
        return r->doc->src;
    int guard = 0;
    while (n->parent && guard++ < Y_MAX_DEPTH * 4)
        n = n->parent;
    for (uint32_t i = 0; i < r->ninc; i++)
        if (r->inc[i]->doc && r->inc[i]->doc->root == n)
            return &r->inc[i]->src;
    return r->doc->src;
}

/* The slot of the problem at (src, s, e) in r->pset, or the empty one
   where it goes. */
static uint32_t *place_slot(sw_resolver *r, const sw_source *src, uint32_t s, uint32_t e)
{
    uint64_t h = ((uint64_t)(uintptr_t)src ^ ((uint64_t)s << 32 | e)) * 0x9E3779B97F4A7C15ull;
    uint32_t mask = r->psetcap - 1;
    for (uint32_t i = (uint32_t)(h >> 40) & mask;; i = (i + 1) & mask) {
        uint32_t k = r->pset[i];
        if (!k || (r->probs[k - 1].src == src && r->probs[k - 1].start == s &&
                   r->probs[k - 1].end == e))
            return &r->pset[i];
    }
}

static void problem(sw_resolver *r, sw_rprob_kind kind, const y_node *ref, const sw_vvar *v,
                    const char *msg)
{
    if (r->nprobs == r->capprobs) {
        r->capprobs = r->capprobs ? r->capprobs * 2 : 8;
        sw_rproblem *np = sw_alloc(r->a, sizeof *np * r->capprobs);
        if (r->nprobs)
            memcpy(np, r->probs, sizeof *np * r->nprobs);
        r->probs = np;
    }
    const sw_source *src = sw_resolver_source(r, ref);
    uint32_t s = ref->start, e = ref->end;
    if (v)
        sw_vars_map(src, ref, v->span.start, v->span.end, &s, &e);
    /* one finding per place: a set of places keeps this linear */
    if ((r->nprobs + 1) * 2 > r->psetcap) {
        free(r->pset);
        r->psetcap = r->psetcap ? r->psetcap * 2 : 64;
        r->pset = sw_xrealloc(NULL, r->psetcap * sizeof *r->pset);
        memset(r->pset, 0, r->psetcap * sizeof *r->pset);
        for (uint32_t i = 0; i < r->nprobs; i++)
            *place_slot(r, r->probs[i].src, r->probs[i].start, r->probs[i].end) = i + 1;
    }
    uint32_t *slot = place_slot(r, src, s, e);
    if (*slot)
        return;
    *slot = r->nprobs + 1;
    r->probs[r->nprobs++] = (sw_rproblem){kind, src, s, e, msg};
}

/* ---- synthetic values ---- */

static const y_node *synth(sw_resolver *r, const y_node *ref, const char *s, size_t n,
                           uint8_t style)
{
    y_node *x = sw_alloc(r->a, sizeof *x);
    x->kind = Y_SCALAR;
    x->style = style;
    x->complete = true;
    x->vstate = Y_V_SYNTH;
    x->start = ref->start;
    x->end = ref->end;
    x->parent = ref->parent;
    x->str = sw_strndup(r->a, s, n);
    x->len = (uint32_t)n;
    return x;
}

/* The text a known scalar contributes to an interpolated string, or NULL. */
static const char *text_of(sw_resolver *r, const y_node *n)
{
    n = y_deref(n);
    if (!n || n->kind != Y_SCALAR || y_is_unknown(n))
        return NULL;
    switch (y_scalar_type(n)) {
    case Y_T_NULL: return NULL;
    case Y_T_BOOL: return (n->str[0] == 't' || n->str[0] == 'T') ? "true" : "false";
    case Y_T_INT:
    case Y_T_FLOAT: return y_js_number(r->a, n);
    default: return n->str;
    }
}

/* ---- paths ---- */

static rval walk(sw_resolver *r, const y_node *root, const char *path, const char *what)
{
    rval cur = value_of(r, root);
    const char *p = path;
    while (cur.st == RS_KNOWN && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        char *seg = sw_strndup(r->a, p, n);
        const y_node *m = cur.node, *next = NULL;
        if (m && m->kind == Y_MAP) {
            next = y_get(m, seg);
        } else if (m && m->kind == Y_SEQ) {
            char *end;
            long k = strtol(seg, &end, 10);
            if (*seg && !*end && k >= 0 && (unsigned long)k < m->len)
                next = m->u.seq.items[k];
        } else if (m && (y_is_intrinsic(m) || y_is_unknown(m))) {
            return UNKNOWN;
        }
        if (!next)
            return missing(SW_RP_SELF, sw_printf(r->a, "%s has no '%.*s'", what,
                                                 (int)(p - path + n), path));
        cur = value_of(r, next);
        p = dot ? dot + 1 : p + n;
    }
    if (cur.st == RS_KNOWN && cur.node && cur.node->kind == Y_SCALAR &&
        y_scalar_type(cur.node) == Y_T_NULL && !y_tag(cur.node))
        return missing(SW_RP_SELF, sw_printf(r->a, "%s has '%s' set to null", what, path));
    return cur;
}

static bool ends_with(const char *s, const char *x)
{
    size_t n = strlen(s), m = strlen(x);
    return n >= m && strcmp(s + n - m, x) == 0;
}

/* ---- evaluation ---- */

static rval eval_var(sw_resolver *r, const y_node *ref, const char *base, const sw_vvar *v);
static rval eval_str(sw_resolver *r, const y_node *ref, const char *base, const sw_vstr *s);

/* A string known as text (an address or a param), or NULL. */
static const char *str_text(sw_resolver *r, const y_node *ref, const char *base,
                            const sw_vstr *s)
{
    if (!s)
        return "";
    if (!s->has_var)
        return s->text;
    rval v = eval_str(r, ref, base, s);
    return v.st == RS_KNOWN ? text_of(r, v.node) : NULL;
}

static const char *stage_of(sw_resolver *r)
{
    if (r->opts && r->opts->stage)
        return r->opts->stage;
    const y_node *prov = y_get(r->doc->root, "provider");
    rval v = prov ? value_of(r, y_get(prov, "stage")) : missing(SW_RP_SELF, NULL);
    const char *s = v.st == RS_KNOWN ? text_of(r, v.node) : NULL;
    if (v.st == RS_UNKNOWN)
        return NULL;
    r->stage_assumed = s ? s : "dev";
    return r->stage_assumed;
}

static const char *region_of(sw_resolver *r)
{
    if (r->opts && r->opts->region)
        return r->opts->region;
    const y_node *prov = y_get(r->doc->root, "provider");
    rval v = prov ? value_of(r, y_get(prov, "region")) : missing(SW_RP_SELF, NULL);
    if (v.st == RS_UNKNOWN)
        return NULL;
    const char *s = v.st == RS_KNOWN ? text_of(r, v.node) : NULL;
    return s ? s : "us-east-1";
}

static rval param(sw_resolver *r, const y_node *ref, const char *name)
{
    if (r->opts)
        for (size_t i = 0; i < r->opts->nparams; i++) {
            const char *kv = r->opts->params[i], *eq = strchr(kv, '=');
            if (eq && (size_t)(eq - kv) == strlen(name) && strncmp(kv, name, strlen(name)) == 0)
                return known(synth(r, ref, eq + 1, strlen(eq + 1), Y_SQUOTED));
        }
    const char *stage = stage_of(r);
    if (!stage)
        return UNKNOWN;
    const char *const where[] = {
        sw_printf(r->a, "params.%s.%s", stage, name), sw_printf(r->a, "stages.%s.params.%s", stage, name),
        sw_printf(r->a, "params.default.%s", name), sw_printf(r->a, "stages.default.params.%s", name),
    };
    for (int i = 0; i < 4; i++) {
        rval v = walk(r, r->doc->root, where[i], "the service");
        if (v.st != RS_MISSING)
            return v;
    }
    return (rval){RS_SOFT, NULL, NULL, SW_RP_SELF};
}

static rval eval_source(sw_resolver *r, const y_node *ref, const char *base,
                        const sw_vsource *src)
{
    const char *s = src->src;
    const char *addr = src->address ? str_text(r, ref, base, src->address) : "";
    if (!addr)
        return UNKNOWN;
    if (strcmp(s, "self") == 0) {
        /* a fragment included by some service (no service, no provider):
           self: is that service, which this file does not show */
        if (!y_get(r->doc->root, "service") && !y_get(r->doc->root, "provider"))
            return UNKNOWN;
        return walk(r, r->doc->root, addr, "the service");
    }
    if (strcmp(s, "opt") == 0) {
        const char *v = !r->opts ? NULL
                        : strcmp(addr, "stage") == 0 ? r->opts->stage
                        : strcmp(addr, "region") == 0 ? r->opts->region : NULL;
        return v ? known(synth(r, ref, v, strlen(v), Y_SQUOTED))
                 : (rval){RS_SOFT, NULL, NULL, SW_RP_SELF};
    }
    if (strcmp(s, "sls") == 0 && strcmp(addr, "stage") == 0) {
        const char *v = stage_of(r);
        return v ? known(synth(r, ref, v, strlen(v), Y_SQUOTED)) : UNKNOWN;
    }
    if (strcmp(s, "aws") == 0 && strcmp(addr, "region") == 0) {
        const char *v = region_of(r);
        return v ? known(synth(r, ref, v, strlen(v), Y_SQUOTED)) : UNKNOWN;
    }
    if (strcmp(s, "param") == 0)
        return param(r, ref, addr);
    if (strcmp(s, "env") == 0) {
        const char *v = r->opts && r->opts->env ? getenv(addr) : NULL;
        if (v)
            return known(synth(r, ref, v, strlen(v), Y_SQUOTED));
        return (rval){RS_SOFT, NULL, NULL, SW_RP_SELF};
    }
    if (strcmp(s, "strToBool") == 0 && src->nparams == 1) {
        const char *p = str_text(r, ref, base, &src->params[0]);
        if (!p)
            return UNKNOWN;
        bool t = strcmp(p, "true") == 0 || strcmp(p, "1") == 0;
        return known(synth(r, ref, t ? "true" : "false", t ? 4 : 5, Y_PLAIN));
    }
    if (strcmp(s, "file") == 0 && src->nparams >= 1) {
        /* in a fragment, paths are relative to the including service's
           directory, which this file does not show */
        if (!y_get(r->doc->root, "service") && !y_get(r->doc->root, "provider"))
            return UNKNOWN;
        const char *path = str_text(r, ref, base, &src->params[0]);
        if (!path || !*path)
            return UNKNOWN;
        static const char *const code[] = {".js", ".cjs", ".mjs", ".ts", ".mts", ".cts", NULL};
        for (int i = 0; code[i]; i++)
            if (ends_with(path, code[i]))
                return UNKNOWN; /* the value of running code */
        sw_include *inc;
        const char *why;
        switch (sw_include_file(r, path, ref, &inc, &why)) {
        case SW_INC_OK: break;
        case SW_INC_MISSING: return missing(SW_RP_FILE, why);
        case SW_INC_UNREAD: return (rval){RS_UNREAD, NULL, why, SW_RP_FILE};
        case SW_INC_SOFT: return (rval){RS_SOFT, NULL, NULL, SW_RP_FILE};
        }
        bool data = ends_with(path, ".yml") || ends_with(path, ".yaml") ||
                    ends_with(path, ".json") || ends_with(path, ".tfstate");
        if (!data) /* any other file is its text */
            return known(synth(r, ref, inc->text, inc->len, Y_SQUOTED));
        if (!inc->doc->root)
            return missing(SW_RP_FILE, sw_printf(r->a, "file '%s' is empty", path));
        if (!*addr)
            return value_of(r, inc->doc->root);
        rval v = walk(r, inc->doc->root, addr, sw_printf(r->a, "file '%s'", path));
        if (v.st == RS_MISSING)
            v.kind = SW_RP_FILE;
        return v;
    }
    return UNKNOWN; /* ssm, cf, s3, aws:accountId, plugins... */
}

static rval eval_var(sw_resolver *r, const y_node *ref, const char *base, const sw_vvar *v)
{
    if (!v->closed || !r->budget || r->depth >= MAX_DEPTH)
        return UNKNOWN;
    r->budget--;
    r->depth++;
    rval x = eval_source(r, ref, base, &v->src);
    rval first = x;
    for (uint32_t i = 0; i < v->nfbs && (x.st == RS_MISSING || x.st == RS_SOFT); i++) {
        const sw_vfallback *fb = &v->fbs[i];
        switch (fb->kind) {
        case SW_VFB_STRING:
            x = known(synth(r, ref, fb->value, strlen(fb->value), Y_SQUOTED));
            break;
        case SW_VFB_NUMBER:
        case SW_VFB_BOOL:
        case SW_VFB_NULL:
            x = known(synth(r, ref, fb->value, strlen(fb->value), Y_PLAIN));
            break;
        case SW_VFB_VAR:
            x = eval_var(r, ref, base, fb->var);
            break;
        case SW_VFB_SOURCE:
            x = eval_source(r, ref, base, &fb->src);
            break;
        default:
            x = UNKNOWN;
        }
    }
    r->depth--;
    if (x.st == RS_UNREAD && v->nfbs == 0)
        problem(r, SW_RP_FILE, ref, v,
                sw_printf(r->a, "'%.*s': %s", (int)(v->span.end - v->span.start),
                          base + v->span.start, x.why));
    if (x.st == RS_SOFT || x.st == RS_UNREAD)
        return UNKNOWN;
    if (x.st == RS_MISSING && v->nfbs == 0 && first.why) {
        const char *msg;
        bool cycle = strstr(first.why, "cycle") != NULL;
        if (first.kind == SW_RP_SELF && cycle)
            msg = sw_printf(r->a, "'%.*s' resolves to nothing: %s; break the cycle",
                            (int)(v->span.end - v->span.start), base + v->span.start, first.why);
        else if (first.kind == SW_RP_SELF)
            msg = sw_printf(r->a, "'%.*s' resolves to nothing: %s%s; define it or add a "
                                  "fallback",
                            (int)(v->span.end - v->span.start), base + v->span.start, first.why,
                            !(r->opts && r->opts->stage) && v->src.address &&
                                    v->src.address->has_var
                                ? " (its path was resolved without --stage: give --stage to "
                                  "check another stage)"
                                : "");
        else
            msg = sw_printf(r->a, "'%.*s': %s; %s", (int)(v->span.end - v->span.start),
                            base + v->span.start, first.why,
                            cycle ? "break the cycle" : "fix the path or add a fallback");
        problem(r, first.kind, ref, v, msg);
    }
    return x.st == RS_MISSING ? missing(first.kind, NULL) : x;
}

static rval eval_str(sw_resolver *r, const y_node *ref, const char *base, const sw_vstr *s)
{
    /* the whole string is one variable: its value, of any type */
    if (s->nparts == 1 && s->parts[0].kind == SW_VPART_VAR)
        return eval_var(r, ref, base, s->parts[0].var);
    size_t cap = 64, n = 0;
    char *out = sw_alloc(r->a, cap);
    for (uint32_t i = 0; i < s->nparts; i++) {
        const sw_vpart *p = &s->parts[i];
        const char *t;
        size_t len;
        if (p->kind == SW_VPART_VAR) {
            rval v = eval_var(r, ref, base, p->var);
            if (v.st != RS_KNOWN)
                return v.st == RS_MISSING ? v : UNKNOWN;
            t = text_of(r, v.node);
            if (!t)
                return UNKNOWN;
            len = strlen(t);
        } else if (p->kind == SW_VPART_ESCAPE) {
            t = "${";
            len = 2;
        } else {
            t = base + p->span.start;
            len = p->span.end - p->span.start;
        }
        if (n + len > MAX_STRING)
            return UNKNOWN; /* an exponential interpolation: no claim */
        if (n + len + 1 > cap) {
            while (n + len + 1 > cap)
                cap *= 2;
            char *grown = sw_alloc(r->a, cap);
            memcpy(grown, out, n);
            out = grown;
        }
        memcpy(out + n, t, len);
        n += len;
    }
    return known(synth(r, ref, out, n, Y_SQUOTED));
}

/* The value of a node: aliases followed, variables resolved (once). */
static rval value_of(sw_resolver *r, const y_node *cn)
{
    y_node *n = (y_node *)y_deref(cn);
    if (!n)
        return missing(SW_RP_SELF, NULL);
    /* a CloudFormation intrinsic (!Sub '..${self:x}..') stays an intrinsic:
       its value is CloudFormation's, whatever Serverless puts in it */
    if (n->kind != Y_SCALAR || n->vstate == Y_V_SYNTH ||
        (y_tag(n) && y_tag(n)[0] == '!' && y_tag(n)[1] != '!') || !sw_has_var(n->str, n->len))
        return known(n);
    switch (n->vstate) {
    case Y_V_BUSY:
        return missing(SW_RP_SELF, "the reference leads back to itself (a cycle)");
    case Y_V_UNKNOWN:
        return UNKNOWN;
    case Y_V_MISSING:
        return missing(SW_RP_SELF, NULL);
    default:
        break;
    }
    n->vstate = Y_V_BUSY;
    sw_vparse *p = sw_resolver_parse(r, n);
    rval v = p->truncated ? UNKNOWN : eval_str(r, n, n->str, &p->str);
    if (v.st == RS_KNOWN && v.node) {
        n->u.resolved = (y_node *)v.node;
        n->vstate = Y_V_KNOWN;
        if (v.node->kind != Y_SCALAR)
            r->collections = true;
        return known(y_deref(v.node));
    }
    n->vstate = v.st == RS_MISSING ? Y_V_MISSING : Y_V_UNKNOWN;
    return v;
}

/* Every value of a document (keys are never resolved): those that may hold
   a variable are listed by the parser, in document order (ydoc.h); value_of
   passes over the others. */
static void resolve_all(sw_resolver *r, const y_doc *doc)
{
    for (uint32_t i = 0; i < doc->dollars.n; i++)
        value_of(r, doc->dollars.v[i]);
}

/* A resolved value may contain the scalar that refers to it
   (custom: {x: ${self:custom}}), directly or through other references:
   such an edge is cut (the scalar becomes unknown and WS093/WS094 says
   why), so every walk over resolved values ends. */
static void cut_cycles(sw_resolver *r, y_node *n, int depth)
{
    if (!n || n->seen || depth > Y_MAX_DEPTH * 2)
        return;
    n->seen = n->open = true;
    if (n->kind == Y_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            cut_cycles(r, n->u.seq.items[i], depth + 1);
    } else if (n->kind == Y_MAP) {
        for (uint32_t i = 0; i < n->len; i++)
            cut_cycles(r, n->u.map.pairs[i].val, depth + 1);
    } else if (n->kind == Y_ALIAS && n->u.target && n->u.target->kind != Y_SCALAR) {
        if (!n->u.target->open)
            cut_cycles(r, n->u.target, depth + 1);
    } else if (n->kind == Y_SCALAR && n->vstate == Y_V_KNOWN) {
        y_node *t = n->u.resolved;
        while (t && t->kind == Y_ALIAS)
            t = t->u.target;
        if (t && t->open) {
            n->vstate = Y_V_UNKNOWN;
            n->u.resolved = NULL;
            problem(r, SW_RP_SELF, n, NULL,
                    sw_printf(r->a, "'%s' refers to a value that contains it (a cycle); "
                                    "refer to a part that does not",
                              n->str));
        } else if (t && t->kind != Y_SCALAR) {
            cut_cycles(r, t, depth + 1);
        }
    }
    n->open = false;
}

void sw_resolve(sw_resolver *r, sw_arena *a, const y_doc *doc, const char *path,
                const struct sw_opts *opts)
{
    memset(r, 0, sizeof *r);
    r->a = a;
    r->opts = opts;
    r->doc = doc;
    r->budget = MAX_EVALS;
    const char *slash = strrchr(path, '/');
    r->dir = slash ? sw_strndup(a, path, (size_t)(slash - path)) : ".";
    if (slash == path)
        r->dir = "/";
    if (!doc->root)
        return;
    resolve_all(r, doc);
    /* the files included on the way: their own variables too */
    for (uint32_t i = 0; i < r->ninc; i++)
        if (r->inc[i]->doc)
            resolve_all(r, r->inc[i]->doc);
    if (r->collections)
        cut_cycles(r, (y_node *)doc->root, 0);
}

void sw_resolver_release(sw_resolver *r)
{
    for (uint32_t i = 0; i < r->ninc; i++) {
        sw_text t = {r->inc[i]->text, r->inc[i]->len, r->inc[i]->mapped};
        sw_text_release(&t);
    }
    free(r->inc);
    r->inc = NULL;
    r->ninc = r->capinc = 0;
    free(r->pslots);
    free(r->pset);
    r->pset = NULL;
    r->psetcap = 0;
    r->pslots = NULL;
    r->pcap = r->pn = 0;
}
