/*
 * The caches of handler-file facts (see hcache.h): a table of shared
 * entries by path, each one malloc'd block holding the text, its line
 * table and the facts; and the disk entries, a fixed little-endian layout:
 *
 *   "SLSWSHC1", the 32-byte key, u32 length, language, flags (bit 0
 *   has_error, bit 1 exports_open), open_start, open_end, nexports, nuses;
 *   per export u32 kind, start, end, has_params, params_start, params_end,
 *   value_start, value_end; per use u32 kind, start, end; then a 64-bit
 *   FNV-1a of everything before it.
 *
 * Names and parameter lists are not stored: hfacts.c takes them from the
 * text at their spans ("default" for export default), so they are
 * rebuilt from the bytes the key vouches for.
 */
#include "hcache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fsutil.h"
#include "blake2b.h"

struct sw_hentry {
    sw_hentry *next;            /* bucket chain */
    const char *path;
    sw_srcfile file;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
    bool clean;                 /* the identity alone proves the bytes unchanged */
    bool in_table;              /* false once replaced: freed with its last hold */
    unsigned refs;
    unsigned long tick;         /* last use, for eviction */
};

static sw_hentry **buckets;
static unsigned nbuckets, nentries, nidle;
static unsigned long ticks;
static sw_hcache_stats counts;
static int disk = 0;            /* 0: not yet decided, 1 on, -1 off */
static char *disk_dir;
static uint64_t salt;

/* ---- settings ---------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211u;
    return h;
}
#define FNV0 14695981039346656037u

/* The same idea eight bytes at a time, for the query texts (tens of KB,
 * hashed once per process): not FNV any more, but any change shows. */
static uint64_t fnv_words(uint64_t h, const char *s, size_t n)
{
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 1099511628211u;
        h ^= h >> 29;
    }
    return fnv(h, s, n + 1);   /* the tail and the NUL that ends each text */
}

void sw_hcache_off(void)
{
    free(disk_dir);
    disk_dir = NULL;
    disk = -1;
}

