/*
 * What the server answers about a document: diagnostics as LSP sees them,
 * hover (the rule's page on a finding, a short explanation on a known key,
 * a handler's file and function), go to definition (an authorizer's
 * function, a !Ref/!GetAtt's resource, a handler's export) and
 * document symbols (service > functions > routes; resources; custom).
 */
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "../cli.h"
#include "../suppress.h"
#include "../vars.h"
#include "../yscalar.h"
#include "keydocs.h"
#include "server.h"


static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    return j ? j : json_string("(text that is not valid UTF-8)");
}

static const y_node *var_target(lsp_analysis *a, const y_node *leaf, uint32_t off);

/* ---- hover ---- */

static bool covers(const sw_diag *g, uint32_t off)
{
    return g->start == g->end ? off == g->start : off >= g->start && off <= g->end;
}

/* The key path at off as strings ("[]" for list items). */
static unsigned key_path(const y_node *root, uint32_t off, const char **segs, unsigned max,
                         const y_node **leaf)
{
    const y_node *keys[32];
    uint32_t n = y_path_at(root, off, keys, max < 32 ? max : 32, leaf);
    for (uint32_t i = 0; i < n; i++) {
        const y_node *k = y_deref(keys[i]);
        segs[i] = !keys[i] ? "[]" : (k && k->kind == Y_SCALAR) ? k->str : "?";
    }
    return n;
}

json_t *lsp_hover(lsp_server *s, json_t *params)
{
    lsp_doc *d = lsp_doc_of(s, params);
    if (!d)
        return NULL;
    lsp_analysis *cur = lsp_doc_analysis(s, d);
    uint32_t off;
    if (!lsp_offset(s, &cur->an.src, json_object_get(params, "position"), &off))
        return NULL;
    sw_buf b = {0};
    uint32_t hs = 0, he = 0;
    bool any = false;
    for (uint32_t i = 0; i < cur->an.diags.n; i++) {
        const sw_diag *g = &cur->an.diags.v[i];
        if (g->src != &cur->an.src || !covers(g, off))
            continue; /* a finding in another file (an include, a handler source) */
        if (any)
            sw_buf_puts(&b, "\n\n---\n\n");
        sw_buf_printf(&b, "**%s** %s (%s): %s\n\n", g->rule->code, g->rule->name,
                      sw_sev_name(g->sev), g->msg);
        const char *page = sw_rule_doc(g->rule->code);
        if (page)
            sw_buf_puts(&b, page);
        if (!any) {
            hs = g->start;
            he = g->end;
        }
        any = true;
    }
    const sw_source *src = &cur->an.src;
    /* on a finding about a `handler:` (a missing file or export), what is there */
    if (any) {
        sw_buf hb = {0};
        uint32_t a, z;
        if (lsp_handler_hover(cur, off, &hb, &a, &z)) {
            sw_buf_puts(&b, "\n\n---\n\n");
            sw_buf_puts(&b, sw_buf_cstr(&hb));
        }
        sw_buf_release(&hb);
    }
    /* a code inside a suppression comment: that rule's page */
    for (uint32_t i = 0; !any && cur->an.sup && i < cur->an.sup->n; i++) {
        const sw_directive *dir = &cur->an.sup->v[i];
        for (uint32_t k = 0; k < dir->ncodes && !any; k++) {
            const sw_supcode *sc = &dir->codes[k];
            const char *page = sc->rule ? sw_rule_doc(sc->rule->code) : NULL;
            if (page && off >= sc->start && off <= sc->end) {
                sw_buf_puts(&b, page);
                hs = sc->start;
                he = sc->end;
                any = true;
            }
        }
    }
    if (!any) {
        /* handler: the file and the function behind it */
        lsp_analysis *nav = lsp_doc_nav(s, d);
        if (lsp_handler_hover(nav, off, &b, &hs, &he)) {
            src = &nav->an.src;
            any = true;
        }
    }
    if (!any) {
        /* a value holding variables: what it resolves to */
        lsp_analysis *nav = lsp_doc_nav(s, d);
        const y_node *keys[32], *leaf;
        y_path_at(nav->an.doc->root, off, keys, 32, &leaf);
        if (leaf && leaf->kind == Y_SCALAR && sw_has_var(leaf->str, leaf->len)) {
            const y_node *t = var_target(nav, leaf, off);
            const y_node *tv = t ? y_deref(t) : NULL;
            if (tv && tv->kind == Y_SCALAR && tv != y_deref(leaf))
                sw_buf_printf(&b, "`%s` is `%s`; ", "this reference", tv->str);
            const y_node *v = y_deref(leaf);
            const sw_source *vs = sw_resolver_source(&nav->an.res, v);
            if (leaf->vstate == Y_V_KNOWN && v->kind == Y_SCALAR) {
                sw_buf_printf(&b, "`%s` resolves to `%s`", leaf->str, v->str);
            } else if (leaf->vstate == Y_V_KNOWN) {
                sw_buf_printf(&b, "`%s` resolves to a %s of %u entries", leaf->str,
                              v->kind == Y_MAP ? "mapping" : "list",
                              v->kind == Y_MAP ? v->len : v->len);
            } else if (leaf->vstate == Y_V_MISSING) {
                sw_buf_printf(&b, "`%s` resolves to nothing", leaf->str);
            } else {
                sw_buf_printf(&b, "`%s` depends on a value slsws cannot know here (SSM, "
                                  "CloudFormation outputs, the environment, code, a plugin): "
                                  "no rule judges it",
                              leaf->str);
            }
            if (leaf->vstate == Y_V_KNOWN && v->vstate != Y_V_SYNTH) {
                sw_pos p = sw_source_pos(vs, v->start, SW_UNIT_CP);
                sw_buf_printf(&b, " (from %s:%u)", vs->path, p.line + 1);
            }
            src = &nav->an.src;
            hs = leaf->start;
            he = leaf->end;
            any = true;
        }
    }
    if (!any) {
        lsp_analysis *nav = lsp_doc_nav(s, d);
        const char *segs[32];
        const y_node *leaf;
        unsigned n = key_path(nav->an.doc->root, off, segs, 32, &leaf);
        const char *doc = n ? sw_key_doc(segs, n) : NULL;
        if (doc && leaf) {
            sw_buf_puts(&b, doc);
            src = &nav->an.src;
            hs = leaf->start;
            he = leaf->end;
            any = true;
        }
    }
    json_t *res = NULL;
    if (any) {
        json_t *v = json_string(sw_buf_cstr(&b));
        res = json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value",
                        v ? v : json_string("(not UTF-8)"), "range", lsp_range(s, src, hs, he));
    }
    sw_buf_release(&b);
    return res;
}

