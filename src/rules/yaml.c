/*
 * The YAML rules: WS090 (the file is not YAML Serverless can load: syntax
 * errors, invalid UTF-8, nesting too deep, several documents, unknown tags,
 * bad merges, undefined aliases) and WS091 (duplicate keys, which js-yaml
 * refuses). Both report what ydoc.c recorded while it built the tree.
 */
#include "../rule.h"

static void check_ws090(sw_ctx *c)
{
    for (uint32_t i = 0; i < c->doc->nproblems; i++) {
        const y_problem *p = &c->doc->problems[i];
        if (p->kind != Y_ERR_DUPKEY)
            sw_report_span(c, p->start, p->end, 0, "%s", p->msg);
    }
}

static void check_ws091(sw_ctx *c)
{
    for (uint32_t i = 0; i < c->doc->nproblems; i++) {
        const y_problem *p = &c->doc->problems[i];
        if (p->kind != Y_ERR_DUPKEY)
            continue;
        /* JSON.parse keeps the last value instead of failing */
        sw_diag *d = sw_report_span(c, p->start, p->end,
                                    c->doc->json ? SW_SEV_WARNING : 0, "%s", p->msg);
        if (p->first)
            sw_add_related(c, d, p->first, "first defined here");
    }
}

const sw_rule sw_ws090 = {
    .code = "WS090", .name = "yaml-syntax",
    .summary = "the file is not YAML (or JSON) that Serverless can load",
    .severity = SW_SEV_ERROR, .check = check_ws090,
};

const sw_rule sw_ws091 = {
    .code = "WS091", .name = "duplicate-key",
    .summary = "a key appears twice in one mapping",
    .severity = SW_SEV_ERROR, .check = check_ws091,
};
