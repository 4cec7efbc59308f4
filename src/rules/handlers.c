/*
 * The rules that read each function's handler file (xfile.h): WS085 (no
 * source file for `handler:` under the function's runtime), WS086 (the file
 * exists but exports no such name) and WS071 (AWS SDK v2 code on a Node 18+
 * runtime, which no longer bundles it, with `aws-sdk` missing from the
 * production dependencies of the nearest package.json). They stay silent
 * with --no-sources, for a function whose handler, runtime or file slsws
 * cannot know, and WS085 under --isolated (the file was lifted out of its
 * project) or when the code comes from a prebuilt `package.artifact`.
 */
#include "common.h"

#include "../buf.h"
#include "../resolve.h"
#include "../xfile.h"

#include <stdlib.h>
#include <string.h>

/* Bytes [off, off + len) of the handler string as a span of the service
   text, when the scalar is written there in place and reads as its value
   byte for byte; otherwise false (report on the whole node). */
static bool handler_span(sw_ctx *c, const sw_fn_src *s, uint32_t off, uint32_t len,
                         uint32_t *start, uint32_t *end)
{
    const y_node *raw = s->handler_raw;
    const char *v = y_known_str(s->handler);
    if (!v || raw != s->handler || !sw_scalar_in_place(c, raw) ||
        sw_resolver_source(c->res, raw) != c->src ||
        (raw->style != Y_PLAIN && raw->style != Y_SQUOTED && raw->style != Y_DQUOTED))
        return false;
    uint32_t t = raw->start + (raw->style != Y_PLAIN);
    size_t n = strlen(v);
    if (t + n > raw->end || memcmp(c->src->text + t, v, n) != 0)
        return false;
    *start = t + off;
    *end = t + off + len;
    return true;
}

static sw_diag *report_part(sw_ctx *c, const sw_fn_src *s, uint32_t off, uint32_t len,
                            sw_severity sev, const char *msg)
{
    uint32_t a, b;
    if (handler_span(c, s, off, len, &a, &b))
        return sw_report_span(c, a, b, sev, "%s", msg);
    return sw_report(c, s->handler, sev, "%s", msg);
}

/* The handler text with part [off, off + len) replaced by with. */
static const char *replaced(sw_ctx *c, const char *h, uint32_t off, uint32_t len, const char *with)
{
    return sw_printf(c->a, "%.*s%s%s", (int)off, h, with, h + off + len);
}

/* A fix that rewrites part of the handler string, when it is in place. */
static void fix_part(sw_ctx *c, sw_diag *d, const sw_fn_src *s, uint32_t off, uint32_t len,
                     const char *with, const char *title)
{
    uint32_t a, b;
    if (strpbrk(with, "'\"\\ #:") || !handler_span(c, s, off, len, &a, &b))
        return;
    sw_fix *f = sw_fix_new(c, d, false, "%s", title);
    sw_fix_edit(c, f, a, b, with);
}

/* ---- WS085 handler-file-missing ------------------------------------------ */

