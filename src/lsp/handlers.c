/*
 * The language server on `handler:` values (LSP.md): go to the exported
 * function in the JavaScript, TypeScript or Python source, hover with the
 * resolved file and the function's signature (or what is missing), and
 * completion of `path/file.export` from the sources under the service
 * directory; and which open services a changed source or package.json
 * concerns. Everything comes from the analysis' handler resolution
 * (xfile.h, handlers.h); files found while completing are read through the
 * same per-analysis cache. Nothing here works with sources off.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../buf.h"
#include "../vars.h"
#include "../yscalar.h"
#include "server.h"

enum { CI_FUNCTION = 3, CI_VALUE = 12 };

/* completion's walk of the service directory */
#define WALK_DEPTH 6      /* directories below the service directory */
#define WALK_FILES 300    /* candidate source files */
#define WALK_ENTRIES 20000 /* directory entries looked at */
#define HOVER_EXPORTS 5   /* exports listed when the one named is missing */

static bool within(const y_node *n, uint32_t off)
{
    return n && off >= n->start && off <= n->end;
}

/* The function whose `handler:` key or value (as written in the document
   itself, not in an included file) holds off; *value tells which. */
static const sw_fn_src *handler_at(const sw_analysis *an, uint32_t off, bool *value,
                                   const y_node **node)
{
    const sw_xfile *x = an->xfile;
    for (uint32_t i = 0; x && i < x->nfns; i++) {
        const sw_fn_src *fs = &x->fns[i];
        const y_node *k = NULL, *v = fs->fn->node ? y_get_pair(fs->fn->node, "handler", &k) : NULL;
        if (!k || sw_resolver_source(&an->res, k) != &an->src)
            continue;
        if (within(k, off) || within(v, off)) {
            *value = !within(k, off);
            *node = *value ? v : k;
            return fs;
        }
    }
    return NULL;
}

/* "connect(event, context)": the name and the parameters as written, white
   space folded, long lists cut. */
static const char *signature(sw_arena *a, const sw_export *e)
{
    if (!e->params)
        return e->name;
    sw_buf b = {0};
    sw_buf_puts(&b, e->name);
    if (e->params[0] != '(')
        sw_buf_putc(&b, '(');
    bool space = false;
    size_t n = 0;
    char last = 0;
    for (const char *p = e->params; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = true;
            continue;
        }
        if (space && n && *p != ')' && last != '(')
            sw_buf_putc(&b, ' ');
        space = false;
        last = *p;
        if (((unsigned char)*p & 0xC0) != 0x80 && ++n > 120) { /* cut between characters */
            sw_buf_puts(&b, "…");
            break;
        }
        sw_buf_putc(&b, *p);
    }
    if (e->params[0] != '(' || n > 120)
        sw_buf_putc(&b, ')');
    const char *out = sw_strdup(a, sw_buf_cstr(&b));
    sw_buf_release(&b);
    return out;
}

static const char *kind_words(sw_export_kind k)
{
    switch (k) {
    case SW_EXP_CJS: return "CommonJS export";
    case SW_EXP_CJS_OBJECT: return "in the CommonJS `module.exports` object";
    case SW_EXP_ESM: return "ES module export";
    case SW_EXP_CLAUSE: return "ES module export list";
    case SW_EXP_DEFAULT: return "default export";
    case SW_EXP_PY_DEF: return "module-level function";
    case SW_EXP_PY_CLASS: return "module-level class";
    case SW_EXP_PY_ASSIGN: return "module-level assignment";
    case SW_EXP_PY_IMPORT: return "imported at module level";
    }
    return "export";
}

/* ---- definition ---- */

json_t *lsp_handler_definition(const lsp_server *s, lsp_analysis *a, uint32_t off)
{
    bool value;
    const y_node *node;
    const sw_fn_src *fs = handler_at(&a->an, off, &value, &node);
    if (!fs || !value || !fs->checked || !fs->res.file)
        return NULL;
    const sw_srcfile *f = fs->res.file;
    const sw_export *e = fs->res.export;
    return json_pack("{s:s,s:o}", "uri", lsp_path_uri(&a->an.arena, f->path), "range",
                     lsp_range(s, &f->src, e ? e->start : 0, e ? e->end : 0));
}

/* ---- hover ---- */

/* What the file exports, for a hover that says a name is missing. */
static void list_exports(sw_arena *a, const sw_srcfile *f, sw_buf *b)
{
    uint32_t shown = 0, more = 0;
    for (uint32_t i = 0; i < f->nexports; i++) {
        const sw_export *e = &f->exports[i];
        if (sw_srcfile_export(f, e->name) != e)
            continue; /* a name repeated: its first place only */
        if (shown == HOVER_EXPORTS) {
            more++;
            continue;
        }
        sw_buf_printf(b, "%s`%s`", shown ? ", " : "", signature(a, e));
        shown++;
    }
    if (!shown)
        sw_buf_puts(b, "nothing slsws can see");
    if (more)
        sw_buf_printf(b, " and %u more", more);
}

