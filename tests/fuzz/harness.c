/*
 * The shared part of the fuzz targets (see harness.h): work directory,
 * file-read sandbox, scripted input descriptor, invariant checks.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

void fz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: invariant broken: %s: ", file, line, cond);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

uint64_t fz_hash(const uint8_t *data, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ data[i]) * 1099511628211ull;
    return h;
}

/* ---- the work directory and the read sandbox ---- */

const char *fz_workdir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    char want[PATH_MAX];
    const char *env = getenv("SLSWS_FUZZ_WORK");
    if (env && *env) {
        snprintf(want, sizeof want, "%s", env);
    } else {
        ssize_t n = readlink("/proc/self/exe", want, sizeof want - 8);
        if (n <= 0) {
            fprintf(stderr, "fuzz: cannot find the executable's directory\n");
            exit(1);
        }
        want[n] = 0;
        char *slash = strrchr(want, '/');
        strcpy(slash ? slash + 1 : want, "work");
    }
    mkdir(want, 0777);
    if (!realpath(want, dir)) {
        fprintf(stderr, "fuzz: work directory '%s' is not usable: %s\n", want, strerror(errno));
        exit(1);
    }
    return dir;
}

int __real_sw_read_file(const char *path, sw_text *out);
int __wrap_sw_read_file(const char *path, sw_text *out);

int __wrap_sw_read_file(const char *path, sw_text *out)
{
    const char *w = fz_workdir();
    size_t wl = strlen(w);
    char real[PATH_MAX];
    struct stat st;
    if (!realpath(path, real) || strncmp(real, w, wl) != 0 || real[wl] != '/' ||
        stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        errno = ENOENT;
        return -1;
    }
    return __real_sw_read_file(path, out);
}

/* ---- the scripted input descriptor ---- */

static struct {
    int fd;
    uint8_t *data;
    size_t n, off;
    size_t *ends;
    size_t nends, k;
} feed = {.fd = -1};

int fz_feed_open(const uint8_t *data, size_t n, const size_t *ends, size_t nends)
{
    feed.fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (feed.fd < 0)
        abort();
    feed.data = malloc(n ? n : 1);
    feed.ends = malloc(sizeof *ends * (nends ? nends : 1));
    if (!feed.data || !feed.ends)
        abort();
    memcpy(feed.data, data, n);
    memcpy(feed.ends, ends, sizeof *ends * nends);
    feed.n = n;
    feed.nends = nends;
    feed.off = feed.k = 0;
    return feed.fd;
}

void fz_feed_close(int fd)
{
    if (fd != feed.fd)
        abort();
    close(fd);
    free(feed.data);
    free(feed.ends);
    feed.data = NULL;
    feed.ends = NULL;
    feed.fd = -1;
}

ssize_t __real_read(int fd, void *buf, size_t count);
ssize_t __wrap_read(int fd, void *buf, size_t count);
int __real_poll(struct pollfd *fds, nfds_t nfds, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout);

ssize_t __wrap_read(int fd, void *buf, size_t count)
{
    if (fd < 0 || fd != feed.fd)
        return __real_read(fd, buf, count);
    while (feed.k < feed.nends && feed.ends[feed.k] <= feed.off)
        feed.k++;
    if (feed.k == feed.nends || feed.off >= feed.n)
        return 0;
    size_t take = feed.ends[feed.k] - feed.off;
    if (take > count)
        take = count;
    memcpy(buf, feed.data + feed.off, take);
    feed.off += take;
    return (ssize_t)take;
}

/* The client sends the next chunk only once the server is idle: what is
   waiting is the rest of a chunk read in part. */
int __wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
    if (nfds != 1 || fds[0].fd < 0 || fds[0].fd != feed.fd)
        return __real_poll(fds, nfds, timeout);
    size_t start = feed.k ? feed.ends[feed.k - 1] : 0;
    bool partial = feed.k < feed.nends && feed.off > start && feed.off < feed.ends[feed.k];
    fds[0].revents = partial ? POLLIN : 0;
    return partial;
}

int fz_memfd(void)
{
    int fd = memfd_create("fuzz-out", MFD_CLOEXEC);
    if (fd < 0)
        abort();
    return fd;
}

/* ---- invariants ---- */

typedef struct walk {
    sw_arena *a;
    const y_doc *doc;
    uint32_t nodes;
} walk;

