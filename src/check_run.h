/*
 * The run of `slsws check` (check_run.c): its options as cmd_check.c parsed
 * them, the plan of tasks its inputs become (files, directories searched
 * for service files, handler sources, `-`) and running them, one after the
 * other or in -j worker processes (parallel.h) whose output is printed in
 * task order, so every format reads the same either way.
 */
#ifndef SW_CHECK_RUN_H
#define SW_CHECK_RUN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "owner.h"
#include "progress.h"
#include "rule.h"

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
    size_t cfg;                  /* T_LINT, T_STDIN: its configuration in cfgs */
} task;

typedef struct check_run {
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
} check_run;

/* Plans one input as a sequential run would meet it. Returns 2 once a task
   that stops the run is planned. */
int sw_check_plan(check_run *r, const char *path);
/* Runs the planned tasks: in jobs worker processes when that is more than
   one and there is more than one task, else one after the other. Returns
   the exit status of a task that stopped the run, else 0. */
int sw_check_run(check_run *r, unsigned jobs);
/* Frees the tasks, the configurations and the output buffer. */
void sw_check_release(check_run *r);

#endif