bool lsp_handler_hover(lsp_analysis *a, uint32_t off, sw_buf *b, uint32_t *start, uint32_t *end)
{
    bool value;
    const y_node *node;
    const sw_fn_src *fs = handler_at(&a->an, off, &value, &node);
    if (!fs || !fs->checked)
        return false;
    if (value && node->kind == Y_SCALAR && sw_has_var(node->str, node->len))
        return false; /* the variable's own hover says what it resolves to */
    sw_arena *ar = &a->an.arena;
    const sw_handler_res *r = &fs->res;
    const sw_srcfile *f = r->file;
    bool py = r->ref.family == SW_FAMILY_PYTHON;
    if (f && r->export) {
        sw_buf_printf(b, "`%s` %s `%s` (%s)", f->rel, py ? "defines" : "exports",
                      signature(ar, r->export), kind_words(r->export->kind));
        if (r->ref.member)
            sw_buf_printf(b, "; the runtime calls `%s.%s`", r->ref.name, r->ref.member);
    } else if (f && !f->parsed) {
        sw_buf_printf(b, "`%s` could not be read or parsed: what it exports is unknown", f->rel);
    } else if (f) {
        sw_buf_printf(b, "`%s` has no export `%s`", f->rel, r->ref.name);
        if (f->has_error)
            sw_buf_puts(b, " (it has syntax errors: slsws may have missed it)");
        else if (f->exports_open)
            sw_buf_puts(b, " that slsws can see (it also exports names built at run time)");
        sw_buf_puts(b, "; it exports ");
        list_exports(ar, f, b);
    } else {
        sw_buf_printf(b, "no source file for `%s` (%s runtime): tried ", r->ref.module,
                      py ? "Python" : "Node.js");
        for (uint32_t i = 0; i < r->ntried; i++)
            sw_buf_printf(b, "%s`%s`", i ? ", " : "", r->tried[i]);
    }
    *start = node->start;
    *end = node->end;
    return true;
}

/* ---- completion ---- */

typedef struct walk {
    sw_arena *a;
    sw_family family;
    const char **files;       /* relative paths, in walk order */
    uint32_t n, entries;
} walk;

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* The length of name without its source extension, or 0 when it is not a
   source of the family (TypeScript declaration files are not). */
static size_t stem(const char *name, sw_family family)
{
    static const char *const node[] = {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", NULL};
    static const char *const py[] = {".py", NULL};
    if (ends_with(name, ".d.ts") || ends_with(name, ".d.mts") || ends_with(name, ".d.cts"))
        return 0;
    for (const char *const *e = family == SW_FAMILY_NODE ? node : py; *e; e++)
        if (ends_with(name, *e) && strlen(name) > strlen(*e))
            return strlen(name) - strlen(*e);
    return 0;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Directories never searched: dependencies, virtual environments, caches. */
static bool skipped_dir(const char *name)
{
    static const char *const skip[] = {"node_modules", "__pycache__", "venv", "site-packages",
                                       "bower_components", NULL};
    if (name[0] == '.')
        return true; /* .serverless, .git, .venv, .esbuild, ... */
    for (const char *const *p = skip; *p; p++)
        if (strcmp(name, *p) == 0)
            return true;
    return false;
}

static void walk_dir(walk *w, const char *root, const char *rel, int depth)
{
    const char *path = *rel ? sw_printf(w->a, "%s/%s", root, rel) : root;
    DIR *dir = opendir(path);
    if (!dir)
        return;
    const char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dir)) && w->entries < WALK_ENTRIES) {
        w->entries++;
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            const char **nn = sw_alloc(w->a, sizeof *nn * cap);
            if (n)
                memcpy(nn, names, sizeof *nn * n);
            names = nn;
        }
        names[n++] = sw_strdup(w->a, de->d_name);
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && w->n < WALK_FILES; i++) {
        const char *r = *rel ? sw_printf(w->a, "%s/%s", rel, names[i]) : names[i];
        struct stat st;
        if (stat(sw_printf(w->a, "%s/%s", root, r), &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < WALK_DEPTH && !skipped_dir(names[i]))
                walk_dir(w, root, r, depth + 1);
        } else if (S_ISREG(st.st_mode) && stem(names[i], w->family)) {
            w->files[w->n++] = r;
        }
    }
}

typedef struct hitem {
    const char *label, *detail;
    bool fn;                  /* a function literal: listed first */
} hitem;

static int cmp_item(const void *x, const void *y)
{
    const hitem *a = x, *b = y;
    if (a->fn != b->fn)
        return a->fn ? -1 : 1;
    return strcmp(a->label, b->label);
}

/* The handler module of a source file: its path without the extension;
   a Python package's __init__.py stands for its directory. NULL when no
   handler can name it. */
static const char *module_of(sw_arena *a, const char *rel, sw_family family)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    if (family == SW_FAMILY_PYTHON && strcmp(base, "__init__.py") == 0)
        return base == rel ? NULL : sw_strndup(a, rel, (size_t)(base - 1 - rel));
    size_t n = stem(base, family);
    if (family == SW_FAMILY_PYTHON && memchr(base, '.', n))
        return NULL; /* a module name cannot hold a dot */
    return sw_strndup(a, rel, (size_t)(base - rel) + n);
}

