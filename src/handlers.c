/*
 * Handler resolution (see handlers.h): handler strings split as the
 * runtimes split them, candidate files tried in the runtimes' order, and
 * each file read once per analysis, its facts from the caches of hcache.h
 * (extracted by hfacts.c). Candidates are looked up in the listing of their
 * directory (dircache.h) before any stat, and their paths are built in a
 * stack buffer: a handler whose file is missing costs a few lookups in
 * memory, and only files that may exist enter the path table.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "hcache.h"
#include "hfacts.h"

/* Larger files are bundles, not sources, and far beyond what tsq.c parses
 * (SW_TSQ_MAX_TOKENS): they are not even read. */
#define MAX_SOURCE ((size_t)1024 * 1024)

struct sw_hslot {
    const char *key;            /* NULL: empty slot */
    sw_srcfile *file;           /* NULL: the path is not a readable regular file */
};

sw_family sw_handler_family(const char *runtime)
{
    if (!runtime || strncmp(runtime, "nodejs", 6) == 0)
        return SW_FAMILY_NODE;
    if (strncmp(runtime, "python", 6) == 0)
        return SW_FAMILY_PYTHON;
    return SW_FAMILY_NONE;
}

void sw_handlers_init(sw_handlers *h, sw_arena *a, const char *service_dir)
{
    memset(h, 0, sizeof *h);
    h->a = a;
    h->dir = sw_strdup(a, service_dir && *service_dir ? service_dir : ".");
    h->dirlen = strlen(h->dir);
    sw_dircache_init(&h->dirs, a);
}

/* ---- the path table ---------------------------------------------------- */

static uint32_t hash(const char *s)
{
    uint32_t x = 2166136261u;
    for (; *s; s++)
        x = (x ^ (unsigned char)*s) * 16777619u;
    return x;
}

static sw_hslot *slot(sw_handlers *h, const char *key)
{
    if (2 * (h->n + 1) > h->cap) {   /* at most half full; the old array stays in the arena */
        uint32_t cap = h->cap ? h->cap * 2 : 32;
        sw_hslot *s = sw_alloc(h->a, sizeof *s * cap);
        for (uint32_t i = 0; i < h->cap; i++) {
            if (!h->slots[i].key)
                continue;
            uint32_t j = hash(h->slots[i].key) & (cap - 1);
            while (s[j].key)
                j = (j + 1) & (cap - 1);
            s[j] = h->slots[i];
        }
        h->slots = s;
        h->cap = cap;
    }
    uint32_t i = hash(key) & (h->cap - 1);
    while (h->slots[i].key && strcmp(h->slots[i].key, key) != 0)
        i = (i + 1) & (h->cap - 1);
    return &h->slots[i];
}


/* ---- reading one file -------------------------------------------------- */

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

static int lang_of(const char *rel)
{
    static const struct { const char *ext; sw_lang lang; } map[] = {
        {".js", SW_LANG_JAVASCRIPT}, {".mjs", SW_LANG_JAVASCRIPT}, {".cjs", SW_LANG_JAVASCRIPT},
        {".ts", SW_LANG_TYPESCRIPT}, {".mts", SW_LANG_TYPESCRIPT}, {".cts", SW_LANG_TYPESCRIPT},
        {".py", SW_LANG_PYTHON},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (ends_with(rel, map[i].ext))
            return (int)map[i].lang;
    return -1;
}

struct sw_hheld {
    sw_hentry *e;
    struct sw_hheld *next;
};

/* The analysis' own copy of the shared facts (hcache.h), which it holds
 * until sw_handlers_release; an unreadable or oversized file is empty. */
static sw_srcfile *load(sw_handlers *h, const char *path, const char *rel, sw_lang lang)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    sw_srcfile *f = sw_alloc(h->a, sizeof *f);
    char *shown = sw_display_path(path);
    const char *disp = sw_strdup(h->a, shown ? shown : path);
    free(shown);
    sw_hentry *e = sw_hcache_file(h->a, path, &st, lang, MAX_SOURCE, sw_hfacts_extract);
    if (e) {
        *f = *sw_hentry_file(e);
        struct sw_hheld *k = sw_alloc(h->a, sizeof *k);
        k->e = e;
        k->next = h->held;
        h->held = k;
    } else {
        sw_source_init(&f->src, h->a, disp, "", 0);
    }
    f->path = path;
    f->rel = sw_strdup(h->a, rel);
    f->lang = lang;
    f->src.path = disp;
    h->nparsed += f->parsed;
    return f;
}

