/*
 * Reading inputs and walking directories for the CLI (see fsutil.h). The
 * walk never follows a symlinked directory, stops 64 directories deep and
 * says on stderr what it skipped.
 */
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

static int read_stream(FILE *f, sw_text *out, size_t hint, size_t max)
{
    size_t cap = hint > (1 << 16) ? hint + 1 : 1 << 16, n = 0;
    if (cap > max + 1)
        cap = max + 1;
    char *buf = sw_xrealloc(NULL, cap);
    for (;;) {
        if (n == cap) {
            if (cap > max) { /* one byte past the cap was read */
                free(buf);
                errno = EFBIG;
                return -1;
            }
            cap = cap > max / 2 ? max + 1 : cap * 2;
            buf = sw_xrealloc(buf, cap);
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                int e = errno;
                free(buf);
                errno = e ? e : EIO;
                return -1;
            }
            break;
        }
    }
    if (n > max) {
        free(buf);
        errno = EFBIG;
        return -1;
    }
    out->p = buf;
    out->len = n;
    out->mapped = 0;
    return 0;
}

int sw_read_stream(FILE *f, sw_text *out)
{
    return read_stream(f, out, 0, SW_MAX_FILE);
}

void sw_text_release(sw_text *t)
{
    if (t->mapped)
        munmap(t->p, t->mapped);
    else
        free(t->p);
    t->p = NULL;
    t->len = t->mapped = 0;
}

#define MAP_MIN ((size_t)1 << 20)

int sw_read_file(const char *path, sw_text *out)
{
    return sw_read_file_max(path, SW_MAX_FILE, out);
}

int sw_read_file_max(const char *path, size_t max, sw_text *out)
{
    /* opened without blocking, then judged by what was opened: a FIFO with
       no writer would block an ordinary open and read forever */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) != 0)
        e = errno;
    else if (S_ISDIR(st.st_mode))
        e = EISDIR;
    else if (!S_ISREG(st.st_mode))
        e = SW_ENOTREG;
    else if ((size_t)st.st_size > max)
        e = EFBIG;
    FILE *f = NULL;
    if (!e) {
        int fl = fcntl(fd, F_GETFL);
        if (fl != -1)
            fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        if ((size_t)st.st_size >= MAP_MIN) {
            void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
                           fd, 0);
            if (p != MAP_FAILED) {
                close(fd);
                out->p = p;
                out->len = out->mapped = (size_t)st.st_size;
                return 0;
            }
        }
        f = fdopen(fd, "rb");
        if (!f)
            e = errno;
    }
    if (e) {
        close(fd);
        errno = e;
        return -1;
    }
    /* a regular file's size is known: one allocation, no copies */
    int r = read_stream(f, out, (size_t)st.st_size, max);
    e = errno;
    fclose(f);
    errno = e;
    return r;
}

const char *sw_read_error(int e)
{
    return e == SW_ENOTREG ? "not a regular file (a FIFO, socket or device); name a regular "
                             "file, or give '-' and the file on standard input"
                           : strerror(e);
}

void sw_paths_push(sw_paths *p, const char *s)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->v = sw_xrealloc(p->v, p->cap * sizeof *p->v);
    }
    size_t n = strlen(s);
    p->v[p->n] = sw_xrealloc(NULL, n + 1);
    memcpy(p->v[p->n], s, n + 1);
    p->n++;
}

void sw_paths_free(sw_paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    p->v = NULL;
    p->n = p->cap = 0;
}

int sw_is_service_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return strcmp(base, "serverless.yml") == 0 || strcmp(base, "serverless.yaml") == 0 ||
           strcmp(base, "serverless.json") == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

#define MAX_WALK_DEPTH 64

typedef struct walker {
    sw_paths *out;
    unsigned deep;      /* directories left unsearched below MAX_WALK_DEPTH */
    char *first_deep;
} walker;

static void skipped(const char *path, const char *why)
{
    fprintf(stderr, "slsws: skipping '%s': %s\n", path, why);
}

/* A directory entry named like a service file: a regular file, or a
   symlink to one, is linted; anything else is skipped with a notice (a
   symlink to a directory, a dangling link or a loop of links, a FIFO). */
static void service_entry(walker *w, const char *p, const struct stat *lst)
{
    struct stat st;
    if (S_ISREG(lst->st_mode))
        sw_paths_push(w->out, p);
    else if (!S_ISLNK(lst->st_mode))
        skipped(p, "not a regular file");
    else if (stat(p, &st) != 0)
        fprintf(stderr, "slsws: skipping '%s': a broken symlink (%s)\n", p, strerror(errno));
    else if (S_ISREG(st.st_mode))
        sw_paths_push(w->out, p);
    else
        skipped(p, S_ISDIR(st.st_mode) ? "a symlinked directory, which is not followed"
                                       : "not a regular file");
}

static void walk(walker *w, const char *dir, int depth)
{
    if (depth > MAX_WALK_DEPTH) {
        if (!w->deep++)
            w->first_deep = strdup(dir);
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        if (depth > 0)
            skipped(dir, strerror(errno));
        return;
    }
    sw_paths names = {0};
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "node_modules") != 0)
            sw_paths_push(&names, e->d_name);
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    size_t dl = strlen(dir);
    int slash = dl && dir[dl - 1] == '/';
    for (size_t i = 0; i < names.n; i++) {
        size_t n = dl + strlen(names.v[i]) + 2;
        char *p = sw_xrealloc(NULL, n);
        snprintf(p, n, "%s%s%s", dir, slash ? "" : "/", names.v[i]);
        struct stat st;
        if (lstat(p, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                walk(w, p, depth + 1);
            else if (sw_is_service_name(p))
                service_entry(w, p, &st);
        }
        free(p);
    }
    sw_paths_free(&names);
}

int sw_find_services(const char *dir, sw_paths *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    closedir(d);
    walker w = {.out = out};
    walk(&w, dir, 0);
    if (w.deep) {
        fprintf(stderr, "slsws: skipping %u director%s nested more than %d levels below '%s' "
                        "(the first: '%s'); give a deeper directory as a path to check them\n",
                w.deep, w.deep == 1 ? "y" : "ies", MAX_WALK_DEPTH, dir, w.first_deep);
        free(w.first_deep);
    }
    return 0;
}

/* The nearest directory at or above dir that holds .git (a directory, or
   the file of a worktree), as a real path; NULL when there is none. */
char *sw_repo_root(const char *dir)
{
    char cur[PATH_MAX];
    if (!realpath(dir, cur))
        return NULL;
    for (;;) {
        char cand[PATH_MAX + 8];
        struct stat st;
        snprintf(cand, sizeof cand, "%s/.git", strcmp(cur, "/") == 0 ? "" : cur);
        if (lstat(cand, &st) == 0)
            return strdup(cur);
        char *slash = strrchr(cur, '/');
        if (!slash || strcmp(cur, "/") == 0)
            return NULL;
        slash[slash == cur] = 0; /* the parent; "/" stays "/" */
    }
}

char *sw_display_path(const char *path)
{
    char cwd[4096];
    const char *p = path;
    if (path[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (strncmp(path, cwd, n) == 0 && path[n] == '/')
            p = path + n + 1;
    }
    while (p[0] == '.' && p[1] == '/' && p[2])
        p += 2;
    size_t n = strlen(p);
    char *out = sw_xrealloc(NULL, n + 1);
    memcpy(out, p, n + 1);
    return out;
}
