/*
 * `slsws check --fix` (see fix.h): the fix rounds, the atomic writer and a
 * small Myers line diff for `--fix --diff`.
 */
#include "fix.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"

/* ---- fix rounds ---- */

typedef struct pick {
    sw_edit e;
    uint32_t seq;        /* order of the fix, then of the edit in it */
} pick;

/* By offset; at one offset insertions come before the replacement that
   starts there, and insertions keep the order the fix gave them. */
static int cmp_pick(const void *pa, const void *pb)
{
    const pick *a = pa, *b = pb;
    if (a->e.start != b->e.start)
        return a->e.start < b->e.start ? -1 : 1;
    bool ia = a->e.end == a->e.start, ib = b->e.end == b->e.start;
    if (ia != ib)
        return ia ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A fix the writer can apply: edits inside the text that do not overlap
   one another. */
static bool well_formed(const sw_fix *f, uint32_t len)
{
    for (uint32_t i = 0; i < f->n; i++) {
        const sw_edit *e = &f->edits[i];
        if (e->start > e->end || e->end > len || !e->text)
            return false;
        for (uint32_t k = 0; k < i; k++) {
            const sw_edit *o = &f->edits[k];
            if (o->start < e->end && e->start < o->end)
                return false;
        }
    }
    return f->n > 0;
}

/* Edits of two fixes that overlap or touch: applying both could join or
   reorder their texts, so only the first is taken this round. */
static bool clash(const pick *chosen, uint32_t n, const sw_fix *f)
{
    for (uint32_t i = 0; i < f->n; i++)
        for (uint32_t k = 0; k < n; k++)
            if (f->edits[i].start <= chosen[k].e.end && chosen[k].e.start <= f->edits[i].end)
                return true;
    return false;
}

static int worst_of(const sw_analysis *an)
{
    int w = 0;
    for (uint32_t i = 0; i < an->diags.n; i++)
        if ((int)an->diags.v[i].sev > w)
            w = (int)an->diags.v[i].sev;
    return w;
}

static void add_code(char *codes, size_t size, const char *code)
{
    if (strstr(codes, code))
        return;
    size_t n = strlen(codes);
    snprintf(codes + n, size - n, "%s%s", n ? ", " : "", code);
}

/* One round: the non-overlapping safe fixes of an, applied to its text.
   Returns the new text (heap) or NULL when no fix applies. */
static char *apply_round(const sw_analysis *an, size_t *newlen, unsigned *nfixes,
                         char *codes, size_t ncodes)
{
    const sw_source *src = &an->src;
    pick *chosen = NULL;
    uint32_t n = 0, cap = 0, seq = 0;
    *nfixes = 0;
    codes[0] = 0;
    for (uint32_t i = 0; i < an->diags.n; i++) {
        const sw_diag *d = &an->diags.v[i];
        const sw_fix *f = d->fix;
        /* a fix edits the text of the file its finding is in; findings in
           included files and handler sources never keep one (report.c),
           and this text is the only one --fix rewrites */
        if (!f || !f->safe || d->src != src || !well_formed(f, src->len) ||
            clash(chosen, n, f))
            continue;
        if (n + f->n > cap) {
            cap = (n + f->n) * 2;
            chosen = sw_xrealloc(chosen, sizeof *chosen * cap);
        }
        for (uint32_t k = 0; k < f->n; k++)
            chosen[n++] = (pick){f->edits[k], seq++};
        ++*nfixes;
        add_code(codes, ncodes, d->rule->code);
    }
    if (!n) {
        free(chosen);
        return NULL;
    }
    qsort(chosen, n, sizeof *chosen, cmp_pick);
    sw_buf b = {0};
    uint32_t at = 0;
    for (uint32_t i = 0; i < n; i++) {
        sw_buf_add(&b, src->text + at, chosen[i].e.start - at);
        sw_buf_puts(&b, chosen[i].e.text);
        at = chosen[i].e.end;
    }
    sw_buf_add(&b, src->text + at, src->len - at);
    free(chosen);
    if (!b.p)
        sw_buf_add(&b, "", 0);
    if (b.len == src->len && memcmp(b.p, src->text, b.len) == 0) {
        sw_buf_release(&b); /* fixes that change nothing end the rounds */
        return NULL;
    }
    *newlen = b.len;
    return b.p;
}

void sw_fix_text(const char *path, const char *text, size_t len, const sw_opts *opts,
                 sw_fixed *out)
{
    memset(out, 0, sizeof *out);
    char *cur = sw_xrealloc(NULL, len + 1), *prev = NULL;
    memcpy(cur, text, len);
    size_t curlen = len, prevlen = 0;
    unsigned last = 0;
    int prev_worst = 0;
    char codes[sizeof out->broke] = "";
    for (unsigned round = 0;; round++) {
        sw_analysis an;
        sw_analyze(&an, path, cur, curlen, opts);
        if (an.doc->truncated && prev) {
            /* a safe fix must never break the file: undo that round */
            sw_analysis_free(&an);
            free(cur);
            cur = prev;
            curlen = prevlen;
            prev = NULL;
            out->fixes -= last;
            out->worst = prev_worst;
            memcpy(out->broke, codes, sizeof codes);
            break;
        }
        out->worst = worst_of(&an);
        if (an.doc->truncated) {
            /* positions in a text that does not parse are unreliable:
               like ruff, leave such a file alone */
            sw_analysis_free(&an);
            break;
        }
        size_t nlen = 0;
        char *next = round < SW_FIX_ROUNDS
                         ? apply_round(&an, &nlen, &last, codes, sizeof codes)
                         : NULL;
        sw_analysis_free(&an);
        if (!next)
            break;
        free(prev);
        prev = cur;
        prevlen = curlen;
        prev_worst = out->worst;
        cur = next;
        curlen = nlen;
        out->fixes += last;
    }
    free(prev);
    out->text = cur;
    out->len = curlen;
}

/* ---- atomic replacement ---- */

static int fail(char *err, size_t n, const char *what, int e)
{
    snprintf(err, n, "%s (%s); the file is unchanged", what, strerror(e));
    return -1;
}

/* Test hook, for tests/cli/fix-killed and fix-interrupted only: with
   SLSWS_TEST_KILL_AT set to the name of a step of the write, the process
   kills itself with SIGKILL right after that step, as a crash or power cut
   would stop it. The steps, in order: created (the empty temporary file),
   write:N (after a partial write of the first N bytes), written, chown,
   chmod, fsync, close, rename, dirsync. */
static void kill_at(const char *step)
{
    const char *at = getenv("SLSWS_TEST_KILL_AT");
    if (at && strcmp(at, step) == 0)
        raise(SIGKILL);
}

/* Writes it all; dies (the hook above) once kill_after bytes are written. */
static int write_all(int fd, const char *p, size_t n, size_t kill_after)
{
    size_t done = 0;
    while (n) {
        size_t want = n;
        if (done < kill_after && kill_after - done < want)
            want = kill_after - done;
        ssize_t k = write(fd, p, want);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
        done += (size_t)k;
        if (done == kill_after)
            raise(SIGKILL);
    }
    return 0;
}

int sw_fix_write(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
    /* a symlink is written through: the file it names is replaced */
    char *real = realpath(path, NULL);
    if (!real)
        return fail(err, errlen, "cannot find the file", errno);
    struct stat st;
    int e = stat(real, &st) != 0 ? errno : 0;
    if (e || !S_ISREG(st.st_mode)) {
        free(real);
        if (!e)
            snprintf(err, errlen, "not a regular file; the file is unchanged");
        return e ? fail(err, errlen, "cannot find the file", e) : -1;
    }
    if (access(real, W_OK) != 0) { /* replacing it would go round its mode */
        e = errno;
        free(real);
        return fail(err, errlen, "the file is not writable", e);
    }
    const char *slash = strrchr(real, '/');
    size_t dlen = (size_t)(slash - real);
    char *tmp = sw_xrealloc(NULL, strlen(real) + 16);
    sprintf(tmp, "%.*s/.%s.slsws-XXXXXX", (int)dlen, real, slash + 1);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        e = errno;
        free(tmp);
        free(real);
        return fail(err, errlen, "no temporary file can be created in its directory", e);
    }
    kill_at("created");
    const char *what = "cannot write the temporary file";
    const char *at = getenv("SLSWS_TEST_KILL_AT");
    size_t kill_after =
        at && strncmp(at, "write:", 6) == 0 ? (size_t)strtoull(at + 6, NULL, 10) : SIZE_MAX;
    if (write_all(fd, text, len, kill_after) != 0)
        e = errno;
    kill_at("written");
    if (!e && geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid) != 0) {
        e = errno;
        what = "cannot give the temporary file the file's owner";
    } else if (!e && geteuid() != 0 && fchown(fd, (uid_t)-1, st.st_gid) != 0) {
        /* the file's group, when the user is in it; else the user's own */
    }
    kill_at("chown");
    if (!e && fchmod(fd, st.st_mode & 07777) != 0) {
        e = errno;
        what = "cannot give the temporary file the file's mode";
    }
    kill_at("chmod");
    if (!e && fsync(fd) != 0)
        e = errno;
    kill_at("fsync");
    if (close(fd) != 0 && !e)
        e = errno;
    kill_at("close");
    if (!e && rename(tmp, real) != 0) {
        e = errno;
        what = "cannot rename the temporary file over it";
    }
    if (!e)
        kill_at("rename");
    if (e) {
        unlink(tmp);
        free(tmp);
        free(real);
        return fail(err, errlen, what, e);
    }
    /* make the rename itself durable */
    real[dlen ? dlen : 1] = 0;
    int dfd = open(real, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    kill_at("dirsync");
    free(tmp);
    free(real);
    return 0;
}

