/*
 * ${file()} includes (see include.h): where a path leads and whether it
 * stays in the project, the include graph as a bit matrix over the service
 * (node 0) and the included files (node k + 1), its cycles and chains, the
 * caps, and reading and parsing a file once.
 */
#include "include.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "rule.h"

#define NODES (SW_INC_MAX_FILES + 1)
#define WORDS ((NODES + 63) / 64)

/* ---- the project ---- */

static bool ends_with(const char *s, const char *x)
{
    size_t n = strlen(s), m = strlen(x);
    return n >= m && strcmp(s + n - m, x) == 0;
}

/* The repository holding the service, else the service directory. */
static void find_project(sw_resolver *r)
{
    r->project_kind = 3;
    char real[PATH_MAX];
    if (!realpath(r->dir, real))
        return;
    r->realdir = sw_strdup(r->a, real);
    char *root = sw_repo_root(real);
    r->project = root ? sw_strdup(r->a, root) : r->realdir;
    r->project_kind = root ? 1 : 2;
    free(root);
}

static bool below(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (strcmp(root, "/") == 0)
        return true;
    return strncmp(path, root, n) == 0 && (path[n] == 0 || path[n] == '/');
}

/* base + "/" + rel with "." and ".." applied to the text (no symlinks
   followed); rel may be absolute. */
static char *lexical(sw_arena *a, const char *base, const char *rel)
{
    size_t cap = strlen(base) + strlen(rel) + 2, n = 0;
    char *out = sw_alloc(a, cap + 1);
    const char *parts[2] = {rel[0] == '/' ? "" : base, rel};
    for (int k = 0; k < 2; k++)
        for (const char *p = parts[k]; *p;) {
            while (*p == '/')
                p++;
            const char *e = p;
            while (*e && *e != '/')
                e++;
            size_t len = (size_t)(e - p);
            if (len == 2 && p[0] == '.' && p[1] == '.') {
                while (n > 0 && out[n - 1] != '/')
                    n--;
                if (n > 0)
                    n--; /* the slash before the dropped segment */
            } else if (len && !(len == 1 && p[0] == '.')) {
                out[n++] = '/';
                memcpy(out + n, p, len);
                n += len;
            }
            p = e;
        }
    if (!n)
        out[n++] = '/';
    out[n] = 0;
    return out;
}

/* Why rel, read as path, would leave the project; NULL when it stays. */
static const char *outside(sw_resolver *r, const char *rel, const char *path)
{
    if (!r->project_kind)
        find_project(r);
    if (r->project_kind == 3)
        return NULL;
    const char *where = r->project_kind == 1
                            ? "the service's repository"
                            : "the service directory (no .git above it marks a repository)";
    const char *fix = r->project_kind == 1 ? "move it into the repository or add a fallback"
                                           : "move it into the service directory or add a "
                                             "fallback";
    if (!below(lexical(r->a, r->realdir, rel), r->project))
        return sw_printf(r->a, "file '%s' lies outside %s, so slsws does not read it (a "
                               "checkout elsewhere, as in CI, would not have it); %s",
                         rel, where, fix);
    char real[PATH_MAX];
    if (realpath(path, real) && !below(real, r->project))
        return sw_printf(r->a, "file '%s' is a symlink to a file outside %s, so slsws does "
                               "not read it (a checkout elsewhere, as in CI, would not have "
                               "it); %s",
                         rel, where, fix);
    return NULL;
}

/* ---- the include graph ---- */

static void add_edge(sw_resolver *r, int from, int to)
{
    if (!r->incgraph) {
        r->incgraph = sw_alloc(r->a, sizeof(uint64_t) * NODES * WORDS);
        memset(r->incgraph, 0, sizeof(uint64_t) * NODES * WORDS);
    }
    int f = from + 1, t = to + 1;
    r->incgraph[f * WORDS + t / 64] |= (uint64_t)1 << (t % 64);
}

/* A path of includes from node f to node t (depth-first), written to
   chain[*n...]; true when there is one. */