const char *sw_hcache_dir(void)
{
    if (disk)
        return disk_dir;
    disk = -1;
    const char *d = getenv("SLSWS_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char buf[4096];
    if (d) {
        if (!*d)
            return NULL;
        snprintf(buf, sizeof buf, "%s", d);
    } else if (x && x[0] == '/') {
        snprintf(buf, sizeof buf, "%s/slsws", x);
    } else if (home && home[0] == '/') {
        snprintf(buf, sizeof buf, "%s/.cache/slsws", home);
    } else {
        return NULL;
    }
    disk_dir = strdup(buf);
    if (!disk_dir)
        return NULL;
    /* what the facts depend on besides the bytes: this code and the queries */
    uint64_t h = fnv(FNV0, "slsws-hcache-1 " SW_VERSION, sizeof "slsws-hcache-1 " SW_VERSION);
    struct stat st;
    if (stat("/proc/self/exe", &st) == 0) {
        int64_t id[3] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
        h = fnv(h, id, sizeof id);
    }
    for (unsigned i = 0; i < sw_query_nsrcs; i++) {
        h = fnv(h, sw_query_srcs[i].lang, strlen(sw_query_srcs[i].lang) + 1);
        h = fnv(h, sw_query_srcs[i].name, strlen(sw_query_srcs[i].name) + 1);
        h = fnv_words(h, sw_query_srcs[i].text, strlen(sw_query_srcs[i].text));
    }
    salt = h;
    disk = 1;
    return disk_dir;
}

sw_hcache_stats sw_hcache_counts(void)
{
    return counts;
}

/* ---- disk entries ------------------------------------------------------ */

#define HEAD 68                 /* magic, key, 7 u32 */
#define EXP_WORDS 8
#define USE_WORDS 3

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void make_key(const sw_srcfile *f, unsigned char key[32])
{
    unsigned char pre[9];
    for (int i = 0; i < 8; i++)
        pre[i] = (unsigned char)(salt >> (8 * i));
    pre[8] = (unsigned char)f->lang;
    sw_blake2b s;
    sw_blake2b_init(&s, 32);
    sw_blake2b_add(&s, pre, sizeof pre);
    sw_blake2b_add(&s, f->src.text, f->src.len);
    sw_blake2b_done(&s, key);
}

static void entry_path(char *buf, size_t n, const unsigned char key[32], bool dir_only)
{
    char hex[65];
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = "0123456789abcdef"[key[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[key[i] & 15];
    }
    hex[64] = 0;
    if (dir_only)
        snprintf(buf, n, "%s/v1/%.2s", disk_dir, hex);
    else
        snprintf(buf, n, "%s/v1/%.2s/%s", disk_dir, hex, hex + 2);
}

static bool span_ok(uint32_t s, uint32_t e, uint32_t len)
{
    return s <= e && e <= len;
}

/* Fills f's facts from the entry bytes b[0, n), or false, f untouched. */
static bool decode(sw_arena *a, sw_srcfile *f, const unsigned char key[32],
                   const unsigned char *b, size_t n)
{
    if (n < HEAD + 8 || memcmp(b, "SLSWSHC1", 8) != 0 || memcmp(b + 8, key, 32) != 0)
        return false;
    uint64_t sum = 0;
    for (int i = 0; i < 8; i++)
        sum |= (uint64_t)b[n - 8 + i] << (8 * i);
    if (sum != fnv(FNV0, b, n - 8))
        return false;
    const unsigned char *w = b + 40;
    uint32_t len = get32(w), lang = get32(w + 4), flags = get32(w + 8);
    uint32_t os = get32(w + 12), oe = get32(w + 16), ne = get32(w + 20), nu = get32(w + 24);
    if (len != f->src.len || lang != (uint32_t)f->lang || flags > 3 || !span_ok(os, oe, len) ||
        ne > len + 1 || nu > len + 1 ||
        n != HEAD + 4 * ((size_t)ne * EXP_WORDS + (size_t)nu * USE_WORDS) + 8)
        return false;
    const unsigned char *p = b + HEAD;
    sw_export *ex = sw_alloc(a, sizeof *ex * (ne ? ne : 1));
    for (uint32_t i = 0; i < ne; i++, p += 4 * EXP_WORDS) {
        uint32_t v[EXP_WORDS];
        for (int k = 0; k < EXP_WORDS; k++)
            v[k] = get32(p + 4 * k);
        if (v[0] > SW_EXP_PY_IMPORT || !span_ok(v[1], v[2], len) || v[3] > 1 ||
            !span_ok(v[4], v[5], len) || !span_ok(v[6], v[7], len) ||
            (i && v[1] < ex[i - 1].start))
            return false;
        sw_export *e = &ex[i];
        e->kind = (sw_export_kind)v[0];
        e->start = v[1];
        e->end = v[2];
        e->name = e->kind == SW_EXP_DEFAULT ? "default"
                                            : sw_strndup(a, f->src.text + v[1], v[2] - v[1]);
        if (v[3]) {
            e->params = sw_strndup(a, f->src.text + v[4], v[5] - v[4]);
            e->params_start = v[4];
            e->params_end = v[5];
        }
        e->value_start = v[6];
        e->value_end = v[7];
    }
    sw_api_use *us = sw_alloc(a, sizeof *us * (nu ? nu : 1));
    for (uint32_t i = 0; i < nu; i++, p += 4 * USE_WORDS) {
        uint32_t k = get32(p), s = get32(p + 4), e = get32(p + 8);
        if (k > SW_USE_ENDPOINT_V2 || !span_ok(s, e, len) || (i && s < us[i - 1].start))
            return false;
        us[i] = (sw_api_use){(sw_use_kind)k, s, e};
    }
    f->parsed = true;
    f->has_error = flags & 1;
    f->exports_open = (flags & 2) != 0;
    f->open_start = os;
    f->open_end = oe;
    f->exports = ex;
    f->nexports = ne;
    f->uses = us;
    f->nuses = nu;
    f->sdk_v2 = f->posts = false;
    for (uint32_t i = 0; i < nu; i++) {
        f->sdk_v2 |= us[i].kind == SW_USE_SDK_V2 || us[i].kind == SW_USE_CLIENT_V2;
        f->posts |= us[i].kind == SW_USE_POST || us[i].kind == SW_USE_COMMAND;
    }
    return true;
}

static bool disk_load(sw_arena *a, sw_srcfile *f, const unsigned char key[32])
{
    char path[4200];
    entry_path(path, sizeof path, key, false);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = false;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= HEAD + 8 &&
        (size_t)st.st_size <= HEAD + 8 + 4 * (size_t)(EXP_WORDS + USE_WORDS) * (f->src.len + 1)) {
        size_t n = (size_t)st.st_size, got = 0;
        unsigned char *b = sw_alloc(a, n);
        while (got < n) {
            ssize_t r = read(fd, b + got, n - got);
            if (r <= 0 && !(r < 0 && errno == EINTR))
                break;
            if (r > 0)
                got += (size_t)r;
        }
        ok = got == n && decode(a, f, key, b, n);
    }
    close(fd);
    return ok;
}

static bool write_all(int fd, const unsigned char *b, size_t n)
{
    while (n) {
        ssize_t r = write(fd, b, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        b += r;
        n -= (size_t)r;
    }
    return true;
}

/* mkdir -p for the entry's directory */
static bool make_dirs(char *d)
{
    if (mkdir(d, 0755) == 0 || errno == EEXIST)
        return true;
    if (errno != ENOENT)
        return false;
    char *slash = strrchr(d, '/');
    if (!slash || slash == d)
        return false;
    *slash = 0;
    bool ok = make_dirs(d);
    *slash = '/';
    return ok && (mkdir(d, 0755) == 0 || errno == EEXIST);
}

static void disk_store(const sw_srcfile *f, const unsigned char key[32])
{
    size_t n = HEAD + 4 * ((size_t)f->nexports * EXP_WORDS + (size_t)f->nuses * USE_WORDS) + 8;
    unsigned char *b = sw_xrealloc(NULL, n), *p = b + HEAD;
    memcpy(b, "SLSWSHC1", 8);
    memcpy(b + 8, key, 32);
    uint32_t head[7] = {f->src.len, (uint32_t)f->lang,
                        (uint32_t)f->has_error | (uint32_t)f->exports_open << 1,
                        f->open_start, f->open_end, f->nexports, f->nuses};
    for (int i = 0; i < 7; i++)
        put32(b + 40 + 4 * i, head[i]);
    for (uint32_t i = 0; i < f->nexports; i++, p += 4 * EXP_WORDS) {
        const sw_export *e = &f->exports[i];
        uint32_t v[EXP_WORDS] = {(uint32_t)e->kind, e->start, e->end, e->params != NULL,
                                 e->params_start, e->params_end, e->value_start, e->value_end};
        for (int k = 0; k < EXP_WORDS; k++)
            put32(p + 4 * k, v[k]);
    }
    for (uint32_t i = 0; i < f->nuses; i++, p += 4 * USE_WORDS) {
        put32(p, (uint32_t)f->uses[i].kind);
        put32(p + 4, f->uses[i].start);
        put32(p + 8, f->uses[i].end);
    }
    uint64_t sum = fnv(FNV0, b, n - 8);
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(sum >> (8 * i));
    char dir[4200], path[4200], tmp[4300];
    static unsigned serial;
    entry_path(dir, sizeof dir, key, true);
    entry_path(path, sizeof path, key, false);
    snprintf(tmp, sizeof tmp, "%s/.tmp-%ld-%u", dir, (long)getpid(), serial++);
    int fd = make_dirs(dir) ? open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
    if (fd >= 0) {
        bool ok = write_all(fd, b, n);
        ok = close(fd) == 0 && ok;
        if (ok && rename(tmp, path) == 0)
            counts.stored++;
        else
            unlink(tmp);
    }
    free(b);
}

/* ---- shared entries in memory ------------------------------------------ */

static uint32_t hash(const char *s)
{
    return (uint32_t)fnv(FNV0, s, strlen(s));
}

static sw_hentry **find(const char *path)
{
    if (!nbuckets)
        return NULL;
    sw_hentry **p = &buckets[hash(path) & (nbuckets - 1)];
    while (*p && strcmp((*p)->path, path) != 0)
        p = &(*p)->next;
    return p;
}

static void insert(sw_hentry *e)
{
    if (nentries + 1 > nbuckets) {
        unsigned nb = nbuckets ? nbuckets * 2 : 64;
        sw_hentry **b = sw_xrealloc(NULL, sizeof *b * nb);
        memset(b, 0, sizeof *b * nb);
        for (unsigned i = 0; i < nbuckets; i++)
            for (sw_hentry *x = buckets[i], *nx; x; x = nx) {
                nx = x->next;
                x->next = b[hash(x->path) & (nb - 1)];
                b[hash(x->path) & (nb - 1)] = x;
            }
        free(buckets);
        buckets = b;
        nbuckets = nb;
    }
    sw_hentry **head = &buckets[hash(e->path) & (nbuckets - 1)];
    e->next = *head;
    *head = e;
    e->in_table = true;
    nentries++;
}

/* Takes e out of the table; freed now when nothing holds it. */
static void unlink_entry(sw_hentry *e)
{
    sw_hentry **p = find(e->path);
    if (p && *p == e) {
        *p = e->next;
        nentries--;
    }
    e->in_table = false;
    if (!e->refs) {
        nidle--;
        free(e);
    }
}

static void hold(sw_hentry *e)
{
    if (!e->refs++ && e->in_table)
        nidle--;
    e->tick = ++ticks;
}

void sw_hentry_drop(sw_hentry *e)
{
    if (!e || !e->refs || --e->refs)
        return;
    if (!e->in_table) {
        free(e);
        return;
    }
    nidle++;
    while (nidle > SW_HCACHE_IDLE) {   /* the least recently used unheld entry goes */
        sw_hentry *old = NULL;
        for (unsigned i = 0; i < nbuckets; i++)
            for (sw_hentry *x = buckets[i]; x; x = x->next)
                if (!x->refs && (!old || x->tick < old->tick))
                    old = x;
        unlink_entry(old);
    }
}

const sw_srcfile *sw_hentry_file(const sw_hentry *e)
{
    return &e->file;
}

static bool same_file(const sw_hentry *e, const struct stat *st)
{
    return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
           e->mtime.tv_sec == st->st_mtim.tv_sec && e->mtime.tv_nsec == st->st_mtim.tv_nsec &&
           e->ctime.tv_sec == st->st_ctim.tv_sec && e->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

/* Records st as e's identity, read at `now`: a later change of the file
 * shows in its identity only if its timestamps were already well past. */
static void set_identity(sw_hentry *e, const struct stat *st, const struct timespec *now)
{
    e->dev = st->st_dev;
    e->ino = st->st_ino;
    e->size = st->st_size;
    e->mtime = st->st_mtim;
    e->ctime = st->st_ctim;
    e->clean = st->st_mtim.tv_sec + 2 < now->tv_sec && st->st_ctim.tv_sec + 2 < now->tv_sec;
}

/* One block: the entry, its exports, uses, line table, then the bytes
 * (path, text, names, parameter lists). */
static sw_hentry *pack(const char *path, const sw_srcfile *f)
{
    size_t nl = strlen(path) + 1, size = sizeof(sw_hentry) + nl + f->src.len + 1;
    size += sizeof(sw_export) * f->nexports + sizeof(sw_api_use) * f->nuses +
            sizeof(uint32_t) * f->src.nlines;
    for (uint32_t i = 0; i < f->nexports; i++)
        size += strlen(f->exports[i].name) + 1 +
                (f->exports[i].params ? strlen(f->exports[i].params) + 1 : 0);
    sw_hentry *e = sw_xrealloc(NULL, size);
    memset(e, 0, sizeof *e);
    char *p = (char *)(e + 1);
    e->file = *f;
    e->file.exports = (sw_export *)p;
    p += sizeof(sw_export) * f->nexports;
    e->file.uses = (sw_api_use *)p;
    p += sizeof(sw_api_use) * f->nuses;
    e->file.src.lines = (uint32_t *)p;
    p += sizeof(uint32_t) * f->src.nlines;
    if (f->nexports)
        memcpy(e->file.exports, f->exports, sizeof(sw_export) * f->nexports);
    if (f->nuses)
        memcpy(e->file.uses, f->uses, sizeof(sw_api_use) * f->nuses);
    if (f->src.nlines)
        memcpy(e->file.src.lines, f->src.lines, sizeof(uint32_t) * f->src.nlines);
    e->path = memcpy(p, path, nl);
    p += nl;
    e->file.path = e->file.src.path = e->path;
    e->file.rel = NULL;
    e->file.src.text = memcpy(p, f->src.text, f->src.len);
    p[f->src.len] = 0;
    p += f->src.len + 1;
    for (uint32_t i = 0; i < f->nexports; i++) {
        sw_export *x = &e->file.exports[i];
        size_t n = strlen(x->name) + 1;
        x->name = memcpy(p, x->name, n);
        p += n;
        if (x->params) {
            n = strlen(x->params) + 1;
            x->params = memcpy(p, x->params, n);
            p += n;
        }
    }
    return e;
}

sw_hentry *sw_hcache_file(sw_arena *a, const char *path, const struct stat *st, sw_lang lang,
                          size_t max, sw_hcache_extract extract)
{
    if ((size_t)st->st_size > max)
        return NULL;
    sw_hentry **slot = find(path), *e = slot ? *slot : NULL;
    if (e && e->file.lang == lang && e->clean && same_file(e, st)) {
        counts.mem_hits++;
        hold(e);
        return e;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    sw_text t;
    if (sw_read_file(path, &t) != 0)
        return NULL;
    if (t.len > max) {
        sw_text_release(&t);
        return NULL;
    }
    if (e && e->file.lang == lang && e->file.src.len == t.len &&
        memcmp(e->file.src.text, t.p, t.len) == 0) {   /* touched, or read too soon */
        sw_text_release(&t);
        set_identity(e, st, &now);
        counts.mem_hits++;
        hold(e);
        return e;
    }
    sw_srcfile f;
    memset(&f, 0, sizeof f);
    f.lang = lang;
    sw_source_init(&f.src, a, path, sw_strndup(a, t.p, t.len), t.len);
    sw_text_release(&t);
    unsigned char key[32];
    bool use_disk = sw_hcache_dir() != NULL;
    if (use_disk)
        make_key(&f, key);
    if (use_disk && disk_load(a, &f, key)) {
        counts.disk_hits++;
    } else if (extract(a, &f)) {
        counts.extracted++;
        if (use_disk)
            disk_store(&f, key);
    }
    if (e)
        unlink_entry(e);
    sw_hentry *n = pack(path, &f);
    set_identity(n, st, &now);
    insert(n);
    nidle++;   /* unheld until the hold below */
    hold(n);
    return n;
}

void sw_hcache_shutdown(void)
{
    for (unsigned i = 0; i < nbuckets; i++)
        for (sw_hentry *x = buckets[i], *nx; x; x = nx) {
            nx = x->next;
            x->in_table = false;
            if (!x->refs)
                free(x);
        }
    free(buckets);
    buckets = NULL;
    nbuckets = nentries = nidle = 0;
    free(disk_dir);
    disk_dir = NULL;
    disk = 0;
    memset(&counts, 0, sizeof counts);
}
