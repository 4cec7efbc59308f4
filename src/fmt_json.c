/*
 * The json format's per-finding object (CLI.md): path, code, name,
 * severity, message, 1-based range with exclusive end, related locations,
 * the fix when a safe one exists, or else the suggested (unsafe) one.
 */
#include "output.h"

#include "rule.h"

#include <stdlib.h>
#include <string.h>

static void put_range(json_t *o, const sw_source *src, uint32_t start, uint32_t end)
{
    sw_range r = sw_diag_range(src, start, end);
    json_object_set_new(o, "line", json_integer(r.line));
    json_object_set_new(o, "column", json_integer(r.col));
    json_object_set_new(o, "endLine", json_integer(r.end_line));
    json_object_set_new(o, "endColumn", json_integer(r.end_col));
}

/* json_string refuses invalid UTF-8: messages quote user text, so clean it */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    return j ? j : json_string("(text that is not valid UTF-8)");
}

json_t *sw_diag_json(const sw_diag *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "path", jstr(d->src->path));
    json_object_set_new(o, "code", json_string(d->rule->code));
    json_object_set_new(o, "name", json_string(d->rule->name));
    json_object_set_new(o, "severity", json_string(sw_sev_name(d->sev)));
    json_object_set_new(o, "message", jstr(d->msg));
    put_range(o, d->src, d->start, d->end);
    if (d->nrel) {
        json_t *rel = json_array();
        for (uint32_t i = 0; i < d->nrel; i++) {
            json_t *r = json_object();
            json_object_set_new(r, "path", jstr(d->rel[i].src->path));
            json_object_set_new(r, "message", jstr(d->rel[i].msg));
            put_range(r, d->rel[i].src, d->rel[i].start, d->rel[i].end);
            json_array_append_new(rel, r);
        }
        json_object_set_new(o, "related", rel);
    }
    if (d->fix) {
        json_t *fix = json_object(), *edits = json_array();
        json_object_set_new(fix, "title", jstr(d->fix->title));
        for (uint32_t i = 0; i < d->fix->n; i++) {
            json_t *e = json_object();
            put_range(e, d->src, d->fix->edits[i].start, d->fix->edits[i].end);
            json_object_set_new(e, "newText", jstr(d->fix->edits[i].text));
            json_array_append_new(edits, e);
        }
        json_object_set_new(fix, "edits", edits);
        /* a safe fix is what --fix applies; any other is a suggestion that
           needs a person's judgement (an editor's quick-fix) */
        json_object_set_new(o, d->fix->safe ? "fix" : "suggestion", fix);
    }
    return o;
}

typedef struct keyed {
    const char *key;
    size_t index;
    json_t *item;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key ? x->key : "", y->key ? y->key : "");
    return c ? c : x->index < y->index ? -1 : x->index > y->index;
}

json_t *sw_json_sorted(json_t *arr, const char *(*key)(const json_t *item))
{
    size_t n = json_array_size(arr);
    keyed *v = malloc(sizeof *v * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        v[i].item = json_array_get(arr, i);
        v[i].key = key(v[i].item);
        v[i].index = i; /* the tie-break that makes qsort stable */
    }
    qsort(v, n, sizeof *v, cmp_keyed);
    json_t *sorted = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append(sorted, v[i].item);
    free(v);
    return sorted;
}
