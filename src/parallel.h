/*
 * Numbered tasks run in forked worker processes, their results handed back
 * in task order (`slsws check -j N`). Workers take the next task number from
 * a counter in a shared page, so a slow task never holds up the others, and
 * each sends its result record back through its own pipe; the parent hands
 * the records to a callback strictly in task order as they complete. Forking
 * keeps the analysis single-threaded (tree-sitter parsers and compiled
 * queries are per process, tsq.h): whatever the parent made before the run
 * (loaded configurations, compiled queries) the workers share for free.
 *
 * In a worker, what a task writes on stdout and stderr is captured (both
 * file descriptors point at temporary files) and travels in its record as
 * chunks, so the parent can print it in place: sw_par_cut adds what was
 * written since the last cut, stdout first, and runs after every task.
 */
#ifndef SW_PARALLEL_H
#define SW_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* The number of online processors (at least 1): the default of -j. */
unsigned sw_par_cpus(void);

/* In a worker: runs task number task, appending its result to rec (fields
   made with sw_par_put; sw_par_cut when output must keep its place). */
typedef void (*sw_par_work)(void *ctx, size_t task, sw_buf *rec);
/* In the parent, once per task in task order: false stops the run (the
   tasks after it are not started, or their results are dropped). */
typedef bool (*sw_par_take)(void *ctx, size_t task, const char *rec, size_t len);
/* In the parent, about every 100 ms while it waits (may be NULL). */
typedef void (*sw_par_tick)(void *ctx);

typedef struct sw_par_fail {
    size_t task;         /* the task whose worker died */
    int status;          /* its wait status */
} sw_par_fail;

/* Runs tasks 0..ntasks-1 on min(jobs, ntasks) workers. Returns 0 when every
   task was taken or take stopped the run; -1 when a worker died (fail says
   which task; the results before it were taken) or no worker could be
   started (fail->task is ntasks; errno is set), with the rest dropped.
   stdout and stderr are flushed before the workers start. */
int sw_par_run(size_t ntasks, unsigned jobs, sw_par_work work, sw_par_take take,
               sw_par_tick tick, void *ctx, sw_par_fail *fail);

/* Record fields: a tag byte, a length, the bytes. Tags 'o' and 'e' are the
   captured stdout and stderr, 'F' a flush of stdout between them
   (sw_par_cut); callers use others. */
void sw_par_put(sw_buf *rec, char tag, const void *data, size_t len);
/* Reads the field at *p (advancing it); false at the end. */
bool sw_par_next(const char **p, const char *end, char *tag, const char **data, size_t *len);
/* In a worker: appends what was written on stdout, then on stderr, since
   the last cut (nothing outside a worker); with flush, the parent flushes
   its stdout between them, as the task did (so 2>&1 reads the same). */
void sw_par_cut(sw_buf *rec, bool flush);

#endif