static bool path_to(const sw_resolver *r, int f, int t, uint64_t *seen, int *chain, int *n)
{
    chain[(*n)++] = f;
    if (f == t)
        return true;
    seen[f / 64] |= (uint64_t)1 << (f % 64);
    for (int w = 0; r->incgraph && w < WORDS; w++) {
        uint64_t bits = r->incgraph[f * WORDS + w] & ~seen[w];
        while (bits) {
            int k = w * 64 + __builtin_ctzll(bits);
            bits &= bits - 1;
            if (!(seen[k / 64] & ((uint64_t)1 << (k % 64))) && path_to(r, k, t, seen, chain, n))
                return true;
        }
    }
    (*n)--;
    return false;
}

/* A file of the graph as the chain shows it: relative to the service
   directory, as ${file()} paths are. */
static const char *node_name(const sw_resolver *r, int node)
{
    if (node == 0) {
        const char *p = r->doc->src->path, *slash = strrchr(p, '/');
        return slash ? slash + 1 : p;
    }
    const char *p = r->inc[node - 1]->path;
    size_t n = strlen(r->dir);
    if (strncmp(p, r->dir, n) == 0 && p[n] == '/')
        p += n + 1;
    return p;
}

/* "a.yml -> b.yml -> a.yml"; a long chain keeps its first three and last
   three files. */
static const char *chain_text(sw_resolver *r, const int *chain, int n)
{
    const char *s = "";
    for (int i = 0; i < n; i++) {
        if (n > 8 && i == 3) {
            s = sw_printf(r->a, "%s -> ...", s);
            i = n - 4;
            continue;
        }
        s = sw_printf(r->a, "%s%s%s", s, i ? " -> " : "", node_name(r, chain[i]));
    }
    return s;
}

/* ---- reading ---- */

static sw_inc_status cannot_read(sw_resolver *r, const char *rel, const char **why)
{
    if (r->opts && r->opts->isolated)
        return SW_INC_SOFT;
    *why = sw_printf(r->a, "file '%s' does not exist or cannot be read", rel);
    return SW_INC_MISSING;
}

/* A file just read: parsed, and a syntax error kept as why it resolves to
   nothing. */
static void parse(sw_resolver *r, sw_include *inc, const char *rel)
{
    bool json = ends_with(inc->path, ".json") || ends_with(inc->path, ".tfstate");
    y_doc *doc = y_parse(r->a, &inc->src, json);
    for (uint32_t i = 0; i < doc->nproblems; i++)
        if (doc->problems[i].kind == Y_ERR_SYNTAX || doc->problems[i].kind == Y_ERR_DEPTH) {
            sw_pos at = sw_source_pos(&inc->src, doc->problems[i].start, SW_UNIT_CP);
            const char *m = doc->problems[i].msg;
            if (strncmp(m, "invalid YAML: ", 14) == 0)
                m += 14;
            size_t ml = strlen(m);
            if (ml > 16 && strcmp(m + ml - 16, "; fix the syntax") == 0)
                ml -= 16;
            inc->bad = sw_printf(r->a, "file '%s' is not valid %s (line %u: %.*s)", rel,
                                 json ? "JSON" : "YAML", at.line + 1, (int)ml, m);
            break;
        }
    inc->doc = doc;
}

static sw_inc_status again(sw_resolver *r, int from, uint32_t i, const char *rel,
                           sw_include **out, const char **why)
{
    sw_include *inc = r->inc[i];
    if (!inc->doc || inc->bad) {
        *why = inc->bad ? inc->bad : sw_printf(r->a, "file '%s' cannot be parsed", rel);
        return SW_INC_MISSING;
    }
    int chain[NODES + 1], n = 0;
    uint64_t seen[WORDS] = {0};
    if (path_to(r, (int)i + 1, from + 1, seen, chain, &n)) {
        chain[n++] = (int)i + 1;
        *why = sw_printf(r->a, "file '%s' includes itself through a cycle of includes (%s)",
                         rel, chain_text(r, chain, n));
        return SW_INC_MISSING;
    }
    add_edge(r, from, (int)i);
    *out = inc;
    return SW_INC_OK;
}

static int file_index(const sw_resolver *r, const y_node *n)
{
    const sw_source *src = sw_resolver_source(r, n);
    for (uint32_t i = 0; i < r->ninc; i++)
        if (&r->inc[i]->src == src)
            return (int)i;
    return -1;
}

