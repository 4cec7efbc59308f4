/*
 * libFuzzer target: LSP's Content-Length framing (src/lsp/rpc.c). The
 * input is the raw byte stream from the client, delivered by read() in
 * chunks of sizes derived from the input (so every header and body is
 * also met split across reads). Every message read is written back with
 * sw_rpc_write and must read back equal; the reader must end at end of
 * input after a bounded number of calls.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "lsp/rpc.h"

/* out holds what sw_rpc_write wrote: the messages of got, in order */
static void read_back(int out, json_t *got)
{
    lseek(out, 0, SEEK_SET);
    sw_rpc back;
    sw_rpc_init(&back, out, -1);
    for (size_t i = 0;; i++) {
        json_t *again;
        rpc_status st = sw_rpc_read(&back, &again);
        if (i == json_array_size(got)) {
            FZ_CHECK(st == RPC_EOF, "more messages written than read (status %d)", (int)st);
            break;
        }
        FZ_CHECK(st == RPC_OK, "written message %zu reads back with status %d", i, (int)st);
        FZ_CHECK(json_equal(json_array_get(got, i), again),
                 "message %zu changed through write and read", i);
        json_decref(again);
    }
    sw_rpc_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    /* chunk ends: 1 to 4096 bytes each, or the whole input when the hash says so */
    uint64_t h = fz_hash(data, size);
    size_t cap = 16, n = 0, *ends = malloc(cap * sizeof *ends);
    for (size_t off = 0; off < size;) {
        size_t step = (h & 7) == 0 ? size : 1 + (size_t)(h >> 8) % ((h & 1) ? 7 : 4096);
        h = h * 6364136223846793005ull + 1442695040888963407ull;
        off = off + step > size ? size : off + step;
        if (n == cap)
            ends = realloc(ends, (cap *= 2) * sizeof *ends);
        ends[n++] = off;
    }
    int in = fz_feed_open(data, size, ends, n);
    free(ends);
    int out = fz_memfd();
    sw_rpc r;
    sw_rpc_init(&r, in, out);
    size_t calls = 0;
    json_t *got = json_array();
    for (;;) {
        json_t *msg;
        rpc_status st = sw_rpc_read(&r, &msg);
        FZ_CHECK(++calls <= size + 1, "%zu reads from %zu bytes", calls, size);
        if (st == RPC_EOF) {
            FZ_CHECK(msg == NULL, "a message with EOF");
            break;
        }
        if (st != RPC_OK) {
            FZ_CHECK(msg == NULL, "a message with status %d", (int)st);
            continue;
        }
        FZ_CHECK(msg != NULL, "RPC_OK without a message");
        (void)sw_rpc_pending(&r);
        FZ_CHECK(sw_rpc_write(&r, msg), "writing a message failed");
        json_array_append_new(got, msg);
    }
    FZ_CHECK(!sw_rpc_pending(&r), "input pending after EOF");
    sw_rpc_free(&r);
    fz_feed_close(in);
    read_back(out, got);
    json_decref(got);
    close(out);
    return 0;
}
