/*
 * What the libFuzzer targets of tests/fuzz/ share (harness.c): the work
 * directory analyses run in (handler sources and includable files copied
 * from the tests by tests/fuzz/seeds.js), a sandbox for file reads (linked
 * with -Wl,--wrap=sw_read_file: only regular files under the work directory
 * are read, anything else looks absent, so a fuzzed `${file(/dev/stdin)}`
 * can neither block the fuzzer nor read the machine), a scripted input
 * descriptor for the language server targets (linked with -Wl,--wrap=read
 * and --wrap=poll: read() hands out planned chunks, poll() says whether
 * the current one is still unread), and the invariant checks.
 */
#ifndef SW_FUZZ_HARNESS_H
#define SW_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ydoc.h"

/* The absolute work directory: $SLSWS_FUZZ_WORK, else `work` beside the
   executable (build/fuzz/work); created empty when missing. */
const char *fz_workdir(void);

/* A descriptor whose reads return data[0..n) in chunks ending at ends[]
   (ascending, the last == n), then end of input. The arrays are copied. */
int fz_feed_open(const uint8_t *data, size_t n, const size_t *ends, size_t nends);
void fz_feed_close(int fd);

/* An in-memory file (memfd) for output. */
int fz_memfd(void);

/* Aborts with a message (a crash for libFuzzer) unless cond holds. */
#define FZ_CHECK(cond, ...) \
    ((cond) ? (void)0 : fz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__))
void fz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

/* Every node of the tree: spans inside the source, children inside
   their collection, parents and alias targets consistent. Also looks up
   every key through y_get and the effective pairs of every mapping.
   Returns the number of nodes seen. */
uint32_t fz_check_tree(sw_arena *a, const y_doc *doc);
/* Spans of a diagnostic, its related locations and its fix. */
void fz_check_diag(const sw_diag *d);

/* FNV-1a, to derive deterministic choices from an input. */
uint64_t fz_hash(const uint8_t *data, size_t n);

#endif
