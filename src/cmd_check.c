/*
 * `slsws check`: parses the options, collects the inputs (files, directories
 * searched for service files, `-` for stdin), runs one analysis per file
 * (in -j worker processes, parallel.h, printed in the same order), prints
 * the findings in the chosen format and turns them into the exit status
 * (CLI.md). A long run on a terminal shows a progress line (progress.h).
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "buf.h"
#include "config.h"
#include "cli.h"
#include "cliopt.h"
#include "fix.h"
#include "fsutil.h"
#include "output.h"
#include "owner.h"
#include "parallel.h"
#include "progress.h"
#include "tsq.h"

typedef enum { F_TEXT, F_CONCISE, F_JSON, F_SARIF, F_GITHUB } out_format;

typedef struct check_opts {
    out_format format;
    int fail_level;              /* -1: from the configuration, else error */
    int as_of;                   /* 0: from the configuration, else today */
    bool exit_zero, quiet, color;
    unsigned jobs;               /* -j: worker processes (parallel.h) */
    bool fix, diff;              /* --fix, --diff (fix.c) */
    const char *stdin_name;
    const char *config;          /* --config FILE */
    bool select_seen;
    signed char selected[256];   /* --select: 1 selected */
    signed char ignored[256];    /* --ignore: 1 ignored */
} check_opts;

static const char check_usage[] =
    "usage: slsws check [options] [PATH...]\n"
    "\n"
    "PATH is a serverless.yml, serverless.yaml or serverless.json file, a directory\n"
    "searched for them (node_modules and .serverless are skipped), or - for stdin.\n"
    "A handler source (.js .mjs .cjs .ts .mts .cts .py) lints the services above it\n"
    "whose handlers use it, each service once per run.\n"
    "\n"
    "options:\n"
    "  --format FORMAT        text (default), concise, json, sarif (SARIF 2.1.0) or github\n"
    "                         (GitHub Actions annotations)\n"
    "  --select CODES         only these rules (codes, names or code prefixes, comma-separated)\n"
    "  --ignore CODES         not these rules\n"
    "  --fail-level LEVEL     exit 1 when a finding is at least error (default), warning or info\n"
    "  --exit-zero            exit 0 even when findings reach the fail level\n"
    "  --as-of YYYY-MM-DD     judge runtime dates as of this day (default: today)\n"
    "  --stdin-filename NAME  the name to report for - (default: serverless.yml)\n"
    "  --config FILE          use this configuration instead of the nearest .slsws.yml\n"
    "  --stage NAME           the stage variables resolve for (default: the fallback, else\n"
    "                         provider.stage, else dev)\n"
    "  --region NAME          the region variables resolve for\n"
    "  --param KEY=VALUE      a ${param:KEY} value (repeatable)\n"
    "  --env                  let ${env:...} read the environment (default: its fallback)\n"
    "  --isolated             a missing ${file(...)} is unknown rather than an error (for\n"
    "                         stdin and files lifted out of their project)\n"
    "  --no-sources           skip handler source analysis\n"
    "  --no-cache             do not read or write the cache of handler-file facts\n"
    "                         ($SLSWS_CACHE_DIR, else $XDG_CACHE_HOME/slsws)\n"
    "  --fix                  apply the safe fixes in place, then report what is left;\n"
    "                         with - the fixed text goes to stdout instead of the report\n"
    "  --diff                 print what --fix would change as a unified diff, change\n"
    "                         nothing; exit 1 when there is a diff\n"
    "  --color WHEN           auto (default), always or never; NO_COLOR turns auto off\n"
    "  -j, --jobs N           lint in N processes at once (default: the number of CPUs;\n"
    "                         the output is the same whatever N)\n"
    "  --quiet                no summary line in the text and github formats (and no\n"
    "                         progress line on a terminal)\n";

static int usage_error(const char *fmt, const char *arg)
{
    return sw_usage_error("check", fmt, arg);
}

static int today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Applies a comma-separated list of codes, names or code prefixes. */
static int apply_list(const char *list, signed char *mark, signed char value)
{
    char *copy = strdup(list), *save = NULL;
    int rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        size_t n = strlen(tok);
        while (n && tok[n - 1] == ' ')
            tok[--n] = 0;
        if (!n)
            continue;
        bool hit = false;
        for (size_t i = 0; i < sw_nrules; i++) {
            const sw_rule *r = sw_rules[i];
            if (strcasecmp(tok, "ALL") == 0 || strcmp(tok, r->name) == 0 ||
                strncasecmp(r->code, tok, n) == 0) {
                mark[i] = value;
                hit = true;
            }
        }
        if (!hit) {
            rc = usage_error("unknown rule '%s' (see 'slsws rules')", tok);
            break;
        }
    }
    free(copy);
    return rc;
}

