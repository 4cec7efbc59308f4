/*
 * Benchmark baseline: the time of a raw libyaml event parse (parse and
 * delete every event, nothing else) of a file already in memory, best of N
 * runs. `make bench` sets slsws's own time beside it as a ratio.
 * Usage: ybench FILE [RUNS]; prints the best time in milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 2;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        return 2;
    fclose(f);
    double best = 1e18;
    long events = 0;
    for (int r = 0; r < runs; r++) {
        yaml_parser_t p;
        yaml_parser_initialize(&p);
        yaml_parser_set_input_string(&p, buf, (size_t)n);
        double t0 = now_ms();
        events = 0;
        for (;;) {
            yaml_event_t ev;
            if (!yaml_parser_parse(&p, &ev))
                break;
            int end = ev.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&ev);
            events++;
            if (end)
                break;
        }
        double t = now_ms() - t0;
        yaml_parser_delete(&p);
        if (t < best)
            best = t;
    }
    printf("%.2f %ld\n", best, events);
    free(buf);
    return 0;
}
