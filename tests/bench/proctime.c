/*
 * Benchmark helper: runs a command RUNS times (stdout and stderr to
 * /dev/null) and prints the best wall time in milliseconds, the peak
 * resident memory of the children in KiB, and the median wall time in
 * milliseconds. Usage: proctime [-o FILE] RUNS CMD [ARGS...]; with -o,
 * stdout goes to FILE instead (rewritten by each run), so a caller can
 * count what the timed run reported.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *out = "/dev/null";
    if (argc > 2 && strcmp(argv[1], "-o") == 0) {
        out = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc < 3)
        return 2;
    int runs = atoi(argv[1]);
    if (runs < 1)
        return 2;
    double best = 1e18, *times = malloc(sizeof *times * (size_t)runs);
    if (!times)
        return 2;
    for (int r = 0; r < runs; r++) {
        double t0 = now_ms();
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666), null = open("/dev/null", O_WRONLY);
            if (fd < 0 || null < 0)
                _exit(127);
            dup2(fd, 1);
            dup2(null, 2);
            execv(argv[2], argv + 2);
            _exit(127);
        }
        int st;
        waitpid(pid, &st, 0);
        double t = now_ms() - t0;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
            return 2;
        if (t < best)
            best = t;
        times[r] = t;
    }
    qsort(times, (size_t)runs, sizeof *times, by_value);
    double median = runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    free(times);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    printf("%.2f %ld %.2f\n", best, ru.ru_maxrss, median);
    return 0;
}
