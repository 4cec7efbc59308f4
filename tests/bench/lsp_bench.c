/*
 * LSP benchmark: starts `slsws lsp`, opens FILE, then makes EDITS edits
 * (each one character typed into a description line, then the next one
 * undone), and times each didChange until the publishDiagnostics of that
 * version arrives. Prints p50/p99 over the first 200 edits and the server's
 * resident memory after edit 100 and after the last edit. With P99_TARGET,
 * the p99 line shows that target (ms) beside it.
 * Usage: lsp_bench SLSWS FILE [EDITS [P99_TARGET]]
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../src/lsp/rpc.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long rss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &v) == 1)
            break;
    if (f)
        fclose(f);
    return v;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* waits for a message with this id, or a publish of this version */
static void wait_for(sw_rpc *r, json_int_t id, json_int_t version)
{
    for (;;) {
        json_t *m;
        if (sw_rpc_read(r, &m) != RPC_OK) {
            fprintf(stderr, "lsp_bench: the server went away\n");
            exit(1);
        }
        json_t *mid = json_object_get(m, "id");
        const char *method = json_string_value(json_object_get(m, "method"));
        bool done = (id >= 0 && json_is_integer(mid) && json_integer_value(mid) == id) ||
                    (version >= 0 && method &&
                     strcmp(method, "textDocument/publishDiagnostics") == 0 &&
                     json_integer_value(json_object_get(json_object_get(m, "params"), "version")) ==
                         version);
        json_decref(m);
        if (done)
            return;
    }
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    int edits = argc > 3 ? atoi(argv[3]) : 1000;
    const char *target_ms = argc > 4 ? argv[4] : NULL;
    if (edits < 1)
        return 2;
    FILE *f = fopen(argv[2], "rb");
    if (!f)
        return 2;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n)
        return 2;
    text[n] = 0;
    fclose(f);
    int lines = 0, target = -1, col = 0;
    for (long i = 0, ls = 0; i < n; i++) {
        if (text[i] == '\n') {
            if (target < 0 && lines > 20 && strstr(text + ls, "description:") &&
                strstr(text + ls, "description:") < text + i) {
                target = lines;
                col = (int)(strstr(text + ls, "description:") - (text + ls)) + 14;
            }
            lines++;
            ls = i + 1;
        }
    }
    if (target < 0)
        target = lines / 2;

    int to[2], from[2];
    if (pipe(to) || pipe(from))
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(to[0], 0);
        dup2(from[1], 1);
        close(to[1]);
        close(from[0]);
        execl(argv[1], argv[1], "lsp", (char *)NULL);
        _exit(127);
    }
    close(to[0]);
    close(from[1]);
    signal(SIGPIPE, SIG_IGN);
    sw_rpc r;
    sw_rpc_init(&r, from[0], to[1]);
    json_t *m = json_pack("{s:s,s:i,s:s,s:{s:{},s:{s:s}}}", "jsonrpc", "2.0", "id", 1, "method",
                          "initialize", "params", "capabilities", "initializationOptions",
                          "asOf", "2026-11-23");
    sw_rpc_write(&r, m);
    json_decref(m);
    wait_for(&r, 1, -1);
    const char *uri = "file:///bench/serverless.yml";
    m = json_pack("{s:s,s:s,s:{s:{s:s,s:s,s:i,s:s}}}", "jsonrpc", "2.0", "method",
                  "textDocument/didOpen", "params", "textDocument", "uri", uri, "languageId",
                  "yaml", "version", 1, "text", text);
    double t0 = now_ms();
    sw_rpc_write(&r, m);
    json_decref(m);
    wait_for(&r, -1, 1);
    double open_ms = now_ms() - t0;

    double *lat = malloc(sizeof(double) * (size_t)edits);
    long rss100 = -1;
    for (int e = 0; e < edits; e++) {
        json_int_t v = e + 2;
        json_t *range = json_pack("{s:{s:i,s:i},s:{s:i,s:i}}", "start", "line", target,
                                  "character", col, "end", "line", target, "character",
                                  col + (e % 2 ? 1 : 0));
        m = json_pack("{s:s,s:s,s:{s:{s:s,s:I},s:[{s:o,s:s}]}}", "jsonrpc", "2.0", "method",
                      "textDocument/didChange", "params", "textDocument", "uri", uri, "version",
                      v, "contentChanges", "range", range, "text", e % 2 ? "" : "x");
        t0 = now_ms();
        sw_rpc_write(&r, m);
        json_decref(m);
        wait_for(&r, -1, v);
        lat[e] = now_ms() - t0;
        if (e + 1 == 100)
            rss100 = rss_kib(pid);
    }
    long rss_end = rss_kib(pid);
    int k = edits < 200 ? edits : 200;
    qsort(lat, (size_t)k, sizeof *lat, cmp);
    printf("lines %d, bytes %ld, open %.2f ms\n", lines, n, open_ms);
    printf("change-to-diagnostics over %d edits: p50 %.2f ms, p99 %.2f ms", k, lat[k / 2],
           lat[(k * 99) / 100 < k ? (k * 99) / 100 : k - 1]);
    if (target_ms)
        printf(" (target: p99 < %s ms)", target_ms);
    putchar('\n');
    printf("resident memory: after edit 100 %ld KiB, after edit %d %ld KiB\n", rss100, edits,
           rss_end);
    m = json_pack("{s:s,s:i,s:s}", "jsonrpc", "2.0", "id", 99, "method", "shutdown");
    sw_rpc_write(&r, m);
    json_decref(m);
    wait_for(&r, 99, -1);
    m = json_pack("{s:s,s:s}", "jsonrpc", "2.0", "method", "exit");
    sw_rpc_write(&r, m);
    json_decref(m);
    int st;
    waitpid(pid, &st, 0);
    free(lat);
    free(text);
    sw_rpc_free(&r);
    return 0;
}
