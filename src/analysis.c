/*
 * The analysis pipeline (see analysis.h).
 */
#include "analysis.h"

#include <string.h>

#include "suppress.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

void sw_analyze(sw_analysis *an, const char *path, const char *text, size_t len,
                const sw_opts *opts)
{
    memset(an, 0, sizeof *an);
    sw_arena_init(&an->arena);
    sw_arena *a = &an->arena;
    /* the tree, the model and the findings of a big file take about five
       times its size (make bench) */
    if (len >= ((size_t)1 << 20))
        sw_arena_reserve(a, len * 5);
    sw_source_init(&an->src, a, sw_strdup(a, path), text, len);
    an->doc = y_parse(a, &an->src, ends_with(path, ".json"));
    sw_resolve(&an->res, a, an->doc, path, opts);
    an->svc = sw_model_build(a, an->doc);
    an->xfile = sw_xfile_build(a, an->svc, an->res.dir, opts);

    sw_suppressions *sup = sw_alloc(a, sizeof *sup);
    sw_suppress_scan(a, an->doc, sup);
    an->sup = sup;
    sw_ctx c = {
        .a = a, .src = &an->src, .doc = an->doc, .svc = an->svc,
        .opts = opts, .out = &an->diags, .sup = sup, .res = &an->res,
        .xfile = an->xfile,
    };
    /* the rules, then the suppressions, then the rules about suppressions */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            sw_suppress_apply(sup, &an->diags);
        for (size_t i = 0; i < sw_nrules; i++) {
            if (opts->sev && opts->sev[i] == 0)
                continue;
            if (((sw_rules[i]->flags & SW_RULE_POST) != 0) != (pass == 1))
                continue;
            c.rule = sw_rules[i];
            uint32_t first = an->diags.n;
            sw_rules[i]->check(&c);
            if (opts->sev && opts->sev[i] > 0)
                for (uint32_t k = first; k < an->diags.n; k++)
                    an->diags.v[k].sev = (sw_severity)opts->sev[i];
        }
    }
    sw_diags_sort_dedup(&an->diags);
}

bool sw_rule_enabled(const sw_ctx *c, const sw_rule *r)
{
    int i = sw_rule_index(r);
    return i >= 0 && !(c->opts->sev && c->opts->sev[i] == 0);
}

void sw_analysis_free(sw_analysis *an)
{
    sw_resolver_release(&an->res);
    sw_xfile_release(an->xfile);
    sw_diags_release(&an->diags);
    sw_arena_free(&an->arena);
}
