/*
 * What the server offers to change: completion (route keys, log levels,
 * runtimes, function names for authorizers, handler paths (handlers.c), and
 * the keys known under provider, a function, a websocket event, an
 * authorizer and logs.websocket)
 * and code actions (every fix the rules attach to their findings). The
 * completion context is read from the current text, so it works while the
 * line being typed does not parse yet.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtimes.h"
#include "../suppress.h"
#include "server.h"

enum { CI_FUNCTION = 3, CI_PROPERTY = 10, CI_VALUE = 12, CI_ENUM_MEMBER = 20 };


/* ---- completion context from the text ---- */

typedef struct line_info {
    const char *p;      /* line start */
    size_t len;         /* up to the end of the line */
    size_t indent;      /* key column ("- " counted as indentation) */
    const char *key;    /* the key on that line, or NULL */
    size_t keylen;
} line_info;

static void parse_line(const char *p, size_t len, line_info *li)
{
    li->p = p;
    li->len = len;
    size_t i = 0;
    while (i < len && p[i] == ' ')
        i++;
    while (i + 1 < len && p[i] == '-' && p[i + 1] == ' ') {
        i += 2;
        while (i < len && p[i] == ' ')
            i++;
    }
    li->indent = i;
    size_t k = i;
    while (k < len && p[k] != ':' && p[k] != ' ' && p[k] != '#')
        k++;
    li->key = (k < len && p[k] == ':' && k > i) ? p + i : NULL;
    li->keylen = li->key ? k - i : 0;
}

static bool key_is(const line_info *li, const char *k)
{
    return li->key && li->keylen == strlen(k) && strncmp(li->key, k, li->keylen) == 0;
}

/* The parent keys of the line holding off, innermost first: each is the
   nearest line above with a smaller key column. */
static unsigned parents(const char *t, size_t off, size_t indent, line_info *out, unsigned max)
{
    unsigned n = 0;
    size_t end = off;
    while (end > 0 && t[end - 1] != '\n')
        end--;
    while (end > 0 && n < max) {
        size_t e = end - 1, b = e;
        while (b > 0 && t[b - 1] != '\n')
            b--;
        line_info li;
        parse_line(t + b, e - b, &li);
        end = b;
        if (!li.key || li.p[li.indent] == '#')
            continue;
        if (li.indent < indent) {
            out[n++] = li;
            indent = li.indent;
            if (indent == 0)
                break;
        }
    }
    return n;
}

static void item(json_t *arr, const char *label, int kind, const char *detail,
                 const lsp_server *s, const sw_source *src, uint32_t a, uint32_t b)
{
    json_t *o = json_pack("{s:s,s:i}", "label", label, "kind", kind);
    if (detail)
        json_object_set_new(o, "detail", json_string(detail));
    if (src)
        json_object_set_new(o, "textEdit",
                            json_pack("{s:o,s:s}", "range", lsp_range(s, src, a, b), "newText",
                                      label));
    json_array_append_new(arr, o);
}

static const char *const provider_keys[] = {
    "websocketsApiName", "websocketsApiRouteSelectionExpression", "websocketsDescription",
    "apiGateway", "logs", "websocket", "runtime", "stage", "region", "iam", "environment",
    "timeout", "memorySize", "tags", NULL,
};
static const char *const function_keys[] = {
    "handler", "events", "runtime", "timeout", "memorySize", "environment", "role", "name",
    "description", NULL,
};
static const char *const top_keys[] = {
    "service", "frameworkVersion", "configValidationMode", "provider", "functions",
    "plugins", "custom", "resources", "package", NULL,
};
static const char *const ws_keys[] = {"route", "routeResponseSelectionExpression",
                                      "authorizer", NULL};
static const char *const authorizer_keys[] = {"name", "arn", "identitySource", NULL};
static const char *const logs_ws_keys[] = {"level", "format", "accessLogging",
                                           "executionLogging", "fullExecutionData", NULL};

static void keys(json_t *arr, const char *const *list)
{
    for (; *list; list++)
        item(arr, *list, CI_PROPERTY, NULL, NULL, NULL, 0, 0);
}