sw_inc_status sw_include_file(sw_resolver *r, const char *rel, const y_node *ref,
                              sw_include **out, const char **why)
{
    *out = NULL;
    *why = NULL;
    const char *path = rel[0] == '/' ? sw_strdup(r->a, rel)
                       : sw_printf(r->a, "%s/%s", r->dir,
                                   rel[0] == '.' && rel[1] == '/' ? rel + 2 : rel);
    const char *away = outside(r, rel, path);
    if (away) {
        if (r->opts && r->opts->isolated)
            return SW_INC_SOFT;
        *why = away;
        return SW_INC_UNREAD;
    }
    char realbuf[PATH_MAX];
    const char *real = realpath(path, realbuf) ? realbuf : path;
    int from = file_index(r, ref);
    for (uint32_t i = 0; i < r->ninc; i++)
        if (strcmp(r->inc[i]->real, real) == 0)
            return again(r, from, i, rel, out, why);
    uint32_t depth = from < 0 ? 1 : r->inc[from]->depth + 1;
    if (r->ninc >= SW_INC_MAX_FILES) {
        *why = sw_printf(r->a, "file '%s' would be included file number %u, past the %d that "
                               "slsws reads for one service, so it is not read; include "
                               "fewer files",
                         rel, r->ninc + 1, SW_INC_MAX_FILES);
        return SW_INC_UNREAD;
    }
    if (depth > SW_INC_MAX_DEPTH) {
        int chain[SW_INC_MAX_DEPTH + 2], n = 0;
        for (int k = from; k >= 0 && n <= SW_INC_MAX_DEPTH; k = r->inc[k]->parent)
            chain[n++] = k + 1;
        chain[n++] = 0;
        for (int i = 0; i < n / 2; i++) {
            int t = chain[i];
            chain[i] = chain[n - 1 - i];
            chain[n - 1 - i] = t;
        }
        *why = sw_printf(r->a, "file '%s' would be included %u files deep (%s -> %s), past the "
                               "%d levels slsws follows, so it is not read; flatten the "
                               "includes",
                         rel, depth, chain_text(r, chain, n),
                         rel[0] == '.' && rel[1] == '/' ? rel + 2 : rel, SW_INC_MAX_DEPTH);
        return SW_INC_UNREAD;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return cannot_read(r, rel, why); /* a FIFO would block: only regular files */
    if ((size_t)st.st_size > SW_INC_MAX_SIZE) {
        *why = sw_printf(r->a, "file '%s' is larger than %zu MiB, the most slsws reads of an "
                               "included file, so it is not read; split the file",
                         rel, SW_INC_MAX_SIZE >> 20);
        return SW_INC_UNREAD;
    }
    if (r->incbytes + (size_t)st.st_size > SW_INC_MAX_TOTAL) {
        *why = sw_printf(r->a, "file '%s' would bring the included files past %zu MiB in all, "
                               "the most slsws reads for one service, so it is not read; "
                               "include less",
                         rel, SW_INC_MAX_TOTAL >> 20);
        return SW_INC_UNREAD;
    }
    sw_text t;
    if (sw_read_file_max(path, SW_INC_MAX_SIZE, &t) != 0)
        return cannot_read(r, rel, why);
    r->incbytes += t.len;
    if (r->ninc == r->capinc) {
        r->capinc = r->capinc ? r->capinc * 2 : 8;
        r->inc = sw_xrealloc(r->inc, sizeof *r->inc * r->capinc);
    }
    sw_include *inc = sw_alloc(r->a, sizeof *inc);
    memset(inc, 0, sizeof *inc);
    r->inc[r->ninc++] = inc;
    inc->path = path;
    inc->real = sw_strdup(r->a, real);
    inc->parent = from;
    inc->depth = depth;
    inc->text = t.p;
    inc->len = t.len;
    inc->mapped = t.mapped;
    char *shown = sw_display_path(path);
    sw_source_init(&inc->src, r->a, sw_strdup(r->a, shown), t.p, t.len);
    free(shown);
    /* doc stays NULL while parsing: meeting it again then is a cycle */
    parse(r, inc, rel);
    add_edge(r, from, (int)r->ninc - 1);
    if (inc->bad) {
        *why = inc->bad;
        return SW_INC_MISSING;
    }
    *out = inc;
    return SW_INC_OK;
}
