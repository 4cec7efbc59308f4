/*
 * Benchmark helper: runs a command RUNS times (stdout and stderr to
 * /dev/null) and prints the best wall time in milliseconds, and the peak
 * resident memory of the children in KiB. Usage: proctime RUNS CMD [ARGS...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    int runs = atoi(argv[1]);
    double best = 1e18;
    for (int r = 0; r < runs; r++) {
        double t0 = now_ms();
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open("/dev/null", O_WRONLY);
            dup2(fd, 1);
            dup2(fd, 2);
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
    }
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    printf("%.2f %ld\n", best, ru.ru_maxrss);
    return 0;
}