json_t *lsp_completion(lsp_server *s, json_t *params)
{
    lsp_doc *d = lsp_doc_of(s, params);
    if (!d)
        return NULL;
    /* positions refer to the current text: use a source over it */
    lsp_analysis *cur = lsp_doc_analysis(s, d);
    const sw_source *src = &cur->an.src;
    uint32_t off;
    if (!lsp_offset(s, src, json_object_get(params, "position"), &off))
        return NULL;
    const char *t = cur->text;
    size_t ls = off;
    while (ls > 0 && t[ls - 1] != '\n' && t[ls - 1] != '\r')
        ls--;
    line_info li;
    parse_line(t + ls, off - ls, &li);
    line_info up[8];
    unsigned np = parents(t, off, li.indent, up, 8);
    json_t *arr = json_array();
    lsp_analysis *nav = lsp_doc_nav(s, d);
    const sw_service *svc = nav->an.svc;

    if (li.key) {
        /* a value: complete the token after "key: " */
        size_t vs = (size_t)(li.key - t) + li.keylen + 1;
        while (vs < off && t[vs] == ' ')
            vs++;
        uint32_t a = (uint32_t)vs;
        if (key_is(&li, "route") || key_is(&li, "websocket")) {
            static const char *const pre[] = {"$connect", "$disconnect", "$default", NULL};
            for (int i = 0; pre[i]; i++)
                item(arr, pre[i], CI_ENUM_MEMBER, "predefined route", s, src, a, off);
            for (uint32_t i = 0; i < svc->nws; i++) {
                const char *r = svc->ws[i]->route_str;
                if (!r || r[0] == '$')
                    continue;
                bool seen = false;
                for (uint32_t j = 0; j < i; j++)
                    if (svc->ws[j]->route_str && strcmp(svc->ws[j]->route_str, r) == 0)
                        seen = true;
                if (!seen)
                    item(arr, r, CI_VALUE, "custom route in use", s, src, a, off);
            }
        } else if (key_is(&li, "level") && np >= 1 && key_is(&up[0], "websocket")) {
            item(arr, "INFO", CI_ENUM_MEMBER, "log level", s, src, a, off);
            item(arr, "ERROR", CI_ENUM_MEMBER, "log level", s, src, a, off);
        } else if (key_is(&li, "runtime")) {
            for (size_t i = 0; i < sw_runtime_count; i++) {
                const sw_runtime *r = &sw_runtime_table[i];
                if (r->block_create && d->opts.as_of >= r->block_create)
                    continue; /* no longer deployable as a new function */
                item(arr, r->id, CI_ENUM_MEMBER,
                     r->deprecated && d->opts.as_of >= r->deprecated ? "deprecated" : "runtime",
                     s, src, a, off);
            }
        } else if (key_is(&li, "handler") && np >= 2 && key_is(&up[1], "functions") &&
                   up[1].indent == 0) {
            char fn[256];
            snprintf(fn, sizeof fn, "%.*s", (int)up[0].keylen, up[0].key);
            if (a < off && (t[a] == '"' || t[a] == '\''))
                a++;
            lsp_handler_complete(s, nav, fn, src, a, (uint32_t)off, arr);
        } else if (key_is(&li, "authorizer") ||
                   (key_is(&li, "name") && np >= 1 && key_is(&up[0], "authorizer"))) {
            for (uint32_t i = 0; i < svc->nfns; i++)
                item(arr, svc->fns[i].name, CI_FUNCTION, "function", s, src, a, off);
        }
        return arr;
    }
    /* a key */
    if (li.indent == 0 && np == 0)
        keys(arr, top_keys);
    else if (np >= 1 && key_is(&up[0], "provider") && up[0].indent == 0)
        keys(arr, provider_keys);
    else if (np >= 1 && key_is(&up[0], "websocket") && np >= 2 && key_is(&up[1], "logs"))
        keys(arr, logs_ws_keys);
    else if (np >= 1 && key_is(&up[0], "logs"))
        item(arr, "websocket", CI_PROPERTY, NULL, NULL, NULL, 0, 0);
    else if (np >= 1 && key_is(&up[0], "websocket"))
        keys(arr, ws_keys);
    else if (np >= 1 && key_is(&up[0], "authorizer"))
        keys(arr, authorizer_keys);
    else if (np >= 1 && key_is(&up[0], "events"))
        item(arr, "websocket", CI_PROPERTY, "websocket event", NULL, NULL, 0, 0);
    else if (np >= 2 && key_is(&up[1], "functions"))
        keys(arr, function_keys);
    return arr;
}

/* ---- code actions ---- */

static bool overlaps(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    return a0 <= b1 && b0 <= a1;
}

static json_t *action(const lsp_server *s, const lsp_doc *d, const sw_source *src,
                      const char *title, const sw_diag *g, uint32_t at, uint32_t end,
                      const char *text)
{
    json_t *changes = json_object();
    json_object_set_new(changes, d->uri,
                        json_pack("[{s:o,s:s}]", "range", lsp_range(s, src, at, end), "newText",
                                  text));
    return json_pack("{s:s,s:s,s:[o],s:{s:o}}", "title", title, "kind", "quickfix",
                     "diagnostics", lsp_diagnostic_json(s, d->cur, d, g), "edit", "changes", changes);
}

