/*
 * libFuzzer target: the variable parser (src/vars.c) on the input as one
 * decoded scalar. Every span of every string, part, variable, source,
 * fallback and problem must lie inside the input and nest properly;
 * variables come in start order; text without `${` or `{$` holds nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "vars.h"

typedef struct ctx {
    const sw_vparse *vp;
    uint32_t n;
    uint32_t vars;            /* variables met walking the parts */
} ctx;

static void check_var(ctx *c, const sw_vvar *v, const sw_vvar *parent, uint32_t depth);

static void in(const ctx *c, sw_vspan s, sw_vspan outer, const char *what)
{
    FZ_CHECK(s.start <= s.end && s.end <= c->n, "%s [%u, %u) in %u bytes", what, s.start, s.end,
             c->n);
    FZ_CHECK(s.start >= outer.start && s.end <= outer.end, "%s [%u, %u) outside [%u, %u)", what,
             s.start, s.end, outer.start, outer.end);
}

static void check_str(ctx *c, const sw_vstr *s, sw_vspan outer, const sw_vvar *owner,
                      uint32_t depth)
{
    in(c, s->span, outer, "string");
    FZ_CHECK(s->text != NULL, "string at %u without text", s->span.start);
    FZ_CHECK(s->colon < 0 || ((uint32_t)s->colon >= s->span.start && (uint32_t)s->colon < c->n &&
                              c->vp->s[s->colon] == ':'),
             "colon offset %d", s->colon);
    bool any = false;
    uint32_t prev = s->span.start;
    for (uint32_t i = 0; i < s->nparts; i++) {
        const sw_vpart *p = &s->parts[i];
        in(c, p->span, s->span, "part");
        FZ_CHECK(p->span.start >= prev, "part %u at %u overlaps the one before (ends %u)", i,
                 p->span.start, prev);
        prev = p->span.end;
        if (p->kind == SW_VPART_VAR) {
            FZ_CHECK(p->var != NULL, "variable part without variable");
            FZ_CHECK(p->var->span.start == p->span.start, "variable part and variable differ");
            any = true;
            check_var(c, p->var, owner, depth + 1);
        } else if (p->kind == SW_VPART_FOREIGN) {
            in(c, p->name, p->span, "foreign name");
        }
    }
    FZ_CHECK(s->has_var == any, "has_var %d, variables %d", s->has_var, any);
}

static void check_source(ctx *c, const sw_vsource *s, sw_vspan outer, const sw_vvar *owner,
                         uint32_t depth)
{
    in(c, s->span, outer, "source");
    in(c, s->name, s->span, "source name");
    FZ_CHECK(s->src != NULL, "source without a name");
    FZ_CHECK(s->has_params || s->nparams == 0, "params without parentheses");
    for (uint32_t i = 0; i < s->nparams; i++)
        check_str(c, &s->params[i], s->span, owner, depth);
    if (s->address)
        check_str(c, s->address, s->span, owner, depth);
}

static void check_var(ctx *c, const sw_vvar *v, const sw_vvar *parent, uint32_t depth)
{
    c->vars++;
    FZ_CHECK(v->depth == depth, "variable at %u: depth %u, nested %u deep", v->span.start,
             v->depth, depth);
    /* one level past the cap is recorded, unparsed */
    FZ_CHECK(depth <= SW_VARS_MAX_DEPTH + 1, "variable at %u nested %u deep", v->span.start,
             depth);
    FZ_CHECK(v->parent == parent, "variable at %u: wrong parent", v->span.start);
    sw_vspan all = {0, c->n};
    in(c, v->span, parent ? parent->span : all, "variable");
    FZ_CHECK(v->span.end - v->span.start >= 3 && memcmp(c->vp->s + v->span.start, "${", 2) == 0,
             "variable at %u does not start with ${", v->span.start);
    FZ_CHECK(!v->closed || c->vp->s[v->span.end - 1] == '}', "closed variable at %u ends '%c'",
             v->span.start, c->vp->s[v->span.end - 1]);
    if (depth > SW_VARS_MAX_DEPTH) {
        FZ_CHECK(v->src.src && v->nfbs == 0, "a variable past the cap was parsed");
        return;
    }
    check_source(c, &v->src, v->span, v, depth);
    (void)sw_vsource_is_last(v, &v->src);
    for (uint32_t i = 0; i < v->nfbs; i++) {
        const sw_vfallback *f = &v->fbs[i];
        in(c, f->span, v->span, "fallback");
        if (f->kind == SW_VFB_VAR) {
            FZ_CHECK(f->var != NULL && f->var->fb_index == (int32_t)i,
                     "fallback variable %u at %u: wrong index", i, f->span.start);
            check_var(c, f->var, v, depth + 1);
        } else if (f->kind == SW_VFB_SOURCE) {
            check_source(c, &f->src, f->span, v, depth);
            (void)sw_vsource_is_last(v, &f->src);
        } else {
            FZ_CHECK(f->value != NULL, "fallback %u at %u without a value", i, f->span.start);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    char *s = malloc(size ? size : 1);
    memcpy(s, data, size);
    sw_arena a;
    sw_arena_init(&a);
    sw_vparse *vp = sw_vars_parse(&a, s, size);
    ctx c = {.vp = vp, .n = (uint32_t)size};
    FZ_CHECK(vp->s == s && vp->n == size, "the parse does not describe its input");
    check_str(&c, &vp->str, (sw_vspan){0, (uint32_t)size}, NULL, 0);
    FZ_CHECK(c.vars <= vp->nvars, "%u variables reachable, %u listed", c.vars, vp->nvars);
    for (uint32_t i = 0; i < vp->nvars; i++) {
        FZ_CHECK(vp->vars[i] != NULL, "variable %u is NULL", i);
        in(&c, vp->vars[i]->span, (sw_vspan){0, (uint32_t)size}, "listed variable");
        if (i)
            FZ_CHECK(vp->vars[i - 1]->span.start < vp->vars[i]->span.start,
                     "variables %u and %u out of order", i - 1, i);
    }
    FZ_CHECK(vp->nproblems <= SW_VARS_MAX_PROBLEMS, "%u problems", vp->nproblems);
    for (uint32_t i = 0; i < vp->nproblems; i++) {
        in(&c, vp->problems[i].span, (sw_vspan){0, (uint32_t)size}, "problem");
        in(&c, vp->problems[i].at, (sw_vspan){0, (uint32_t)size}, "problem location");
    }
    if (!sw_vars_maybe(s, size))
        FZ_CHECK(vp->nvars == 0 && vp->nproblems == 0,
                 "no '${' or '{$', yet %u variables and %u problems", vp->nvars, vp->nproblems);
    sw_arena_free(&a);
    free(s);
    return 0;
}