/* ---- variables ---- */

/* The node a `${self:path}` or `${file(x)}` under the cursor refers to (the
   variable itself when off is inside one of several in a string), or NULL. */
static const y_node *var_target(lsp_analysis *a, const y_node *leaf, uint32_t off)
{
    const sw_source *src = &a->an.src;
    uint32_t base = sw_scalar_text_start(src, leaf);
    if (leaf->style == Y_SQUOTED || leaf->style == Y_DQUOTED)
        base++;
    if (off < base)
        return NULL;
    uint32_t at = off - base;
    sw_vparse *p = sw_vars_parse(&a->an.arena, leaf->str, leaf->len);
    const sw_vvar *best = NULL;
    for (uint32_t i = 0; i < p->nvars; i++) /* by start: the last match is innermost */
        if (p->vars[i]->span.start <= at && at < p->vars[i]->span.end)
            best = p->vars[i];
    if (!best)
        return NULL;
    const sw_vsource *vs = &best->src;
    if (strcmp(vs->src, "file") == 0 && vs->nparams >= 1 && !vs->params[0].has_var) {
        const char *rel = vs->params[0].text;
        for (uint32_t i = 0; i < a->an.res.ninc; i++) {
            const char *path = a->an.res.inc[i]->path;
            size_t n = strlen(path), m = strlen(rel) - (rel[0] == '.' && rel[1] == '/' ? 2 : 0);
            if (a->an.res.inc[i]->doc && n >= m && strcmp(path + n - m, rel + strlen(rel) - m) == 0)
                return a->an.res.inc[i]->doc->root;
        }
        return NULL;
    }
    if (strcmp(vs->src, "self") != 0 || !vs->address || vs->address->has_var)
        return NULL;
    const y_node *cur = a->an.doc->root;
    char *path = sw_strdup(&a->an.arena, vs->address->text);
    char *save = NULL;
    for (char *seg = strtok_r(path, ".", &save); seg && cur; seg = strtok_r(NULL, ".", &save)) {
        const y_node *v = y_get(cur, seg);
        if (!v)
            return NULL;
        cur = v;
    }
    return cur;
}