/* The run is planned first: the inputs become a list of tasks in the order
   a sequential run meets them (claims, configurations and ignore-paths
   settled on the way), then the tasks run one after the other, or in
   worker processes (-j, parallel.h) whose results are printed in task
   order, so every format reads the same either way. */
typedef enum {
    T_LINT,                      /* lint the service file path */
    T_STDIN,                     /* lint standard input */
    T_NOTE,                      /* say text on stderr */
    T_FAIL                       /* say text on stderr and stop (exit 2) */
} task_kind;

typedef struct task {
    task_kind kind;
    char *text;                  /* the path, or the message */
    size_t cfg;                  /* T_LINT, T_STDIN: its configuration in run.cfgs */
} task;

typedef struct tally {           /* what a worker's task adds to the run */
    int rc;
    unsigned files, errors, warnings, infos;
    unsigned char failed, changed, replaced, pad; /* pad: 0, so that no byte sent
                                                    down the pipe is uninitialised */
} tally;

typedef struct run {
    check_opts *o;
    unsigned files, errors, warnings, infos;
    bool failed;
    json_t *jdiags;
    sw_buf out;
    signed char sev[256];        /* effective per-rule severities for a file */
    sw_opts an;
    sw_owners *owners;           /* service files planned so far, handler owners */
    int fail_level;
    bool changed, replaced;      /* --fix: a text changed; output other than a report */
    task *tasks;
    size_t ntasks, taskcap, nfiles, done; /* nfiles: T_LINT and T_STDIN tasks */
    sw_config *cfgs;             /* the configurations met while planning */
    size_t ncfgs, cfgcap;
    sw_buf *rec;                 /* in a worker: the record of the task */
    int stop;                    /* the exit status of a task that stopped the run */
    sw_progress progress;
} run;

static void add_task(run *r, task_kind kind, char *text, size_t cfg)
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
static long plan_config(run *r, const char *dir)
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
static void configure(run *r, const sw_config *cfg)
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

static int plan_owners(run *r, const char *path);

/* Plans one input as a sequential run would meet it. Returns 2 once a task
   that stops the run is planned. */
static int plan_path(run *r, const char *path)
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
            rc = plan_path(r, found.v[i]);
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
static int plan_owners(run *r, const char *path)
{
    sw_paths owners = {0};
    if (sw_owners_find(r->owners, path, &owners) != 0) {
        add_task(r, T_FAIL, msg("slsws: cannot read '%s': %s\n", path, strerror(errno)), 0);
        return 2;
    }
    int rc = 0;
    for (size_t i = 0; i < owners.n && !rc; i++)
        rc = plan_path(r, owners.v[i]);
    sw_paths_free(&owners);
    return rc;
}

static void lint_text(run *r, const char *display, const char *text, size_t len)
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
static int fix_step(run *r, const char *path, const char *display, sw_text *text)
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