/* ---- unified diff ---- */

typedef struct line {
    const char *p;
    uint32_t len;        /* with its "\n" when it has one */
    uint32_t hash;
} line;

static line *split_lines(const char *t, size_t n, uint32_t *count)
{
    uint32_t cap = 16, k = 0;
    line *v = sw_xrealloc(NULL, sizeof *v * cap);
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        if (e < n)
            e++;
        if (k == cap)
            v = sw_xrealloc(v, sizeof *v * (cap *= 2));
        uint32_t h = 2166136261u;
        for (size_t j = i; j < e; j++)
            h = (h ^ (unsigned char)t[j]) * 16777619u;
        v[k++] = (line){t + i, (uint32_t)(e - i), h};
        i = e;
    }
    *count = k;
    return v;
}

static bool same(const line *a, const line *b)
{
    return a->hash == b->hash && a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* An edit script op: ' ' keeps a[i] (= b[j]), '-' drops a[i], '+' adds b[j]. */
typedef struct op {
    char kind;
    uint32_t i, j;
} op;

/* Myers' greedy O(ND) diff of a[0,n) and b[0,m), keeping only the
   diagonals each step reached (O(D^2) memory). Past MAX_D differences it
   gives up minimality: all of a goes, all of b comes (still a correct
   diff). Appends the ops, in order, at *out. */
#define MAX_D 1000
static void myers(const line *a, uint32_t n, const line *b, uint32_t m, uint32_t ai,
                  uint32_t bj, op *out, uint32_t *nout)
{
    long max = (long)n + (long)m, found = -1;
    long *v = sw_xrealloc(NULL, sizeof *v * (size_t)(2 * max + 3));
    long **trace = sw_xrealloc(NULL, sizeof *trace * (MAX_D + 1));
    long off = max + 1;
    v[off + 1] = 0;
    for (long d = 0; d <= max && d <= MAX_D && found < 0; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
                         ? v[off + k + 1] : v[off + k - 1] + 1;
            long y = x - k;
            while (x < n && y < m && same(&a[x], &b[y]))
                x++, y++;
            v[off + k] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
        trace[d] = sw_xrealloc(NULL, sizeof **trace * (size_t)(2 * d + 1));
        memcpy(trace[d], v + off - d, sizeof **trace * (size_t)(2 * d + 1));
    }
    uint32_t start = *nout;
    if (found < 0) {
        for (uint32_t i = 0; i < n; i++)
            out[(*nout)++] = (op){'-', ai + i, 0};
        for (uint32_t j = 0; j < m; j++)
            out[(*nout)++] = (op){'+', 0, bj + j};
        found = MAX_D;
    } else {
        /* walk back from (n, m), writing the ops in reverse */
        long x = n, y = m;
        for (long d = found; d >= 0; d--) {
            long px = 0, py = 0;
            if (d > 0) {
                const long *pv = trace[d - 1] + (d - 1); /* pv[k] for k in [-(d-1), d-1] */
                long k = x - y;
                long pk = (k == -d || (k != d && pv[k - 1] < pv[k + 1])) ? k + 1 : k - 1;
                px = pv[pk];
                py = px - pk;
            }
            /* step d moved down (adding b[py]) or right (dropping a[px]),
               then followed a snake of equal lines up to (x, y) */
            bool down = d > 0 && x - y < px - py;
            long sx = d == 0 ? 0 : down ? px : px + 1;
            while (x > sx) {
                x--, y--;
                out[(*nout)++] = (op){' ', ai + (uint32_t)x, bj + (uint32_t)y};
            }
            if (d > 0) {
                if (down)
                    out[(*nout)++] = (op){'+', 0, bj + (uint32_t)py};
                else
                    out[(*nout)++] = (op){'-', ai + (uint32_t)px, 0};
                x = px;
                y = py;
            }
        }
        for (uint32_t i = start, k = *nout; i + 1 < k; i++, k--) {
            op t = out[i];
            out[i] = out[k - 1];
            out[k - 1] = t;
        }
    }
    for (long d = 0; d <= found && d <= MAX_D; d++)
        free(trace[d]);
    free(trace);
    free(v);
}

static void put_line(sw_buf *b, char mark, const line *l)
{
    sw_buf_putc(b, mark);
    sw_buf_add(b, l->p, l->len);
    if (!l->len || l->p[l->len - 1] != '\n')
        sw_buf_puts(b, "\n\\ No newline at end of file\n");
}

/* "-start,count" as diff -u writes it: ",1" left out, and an empty range
   named by the line before it. */
static void put_range(sw_buf *b, char mark, uint32_t first, uint32_t count)
{
    if (count == 1)
        sw_buf_printf(b, " %c%u", mark, first + 1);
    else
        sw_buf_printf(b, " %c%u,%u", mark, count ? first + 1 : first, count);
}

#define CONTEXT 3

void sw_fix_diff(sw_buf *out, const char *label, const char *at, size_t alen, const char *bt,
                 size_t blen)
{
    uint32_t n, m;
    line *a = split_lines(at, alen, &n), *b = split_lines(bt, blen, &m);
    /* fixes are local: the common head and tail need no search */
    uint32_t pre = 0, suf = 0;
    while (pre < n && pre < m && same(&a[pre], &b[pre]))
        pre++;
    while (suf < n - pre && suf < m - pre && same(&a[n - 1 - suf], &b[m - 1 - suf]))
        suf++;
    op *ops = sw_xrealloc(NULL, sizeof *ops * ((size_t)n + m + 1));
    uint32_t k = 0;
    for (uint32_t i = 0; i < pre; i++)
        ops[k++] = (op){' ', i, i};
    if (pre < n - suf || pre < m - suf)
        myers(a + pre, n - suf - pre, b + pre, m - suf - pre, pre, pre, ops, &k);
    for (uint32_t i = 0; i < suf; i++)
        ops[k++] = (op){' ', n - suf + i, m - suf + i};
    bool header = false;
    for (uint32_t h = 0; h < k;) {
        while (h < k && ops[h].kind == ' ')
            h++;
        if (h == k)
            break;
        /* a hunk: CONTEXT equal lines around changes less than
           2 * CONTEXT + 1 equal lines apart */
        uint32_t first = h > CONTEXT ? h - CONTEXT : 0, last = h, e = h;
        while (e < k) {
            if (ops[e].kind != ' ') {
                last = e++;
                continue;
            }
            uint32_t run = e;
            while (run < k && ops[run].kind == ' ')
                run++;
            if (run == k || run - e > 2 * CONTEXT)
                break;
            e = run;
        }
        uint32_t end = last + 1 + CONTEXT < k ? last + 1 + CONTEXT : k;
        uint32_t oi = 0, oc = 0, ni = 0, nc = 0;
        bool seen_old = false, seen_new = false;
        /* where each side's range starts: its first line in the hunk, or
           for an empty range the count of lines before the hunk */
        for (uint32_t i = 0; i < first; i++) {
            if (ops[i].kind != '+') oi = ops[i].i + 1;
            if (ops[i].kind != '-') ni = ops[i].j + 1;
        }
        for (uint32_t i = first; i < end; i++) {
            if (ops[i].kind != '+') {
                if (!seen_old) oi = ops[i].i;
                seen_old = true;
                oc++;
            }
            if (ops[i].kind != '-') {
                if (!seen_new) ni = ops[i].j;
                seen_new = true;
                nc++;
            }
        }
        if (!header) {
            sw_buf_printf(out, "--- %s\n+++ %s\n", label, label);
            header = true;
        }
        sw_buf_puts(out, "@@");
        put_range(out, '-', oi, oc);
        put_range(out, '+', ni, nc);
        sw_buf_puts(out, " @@\n");
        for (uint32_t i = first; i < end; i++) {
            if (ops[i].kind == '+')
                put_line(out, '+', &b[ops[i].j]);
            else
                put_line(out, ops[i].kind, &a[ops[i].i]);
        }
        h = end;
    }
    free(ops);
    free(a);
    free(b);
}

/* ---- the --fix step of `slsws check` ---- */

int sw_fix_input(const char *path, const char *display, sw_text *text, const sw_opts *opts,
                 sw_fix_mode mode, bool quiet, bool *changed, int *worst)
{
    sw_fixed fx;
    sw_fix_text(display, text->p, text->len, opts, &fx);
    *changed = fx.len != text->len || memcmp(fx.text, text->p, fx.len) != 0;
    *worst = fx.worst;
    if (fx.broke[0])
        fprintf(stderr, "slsws: a safe fix (%s) would make '%s' unparsable, so it was not "
                        "applied; please report this bug\n", fx.broke, display);
    switch (mode) {
    case SW_FIX_WRITE:
        if (*changed) {
            char err[512];
            if (!path || sw_fix_write(path, fx.text, fx.len, err, sizeof err) != 0) {
                fprintf(stderr, "slsws: cannot write '%s': %s\n", display,
                        path ? err : "not a file");
                free(fx.text);
                return 2;
            }
        }
        sw_text_release(text);
        text->p = fx.text;
        text->len = fx.len;
        text->mapped = 0;
        break;
    case SW_FIX_DIFF: {
        sw_buf b = {0};
        sw_fix_diff(&b, display, text->p, text->len, fx.text, fx.len);
        fwrite(b.p ? b.p : "", 1, b.len, stdout);
        sw_buf_release(&b);
        free(fx.text);
        break;
    }
    case SW_FIX_STDOUT:
        fwrite(fx.text, 1, fx.len, stdout);
        free(fx.text);
        break;
    }
    fflush(stdout);
    if (fx.fixes && !quiet)
        fprintf(stderr, "%s %u %s in %s\n", mode == SW_FIX_DIFF ? "would fix" : "fixed",
                fx.fixes, fx.fixes == 1 ? "finding" : "findings", display);
    return 0;
}