/* ---- definition ---- */

static json_t *location(const lsp_server *s, const lsp_doc *d, const sw_source *src,
                        const y_node *n)
{
    return json_pack("{s:s,s:o}", "uri", d->uri, "range", lsp_range(s, src, n->start, n->end));
}

static bool within(const y_node *n, uint32_t off)
{
    return n && off >= n->start && off <= n->end;
}

/* The resources.Resources key named by a !Ref / !GetAtt / Ref: / Fn::GetAtt at leaf. */
static const y_node *resource_at(const y_node *root, const y_node *leaf, const y_node *key)
{
    const char *name = NULL;
    char buf[256];
    leaf = y_deref(leaf);
    if (!leaf || leaf->kind != Y_SCALAR)
        return NULL;
    if (y_tag(leaf) && (strcmp(y_tag(leaf), "!Ref") == 0 || strcmp(y_tag(leaf), "!GetAtt") == 0))
        name = leaf->str;
    else if (key && (y_key_is(key, "Ref") || y_key_is(key, "Fn::GetAtt")))
        name = leaf->str;
    else if (leaf->parent && leaf->parent->kind == Y_SEQ && leaf->parent->u.seq.items[0] == leaf &&
             y_tag(leaf->parent) && strcmp(y_tag(leaf->parent), "!GetAtt") == 0)
        name = leaf->str;
    if (!name)
        return NULL;
    size_t n = strcspn(name, ".");
    if (n >= sizeof buf)
        return NULL;
    memcpy(buf, name, n);
    buf[n] = 0;
    const y_node *k;
    const y_node *res = y_get(y_get(root, "resources"), "Resources");
    return y_get_pair(res, buf, &k) ? k : NULL;
}

json_t *lsp_definition(lsp_server *s, json_t *params)
{
    lsp_doc *d = lsp_doc_of(s, params);
    if (!d)
        return NULL;
    lsp_analysis *a = lsp_doc_nav(s, d);
    uint32_t off;
    if (!lsp_offset(s, &a->an.src, json_object_get(params, "position"), &off))
        return NULL;
    const sw_service *svc = a->an.svc;
    for (uint32_t i = 0; i < svc->nws; i++) {
        const sw_wsevent *e = svc->ws[i];
        const y_node *name = NULL;
        if (within(e->authorizer, off)) {
            const y_node *au = y_deref(e->authorizer);
            name = au && au->kind == Y_MAP ? y_get(au, "name") : e->authorizer;
            if (!within(name, off))
                name = NULL;
        }
        const char *fn = y_known_str(name);
        const sw_function *f = fn ? sw_function_find(svc, fn) : NULL;
        if (f)
            return location(s, d, &a->an.src, f->key);
    }
    const y_node *keys[32], *leaf;
    uint32_t n = y_path_at(a->an.doc->root, off, keys, 32, &leaf);
    /* ${self:a.b} to the value a.b, ${file(./x.yml)} to that file */
    if (leaf && leaf->kind == Y_SCALAR && sw_has_var(leaf->str, leaf->len)) {
        const y_node *v = var_target(a, leaf, off);
        if (!v && leaf->vstate == Y_V_KNOWN)
            v = y_deref(leaf);
        if (v && v->vstate != Y_V_SYNTH) {
            const sw_source *vs = sw_resolver_source(&a->an.res, v);
            const y_node *k = NULL; /* the key whose value it is */
            for (uint32_t i = 0; v->parent && v->parent->kind == Y_MAP && i < v->parent->len; i++)
                if (v->parent->u.map.pairs[i].val == v)
                    k = v->parent->u.map.pairs[i].key;
            const y_node *at = k ? k : v;
            return json_pack("{s:s,s:o}", "uri", lsp_source_uri(a, d, vs), "range",
                             lsp_range(s, vs, at->start, at->end));
        }
    }
    json_t *h = lsp_handler_definition(s, a, off);
    if (h)
        return h;
    const y_node *target = resource_at(a->an.doc->root, leaf, n ? keys[n - 1] : NULL);
    return target ? location(s, d, &a->an.src, target) : NULL;
}

