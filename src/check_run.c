/*
 * The run of `slsws check` (see check_run.h): plans the inputs as tasks in
 * the order a sequential run meets them (configurations, service claims
 * and ignore-paths settled on the way), then lints each task's file, with
 * --fix first when asked, in this process or in -j worker processes whose
 * records the parent prints and adds up in task order.
 */
#include "check_run.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "fix.h"
#include "fsutil.h"
#include "output.h"
#include "parallel.h"
#include "tsq.h"

typedef struct tally {           /* what a worker's task adds to the run */
    int rc;
    unsigned files, errors, warnings, infos;
    unsigned char failed, changed, replaced, pad; /* pad: 0, so that no byte sent
                                                    down the pipe is uninitialised */
} tally;

static int today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static void add_task(check_run *r, task_kind kind, char *text, size_t cfg)
{
    if (r->ntasks == r->taskcap) {
        r->taskcap = r->taskcap ? r->taskcap * 2 : 64;
        r->tasks = sw_xrealloc(r->tasks, sizeof *r->tasks * r->taskcap);
    }
    r->tasks[r->ntasks++] = (task){kind, text, cfg};
    if (kind == T_LINT || kind == T_STDIN)
        r->nfiles++;
}

static char *msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[512];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof small)
        return strdup(small);
    char *s = sw_xrealloc(NULL, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Settles the configuration for files in dir (consecutive files with the
   same one share its load): its index in r->cfgs, or -1 after planning
   the error (exit 2). */
static long plan_config(check_run *r, const char *dir)
{
    char *path = r->o->config ? strdup(r->o->config) : sw_config_find(dir);
    if (r->ncfgs) {
        const sw_config *last = &r->cfgs[r->ncfgs - 1];
        if ((!path && !last->path) || (path && last->path && strcmp(path, last->path) == 0)) {
            free(path);
            return (long)r->ncfgs - 1;
        }
    }
    sw_config cfg;
    if (path) {
        char err[1024];
        if (sw_config_load(path, &cfg, err, sizeof err) != 0) {
            add_task(r, T_FAIL, msg("slsws: invalid configuration: %s\n", err), 0);
            free(path);
            return -1;
        }
    } else {
        memset(&cfg, 0, sizeof cfg);
        memset(cfg.sev, -1, sizeof cfg.sev);
        cfg.fail_level = -1;
    }
    free(path);
    if (r->ncfgs == r->cfgcap) {
        r->cfgcap = r->cfgcap ? r->cfgcap * 2 : 8;
        r->cfgs = sw_xrealloc(r->cfgs, sizeof *r->cfgs * r->cfgcap);
    }
    r->cfgs[r->ncfgs] = cfg;
    return (long)r->ncfgs++;
}

/* The options a file's configuration implies; command-line flags win. */
static void configure(check_run *r, const sw_config *cfg)
{
    check_opts *o = r->o;
    for (size_t i = 0; i < sw_nrules; i++) {
        signed char v = cfg->sev[i];
        if (o->select_seen)
            v = o->selected[i] ? (v == 0 ? -1 : v) : 0;
        if (o->ignored[i])
            v = 0;
        r->sev[i] = v;
    }
    r->an.sev = r->sev;
    r->an.as_of = o->as_of ? o->as_of : cfg->as_of ? cfg->as_of : today();
    r->fail_level = o->fail_level > 0 ? o->fail_level
                    : cfg->fail_level > 0 ? cfg->fail_level : SW_SEV_ERROR;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static int plan_owners(check_run *r, const char *path);

int sw_check_plan(check_run *r, const char *path)
{
    if (strcmp(path, "-") == 0) {
        long c = plan_config(r, ".");
        if (c < 0)
            return 2;
        add_task(r, T_STDIN, NULL, (size_t)c);
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        sw_paths found = {0};
        if (sw_find_services(path, &found) != 0) {
            add_task(r, T_FAIL, msg("slsws: cannot read directory '%s': %s\n", path,
                                    strerror(errno)), 0);
            return 2;
        }
        int rc = 0;
        if (!found.n)
            add_task(r, T_NOTE, msg("slsws: no serverless.yml, serverless.yaml or "
                                    "serverless.json below '%s'\n", path), 0);
        for (size_t i = 0; i < found.n && !rc; i++)
            rc = sw_check_plan(r, found.v[i]);
        sw_paths_free(&found);
        return rc;
    }
    switch (sw_input_kind_of(path)) {
    case SW_INPUT_SOURCE:
        return plan_owners(r, path);
    case SW_INPUT_OTHER:
        if (access(path, F_OK) != 0)
            break; /* reported as unreadable when it runs */
        add_task(r, T_NOTE, msg("slsws: '%s' is not a service file (.yml, .yaml, .json) or a "
                                "handler source (.js, .mjs, .cjs, .ts, .mts, .cts, .py); "
                                "skipped\n", path), 0);
        return 0;
    case SW_INPUT_SERVICE:
        if (!sw_owners_claim(r->owners, path))
            return 0; /* already linted in this run */
        break;
    }
    char *dir = dir_of(path);
    long c = plan_config(r, dir);
    free(dir);
    if (c < 0)
        return 2;
    if (!sw_config_ignores(&r->cfgs[c], path)) /* ignore-paths */
        add_task(r, T_LINT, strdup(path), (size_t)c);
    return 0;
}

/* A handler source: lint each service that uses it, once per run; a file no
   service uses is fine (pre-commit passes every changed source). */
static int plan_owners(check_run *r, const char *path)
{
    sw_paths owners = {0};
    if (sw_owners_find(r->owners, path, &owners) != 0) {
        add_task(r, T_FAIL, msg("slsws: cannot read '%s': %s\n", path, strerror(errno)), 0);
        return 2;
    }
    int rc = 0;
    for (size_t i = 0; i < owners.n && !rc; i++)
        rc = sw_check_plan(r, owners.v[i]);
    sw_paths_free(&owners);
    return rc;
}

/* How much of a file's report is kept before it is written (outside a worker). */
#define OUT_FLUSH ((size_t)64 * 1024)

static void lint_text(check_run *r, const char *display, const char *text, size_t len)
{
    sw_analysis an;
    sw_analyze(&an, display, text, len, &r->an);
    r->files++;
    for (uint32_t i = 0; i < an.diags.n; i++) {
        const sw_diag *d = &an.diags.v[i];
        if (d->sev == SW_SEV_ERROR) r->errors++;
        else if (d->sev == SW_SEV_WARNING) r->warnings++;
        else r->infos++;
        if ((int)d->sev >= r->fail_level)
            r->failed = true;
        switch (r->o->format) {
        case F_TEXT: sw_fmt_text(&r->out, d, r->o->color); break;
        case F_CONCISE: sw_fmt_concise(&r->out, d, r->o->color); break;
        case F_JSON: json_array_append_new(r->jdiags, sw_diag_json(d)); break;
        case F_SARIF: json_array_append_new(r->jdiags, sw_sarif_result(d)); break;
        case F_GITHUB: sw_fmt_github(&r->out, d); break;
        }
        if (r->out.len >= OUT_FLUSH && !r->rec) { /* a big report is written as it goes */
            sw_progress_clear(&r->progress);
            fwrite(r->out.p, 1, r->out.len, stdout);
            r->out.len = 0;
        }
    }
    if (r->out.len && r->rec) { /* a worker: straight into the record */
        sw_par_cut(r->rec, false);
        sw_par_put(r->rec, 'o', r->out.p, r->out.len);
    } else if (r->out.len) {
        sw_progress_clear(&r->progress);
        fwrite(r->out.p, 1, r->out.len, stdout);
    }
    r->out.len = 0;
    sw_analysis_free(&an);
}

/* --fix (fix.c) before the report: rewrites the file, or prints its diff
   (--diff) or for stdin its fixed text instead of the report. Returns 0
   when the report of *text follows, 1 when it does not, 2 on an error. */
static int fix_step(check_run *r, const char *path, const char *display, sw_text *text)
{
    if (!r->o->fix)
        return 0;
    sw_fix_mode mode = r->o->diff ? SW_FIX_DIFF : path ? SW_FIX_WRITE : SW_FIX_STDOUT;
    bool changed;
    int worst;
    sw_progress_clear(&r->progress);
    int rc = sw_fix_input(path, display, text, &r->an, mode, r->o->quiet, &changed, &worst);
    if (r->rec) /* fix.c flushes stdout before its "fixed" line */
        sw_par_cut(r->rec, true);
    if (rc)
        return 2;
    r->changed |= changed;
    if (mode == SW_FIX_WRITE)
        return 0;
    r->files++;
    r->failed |= worst >= r->fail_level;
    r->replaced = true;
    return 1;
}

static void say(check_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(check_run *r, const char *fmt, ...)
{
    sw_progress_clear(&r->progress);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

/* Runs task i (its output on stdout and stderr). Returns 2 when the run
   stops there. */
static int run_task(check_run *r, size_t i)
{
    const task *t = &r->tasks[i];
    sw_text text;
    if (t->kind == T_NOTE || t->kind == T_FAIL) {
        say(r, "%s", t->text);
        return t->kind == T_FAIL ? 2 : 0;
    }
    configure(r, &r->cfgs[t->cfg]);
    if (t->kind == T_STDIN) {
        if (sw_read_stream(stdin, &text) != 0) {
            say(r, "slsws: cannot read standard input: %s\n", strerror(errno));
            return 2;
        }
        int frc = fix_step(r, NULL, r->o->stdin_name, &text);
        if (!frc)
            lint_text(r, r->o->stdin_name, text.p, text.len);
        sw_text_release(&text);
        return frc == 2 ? 2 : 0;
    }
    const char *path = t->text;
    if (sw_read_file(path, &text) != 0) {
        if (errno == EFBIG)
            say(r, "slsws: '%s' is larger than %zu MiB; slsws does not lint it\n", path,
                SW_MAX_FILE >> 20);
        else
            say(r, "slsws: cannot read '%s': %s\n", path, sw_read_error(errno));
        return 2;
    }
    char *display = sw_display_path(path);
    int frc = fix_step(r, path, display, &text);
    if (!frc)
        lint_text(r, display, text.p, text.len);
    free(display);
    sw_text_release(&text);
    return frc == 2 ? 2 : 0;
}

static void progress(check_run *r)
{
    sw_progress_show(&r->progress, r->done, r->nfiles, r->errors + r->warnings + r->infos);
}

static void task_done(check_run *r, size_t i)
{
    if (r->tasks[i].kind == T_LINT || r->tasks[i].kind == T_STDIN)
        r->done++;
    progress(r);
}

/* In a worker: task i, its output and what it adds to the run as a record. */
static void work(void *ctx, size_t i, sw_buf *rec)
{
    check_run *r = ctx;
    r->progress.on = false;
    r->rec = rec;
    r->files = r->errors = r->warnings = r->infos = 0;
    r->failed = r->changed = r->replaced = false;
    int rc = run_task(r, i);
    sw_par_cut(rec, false);
    tally t = {rc, r->files, r->errors, r->warnings, r->infos, r->failed, r->changed,
               r->replaced, 0};
    sw_par_put(rec, 's', &t, sizeof t);
    if (r->jdiags && json_array_size(r->jdiags)) {
        char *s = json_dumps(r->jdiags, JSON_COMPACT);
        sw_par_put(rec, 'j', s, strlen(s));
        free(s);
        json_array_clear(r->jdiags);
    }
}

/* In the parent, in task order: prints what task i printed, adds up. */
static bool take(void *ctx, size_t i, const char *rec, size_t len)
{
    check_run *r = ctx;
    const char *p = rec, *end = rec + len, *data;
    size_t n;
    char tag;
    int rc = 0;
    while (sw_par_next(&p, end, &tag, &data, &n)) {
        if ((tag == 'o' || tag == 'e') && n)
            sw_progress_clear(&r->progress);
        if (tag == 'o') {
            fwrite(data, 1, n, stdout);
        } else if (tag == 'F') {
            fflush(stdout);
        } else if (tag == 'e') {
            fwrite(data, 1, n, stderr);
        } else if (tag == 'j') {
            json_t *a = json_loadb(data, n, 0, NULL);
            json_array_extend(r->jdiags, a);
            json_decref(a);
        } else if (tag == 's' && n == sizeof(tally)) {
            tally t;
            memcpy(&t, data, sizeof t);
            rc = t.rc;
            r->files += t.files;
            r->errors += t.errors;
            r->warnings += t.warnings;
            r->infos += t.infos;
            r->failed |= t.failed;
            r->changed |= t.changed;
            r->replaced |= t.replaced;
        }
    }
    task_done(r, i);
    if (rc)
        r->stop = rc;
    return rc == 0;
}

static void tick(void *ctx)
{
    progress(ctx);
}

int sw_check_run(check_run *r, unsigned jobs)
{
    if (jobs > 1 && r->ntasks > 1) {
        if (!r->an.no_sources) { /* compile the handler queries once, for every worker */
            sw_arena a;
            sw_arena_init(&a);
            sw_tsq_result res;
            for (int l = 0; l < SW_LANG_COUNT; l++)
                sw_tsq_run(&a, (sw_lang)l, "handlers", "", 0, &res);
            sw_arena_free(&a);
        }
        sw_par_fail fail;
        if (sw_par_run(r->ntasks, jobs, work, take, tick, r, &fail) == 0)
            return r->stop;
        if (fail.task < r->ntasks) {
            char why[64];
            if (WIFSIGNALED(fail.status))
                snprintf(why, sizeof why, "signal %d", WTERMSIG(fail.status));
            else
                snprintf(why, sizeof why, "exit status %d", WEXITSTATUS(fail.status));
            say(r, "slsws: the worker process linting '%s' died (%s); please report this "
                   "bug\n", r->tasks[fail.task].text ? r->tasks[fail.task].text : "-", why);
            return 2;
        } /* no worker could start: one after the other */
    }
    for (size_t i = 0; i < r->ntasks; i++) {
        int rc = run_task(r, i);
        task_done(r, i);
        if (rc)
            return rc;
    }
    return 0;
}

void sw_check_release(check_run *r)
{
    for (size_t i = 0; i < r->ntasks; i++)
        free(r->tasks[i].text);
    free(r->tasks);
    for (size_t i = 0; i < r->ncfgs; i++)
        sw_config_free(&r->cfgs[i]);
    free(r->cfgs);
    sw_buf_release(&r->out);
}
