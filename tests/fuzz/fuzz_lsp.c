/*
 * libFuzzer target: the language server's loop and dispatch
 * (src/lsp/server.c and the feature files), run in-process on a scripted
 * input descriptor (harness.c). The input is a script, one line each:
 *
 *   a JSON-RPC message    framed with a correct Content-Length
 *   !bytes                sent as is, with CRLF (bad headers, stray bytes)
 *   an empty line         ends a burst: the messages before it arrive in
 *                         one read, so the server coalesces them; the next
 *                         burst arrives once it is idle
 *
 * "@W@" in a line stands for the work directory (handler sources and
 * includable files, see seeds.js), so seeds can open file://@W@/serverless.yml.
 * Everything the server writes must be well-framed JSON-RPC 2.0 objects.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "harness.h"
#include "lsp/server.h"

typedef struct script {
    sw_buf bytes;
    size_t *ends;
    size_t n, cap;
} script;

static void burst(script *s)
{
    if (s->n && s->ends[s->n - 1] == s->bytes.len)
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->ends = realloc(s->ends, s->cap * sizeof *s->ends);
    }
    s->ends[s->n++] = s->bytes.len;
}

static void line(script *s, const char *p, size_t n, const char *work)
{
    if (n && p[0] == '!') {
        sw_buf_add(&s->bytes, p + 1, n - 1);
        sw_buf_add(&s->bytes, "\r\n", 2);
        return;
    }
    sw_buf body = {0};
    for (size_t i = 0; i < n; i++) {
        if (i + 3 <= n && memcmp(p + i, "@W@", 3) == 0) {
            sw_buf_puts(&body, work);
            i += 2;
        } else {
            sw_buf_putc(&body, p[i]);
        }
    }
    sw_buf_printf(&s->bytes, "Content-Length: %zu\r\n\r\n", body.len);
    sw_buf_add(&s->bytes, body.p ? body.p : "", body.len);
    sw_buf_release(&body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    const char *work = fz_workdir();
    script s = {0};
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n == 0)
            burst(&s);
        else
            line(&s, p, n, work);
        p += n + 1;
    }
    burst(&s);
    int in = fz_feed_open((const uint8_t *)(s.bytes.p ? s.bytes.p : ""), s.bytes.len, s.ends,
                          s.n);
    sw_buf_release(&s.bytes);
    free(s.ends);
    int out = fz_memfd();
    int status = sw_lsp_serve(in, out);
    FZ_CHECK(status == 0 || status == 1, "exit status %d", status);
    fz_feed_close(in);

    /* what the client received */
    lseek(out, 0, SEEK_SET);
    sw_rpc r;
    sw_rpc_init(&r, out, -1);
    for (size_t k = 0;; k++) {
        json_t *msg;
        rpc_status st = sw_rpc_read(&r, &msg);
        if (st == RPC_EOF)
            break;
        FZ_CHECK(st == RPC_OK, "server message %zu: status %d", k, (int)st);
        FZ_CHECK(json_is_object(msg), "server message %zu is not an object", k);
        const char *v = json_string_value(json_object_get(msg, "jsonrpc"));
        FZ_CHECK(v && strcmp(v, "2.0") == 0, "server message %zu is not JSON-RPC 2.0", k);
        json_t *id = json_object_get(msg, "id");
        bool res = json_object_get(msg, "result") || json_object_get(msg, "error");
        FZ_CHECK(json_object_get(msg, "method") ? !res : id && res,
                 "server message %zu is neither request, notification nor response", k);
        json_decref(msg);
    }
    sw_rpc_free(&r);
    close(out);
    return 0;
}
