/*
 * frameworkVersion ranges. The Serverless Framework refuses to run when its own
 * version does not satisfy the top-level `frameworkVersion` (npm's
 * semver.satisfies). Rules that depend on the Framework's version (amendment C4:
 * WS004, WS045, WS053, WS072, WS073, ...) parse that range here and ask about the
 * highest version it admits, or which majors it admits.
 *
 * A parsed range is a union (||) of alternatives. Each alternative (an
 * intersection of comparators) is kept as one closed interval [lo, hi] over
 * release versions: "<2.0.0" becomes hi = 1.INF.INF, ">1.2.3" becomes
 * lo = 1.2.4, so every bound is inclusive. Pre-release tags are read as the
 * release they belong to (3.0.0-beta.1 is 3.0.0), except that ">3.0.0-beta.1"
 * admits 3.0.0 as npm does; build metadata is ignored.
 */
#ifndef SW_FWVERSION_H
#define SW_FWVERSION_H

#include <stddef.h>

#define SW_FW_MAXALT 8 /* alternatives separated by || */
#define SW_FW_MAXCMP 8 /* comparators (source tokens) per alternative */
#define SW_FW_INF 0x7fffffff /* an unbounded minor or patch (or major) in hi */

typedef struct sw_fwver {
    int maj, min, pat; /* a component may be SW_FW_INF in an upper bound */
} sw_fwver;

typedef struct sw_fwspan {
    sw_fwver lo;   /* lowest admitted version (0.0.0 when unbounded) */
    sw_fwver hi;   /* highest admitted version (INF.INF.INF when unbounded) */
    int empty;     /* 1 when the alternative admits nothing (">3 <2") */
} sw_fwspan;

/* a parsed semver range: a union (||) of intersections */
typedef struct sw_fwrange {
    int nalt;
    sw_fwspan alt[SW_FW_MAXALT];
} sw_fwrange;

/* Parses an npm semver range (partial versions, x X * wildcards, ^ ~ ~>, hyphen
   ranges, comparators < <= > >= =, v prefix, pre-release and build suffixes).
   Returns 0 on success, -1 when the text is not a range we understand (then
   callers make no version-dependent claim); blank text is -1. s need not be
   NUL-terminated. No heap allocation: more than SW_FW_MAXALT alternatives or
   SW_FW_MAXCMP comparators in one alternative returns -1. */
int sw_fw_parse(const char *s, size_t len, sw_fwrange *out);

/* 1 when the highest version the range admits is below maj.min.0 (every
   admitted version predates maj.min); 0 otherwise and for an empty range. */
int sw_fw_max_below(const sw_fwrange *r, int maj, int min);

/* 1 when the highest admitted version is at or past maj.min.0; 0 otherwise and
   for an empty range. */
int sw_fw_max_at_least(const sw_fwrange *r, int maj, int min);

/* 1 when some admitted version has this major. */
int sw_fw_admits_major(const sw_fwrange *r, int maj);

/* The major when every admitted version shares one major, else -1 (also for an
   unbounded or empty range). */
int sw_fw_pinned_major(const sw_fwrange *r);

#endif
