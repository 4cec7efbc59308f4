/*
 * What variable resolution could not resolve (resolve.c): WS093, a
 * `${self:...}` (or `param:` path) that resolves to nothing and has no
 * fallback, a reference cycle included; WS094, a `${file(...)}` without a
 * fallback whose file is missing, unreadable, not valid YAML/JSON, lacks
 * the addressed key, or includes itself. Serverless stops on both.
 */
#include "../resolve.h"
#include "../rule.h"

static void report(sw_ctx *c, sw_rprob_kind kind)
{
    const sw_resolver *r = c->res;
    for (uint32_t i = 0; r && i < r->nprobs; i++) {
        const sw_rproblem *p = &r->probs[i];
        if (p->kind != kind)
            continue;
        sw_diag *d = sw_report_span(c, p->start, p->end, 0, "%s", p->msg);
        d->src = p->src;
    }
}

static void check_ws093(sw_ctx *c) { report(c, SW_RP_SELF); }
static void check_ws094(sw_ctx *c) { report(c, SW_RP_FILE); }

const sw_rule sw_ws093 = {
    .code = "WS093", .name = "unresolved-reference",
    .summary = "a ${self:...} reference that resolves to nothing and has no fallback",
    .severity = SW_SEV_ERROR, .check = check_ws093,
};

const sw_rule sw_ws094 = {
    .code = "WS094", .name = "include-not-found",
    .summary = "a ${file(...)} whose file is missing, unreadable or not YAML/JSON",
    .severity = SW_SEV_ERROR, .check = check_ws094,
};
