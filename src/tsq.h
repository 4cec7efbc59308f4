/*
 * tree-sitter queries over handler sources (JavaScript, TypeScript, Python).
 * The grammars are the pinned ABI-14 packages under grammar/ (README.md
 * there); their queries, grammar/queries/<lang>/<name>.scm, are embedded at
 * build time. This module owns one parser and the compiled queries per
 * language, made lazily once per process, and evaluates the text predicates
 * itself because the C API only hands them back: #eq?, #not-eq?, #match?,
 * #not-match? (POSIX extended regex), #any-of? and #not-any-of?. Results are
 * copied into an arena, so no tree-sitter object outlives a call.
 */
#ifndef SW_TSQ_H
#define SW_TSQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* One embedded query file (build/gen/queries.c, from src/tools/embed_queries.c). */
typedef struct sw_query_src {
    const char *lang;      /* "javascript", "typescript", "python" */
    const char *name;      /* file name without .scm, e.g. "handlers" */
    const char *text;
} sw_query_src;
extern const sw_query_src sw_query_srcs[];
extern const unsigned sw_query_nsrcs;

typedef enum {
    SW_LANG_JAVASCRIPT, SW_LANG_TYPESCRIPT, SW_LANG_PYTHON, SW_LANG_COUNT
} sw_lang;

const char *sw_lang_name(sw_lang l);   /* "javascript", ... */

typedef struct sw_capture {
    const char *name;      /* capture name without '@' (static for the process) */
    const char *text;      /* the captured bytes, NUL-terminated, in the arena */
    uint32_t start, end;   /* byte span in the source */
    uint32_t match;        /* ordinal of its match: captures of one match share it */
    uint32_t pattern;      /* index of the pattern in the query */
} sw_capture;

typedef struct sw_tsq_result {
    sw_capture *v;         /* in match order; within a match, in capture order */
    uint32_t n;
    uint32_t nmatches;
    bool has_error;        /* the tree holds ERROR or MISSING nodes: best effort */
} sw_tsq_result;

/* Debian's tree-sitter 0.20.7 corrupts its heap when one node has 65535 or
 * more direct children (a run of that many comments, or an error region of
 * that many tokens; fixed upstream in 0.20.8, tree-sitter issue #2134), and
 * no node has more children than its source has tokens. So a source is
 * parsed only when a cheap upper bound on its tokens stays below this
 * (typical code: about one per byte, so sources up to about 60 KB). */
#define SW_TSQ_MAX_TOKENS 65000

/* Parses src as lang and runs the embedded query `name` over it. Captures
 * whose names start with '_' only feed predicates and are left out.
 * Returns 0, or -1 when the grammar or the query cannot be loaded (ABI
 * mismatch, bad query), the source has too many tokens (above), or parsing
 * failed; sw_tsq_error says which, and out is empty. A source with syntax
 * errors is not a failure. */
int sw_tsq_run(sw_arena *a, sw_lang lang, const char *name, const char *src,
               size_t len, sw_tsq_result *out);

/* The same with a query given as text, compiled for this call only (tests,
 * experiments). */
int sw_tsq_run_text(sw_arena *a, sw_lang lang, const char *query, const char *src,
                    size_t len, sw_tsq_result *out);

/* Why the last failing call failed (static storage), or "" */
const char *sw_tsq_error(void);

/* Frees the parsers and compiled queries; the next call makes them again. */
void sw_tsq_shutdown(void);

#endif
