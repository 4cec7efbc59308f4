/*
 * Cross-file facts (see xfile.h): per function, its effective runtime and
 * its handler resolved through handlers.c; per source directory, the
 * nearest package.json's verdict on a dependency, read with jansson.
 */
#include "xfile.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "rule.h"
#include "yscalar.h"

struct sw_pkgdir {
    const char *dir;            /* absolute directory searched */
    const char *pkg;            /* display path of its nearest package.json, or NULL */
    json_t *json;               /* parsed (NULL: none, or it did not parse) */
    bool bad;                   /* found but unreadable or not a JSON object */
    sw_pkgdir *next;
};

/* A set value: present and not null. */
static bool set(const y_node *n)
{
    n = y_deref(n);
    return n && !(n->kind == Y_SCALAR && y_scalar_type(n) == Y_T_NULL);
}

static void runtime_of(sw_fn_src *s, const y_node *provider_rt)
{
    const y_node *rt = y_get(s->fn->node, "runtime");
    if (!set(rt))
        rt = provider_rt;
    if (!set(rt))
        return;
    s->runtime_node = y_deref(rt);
    s->runtime = y_known_str(rt);
    s->runtime_unknown = !s->runtime;
}

sw_xfile *sw_xfile_build(sw_arena *a, const sw_service *svc, const char *service_dir,
                         const sw_opts *opts)
{
    if (!svc || !service_dir || (opts && opts->no_sources))
        return NULL;
    sw_xfile *x = sw_alloc(a, sizeof *x);
    sw_handlers_init(&x->h, a, service_dir);
    x->fns = sw_alloc(a, sizeof *x->fns * (svc->nfns + 1));
    bool artifact = set(y_get(y_get(svc->root, "package"), "artifact"));
    const y_node *provider_rt = y_get(svc->provider, "runtime");
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *fn = &svc->fns[i];
        if (!fn->node)
            continue;
        sw_fn_src *s = &x->fns[x->nfns++];
        s->fn = fn;
        if (set(y_get(fn->node, "image")))
            continue; /* a container image has no handler file */
        s->handler_raw = y_get(fn->node, "handler");
        s->handler = y_deref(s->handler_raw);
        runtime_of(s, provider_rt);
        s->prebuilt = artifact || set(y_get(y_get(fn->node, "package"), "artifact"));
        const char *h = y_known_str(s->handler);
        if (!h || s->runtime_unknown)
            continue;
        s->checked = sw_handler_resolve(&x->h, h, s->runtime, &s->res);
    }
    return x;
}

/* x->fns is in model order: a binary search by address. */
const sw_fn_src *sw_xfile_fn(const sw_xfile *x, const sw_function *fn)
{
    uint32_t lo = 0, hi = x ? x->nfns : 0;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (x->fns[mid].fn == fn)
            return &x->fns[mid];
        if ((uintptr_t)x->fns[mid].fn < (uintptr_t)fn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const sw_srcfile *sw_xfile_source(const sw_xfile *x, const sw_source *src)
{
    for (uint32_t i = 0; x && i < x->nfns; i++)
        if (x->fns[i].res.file && &x->fns[i].res.file->src == src)
            return x->fns[i].res.file;
    return NULL;
}

/* ---- package.json ---------------------------------------------------- */

static bool exists(const char *path, bool dir)
{
    struct stat st;
    return stat(path, &st) == 0 && (dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

/* The nearest package.json from dir upward, stopping at a repository root
   (a directory holding .git) or the filesystem root. */
static sw_pkgdir *search(sw_xfile *x, const char *dir)
{
    for (sw_pkgdir *p = x->pkgs; p; p = p->next)
        if (strcmp(p->dir, dir) == 0)
            return p;
    sw_arena *a = x->h.a;
    sw_pkgdir *p = sw_alloc(a, sizeof *p);
    p->dir = sw_strdup(a, dir);
    p->next = x->pkgs;
    x->pkgs = p;
    char *cur = sw_strdup(a, dir);
    for (;;) {
        const char *pj = sw_printf(a, "%s/package.json", strcmp(cur, "/") ? cur : "");
        if (exists(pj, false)) {
            char *shown = sw_display_path(pj);
            p->pkg = sw_strdup(a, shown ? shown : pj);
            free(shown);
            sw_text t;
            if (sw_read_file(pj, &t) == 0) {
                json_error_t err;
                p->json = json_loadb(t.p, t.len, 0, &err);
                sw_text_release(&t);
            }
            if (!json_is_object(p->json)) {
                json_decref(p->json);
                p->json = NULL;
                p->bad = true;
            }
            return p;
        }
        if (exists(sw_printf(a, "%s/.git", strcmp(cur, "/") ? cur : ""), true))
            return p;
        char *slash = strrchr(cur, '/');
        if (!slash || slash == cur)
            return p;
        *slash = '\0';
    }
}

static bool lists(json_t *pkg, const char *field, const char *dep)
{
    json_t *o = json_object_get(pkg, field);
    if (json_is_object(o))
        return json_object_get(o, dep) != NULL;
    if (json_is_array(o)) { /* bundleDependencies may be a list of names */
        size_t i;
        json_t *v;
        json_array_foreach(o, i, v) if (json_is_string(v) && strcmp(json_string_value(v), dep) == 0)
            return true;
    }
    return false;
}

sw_dep sw_xfile_dep(sw_xfile *x, const sw_srcfile *file, const char *dep, const char **pkg)
{
    *pkg = NULL;
    const char *slash = strrchr(file->path, '/');
    char *dir = slash ? sw_strndup(x->h.a, file->path, (size_t)(slash - file->path))
                      : sw_strdup(x->h.a, ".");
    char *abs = realpath(*dir ? dir : "/", NULL);
    if (!abs)
        return SW_DEP_UNKNOWN;
    sw_pkgdir *p = search(x, abs);
    free(abs);
    *pkg = p->pkg;
    if (p->bad)
        return SW_DEP_UNKNOWN;
    if (!p->json)
        return SW_DEP_ABSENT;
    static const char *const prod[] = {"dependencies", "optionalDependencies",
                                       "peerDependencies", "bundleDependencies",
                                       "bundledDependencies"};
    for (size_t i = 0; i < sizeof prod / sizeof prod[0]; i++)
        if (lists(p->json, prod[i], dep))
            return SW_DEP_PROD;
    return lists(p->json, "devDependencies", dep) ? SW_DEP_DEV : SW_DEP_ABSENT;
}

void sw_xfile_release(sw_xfile *x)
{
    if (x)
        sw_handlers_release(&x->h);
    for (sw_pkgdir *p = x ? x->pkgs : NULL; p; p = p->next) {
        json_decref(p->json);
        p->json = NULL;
    }
}
