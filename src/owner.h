/*
 * Which service owns a handler file, for `slsws check src/chat.js` and the
 * pre-commit hook that re-checks a service when only its code changed. The
 * service files (serverless.yml, .yaml, .json) in the file's directory and
 * every directory above it, up to the repository root (a directory holding
 * .git) or the filesystem root, are analysed without rules; an owner is one
 * with a function whose handler resolves (xfile.h) to that file. Each
 * candidate is analysed at most once per sw_owners, and sw_owners_claim
 * makes every service file linted once per run, however many of its
 * handler files (or paths naming it) are given.
 */
#ifndef SW_OWNER_H
#define SW_OWNER_H

#include <stdbool.h>

#include "fsutil.h"
#include "rule.h"

typedef enum {
    SW_INPUT_SERVICE,   /* .yml, .yaml, .json or no extension: linted as a service */
    SW_INPUT_SOURCE,    /* .js .mjs .cjs .ts .mts .cts .py: lint the services using it */
    SW_INPUT_OTHER      /* anything else (README.md): not something slsws lints */
} sw_input_kind;

/* By the extension of the file name alone. */
sw_input_kind sw_input_kind_of(const char *path);

typedef struct sw_owners sw_owners;

/* opts (variables: stage, region, params) must outlive the result; its
   rules and --no-sources do not matter, owners are found from sources. */
sw_owners *sw_owners_new(const sw_opts *opts);
void sw_owners_free(sw_owners *o);

/* true the first time the service file at path (compared by real path) is
   claimed; a path that does not resolve is never recorded. */
bool sw_owners_claim(sw_owners *o, const char *path);

/* Appends to out the unclaimed service files that use file, nearest first
   (in a directory: serverless.yml, .yaml, .json), each relative to the
   working directory (with ../ when above it). Returns 0, or -1 with errno
   set when file cannot be resolved. */
int sw_owners_find(sw_owners *o, const char *file, sw_paths *out);

#endif