static void check_node(walk *w, const y_node *n, const y_node *parent, uint32_t depth)
{
    uint32_t len = w->doc->src->len;
    FZ_CHECK(n->start <= n->end && n->end <= len, "node [%u, %u) in %u bytes", n->start,
             n->end, len);
    FZ_CHECK(n->parent == parent, "node at %u: wrong parent", n->start);
    FZ_CHECK(depth <= Y_MAX_DEPTH + 1, "node at %u: depth %u", n->start, depth);
    w->nodes++;
    if (parent && parent->complete)
        FZ_CHECK(n->start >= parent->start && n->end <= parent->end,
                 "node [%u, %u) outside its collection [%u, %u)", n->start, n->end,
                 parent->start, parent->end);
    switch (n->kind) {
    case Y_SCALAR:
        FZ_CHECK(n->str && n->str[n->len] == 0, "scalar at %u: value not terminated", n->start);
        break;
    case Y_ALIAS:
        FZ_CHECK(n->str != NULL, "alias at %u without a name", n->start);
        if (n->u.target)
            FZ_CHECK(n->u.target->anchored,
                     "alias *%s at %u points at a node without an anchor", n->str, n->start);
        break;
    case Y_SEQ:
        for (uint32_t i = 0; i < n->len; i++) {
            FZ_CHECK(n->u.seq.items[i] != NULL, "sequence at %u: item %u is NULL", n->start, i);
            check_node(w, n->u.seq.items[i], n, depth + 1);
        }
        break;
    case Y_MAP: {
        for (uint32_t i = 0; i < n->len; i++) {
            const y_pair *p = &n->u.map.pairs[i];
            FZ_CHECK(p->key != NULL, "mapping at %u: key %u is NULL", n->start, i);
            check_node(w, p->key, n, depth + 1);
            if (p->val)
                check_node(w, p->val, n, depth + 1);
        }
        /* every plain explicit key is found by y_get, with its own value
           when it is the first of its text */
        for (uint32_t i = 0; i < n->len; i++) {
            const y_pair *p = &n->u.map.pairs[i];
            if (p->key->kind != Y_SCALAR || !p->val || strlen(p->key->str) != p->key->len ||
                (p->key->len == 2 && memcmp(p->key->str, "<<", 2) == 0))
                continue;
            const y_node *keynode;
            const y_node *v = y_get_pair(n, p->key->str, &keynode);
            FZ_CHECK(v != NULL && keynode != NULL, "mapping at %u: y_get misses key '%s'",
                     n->start, p->key->str);
        }
        y_epair *ep;
        uint32_t ne = y_pairs(w->a, n, &ep);
        for (uint32_t i = 0; i < ne; i++)
            FZ_CHECK(ep[i].key != NULL, "mapping at %u: effective pair %u without key",
                     n->start, i);
        break;
    }
    default:
        FZ_CHECK(0, "node at %u: kind %u", n->start, n->kind);
    }
}

uint32_t fz_check_tree(sw_arena *a, const y_doc *doc)
{
    walk w = {.a = a, .doc = doc};
    uint32_t len = doc->src->len;
    for (uint32_t i = 0; i < doc->nproblems; i++) {
        const y_problem *p = &doc->problems[i];
        FZ_CHECK(p->start <= p->end && p->end <= len, "problem %u [%u, %u) in %u bytes", i,
                 p->start, p->end, len);
        FZ_CHECK(p->msg != NULL, "problem %u without a message", i);
    }
    if (!doc->root)
        return 0;
    check_node(&w, doc->root, NULL, 0);
    FZ_CHECK(w.nodes <= doc->nnodes, "%u nodes in the tree, %u counted", w.nodes, doc->nnodes);
    /* the path to a few offsets */
    const y_node *keys[64], *leaf;
    for (uint32_t k = 0; k <= 16; k++) {
        uint32_t off = (uint32_t)((uint64_t)len * k / 16);
        uint32_t d = y_path_at(doc->root, off, keys, 64, &leaf);
        FZ_CHECK(d <= 64, "y_path_at depth %u", d);
        if (leaf)
            FZ_CHECK(leaf->start <= off && off <= leaf->end,
                     "y_path_at(%u) ends at [%u, %u)", off, leaf->start, leaf->end);
    }
    return w.nodes;
}

static void check_span(const sw_source *src, uint32_t start, uint32_t end, const char *what)
{
    FZ_CHECK(src != NULL, "%s without a source", what);
    FZ_CHECK(start <= end && end <= src->len, "%s [%u, %u) in %u bytes of %s", what, start,
             end, src->len, src->path);
}

void fz_check_diag(const sw_diag *d)
{
    FZ_CHECK(d->rule != NULL && d->msg != NULL, "a finding without rule or message");
    check_span(d->src, d->start, d->end, d->msg);
    for (uint32_t i = 0; i < d->nrel; i++) {
        check_span(d->rel[i].src, d->rel[i].start, d->rel[i].end, "related location");
        FZ_CHECK(d->rel[i].msg != NULL, "related location without a message");
    }
    if (d->fix) {
        FZ_CHECK(d->fix->title != NULL, "a fix without a title: %s", d->msg);
        for (uint32_t i = 0; i < d->fix->n; i++) {
            check_span(d->src, d->fix->edits[i].start, d->fix->edits[i].end, "fix edit");
            FZ_CHECK(d->fix->edits[i].text != NULL, "fix edit without text: %s", d->msg);
        }
    }
}