/* ---- document symbols ---- */

enum { K_MODULE = 2, K_NAMESPACE = 3, K_OBJECT = 19, K_FUNCTION = 12, K_EVENT = 24, K_KEY = 20 };

static json_t *symbol(const lsp_server *s, const sw_source *src, const char *name, int kind,
                      const y_node *key, const y_node *val, const char *detail)
{
    uint32_t end = val && val->end > key->end ? val->end : key->end;
    json_t *o = json_pack("{s:o,s:i,s:o,s:o}", "name", jstr(name && *name ? name : "(unnamed)"),
                          "kind", kind, "range", lsp_range(s, src, key->start, end),
                          "selectionRange", lsp_range(s, src, key->start, key->end));
    if (detail)
        json_object_set_new(o, "detail", jstr(detail));
    return o;
}

static json_t *key_children(lsp_server *s, const sw_source *src, const y_node *map, int kind)
{
    json_t *arr = json_array();
    map = y_deref(map);
    if (!map || map->kind != Y_MAP)
        return arr;
    for (uint32_t i = 0; i < map->len; i++) {
        const y_node *k = y_deref(map->u.map.pairs[i].key);
        if (k && k->kind == Y_SCALAR && strcmp(k->str, "<<") != 0)
            json_array_append_new(arr, symbol(s, src, k->str, kind, map->u.map.pairs[i].key,
                                              map->u.map.pairs[i].val, NULL));
    }
    return arr;
}

json_t *lsp_symbols(lsp_server *s, json_t *params)
{
    lsp_doc *d = lsp_doc_of(s, params);
    if (!d)
        return NULL;
    lsp_analysis *a = lsp_doc_nav(s, d);
    const sw_source *src = &a->an.src;
    const sw_service *svc = a->an.svc;
    json_t *out = json_array();
    if (!svc->root)
        return out;
    const y_node *skey = NULL, *sval = y_get_pair(svc->root, "service", &skey);
    json_t *fns = json_array();
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *f = &svc->fns[i];
        if (f->key->parent && !y_is_map(f->key->parent))
            continue;
        const char *handler = y_known_str(y_get(f->node, "handler"));
        json_t *fs = symbol(s, src, f->name, K_FUNCTION, f->key, f->node, handler);
        json_t *routes = json_array();
        for (uint32_t j = 0; j < f->nws; j++) {
            const sw_wsevent *e = f->ws[j];
            if (!e->key)
                continue;
            json_array_append_new(routes, symbol(s, src, e->route_str ? e->route_str : "(route)",
                                                 K_EVENT, e->key, e->val, "websocket"));
        }
        json_object_set_new(fs, "children", routes);
        json_array_append_new(fns, fs);
    }
    if (skey) {
        const char *name = y_known_str(sval);
        json_t *sym = symbol(s, src, name ? name : "service", K_MODULE, skey, sval, "service");
        /* the service symbol spans the document so the functions sit inside it */
        json_object_set_new(sym, "range", lsp_range(s, src, svc->root->start, svc->root->end));
        json_object_set_new(sym, "children", fns);
        json_array_append_new(out, sym);
    } else {
        json_array_extend(out, fns);
        json_decref(fns);
    }
    const y_node *rk, *rv = y_get_pair(svc->root, "resources", &rk);
    if (rk) {
        json_t *rs = symbol(s, src, "resources", K_NAMESPACE, rk, rv, NULL);
        json_object_set_new(rs, "children", key_children(s, src, y_get(rv, "Resources"), K_OBJECT));
        json_array_append_new(out, rs);
    }
    const y_node *ck, *cv = y_get_pair(svc->root, "custom", &ck);
    if (ck) {
        json_t *cs = symbol(s, src, "custom", K_NAMESPACE, ck, cv, NULL);
        json_object_set_new(cs, "children", key_children(s, src, cv, K_KEY));
        json_array_append_new(out, cs);
    }
    return out;
}