void lsp_handler_complete(const lsp_server *s, lsp_analysis *a, const char *fn,
                          const sw_source *src, uint32_t start, uint32_t end, json_t *arr)
{
    sw_xfile *x = a->an.xfile;
    const sw_service *svc = a->an.svc;
    if (!x)
        return;
    const sw_function *f = fn ? sw_function_find(svc, fn) : NULL;
    const sw_fn_src *fs = f ? sw_xfile_fn(x, f) : NULL;
    const char *runtime = NULL;
    if (fs) {
        if (fs->runtime_unknown)
            return;
        runtime = fs->runtime;
    } else {
        /* a function still being typed: the provider's runtime */
        const y_node *rt = y_deref(y_get(svc->provider, "runtime"));
        runtime = y_known_str(rt);
        if (!runtime && rt && !(rt->kind == Y_SCALAR && y_scalar_type(rt) == Y_T_NULL))
            return; /* set, but slsws cannot know it */
    }
    sw_family family = sw_handler_family(runtime);
    if (family == SW_FAMILY_NONE)
        return;
    sw_arena *ar = &a->an.arena;
    walk w = {.a = ar, .family = family};
    w.files = sw_alloc(ar, sizeof *w.files * WALK_FILES);
    walk_dir(&w, x->h.dir, "", 0);
    hitem *items = NULL;
    uint32_t n = 0, cap = 0;
    for (uint32_t i = 0; i < w.n; i++) {
        const char *mod = module_of(ar, w.files[i], family);
        const sw_srcfile *sf = mod ? sw_handlers_file(&x->h, w.files[i]) : NULL;
        if (!sf || !sf->parsed)
            continue;
        for (uint32_t k = 0; k < sf->nexports; k++) {
            const sw_export *e = &sf->exports[k];
            if (e->kind == SW_EXP_PY_CLASS || sw_srcfile_export(sf, e->name) != e)
                continue;
            const char *label = sw_printf(ar, "%s.%s", mod, e->name);
            bool seen = false; /* app.js and app.ts: the first the runtime tries */
            for (uint32_t j = 0; j < n && !seen; j++)
                seen = strcmp(items[j].label, label) == 0;
            if (seen)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                hitem *ni = sw_alloc(ar, sizeof *ni * cap);
                if (n)
                    memcpy(ni, items, sizeof *ni * n);
                items = ni;
            }
            items[n++] = (hitem){label, e->params ? signature(ar, e) : kind_words(e->kind),
                                 e->params != NULL};
        }
    }
    if (n)
        qsort(items, n, sizeof *items, cmp_item);
    for (uint32_t i = 0; i < n; i++) {
        char sort[16];
        snprintf(sort, sizeof sort, "%05u", i);
        json_array_append_new(
            arr, json_pack("{s:s,s:i,s:s,s:s,s:{s:o,s:s}}", "label", items[i].label, "kind",
                           items[i].fn ? CI_FUNCTION : CI_VALUE, "detail", items[i].detail,
                           "sortText", sort, "textEdit", "range",
                           lsp_range(s, src, start, end), "newText", items[i].label));
    }
}

/* ---- freshness ---- */

/* A handler source (by extension) or a package.json. */
static bool is_source_path(const char *path)
{
    static const char *const ext[] = {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".py",
                                      "/package.json"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (ends_with(path, ext[i]))
            return true;
    return false;
}

/* dir is path or one of its parent directories. */
static bool under(const char *path, const char *dir, size_t n)
{
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0);
}

/* A service whose directory holds the changed file is checked again, as
   is one whose analysis read it (a handler outside the service directory),
   and for package.json one below its directory (the nearest one upward
   counts). Files under node_modules are dependencies, not sources. */
void lsp_handler_file_changed(lsp_server *s, const char *path)
{
    if (!is_source_path(path) || strstr(path, "/node_modules/"))
        return;
    const char *slash = strrchr(path, '/');
    size_t pdir = slash ? (size_t)(slash - path) : 0;
    bool pkg = ends_with(path, "/package.json");
    for (lsp_doc *d = s->docs; d; d = d->next) {
        const char *ds = d->path ? strrchr(d->path, '/') : NULL;
        if (!ds)
            continue;
        size_t n = (size_t)(ds - d->path);
        bool hit = n && under(path, d->path, n);
        if (pkg && under(d->path, path, pdir))
            hit = true;
        const sw_xfile *x = d->cur ? d->cur->an.xfile : NULL;
        for (uint32_t i = 0; !hit && x && i < x->nfns; i++) {
            const sw_handler_res *r = &x->fns[i].res;
            char *abs = r->file ? realpath(r->file->path, NULL) : NULL;
            hit = abs && strcmp(abs, path) == 0;
            free(abs);
        }
        if (hit)
            d->dirty = d->unpublished = true;
    }
}
