/*
 * The diagnostics list (see diag.h).
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "rule.h"

const char *sw_sev_name(sw_severity s)
{
    switch (s) {
    case SW_SEV_ERROR: return "error";
    case SW_SEV_WARNING: return "warning";
    case SW_SEV_INFO: return "info";
    default: return "off";
    }
}

int sw_sev_parse(const char *s)
{
    if (strcmp(s, "error") == 0) return SW_SEV_ERROR;
    if (strcmp(s, "warning") == 0) return SW_SEV_WARNING;
    if (strcmp(s, "info") == 0) return SW_SEV_INFO;
    if (strcmp(s, "off") == 0) return SW_SEV_OFF;
    return -1;
}

sw_diag *sw_diags_push(sw_diags *d)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = sw_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    sw_diag *x = &d->v[d->n++];
    memset(x, 0, sizeof *x);
    return x;
}

static int cmp(const void *pa, const void *pb)
{
    const sw_diag *a = pa, *b = pb;
    int c = strcmp(a->src->path, b->src->path);
    if (c)
        return c;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    c = strcmp(a->rule->code, b->rule->code);
    if (c)
        return c;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return strcmp(a->msg, b->msg);
}

void sw_diags_sort_dedup(sw_diags *d)
{
    if (d->n < 2)
        return;
    qsort(d->v, d->n, sizeof *d->v, cmp);
    uint32_t k = 1;
    for (uint32_t i = 1; i < d->n; i++)
        if (cmp(&d->v[k - 1], &d->v[i]) != 0)
            d->v[k++] = d->v[i];
    d->n = k;
}

void sw_diags_release(sw_diags *d)
{
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
