/*
 * The progress line of a long `slsws check` on a terminal: after the run has
 * taken a second, stderr shows "slsws: 1234/10000 files, 56 findings",
 * rewritten in place (carriage return) at most ten times a second, cleared
 * before any other output and at the end. Never shown when stderr is not a
 * terminal, when the CI environment variable is set (CI logs keep every
 * byte), or with --quiet.
 */
#ifndef SW_PROGRESS_H
#define SW_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sw_progress {
    bool on;                 /* the line may be shown at all */
    bool visible;            /* it is on the screen now */
    double start, last;      /* seconds (monotonic) of the start, the last drawing */
    int width;               /* the length of the line on the screen */
} sw_progress;

void sw_progress_init(sw_progress *p, bool quiet);
/* Draws the line when due (one second in, 100 ms after the last time). */
void sw_progress_show(sw_progress *p, size_t done, size_t total, unsigned findings);
/* Blanks the line if it is on the screen. */
void sw_progress_clear(sw_progress *p);

#endif
