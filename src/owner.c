/*
 * Finding the services that own a handler file (see owner.h): a walk up the
 * directory tree, one rule-less analysis per candidate service remembered
 * as the real paths of the files its handlers resolve to, and the set of
 * service files already linted in this run.
 */
#include "owner.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "analysis.h"
#include "arena.h"

typedef struct svc {
    const char *abs;            /* real path of the service file */
    bool claimed;               /* linted (or about to be) in this run */
    bool probed;
    const char **files;         /* real paths of the resolved handler files */
    uint32_t nfiles;
    struct svc *next;
} svc;

struct sw_owners {
    sw_arena a;
    const sw_opts *opts;
    svc *svcs;
    signed char off[256];       /* every rule off: the probe only resolves handlers */
};

static const char *extension(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : NULL;
}

sw_input_kind sw_input_kind_of(const char *path)
{
    static const char *const src[] = {"js", "mjs", "cjs", "ts", "mts", "cts", "py"};
    const char *ext = extension(path);
    if (!ext || sw_is_service_name(path) || strcasecmp(ext, "yml") == 0 ||
        strcasecmp(ext, "yaml") == 0 || strcasecmp(ext, "json") == 0)
        return SW_INPUT_SERVICE;
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        if (strcmp(ext, src[i]) == 0)
            return SW_INPUT_SOURCE;
    return SW_INPUT_OTHER;
}

sw_owners *sw_owners_new(const sw_opts *opts)
{
    sw_owners *o = sw_xrealloc(NULL, sizeof *o);
    memset(o, 0, sizeof *o);
    sw_arena_init(&o->a);
    o->opts = opts;
    return o;
}

void sw_owners_free(sw_owners *o)
{
    if (!o)
        return;
    sw_arena_free(&o->a);
    free(o);
}

static svc *entry(sw_owners *o, const char *abs)
{
    for (svc *s = o->svcs; s; s = s->next)
        if (strcmp(s->abs, abs) == 0)
            return s;
    svc *s = sw_alloc(&o->a, sizeof *s);
    s->abs = sw_strdup(&o->a, abs);
    s->next = o->svcs;
    o->svcs = s;
    return s;
}

bool sw_owners_claim(sw_owners *o, const char *path)
{
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        return true;
    svc *s = entry(o, abs);
    bool first = !s->claimed;
    s->claimed = true;
    return first;
}

/* Analyses the service with every rule off and keeps where its handlers
   point. A service that cannot be read owns nothing. */
static void probe(sw_owners *o, svc *s)
{
    s->probed = true;
    sw_text text;
    if (sw_read_file(s->abs, &text) != 0)
        return;
    sw_opts opts = *o->opts;
    opts.no_sources = false;
    opts.sev = o->off;
    sw_analysis an;
    sw_analyze(&an, s->abs, text.p, text.len, &opts);
    const sw_xfile *x = an.xfile;
    if (x && x->nfns) {
        s->files = sw_alloc(&o->a, sizeof *s->files * x->nfns);
        for (uint32_t i = 0; i < x->nfns; i++) {
            const sw_srcfile *f = x->fns[i].res.file;
            char abs[PATH_MAX];
            if (x->fns[i].checked && f && realpath(f->path, abs))
                s->files[s->nfiles++] = sw_strdup(&o->a, abs);
        }
    }
    sw_analysis_free(&an);
    sw_text_release(&text);
}

static bool uses(const svc *s, const char *file)
{
    for (uint32_t i = 0; i < s->nfiles; i++)
        if (strcmp(s->files[i], file) == 0)
            return true;
    return false;
}

/* abs relative to the directory cwd (both real paths): "a/b", "../a",
   or abs itself when they share nothing but the root. */
static char *relative(sw_arena *a, const char *abs, const char *cwd)
{
    if (strcmp(cwd, "/") == 0)
        return sw_strdup(a, abs + 1);
    size_t common = 0; /* length of the shared leading directories */
    for (size_t i = 0;; i++) {
        if ((cwd[i] == 0 || cwd[i] == '/') && (abs[i] == '/' || abs[i] == 0))
            common = i;
        if (cwd[i] == 0 || abs[i] == 0 || cwd[i] != abs[i])
            break;
    }
    if (common == 0)
        return sw_strdup(a, abs);
    char *out = sw_strdup(a, "");
    for (const char *p = cwd + common; *p; p++)
        if (*p == '/')
            out = sw_printf(a, "%s../", out);
    return sw_printf(a, "%s%s", out, abs[common] == '/' ? abs + common + 1 : abs + common);
}

int sw_owners_find(sw_owners *o, const char *file, sw_paths *out)
{
    static const char *const names[] = {"serverless.yml", "serverless.yaml", "serverless.json"};
    char abs[PATH_MAX], dir[PATH_MAX], cwd[PATH_MAX];
    if (!realpath(file, abs))
        return -1;
    if (!realpath(".", cwd))
        cwd[0] = 0;
    strcpy(dir, abs);
    for (;;) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            break;
        slash[slash == dir] = 0; /* the parent; "/" stays "/" */
        const char *base = strcmp(dir, "/") == 0 ? "" : dir;
        char cand[PATH_MAX + 32];
        struct stat st;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            snprintf(cand, sizeof cand, "%s/%s", base, names[i]);
            if (stat(cand, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            char real[PATH_MAX];
            if (!realpath(cand, real))
                continue;
            svc *s = entry(o, real);
            if (s->claimed)
                continue;
            if (!s->probed)
                probe(o, s);
            if (uses(s, abs))
                sw_paths_push(out, cwd[0] ? relative(&o->a, cand, cwd) : cand);
        }
        snprintf(cand, sizeof cand, "%s/.git", base);
        if (!*base || stat(cand, &st) == 0)
            break; /* the filesystem root, or the repository root */
    }
    return 0;
}