static bool is_source_ext(const char *ext, sw_family fam)
{
    static const char *const node[] = {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", NULL};
    if (fam == SW_FAMILY_PYTHON)
        return strcmp(ext, ".py") == 0;
    for (int i = 0; node[i]; i++)
        if (strcmp(ext, node[i]) == 0)
            return true;
    return false;
}

/* A file beside the module whose name is within edit distance 2 of it
   ("handlers" for "handler"), as the module path to suggest; NULL if none
   or several are equally close. Reads the listing resolution made of the
   module's directory (the first 4096 entries). */
static const char *near_module(sw_ctx *c, const sw_fn_src *s)
{
    const char *mod = s->res.ref.module, *slash = strrchr(mod, '/');
    const char *base = slash ? slash + 1 : mod;
    const sw_dirlist *l = sw_handlers_listing(&c->xfile->h, mod);
    const char *best = NULL;
    int bestd = 3;
    bool tie = false;
    for (uint32_t i = 0; i < l->n && i < 4096; i++) {
        const char *e = l->names[i], *dot = strrchr(e, '.');
        if (!dot || dot == e || !is_source_ext(dot, s->res.ref.family))
            continue;
        char *name = sw_strndup(c->a, e, (size_t)(dot - e));
        int d = sw_edit_distance(base, name, false);
        if (d < bestd || (d == bestd && best && strcmp(name, best) < 0)) {
            tie = d == bestd && best;
            bestd = d;
            best = name;
        } else if (d == bestd) {
            tie = true;
        }
    }
    if (!best || tie)
        return NULL;
    return slash ? sw_printf(c->a, "%.*s/%s", (int)(slash - mod), mod, best) : best;
}

/* WS085's message, formatted once by the report itself (no message built
   first and copied): one finding per function whose file is missing, so a
   generated service with thousands of them pays one formatting each. The
   module part of the handler is the span when written in place, else the
   handler's node. */
#define WS085_MSG                                                                              \
    "no source file for handler '%s' of function '%s': '%s' does not exist (nor %s%s%s)%s%s; " \
    "%s%s%s"

static void check_ws085(sw_ctx *c)
{
    if (!c->xfile || c->opts->isolated)
        return;
    for (uint32_t i = 0; i < c->xfile->nfns; i++) {
        const sw_fn_src *s = &c->xfile->fns[i];
        if (!s->checked || s->res.file || s->prebuilt)
            continue;
        const sw_handler_ref *r = &s->res.ref;
        const char *h = y_known_str(s->handler);
        bool node = r->family == SW_FAMILY_NODE;
        const char *near = r->module_len == strlen(r->module) ? near_module(c, s) : NULL;
        const char *rt = s->runtime ? s->runtime : "";
        const char *fix = near ? replaced(c, h, 0, r->module_len, near) : "";
#define WS085_ARGS                                                                      \
    h, s->fn->name, s->res.tried[0], node ? "with .mjs, .cjs, .ts, .mts or .cts" : "'", \
        node ? "" : r->module, node ? "" : "/__init__.py'",                            \
        s->runtime ? " for runtime " : "", rt,                                          \
        near ? "did you mean '" : "create the file or fix the path", fix, near ? "'?" : ""
        uint32_t a, b;
        sw_diag *d = handler_span(c, s, 0, r->module_len, &a, &b)
                         ? sw_report_span(c, a, b, 0, WS085_MSG, WS085_ARGS)
                         : sw_report(c, s->handler, 0, WS085_MSG, WS085_ARGS);
#undef WS085_ARGS
        if (near)
            fix_part(c, d, s, 0, r->module_len, near,
                     sw_printf(c->a, "change the path to '%s'", near));
    }
}

const sw_rule sw_ws085 = {
    .code = "WS085",
    .name = "handler-file-missing",
    .summary = "handler: names a source file that does not exist for the function's runtime",
    .severity = SW_SEV_WARNING,
    .flags = 0,
    .check = check_ws085,
};

/* ---- WS086 handler-export-missing ---------------------------------------- */

static const char *export_list(sw_ctx *c, const sw_srcfile *f, const char **names, uint32_t *n)
{
    sw_buf b = {0};
    *n = 0;
    for (uint32_t i = 0; i < f->nexports; i++) {
        const char *nm = f->exports[i].name;
        bool dup = false;
        for (uint32_t k = 0; k < *n; k++)
            dup |= strcmp(names[k], nm) == 0;
        if (dup)
            continue;
        names[(*n)++] = nm;
        if (*n <= 6)
            sw_buf_printf(&b, "%s'%s'", *n > 1 ? ", " : "", nm);
    }
    if (*n > 6)
        sw_buf_printf(&b, " and %u more", *n - 6);
    const char *out = sw_strdup(c->a, sw_buf_cstr(&b));
    sw_buf_release(&b);
    return out;
}

static void check_ws086(sw_ctx *c)
{
    if (!c->xfile)
        return;
    for (uint32_t i = 0; i < c->xfile->nfns; i++) {
        const sw_fn_src *s = &c->xfile->fns[i];
        const sw_srcfile *f = s->res.file;
        if (!s->checked || !f || s->res.export || !f->parsed || f->has_error || f->exports_open)
            continue;
        const sw_handler_ref *r = &s->res.ref;
        const char **names = sw_alloc(c->a, sizeof *names * (f->nexports + 1));
        uint32_t n;
        const char *list = export_list(c, f, names, &n);
        names[n] = NULL;
        size_t len = strlen(r->name);
        const char *near = len < 3 ? NULL : sw_nearest(r->name, names, len < 6 ? 1 : 2);
        bool py = f->lang == SW_LANG_PYTHON;
        const char *has = !n ? (py ? "it defines nothing at module level" : "it exports nothing")
                             : sw_printf(c->a, "it %s %s", py ? "defines" : "exports", list);
        const char *msg = sw_printf(
            c->a, "'%s' %s no '%s' for handler '%s' of function '%s' (%s); %s", f->rel,
            py ? "defines" : "exports", r->name, y_known_str(s->handler), s->fn->name, has,
            near ? sw_printf(c->a, "did you mean '%s'?", near)
                 : py ? "define it at module level or fix the name" : "export it or fix the name");
        sw_diag *d = report_part(c, s, r->name_off, r->name_len, 0, msg);
        const sw_export *at = near ? sw_srcfile_export(f, near) : n ? &f->exports[0] : NULL;
        if (at)
            sw_add_related_src(c, d, &f->src, at->start, at->end, "'%s' is %s here", at->name,
                               py ? "defined" : "exported");
        else
            sw_add_related_src(c, d, &f->src, 0, 0, "the handler file");
        if (near)
            fix_part(c, d, s, r->name_off, r->name_len, near,
                     sw_printf(c->a, "change the handler to '%s'",
                               replaced(c, y_known_str(s->handler), r->name_off, r->name_len,
                                        near)));
    }
}

const sw_rule sw_ws086 = {
    .code = "WS086",
    .name = "handler-export-missing",
    .summary = "the handler file exists but exports no function of the handler's name",
    .severity = SW_SEV_ERROR,
    .flags = 0,
    .check = check_ws086,
};

/* ---- WS071 sdk-v2-on-node18 ---------------------------------------------- */

/* The major version of a nodejsNN.x runtime, or -1. */
static int node_major(const char *rt)
{
    if (!rt || strncmp(rt, "nodejs", 6) != 0)
        return -1;
    char *end;
    long m = strtol(rt + 6, &end, 10);
    return end == rt + 6 || m < 0 || m > 1000 ? -1 : (int)m;
}

static void check_ws071(sw_ctx *c)
{
    if (!c->xfile)
        return;
    const char *def = sw_default_runtime(c->svc);
    const sw_srcfile **done = sw_alloc(c->a, sizeof *done * (c->xfile->nfns + 1));
    uint32_t ndone = 0;
    for (uint32_t i = 0; i < c->xfile->nfns; i++) {
        const sw_fn_src *s = &c->xfile->fns[i];
        const sw_srcfile *f = s->res.file;
        const char *rt = s->runtime ? s->runtime : s->runtime_node ? NULL : def;
        if (!s->checked || !f || !f->sdk_v2 || node_major(rt) < 18)
            continue;
        bool seen = false;
        for (uint32_t k = 0; k < ndone; k++)
            seen |= done[k] == f;
        if (seen)
            continue;
        done[ndone++] = f;
        const char *pkg;
        sw_dep dep = sw_xfile_dep(c->xfile, f, "aws-sdk", &pkg);
        if (dep != SW_DEP_ABSENT && dep != SW_DEP_DEV)
            continue;
        const sw_api_use *u = sw_srcfile_use(f, SW_USE_SDK_V2);
        if (!u)
            u = sw_srcfile_use(f, SW_USE_CLIENT_V2);
        const char *why = dep == SW_DEP_DEV
                              ? sw_printf(c->a, "'%s' lists it only in devDependencies", pkg)
                          : pkg ? sw_printf(c->a, "'%s' does not list it", pkg)
                                : "no package.json lists it";
        sw_diag *d = sw_report_src(
            c, &f->src, u->start, u->end, 0,
            "'%s' uses the AWS SDK for JavaScript v2 ('aws-sdk'), which the %s runtime does not "
            "include (Node.js 18 and later ship only v3), and %s: the function fails at cold "
            "start with Runtime.ImportModuleError; migrate to the v3 clients (@aws-sdk/client-*) "
            "or add 'aws-sdk' to dependencies",
            f->rel, rt, why);
        /* every function that runs this file on Node 18+, the first one
           also anchoring suppression comments (suppress.h) */
        for (uint32_t k = i; k < c->xfile->nfns; k++) {
            const sw_fn_src *o = &c->xfile->fns[k];
            const char *ort = o->runtime ? o->runtime : o->runtime_node ? NULL : def;
            if (o->res.file != f || node_major(ort) < 18)
                continue;
            sw_add_related(c, d, o->handler, "function '%s' runs it on %s%s", o->fn->name, ort,
                           o->runtime ? "" : " (the Framework's default)");
        }
    }
}

const sw_rule sw_ws071 = {
    .code = "WS071",
    .name = "sdk-v2-on-node18",
    .summary = "handler code uses AWS SDK v2 on a Node.js 18+ runtime without bundling aws-sdk",
    .severity = SW_SEV_WARNING,
    .flags = 0,
    .check = check_ws071,
};