void sw_handlers_no_disk_cache(void)
{
    sw_hcache_off();
}

void sw_handlers_release(sw_handlers *h)
{
    for (struct sw_hheld *k = h ? h->held : NULL; k; k = k->next)
        sw_hentry_drop(k->e);
    if (h)
        h->held = NULL;
}

static const char *skip_dot_slash(const char *rel)
{
    while (rel[0] == '.' && rel[1] == '/')
        for (rel += 2; *rel == '/'; rel++)
            ;
    return rel;
}

/* The path of rel (relative to the service directory, or absolute) written
 * to buf when it fits in cap bytes, else to the arena; its length in *len. */
static char *join(sw_handlers *h, const char *rel, char *buf, size_t cap, size_t *len)
{
    size_t n = strlen(rel), d = rel[0] == '/' ? 0 : h->dirlen + 1;
    char *p = d + n < cap ? buf : sw_alloc(h->a, d + n + 1);
    if (d) {
        memcpy(p, h->dir, d - 1);
        p[d - 1] = '/';
    }
    memcpy(p + d, rel, n + 1);
    *len = d + n;
    return p;
}

/* The table's entry for path, or NULL (the table does not grow). */
static const sw_hslot *find(const sw_handlers *h, const char *path)
{
    if (!h->n)
        return NULL;
    uint32_t i = hash(path) & (h->cap - 1);
    while (h->slots[i].key && strcmp(h->slots[i].key, path) != 0)
        i = (i + 1) & (h->cap - 1);
    return h->slots[i].key ? &h->slots[i] : NULL;
}

/* The file at rel in language lang; with listed, a name its directory's
 * listing lacks is absent without a stat and without an entry in the path
 * table (unless sw_handlers_file entered it). */
static const sw_srcfile *lookup(sw_handlers *h, const char *rel, sw_lang lang, bool listed)
{
    rel = skip_dot_slash(rel);
    char buf[512];
    size_t len;
    const char *path = join(h, rel, buf, sizeof buf, &len);
    if (listed) {
        const char *base = strrchr(path, '/') + 1;
        const sw_dirlist *l = sw_dircache_get(&h->dirs, path, (size_t)(base - 1 - path));
        if (!sw_dirlist_may_hold(l, base, len - (size_t)(base - path))) {
            const sw_hslot *s = find(h, path);
            return s ? s->file : NULL;
        }
    }
    sw_hslot *s = slot(h, path);
    if (s->key)
        return s->file;
    s->key = path == buf ? sw_strndup(h->a, path, len) : path;
    h->n++;
    s->file = load(h, s->key, rel, lang);
    return s->file;
}

const sw_srcfile *sw_handlers_file(sw_handlers *h, const char *rel)
{
    int lang = lang_of(rel);
    return lang < 0 ? NULL : lookup(h, rel, (sw_lang)lang, false);
}

const sw_dirlist *sw_handlers_listing(sw_handlers *h, const char *module)
{
    char buf[512];
    size_t len;
    const char *path = join(h, skip_dot_slash(module), buf, sizeof buf, &len);
    return sw_dircache_get(&h->dirs, path, (size_t)(strrchr(path, '/') - path));
}

/* ---- handler strings --------------------------------------------------- */

