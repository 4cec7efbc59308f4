/*
 * libFuzzer target: comment recovery and suppression directives
 * (src/suppress.c) on the input as serverless.yml, then their application
 * to made-up findings: one per node for a rule chosen by its position, and
 * one in another file whose related location points into this one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rule.h"
#include "suppress.h"

static void add_findings(const y_node *n, const sw_source *src, sw_diags *d, int depth)
{
    if (!n || depth > Y_MAX_DEPTH + 2 || d->n >= 4096)
        return;
    sw_diag *g = sw_diags_push(d);
    memset(g, 0, sizeof *g);
    g->rule = sw_rules[(n->start + n->kind) % sw_nrules];
    g->sev = SW_SEV_WARNING;
    g->src = src;
    g->start = n->start;
    g->end = n->end;
    g->msg = "made up";
    if (n->kind == Y_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            add_findings(n->u.seq.items[i], src, d, depth + 1);
    } else if (n->kind == Y_MAP) {
        for (uint32_t i = 0; i < n->len; i++) {
            add_findings(n->u.map.pairs[i].key, src, d, depth + 1);
            add_findings(n->u.map.pairs[i].val, src, d, depth + 1);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    char *text = malloc(size ? size : 1);
    memcpy(text, data, size);
    sw_arena a;
    sw_arena_init(&a);
    sw_source src, other;
    sw_source_init(&src, &a, "serverless.yml", text, size);
    sw_source_init(&other, &a, "other.yml", "x: 1\n", 5);
    y_doc *doc = y_parse(&a, &src, false);

    sw_comment *cs;
    uint32_t nc = sw_comments(&a, doc, &cs);
    for (uint32_t i = 0; i < nc; i++) {
        FZ_CHECK(cs[i].start < cs[i].end && cs[i].end <= size && text[cs[i].start] == '#',
                 "comment %u at [%u, %u)", i, cs[i].start, cs[i].end);
        FZ_CHECK(i == 0 || cs[i - 1].end <= cs[i].start, "comments %u and %u overlap", i - 1, i);
        FZ_CHECK(memchr(text + cs[i].start, '\n', cs[i].end - cs[i].start) == NULL,
                 "comment %u spans lines", i);
    }

    sw_suppressions sup;
    sw_suppress_scan(&a, doc, &sup);
    FZ_CHECK(sup.src == &src, "directives of another source");
    for (uint32_t i = 0; i < sup.n; i++) {
        const sw_directive *d = &sup.v[i];
        FZ_CHECK(d->start < d->end && d->end <= size && text[d->start] == '#',
                 "directive %u at [%u, %u)", i, d->start, d->end);
        FZ_CHECK(d->from <= d->to && d->to <= size, "directive %u covers [%u, %u)", i, d->from,
                 d->to);
        FZ_CHECK(d->blanket == (d->ncodes == 0), "directive %u: blanket %d with %u codes", i,
                 d->blanket, d->ncodes);
        for (uint32_t k = 0; k < d->ncodes; k++) {
            const sw_supcode *c = &d->codes[k];
            FZ_CHECK(c->start < c->end && c->start > d->start && c->end <= d->end,
                     "code %u of directive %u at [%u, %u)", k, i, c->start, c->end);
            FZ_CHECK(c->rule == sw_rule_find(c->text), "code '%s': wrong rule", c->text);
        }
    }

    sw_diags ds = {0};
    add_findings(doc->root, &src, &ds, 0);
    sw_diag *g = sw_diags_push(&ds);
    memset(g, 0, sizeof *g);
    g->rule = sw_rules[size % sw_nrules];
    g->src = &other;
    g->start = 0;
    g->end = 1;
    g->msg = "made up elsewhere";
    g->rel = sw_alloc(&a, sizeof *g->rel);
    g->rel[0] = (sw_related){&src, (uint32_t)(size / 2), (uint32_t)(size / 2), "here"};
    g->nrel = 1;
    uint32_t before = ds.n;
    sw_suppress_apply(&sup, &ds);
    FZ_CHECK(ds.n <= before, "suppression added findings");
    uint32_t used = 0;
    for (uint32_t i = 0; i < sup.n; i++)
        for (uint32_t k = 0; k < sup.v[i].ncodes; k++)
            if (sup.v[i].codes[k].used) {
                FZ_CHECK(sup.v[i].codes[k].rule != NULL, "code '%s' without rule silenced",
                         sup.v[i].codes[k].text);
                used++;
            }
    FZ_CHECK(ds.n == before || used > 0, "findings dropped by no code");
    sw_diags_release(&ds);
    sw_arena_free(&a);
    free(text);
    return 0;
}
