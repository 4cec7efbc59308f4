/*
 * The dated AWS Lambda runtime table that WS070 (runtime lifecycle), WS071
 * (SDK v2 on Node 18+), WS072 (default runtime) and WS073 (runtime unknown to
 * the SF v3 schema) judge against. Each row is one runtime identifier that AWS
 * has published, retired ones included, with its deprecation, block-create and
 * block-update dates (RULES.md F30/F31, "Runtime dates"), the JavaScript SDK
 * built into Node runtimes, a suggested successor, whether Serverless Framework
 * v3.38's `provider.runtime` enum lists it, and where its dates came from. AWS
 * moves these dates often, so the table records the day it was last checked;
 * callers judge against a pinned date (`--as-of`), never against the table's.
 */
#ifndef SW_RUNTIMES_H
#define SW_RUNTIMES_H

#include <stddef.h>

typedef struct sw_runtime {
    const char *id;          /* "nodejs20.x" */
    int deprecated;          /* yyyymmdd, 0 when AWS has announced no date */
    int block_create;        /* yyyymmdd, 0 when none */
    int block_update;        /* yyyymmdd, 0 when none */
    const char *sdk;         /* JS SDK built into the runtime: "v2", "v3", or NULL (non-Node) */
    const char *successor;   /* suggested replacement id, e.g. "nodejs22.x"; NULL for current ones */
    unsigned sf3_enum : 1;   /* listed in Serverless Framework v3.38's provider.runtime enum */
    const char *source;      /* short source of the dates */
} sw_runtime;

/* "2026-11-23": the date the table was last checked against its sources */
extern const char *const sw_runtime_checked;

/* The whole table, sorted by id in byte (strcmp) order, and its length. */
extern const sw_runtime sw_runtime_table[];
extern const size_t sw_runtime_count;

/* The row whose id is exactly the len bytes at id (which need not be
 * NUL-terminated); NULL if absent. */
const sw_runtime *sw_runtime_find(const char *id, size_t len);

typedef enum { SW_RT_KNOWN, SW_RT_NEWER, SW_RT_UNKNOWN } sw_rt_class;

/* KNOWN: in the table. NEWER: not in the table but a well-formed, newer member
 * of a known family (e.g. "nodejs26.x", "python3.15", "ruby3.5", "java26",
 * "dotnet11", "provided.al2029") than the data covers. UNKNOWN: matches no
 * family pattern (typos such as "nodejs20", "python3.12x", "node20.x") or is an
 * older/unlisted member that AWS never published ("nodejs19.x", "dotnet9"). */
sw_rt_class sw_runtime_classify(const char *id, size_t len);

/* Newest table row of the same family (for suggestions), e.g. "nodejs24.x" for
 * any id whose letters are "nodejs" (including typos such as "nodejs20");
 * "dotnetcore*" belongs to the dotnet family and "go1.x" to the OS-only
 * "provided" family that AWS moved Go to. NULL if no family. */
const char *sw_runtime_family_latest(const char *id, size_t len);

#endif