/* The directive of a given scope that already covers g's line, to extend. */
static const sw_directive *directive_for(const sw_analysis *an, sup_scope scope, uint32_t line)
{
    const sw_suppressions *sup = an->sup;
    for (uint32_t i = 0; sup && i < sup->n; i++) {
        const sw_directive *dir = &sup->v[i];
        if (dir->scope == scope && !dir->blanket && dir->ncodes &&
            (scope == SUP_FILE || sw_source_line_of(&an->src, dir->start) == line))
            return dir;
    }
    return NULL;
}

/* "ignore CODE on this line" and "ignore CODE in this file": suppression
   comments, added to an existing list when there is one. */
static void ignore_actions(const lsp_server *s, const lsp_doc *d, const sw_analysis *an,
                           const sw_diag *g, json_t *out)
{
    const sw_source *src = &an->src;
    const char *t = src->text, *code = g->rule->code;
    char title[128], text[160];
    uint32_t line = sw_source_line_of(src, g->start), len;
    const char *lp = sw_source_line(src, line, &len);
    uint32_t eol = (uint32_t)(lp - t) + len;
    const sw_directive *dir = directive_for(an, SUP_LINE, line);
    snprintf(title, sizeof title, "ignore %s on this line", code);
    if (dir) {
        uint32_t at = dir->codes[dir->ncodes - 1].end;
        snprintf(text, sizeof text, ", %s", code);
        json_array_append_new(out, action(s, d, src, title, g, at, at, text));
    } else {
        /* a line that already ends in another comment gets one above it */
        bool comment = false;
        sw_comment *cs;
        sw_arena tmp;
        sw_arena_init(&tmp);
        uint32_t nc = sw_comments(&tmp, an->doc, &cs);
        for (uint32_t i = 0; i < nc; i++)
            if (sw_source_line_of(src, cs[i].start) == line)
                comment = true;
        sw_arena_free(&tmp);
        if (!comment) {
            snprintf(text, sizeof text, "  # slsws: ignore[%s]", code);
            json_array_append_new(out, action(s, d, src, title, g, eol, eol, text));
        } else {
            uint32_t ls = (uint32_t)(lp - t), ind = ls;
            while (ind < eol && t[ind] == ' ')
                ind++;
            snprintf(text, sizeof text, "%.*s# slsws: ignore[%s]\n", (int)(ind - ls), lp, code);
            snprintf(title, sizeof title, "ignore %s for this node", code);
            json_array_append_new(out, action(s, d, src, title, g, ls, ls, text));
        }
    }
    snprintf(title, sizeof title, "ignore %s in this file", code);
    const sw_directive *fd = directive_for(an, SUP_FILE, 0);
    if (fd) {
        uint32_t at = fd->codes[fd->ncodes - 1].end;
        snprintf(text, sizeof text, ", %s", code);
        json_array_append_new(out, action(s, d, src, title, g, at, at, text));
    } else {
        snprintf(text, sizeof text, "# slsws: ignore-file[%s]\n", code);
        json_array_append_new(out, action(s, d, src, title, g, src->bom, src->bom, text));
    }
}

json_t *lsp_code_actions(lsp_server *s, json_t *params)
{
    lsp_doc *d = lsp_doc_of(s, params);
    if (!d)
        return NULL;
    lsp_analysis *a = lsp_doc_analysis(s, d);
    const sw_source *src = &a->an.src;
    json_t *range = json_object_get(params, "range");
    uint32_t r0, r1;
    if (!lsp_offset(s, src, json_object_get(range, "start"), &r0) ||
        !lsp_offset(s, src, json_object_get(range, "end"), &r1))
        return NULL;
    json_t *out = json_array();
    for (uint32_t i = 0; i < a->an.diags.n; i++) {
        const sw_diag *g = &a->an.diags.v[i];
        if (g->src != src || !overlaps(g->start, g->end, r0, r1))
            continue; /* a finding in another file (an include, a handler source) */
        if (strcmp(g->rule->code, "WS090") != 0 && strcmp(g->rule->code, "WS099") != 0)
            ignore_actions(s, d, &a->an, g, out);
        if (!g->fix)
            continue;
        json_t *edits = json_array();
        for (uint32_t k = 0; k < g->fix->n; k++)
            json_array_append_new(edits, json_pack("{s:o,s:s}", "range",
                                                   lsp_range(s, src, g->fix->edits[k].start,
                                                             g->fix->edits[k].end),
                                                   "newText", g->fix->edits[k].text));
        json_t *changes = json_object();
        json_object_set_new(changes, d->uri, edits);
        char title[512];
        snprintf(title, sizeof title, "%s (%s)", g->fix->title, g->rule->code);
        json_array_append_new(
            out, json_pack("{s:s,s:s,s:[o],s:b,s:{s:o}}", "title", title, "kind", "quickfix",
                           "diagnostics", lsp_diagnostic_json(s, d->cur, d, g), "isPreferred",
                           g->fix->safe, "edit", "changes", changes));
    }
    return out;
}