static void say(run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(run *r, const char *fmt, ...)
{
    sw_progress_clear(&r->progress);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

/* Runs task i (its output on stdout and stderr). Returns 2 when the run
   stops there. */
static int run_task(run *r, size_t i)
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
            say(r, "slsws: cannot read '%s': %s\n", path, strerror(errno));
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

static void progress(run *r)
{
    sw_progress_show(&r->progress, r->done, r->nfiles, r->errors + r->warnings + r->infos);
}

static void task_done(run *r, size_t i)
{
    if (r->tasks[i].kind == T_LINT || r->tasks[i].kind == T_STDIN)
        r->done++;
    progress(r);
}

/* In a worker: task i, its output and what it adds to the run as a record. */
static void work(void *ctx, size_t i, sw_buf *rec)
{
    run *r = ctx;
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
    run *r = ctx;
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

/* Runs the planned tasks: in jobs worker processes when that is more than
   one and there is more than one task, else one after the other. */
static int run_tasks(run *r, unsigned jobs)
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

static const char *path_of(const json_t *diag)
{
    return json_string_value(json_object_get(diag, "path"));
}

static void print_json(run *r)
{
    /* files come in argument order; CLI.md wants diagnostics sorted by path
       (each file's own list is already sorted, and the sort below is stable) */
    json_t *sorted = sw_json_sorted(r->jdiags, path_of);
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(root, "diagnostics", sorted);
    json_t *sum = json_object();
    json_object_set_new(sum, "files", json_integer(r->files));
    json_object_set_new(sum, "errors", json_integer(r->errors));
    json_object_set_new(sum, "warnings", json_integer(r->warnings));
    json_object_set_new(sum, "infos", json_integer(r->infos));
    json_object_set_new(root, "summary", sum);
    char *s = json_dumps(root, JSON_INDENT(2));
    puts(s);
    free(s);
    json_decref(root);
}

static const char *plural(unsigned n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

int sw_cmd_check(int argc, char **argv)
{
    check_opts o = {.format = F_TEXT, .fail_level = -1, .stdin_name = "serverless.yml"};
    memset(o.selected, 1, sizeof o.selected);
    sw_opts ao = {0}; /* the analysis options (cliopt.h) */
    sw_paths params = {0};
    const char *color = "auto";
    sw_paths paths = {0};
    int rc = 0;
    for (int i = 0; i < argc && !rc; i++) {
        const char *a = argv[i], *v;
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            sw_paths_push(&paths, a);
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                sw_paths_push(&paths, argv[i]);
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(check_usage, stdout);
            sw_paths_free(&paths);
            return 0;
        } else if (sw_is_opt(a, "--format")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--format"))) rc = usage_error("%s needs a value", a);
            else if (strcmp(v, "text") == 0) o.format = F_TEXT;
            else if (strcmp(v, "concise") == 0) o.format = F_CONCISE;
            else if (strcmp(v, "json") == 0) o.format = F_JSON;
            else if (strcmp(v, "sarif") == 0) o.format = F_SARIF;
            else if (strcmp(v, "github") == 0) o.format = F_GITHUB;
            else rc = usage_error("unknown format '%s' (text, concise, json, sarif or github)", v);
        } else if (sw_is_opt(a, "--select")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--select"))) rc = usage_error("%s needs a value", a);
            else {
                if (!o.select_seen)
                    memset(o.selected, 0, sizeof o.selected);
                o.select_seen = true;
                rc = apply_list(v, o.selected, 1);
            }
        } else if (sw_is_opt(a, "--ignore")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--ignore"))) rc = usage_error("%s needs a value", a);
            else rc = apply_list(v, o.ignored, 1);
        } else if (sw_is_opt(a, "--fail-level")) {
            int s;
            if (!(v = sw_opt_value(argc, argv, &i, "--fail-level"))) rc = usage_error("%s needs a value", a);
            else if ((s = sw_sev_parse(v)) <= 0) rc = usage_error("unknown fail level '%s' (error, warning or info)", v);
            else o.fail_level = s;
        } else if (sw_is_opt(a, "--as-of")) {
            int d;
            if (!(v = sw_opt_value(argc, argv, &i, "--as-of"))) rc = usage_error("%s needs a value", a);
            else if ((d = sw_parse_date(v)) < 0) rc = usage_error("invalid date '%s' (use YYYY-MM-DD)", v);
            else o.as_of = d;
        } else if (sw_analysis_opt("check", argc, argv, &i, &ao, &params, &rc)) {
            /* --stage, --region, --param, --env, --isolated, --no-sources */
        } else if (sw_is_opt(a, "--config")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--config"))) rc = usage_error("%s needs a value", a);
            else o.config = v;
        } else if (sw_is_opt(a, "--stdin-filename")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--stdin-filename"))) rc = usage_error("%s needs a value", a);
            else o.stdin_name = v;
        } else if (sw_is_opt(a, "--color")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--color"))) rc = usage_error("%s needs a value", a);
            else if (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
                rc = usage_error("unknown colour mode '%s' (auto, always or never)", v);
            else color = v;
        } else if (sw_is_opt(a, "--jobs") || strncmp(a, "-j", 2) == 0) {
            char *e = NULL;
            unsigned long n = 0;
            if (a[1] == 'j' && a[2]) v = a + 2;
            else if (a[1] == 'j') v = i + 1 < argc ? argv[++i] : NULL;
            else v = sw_opt_value(argc, argv, &i, "--jobs");
            if (v && *v >= '0' && *v <= '9')
                n = strtoul(v, &e, 10);
            if (!v) rc = usage_error("%s needs a value", a);
            else if (n < 1 || n > 1024 || *e)
                rc = usage_error("invalid number of jobs '%s' (1 to 1024)", v);
            else o.jobs = (unsigned)n;
        } else if (strcmp(a, "--no-cache") == 0) {
            sw_handlers_no_disk_cache();   /* handlers.h: no disk cache of handler facts */
        } else if (strcmp(a, "--exit-zero") == 0) {
            o.exit_zero = true;
        } else if (strcmp(a, "--fix") == 0) {
            o.fix = true;
        } else if (strcmp(a, "--diff") == 0) {
            o.fix = o.diff = true; /* --diff alone means --fix --diff, as in ruff */
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o.quiet = true;
        } else {
            rc = usage_error("unknown option '%s'", a);
        }
    }
    for (size_t i = 0; !rc && o.fix && !o.diff && paths.n > 1 && i < paths.n; i++)
        if (strcmp(paths.v[i], "-") == 0)
            rc = usage_error("--fix prints the fixed text of '%s' on stdout, so it must be the "
                             "only PATH", "-");
    if (rc) {
        sw_paths_free(&paths);
        sw_paths_free(&params);
        return rc;
    }
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    o.color = strcmp(color, "always") == 0 ||
              (strcmp(color, "auto") == 0 && !(nc && *nc) &&
               !(term && strcmp(term, "dumb") == 0) && isatty(STDOUT_FILENO));
    if (o.format == F_JSON || o.format == F_SARIF || o.format == F_GITHUB)
        o.color = false;
    if (!paths.n)
        sw_paths_push(&paths, ".");
    if (!o.jobs)
        o.jobs = sw_par_cpus();
    for (size_t i = 0; i < paths.n; i++)
        if (strcmp(paths.v[i], "-") == 0)
            o.jobs = 1; /* stdin is read by the process that owns it */

    run r = {.o = &o};
    r.an.no_sources = ao.no_sources;
    r.an.stage = ao.stage;
    r.an.region = ao.region;
    r.an.params = (const char *const *)params.v;
    r.an.nparams = params.n;
    r.an.env = ao.env;
    r.an.isolated = ao.isolated;
    r.owners = sw_owners_new(&r.an);
    if (o.format == F_JSON || o.format == F_SARIF)
        r.jdiags = json_array();
    sw_progress_init(&r.progress, o.quiet);
    for (size_t i = 0; i < paths.n && !rc; i++)
        rc = plan_path(&r, paths.v[i]); /* 2: the last task stops the run */
    sw_owners_free(r.owners);
    rc = run_tasks(&r, o.jobs);
    sw_progress_clear(&r.progress);
    for (size_t i = 0; i < r.ntasks; i++)
        free(r.tasks[i].text);
    free(r.tasks);
    for (size_t i = 0; i < r.ncfgs; i++)
        sw_config_free(&r.cfgs[i]);
    free(r.cfgs);
    sw_paths_free(&paths);
    sw_buf_release(&r.out);
    sw_paths_free(&params);
    if (rc) {
        json_decref(r.jdiags);
        return rc;
    }
    if (o.diff || r.replaced) { /* --fix printed diffs or fixed text, not a report */
        json_decref(r.jdiags);
        return (o.diff ? r.changed : r.failed) && !o.exit_zero ? 1 : 0;
    }
    if (o.format == F_JSON) {
        print_json(&r);
        json_decref(r.jdiags);
    } else if (o.format == F_SARIF) {
        sw_sarif_print(stdout, r.jdiags);
        json_decref(r.jdiags);
    } else if ((o.format == F_TEXT || o.format == F_GITHUB) && !o.quiet) {
        if (r.errors + r.warnings + r.infos == 0)
            printf("no findings in %u %s\n", r.files, plural(r.files, "file", "files"));
        else
            printf("%u %s, %u %s, %u %s in %u %s\n", r.errors,
                   plural(r.errors, "error", "errors"), r.warnings,
                   plural(r.warnings, "warning", "warnings"), r.infos,
                   plural(r.infos, "info", "infos"), r.files,
                   plural(r.files, "file", "files"));
    }
    return r.failed && !o.exit_zero ? 1 : 0;
}
