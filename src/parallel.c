/*
 * Worker processes for numbered tasks, results in task order (see
 * parallel.h). The shared page holds the next task number, a stop flag and
 * the task each worker is on (to name the one whose worker died). A frame on
 * a worker's pipe is the task number, the record length, the record.
 */
#include "parallel.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"

#define NO_TASK SIZE_MAX

typedef struct shared {
    atomic_size_t next;          /* the next task to take */
    atomic_int stop;             /* set: take no more tasks */
    atomic_size_t cur[];         /* per worker: the task it is on */
} shared;

typedef struct frame_head {
    uint64_t task, len;
} frame_head;

typedef struct worker {
    pid_t pid;
    int rd, wr;                  /* its result pipe */
    int cap[2];                  /* its capture files for stdout, stderr */
    sw_buf in;                   /* bytes read, not yet a whole frame */
    bool open;
} worker;

typedef struct slot {
    char *p;                     /* a record waiting for its turn */
    size_t len;
    bool have;
} slot;

static int cap_fd[2] = {-1, -1}; /* in a worker: where stdout and stderr go */

unsigned sw_par_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

void sw_par_put(sw_buf *rec, char tag, const void *data, size_t len)
{
    uint64_t n = len;
    sw_buf_putc(rec, tag);
    sw_buf_add(rec, (const char *)&n, sizeof n);
    sw_buf_add(rec, data, len);
}

bool sw_par_next(const char **p, const char *end, char *tag, const char **data, size_t *len)
{
    uint64_t n;
    if ((size_t)(end - *p) < 1 + sizeof n)
        return false;
    *tag = **p;
    memcpy(&n, *p + 1, sizeof n);
    if (n > (uint64_t)(end - *p) - 1 - sizeof n)
        return false;
    *data = *p + 1 + sizeof n;
    *len = (size_t)n;
    *p = *data + n;
    return true;
}

/* Moves what the capture file fd holds into rec as a field, and empties it
   (the file is opened for appending, so the next write starts over at 0). */
