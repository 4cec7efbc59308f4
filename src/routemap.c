/*
 * Reads the route map of a service (see routemap.h).
 */
#include "routemap.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"
#include "yscalar.h"

/* ---- reading values ---- */

/* A node's text as written, on one line (aliases followed, tags kept). */
static const char *written(sw_analysis *an, const y_node *n)
{
    for (int i = 0; n && n->kind == Y_ALIAS && i < 16; i++)
        n = n->u.target;
    if (!n)
        return "";
    if (n->kind == Y_SCALAR)
        return y_tag(n) && y_tag(n)[0] == '!' ? sw_printf(&an->arena, "%s %s", y_tag(n), n->str)
                                          : n->str;
    const sw_source *src = sw_resolver_source(&an->res, n);
    sw_buf b = {0};
    bool space = false;
    for (uint32_t i = n->start; i < n->end && i < src->len && b.len < 80; i++) {
        char c = src->text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = b.len > 0;
            continue;
        }
        if (space)
            sw_buf_putc(&b, ' ');
        space = false;
        sw_buf_putc(&b, c);
    }
    if (b.len >= 80)
        sw_buf_puts(&b, "...");
    const char *out = sw_strdup(&an->arena, b.len ? sw_buf_cstr(&b) : "");
    sw_buf_release(&b);
    return out;
}

static sw_rval val_of(sw_analysis *an, const y_node *raw)
{
    const y_node *n = y_deref(raw);
    if (!n)
        return (sw_rval){0};
    if (n->kind != Y_SCALAR || y_is_unknown(n))
        return (sw_rval){written(an, raw), true};
    switch (y_scalar_type(n)) {
    case Y_T_NULL:
        return (sw_rval){0};
    case Y_T_INT:
    case Y_T_FLOAT: {
        const char *j = y_js_number(&an->arena, n);
        return (sw_rval){j ? j : n->str, false};
    }
    case Y_T_BOOL:
        return (sw_rval){tolower((unsigned char)n->str[0]) == 't' ? "true" : "false", false};
    default:
        return n->len ? (sw_rval){n->str, false} : (sw_rval){0};
    }
}

/* JavaScript falsiness as Serverless's `if (x)` reads it (unknown: no). */
static bool falsy(const y_node *n)
{
    n = y_deref(n);
    if (!n)
        return true;
    if (n->kind != Y_SCALAR || y_is_unknown(n))
        return false;
    switch (y_scalar_type(n)) {
    case Y_T_NULL: return true;
    case Y_T_BOOL: return tolower((unsigned char)n->str[0]) == 'f';
    case Y_T_INT:
    case Y_T_FLOAT: return strspn(n->str, "+-0._") == n->len;
    default: return n->len == 0;
    }
}

static const char *last_field(const char *arn)
{
    const char *c = strrchr(arn, ':');
    return c ? c + 1 : arn;
}

/* ---- the model ---- */

static void read_authorizer(sw_analysis *an, const sw_strmap *fnames, const sw_wsevent *e,
                            sw_route *r)
{
    const y_node *raw = e->authorizer, *a = y_deref(raw);
    if (falsy(raw))
        return;
    if (y_is_unknown(a)) {
        r->auth = true;
        r->whole = (sw_rval){written(an, raw), true};
        return;
    }
    const char *s = y_known_str(a);
    if (a->kind == Y_SCALAR && !s)
        return; /* true or a number: Serverless ignores it */
    r->auth = true;
    r->ids_default = true;
    if (s && strchr(s, ':')) {
        r->arn = (sw_rval){s, false};
        r->name = (sw_rval){last_field(s), false};
    } else if (s) {
        r->name = (sw_rval){s, false};
    } else if (a->kind == Y_MAP) {
        const y_node *arn = y_get(a, "arn"), *name = y_get(a, "name");
        if (!falsy(arn)) {
            r->arn = val_of(an, arn);
            const y_node *av = y_deref(arn);
            if (av->kind == Y_SCALAR && !y_is_intrinsic(av))
                r->name = r->arn.unknown ? (sw_rval){0} : (sw_rval){last_field(r->arn.s), false};
            else if (!falsy(name))
                r->name = val_of(an, name);
        } else if (!falsy(name)) {
            r->name = val_of(an, name);
        }
        const y_node *is = y_get(a, "identitySource"), *v = y_deref(is);
        if (!falsy(is)) {
            r->ids_default = false;
            uint32_t n = v->kind == Y_SEQ && !y_is_unknown(v) ? v->len : 1;
            r->ids = sw_alloc(&an->arena, sizeof *r->ids * n);
            if (v->kind == Y_SEQ && !y_is_unknown(v)) {
                for (uint32_t i = 0; i < n; i++) {
                    sw_rval x = val_of(an, v->u.seq.items[i]);
                    if (x.s)
                        r->ids[r->nids++] = x;
                }
            } else {
                r->ids[r->nids++] = val_of(an, is);
            }
        }
    }
    if (!r->arn.s && r->name.s && !r->name.unknown) {
        r->auth_fn = r->name.s;
        r->fn_missing = !sw_strmap_get(fnames, r->name.s) && !an->svc->functions_partial;
        if (r->fn_missing)
            r->auth_fn = NULL;
    }
    if (r->ids_default) {
        r->ids = sw_alloc(&an->arena, sizeof *r->ids);
        r->ids[0] = (sw_rval){"route.request.header.Auth", false};
        r->nids = 1;
    }
}