bool sw_handler_parse(sw_arena *a, const char *handler, sw_family family, sw_handler_ref *out)
{
    memset(out, 0, sizeof *out);
    out->family = family;
    if (!handler || family == SW_FAMILY_NONE || strpbrk(handler, " \t\r\n"))
        return false;
    const char *start = skip_dot_slash(handler);
    const char *base = strrchr(start, '/');
    base = base ? base + 1 : start;
    const char *dot = family == SW_FAMILY_NODE ? strchr(base, '.') : strrchr(base, '.');
    if (!dot || dot == base || !dot[1])
        return false;
    const char *name = dot + 1, *nend = family == SW_FAMILY_NODE ? strchr(name, '.') : NULL;
    if (nend && (nend == name || !nend[1]))
        return false;
    char *mod = sw_strndup(a, start, (size_t)(dot - start));
    if (family == SW_FAMILY_PYTHON) {
        /* src/handlers.connect -> src/handlers/connect; "." and ".." stay */
        for (char *p = mod; *p;) {
            char *e = strchr(p, '/');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (!(n == 1 && p[0] == '.') && !(n == 2 && p[0] == '.' && p[1] == '.'))
                for (size_t i = 0; i < n; i++)
                    if (p[i] == '.')
                        p[i] = '/';
            p += n + (e != NULL);
        }
    }
    out->module = mod;
    out->module_len = (uint32_t)(dot - handler);
    out->name_off = (uint32_t)(name - handler);
    out->name_len = (uint32_t)(nend ? (size_t)(nend - name) : strlen(name));
    out->name = sw_strndup(a, name, out->name_len);
    out->member = nend ? sw_strdup(a, nend + 1) : NULL;
    return true;
}

/* The candidates of module in the runtime's order, the first that exists;
 * each one tried is added to out->tried (one arena block holds them all). */
static const sw_srcfile *try_module(sw_handlers *h, sw_handler_res *out, const char *module)
{
    static const char *const node_ext[] = {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"};
    static const char *const py_ext[] = {".py", "/__init__.py"};
    static const sw_lang node_lang[] = {SW_LANG_JAVASCRIPT, SW_LANG_JAVASCRIPT,
                                        SW_LANG_JAVASCRIPT, SW_LANG_TYPESCRIPT,
                                        SW_LANG_TYPESCRIPT, SW_LANG_TYPESCRIPT};
    static const sw_lang py_lang[] = {SW_LANG_PYTHON, SW_LANG_PYTHON};
    bool node = out->ref.family == SW_FAMILY_NODE;
    const sw_lang *lang = node ? node_lang : py_lang;
    const char *const *ext = node ? node_ext : py_ext;
    uint32_t n = node ? 6 : 2;
    size_t ml = strlen(module), total = 0;
    for (uint32_t i = 0; i < n; i++)
        total += ml + strlen(ext[i]) + 1;
    char *p = sw_alloc(h->a, total);
    for (uint32_t i = 0; i < n; i++) {
        size_t el = strlen(ext[i]);
        memcpy(p, module, ml);
        memcpy(p + ml, ext[i], el + 1);
        out->tried[out->ntried++] = p;
        const sw_srcfile *f = lookup(h, p, lang[i], true);
        if (f)
            return f;
        p += ml + el + 1;
    }
    return NULL;
}

bool sw_handler_resolve(sw_handlers *h, const char *handler, const char *runtime,
                        sw_handler_res *out)
{
    memset(out, 0, sizeof *out);
    if (!sw_handler_parse(h->a, handler, sw_handler_family(runtime), &out->ref))
        return false;
    /* a second module is tried only for a handler with a member part */
    uint32_t max = (out->ref.family == SW_FAMILY_NODE ? 6 : 2) * (out->ref.member ? 2 : 1);
    out->tried = sw_alloc(h->a, sizeof *out->tried * max);
    out->file = try_module(h, out, out->ref.module);
    if (!out->file && out->ref.member) {
        /* the module up to the last dot, as bundler plugins read it */
        const char *start = skip_dot_slash(handler), *last = strrchr(start, '.');
        const char *mod = sw_strndup(h->a, start, (size_t)(last - start));
        const sw_srcfile *f = try_module(h, out, mod);
        if (f) {
            out->file = f;
            out->ref.module = mod;
            out->ref.module_len = (uint32_t)(last - handler);
            out->ref.name_off = (uint32_t)(last + 1 - handler);
            out->ref.name_len = (uint32_t)strlen(last + 1);
            out->ref.name = sw_strdup(h->a, last + 1);
            out->ref.member = NULL;
        }
    }
    if (out->file)
        out->export = sw_srcfile_export(out->file, out->ref.name);
    return true;
}