static void take_capture(sw_buf *rec, char tag, int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0)
        return;
    size_t n = (size_t)st.st_size, got = 0;
    char *data = sw_xrealloc(NULL, n);
    while (got < n) {
        ssize_t k = pread(fd, data + got, n - got, (off_t)got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    sw_par_put(rec, tag, data, got);
    free(data);
    if (ftruncate(fd, 0) != 0)
        abort(); /* a capture file that cannot be emptied would repeat output */
}

void sw_par_cut(sw_buf *rec, bool flush)
{
    if (cap_fd[0] < 0)
        return;
    fflush(stdout);
    fflush(stderr);
    take_capture(rec, 'o', cap_fd[0]);
    if (flush)
        sw_par_put(rec, 'F', "", 0);
    take_capture(rec, 'e', cap_fd[1]);
}

/* An unlinked temporary file, opened for appending. */
static int temp_fd(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/slsws-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    unlink(path);
    if (fcntl(fd, F_SETFL, O_APPEND) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        c += k;
        n -= (size_t)k;
    }
    return true;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* The body of worker w: take tasks until none is left or the run stops. */
static void worker_main(shared *sh, unsigned w, worker *ws, unsigned n, size_t ntasks,
                        sw_par_work work, void *ctx)
{
    for (unsigned k = 0; k < n; k++) {
        close_fd(&ws[k].rd);
        if (k != w) {
            close_fd(&ws[k].wr);
            close_fd(&ws[k].cap[0]);
            close_fd(&ws[k].cap[1]);
        }
    }
    int saved[2] = {dup(STDOUT_FILENO), dup(STDERR_FILENO)};
    if (saved[0] < 0 || saved[1] < 0 || dup2(ws[w].cap[0], STDOUT_FILENO) < 0 ||
        dup2(ws[w].cap[1], STDERR_FILENO) < 0)
        _exit(3);
    cap_fd[0] = ws[w].cap[0];
    cap_fd[1] = ws[w].cap[1];
    sw_buf rec = {0};
    for (;;) {
        if (atomic_load(&sh->stop))
            break;
        size_t t = atomic_fetch_add(&sh->next, 1);
        if (t >= ntasks)
            break;
        atomic_store(&sh->cur[w], t);
        rec.len = 0;
        work(ctx, t, &rec);
        sw_par_cut(&rec, false);
        frame_head h = {t, rec.len};
        if (!write_all(ws[w].wr, &h, sizeof h) || !write_all(ws[w].wr, rec.p, rec.len))
            break; /* the parent is gone */
        atomic_store(&sh->cur[w], NO_TASK);
    }
    sw_buf_release(&rec);
    /* exit through the real stderr, where sanitizer reports must go */
    fflush(stdout);
    fflush(stderr);
    dup2(saved[0], STDOUT_FILENO);
    dup2(saved[1], STDERR_FILENO);
    close(saved[0]);
    close(saved[1]);
    cap_fd[0] = cap_fd[1] = -1;
    exit(0);
}

/* Splits the bytes read from worker w into frames, parked in their slots. */
static void parse_frames(worker *w, slot *slots, size_t ntasks, bool keep)
{
    size_t at = 0;
    frame_head h;
    while (w->in.len - at >= sizeof h) {
        memcpy(&h, w->in.p + at, sizeof h);
        if (w->in.len - at - sizeof h < h.len)
            break;
        if (keep && h.task < ntasks && !slots[h.task].have) {
            slot *s = &slots[h.task];
            s->p = sw_xrealloc(NULL, h.len ? h.len : 1);
            memcpy(s->p, w->in.p + at + sizeof h, h.len);
            s->len = h.len;
            s->have = true;
        }
        at += sizeof h + h.len;
    }
    if (at) {
        memmove(w->in.p, w->in.p + at, w->in.len - at);
        w->in.len -= at;
    }
}

int sw_par_run(size_t ntasks, unsigned jobs, sw_par_work work, sw_par_take take,
               sw_par_tick tick, void *ctx, sw_par_fail *fail)
{
    fail->task = ntasks;
    fail->status = 0;
    unsigned n = jobs < 1 ? 1 : (size_t)jobs > ntasks ? (unsigned)ntasks : jobs;
    if (!ntasks)
        return 0;
    size_t shsize = sizeof(shared) + sizeof(atomic_size_t) * n;
    shared *sh = mmap(NULL, shsize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        return -1;
    atomic_init(&sh->next, 0);
    atomic_init(&sh->stop, 0);
    for (unsigned k = 0; k < n; k++)
        atomic_init(&sh->cur[k], NO_TASK);
    worker *ws = calloc(n, sizeof *ws);
    slot *slots = calloc(ntasks, sizeof *slots);
    if (!ws || !slots) {
        free(ws);
        free(slots);
        munmap(sh, shsize);
        return -1;
    }
    bool ready = true;
    int err = 0;
    for (unsigned k = 0; k < n; k++) {
        int fds[2] = {-1, -1};
        ws[k].rd = ws[k].wr = ws[k].cap[0] = ws[k].cap[1] = -1;
        if (ready && pipe(fds) == 0) {
            ws[k].rd = fds[0];
            ws[k].wr = fds[1];
            ws[k].cap[0] = temp_fd();
            ws[k].cap[1] = ws[k].cap[0] >= 0 ? temp_fd() : -1;
        }
        if (ready && (ws[k].rd < 0 || ws[k].cap[1] < 0)) {
            ready = false;
            err = errno;
        }
    }
    fflush(stdout);
    fflush(stderr);
    unsigned started = 0;
    for (unsigned k = 0; ready && k < n; k++) {
        pid_t pid = fork();
        if (pid == 0)
            worker_main(sh, k, ws, n, ntasks, work, ctx);
        if (pid < 0) {
            err = errno;
            break; /* fewer workers */
        }
        ws[k].pid = pid;
        ws[k].open = true;
        started++;
    }
    for (unsigned k = 0; k < n; k++) {
        close_fd(&ws[k].wr);
        close_fd(&ws[k].cap[0]);
        close_fd(&ws[k].cap[1]);
        if (!ws[k].open)
            close_fd(&ws[k].rd);
    }
    int rc = started ? 0 : -1;
    /* deliver in order; after a stop or a dead worker, drain and drop */
    size_t next = 0;
    bool stopped = !started;
    struct pollfd *pf = calloc(n, sizeof *pf);
    unsigned *who = calloc(n, sizeof *who);
    char buf[65536];
    for (;;) {
        unsigned np = 0;
        for (unsigned k = 0; k < n; k++)
            if (ws[k].open) {
                pf[np] = (struct pollfd){.fd = ws[k].rd, .events = POLLIN};
                who[np++] = k;
            }
        if (!np)
            break;
        int pr = poll(pf, np, tick ? 100 : -1);
        if (pr < 0 && errno != EINTR)
            break;
        for (unsigned i = 0; pr > 0 && i < np; i++) {
            if (!pf[i].revents)
                continue;
            worker *w = &ws[who[i]];
            ssize_t k = read(w->rd, buf, sizeof buf);
            if (k < 0 && errno == EINTR)
                continue;
            if (k > 0) {
                sw_buf_add(&w->in, buf, (size_t)k);
                parse_frames(w, slots, ntasks, !stopped);
                continue;
            }
            /* end of file: the worker is done, or died */
            close_fd(&w->rd);
            w->open = false;
            int st = 0;
            while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
                ;
            w->pid = 0;
            size_t cur = atomic_load(&sh->cur[who[i]]);
            if ((!WIFEXITED(st) || WEXITSTATUS(st) != 0) && !stopped) {
                rc = -1;
                fail->task = cur != NO_TASK ? cur : next;
                fail->status = st;
                stopped = true;
                atomic_store(&sh->stop, 1);
            }
        }
        while (!stopped && next < ntasks && slots[next].have) {
            bool go = take(ctx, next, slots[next].p, slots[next].len);
            free(slots[next].p);
            slots[next].p = NULL;
            next++;
            if (!go) {
                stopped = true;
                atomic_store(&sh->stop, 1);
            }
        }
        if (tick && !stopped)
            tick(ctx);
    }
    if (!stopped && next < ntasks && rc == 0) { /* every worker left, tasks untaken */
        rc = -1;
        fail->task = next;
    }
    for (unsigned k = 0; k < n; k++) {
        if (ws[k].pid > 0)
            while (waitpid(ws[k].pid, NULL, 0) < 0 && errno == EINTR)
                ;
        close_fd(&ws[k].rd);
        sw_buf_release(&ws[k].in);
    }
    for (size_t t = 0; t < ntasks; t++)
        free(slots[t].p);
    free(pf);
    free(who);
    free(slots);
    free(ws);
    munmap(sh, shsize);
    if (!started)
        errno = err;
    return rc;
}
