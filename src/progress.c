/*
 * The progress line on a terminal's stderr (see progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sw_progress_init(sw_progress *p, bool quiet)
{
    const char *ci = getenv("CI");
    *p = (sw_progress){0};
    p->on = !quiet && !(ci && *ci) && isatty(STDERR_FILENO);
    if (p->on)
        p->start = p->last = now();
}

void sw_progress_show(sw_progress *p, size_t done, size_t total, unsigned findings)
{
    if (!p->on)
        return;
    double t = now();
    if (t - p->start < 1.0 || t - p->last < 0.1)
        return;
    p->last = t;
    char line[128];
    int n = snprintf(line, sizeof line, "slsws: %zu/%zu files, %u %s", done, total, findings,
                     findings == 1 ? "finding" : "findings");
    if (n < 0)
        return;
    fflush(stdout); /* what is printed goes above the line */
    /* pad over a longer line left from the last drawing */
    fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
    fflush(stderr);
    if (n > p->width)
        p->width = n;
    p->visible = true;
}

void sw_progress_clear(sw_progress *p)
{
    if (!p->visible)
        return;
    fprintf(stderr, "\r%*s\r", p->width, "");
    fflush(stderr);
    p->visible = false;
}