static void read_handler(sw_analysis *an, const sw_opts *o, sw_route *r)
{
    const sw_function *fn = r->fn;
    r->handler = val_of(an, fn->node ? y_get(fn->node, "handler") : NULL);
    r->status = "unchecked";
    const sw_fn_src *s = sw_xfile_fn(an->xfile, fn);
    if (!s || !s->checked)
        return;
    const sw_srcfile *f = s->res.file;
    if (!f) {
        if (!s->prebuilt && !o->isolated)
            r->status = "no-file";
        return;
    }
    r->file = f->src.path;  /* shown as the service file is: from the working directory */
    r->export = s->res.ref.name;
    if (s->res.export) {
        r->status = "found";
        r->line = sw_source_pos(&f->src, s->res.export->start, SW_UNIT_CP).line + 1;
    } else {
        r->status = !f->parsed || f->has_error || f->exports_open ? "file" : "no-export";
    }
}

static int cmp_route(const void *pa, const void *pb)
{
    const sw_route *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->rank == 3 || a->rank == 4) {
        int c = strcmp(a->key.s, b->key.s);
        if (c)
            return c;
    }
    return a->order < b->order ? -1 : a->order > b->order;
}

void sw_routemap_read(sw_routemap *out, sw_analysis *an, const sw_opts *o)
{
    const sw_service *svc = an->svc;
    sw_arena *m = &an->arena;
    out->path = an->src.path;
    out->partial = svc->functions_partial;
    out->truncated = an->doc->truncated;
    out->api = svc->nws > 0 || svc->functions_partial;
    out->fns = svc->fns;
    out->nfns = svc->nfns;

    const y_node *sn = y_get(svc->root, "service");
    if (y_is_map(sn) && !y_is_unknown(sn))
        sn = y_get(sn, "name");
    sw_rval service = val_of(an, sn);
    sw_rval stage = o->stage ? (sw_rval){o->stage, false} : val_of(an, y_get(svc->provider, "stage"));
    if (!stage.s)
        stage.s = "dev";
    out->name = val_of(an, y_get(svc->provider, "websocketsApiName"));
    if (!out->name.s)
        out->name = (sw_rval){sw_printf(m, "%s-%s-websockets", stage.s, service.s ? service.s : "?"),
                           stage.unknown || service.unknown || !service.s};
    out->rse = val_of(an, y_get(svc->provider, "websocketsApiRouteSelectionExpression"));
    if (!out->rse.s)
        out->rse = (sw_rval){"$request.body.action", false};
    const y_node *agraw = y_get(svc->provider, "apiGateway"), *ag = y_deref(agraw);
    if (ag && ag->kind == Y_SCALAR && y_is_unknown(ag)) {
        out->external = (sw_rval){written(an, agraw), true};
    } else {
        const y_node *id = y_get(ag, "websocketApiId");
        if (!falsy(id))
            out->external = val_of(an, id);
    }

    out->r = sw_alloc(m, sizeof *out->r * (svc->nws ? svc->nws : 1));
    sw_strmap fnames = {0};
    for (uint32_t i = 0; i < svc->nfns; i++)
        sw_strmap_put(&fnames, svc->fns[i].name, (void *)&svc->fns[i]);
    for (uint32_t i = 0; i < svc->nws; i++) {
        const sw_wsevent *e = svc->ws[i];
        if (out->truncated && e->item && !e->item->complete)
            continue; /* cut short by the syntax error: its values are half read */
        sw_route *r = &out->r[out->n++];
        r->order = i;
        r->fn = e->fn;
        r->key = val_of(an, e->route);
        r->rank = !r->key.s ? 5 : r->key.unknown ? 4
                  : strcmp(r->key.s, "$connect") == 0 ? 0
                  : strcmp(r->key.s, "$disconnect") == 0 ? 1
                  : strcmp(r->key.s, "$default") == 0 ? 2 : 3;
        read_handler(an, o, r);
        read_authorizer(an, &fnames, e, r);
        const y_node *at = e->key ? e->key : e->item;
        const sw_source *src = sw_resolver_source(&an->res, at);
        r->at_path = src->path;
        r->at_line = sw_source_line_of(src, at->start) + 1;
    }
    sw_strmap_free(&fnames);
    qsort(out->r, out->n, sizeof *out->r, cmp_route);
}
