/*
 * Command-line parsing the subcommands share: an option's value given as
 * `--name VALUE` or `--name=VALUE`, usage errors in one format ("slsws:
 * ...", then "Try 'slsws CMD --help'.", exit 2), and the options that shape
 * an analysis the same way in `check` and `routes`: --stage, --region,
 * --param, --env, --isolated and --no-sources.
 */
#ifndef SW_CLIOPT_H
#define SW_CLIOPT_H

#include <stdbool.h>

#include "fsutil.h"
#include "rule.h"

/* Prints the usage error (fmt has one %s for arg) and returns 2. */
int sw_usage_error(const char *cmd, const char *fmt, const char *arg);
/* Whether a is --name or --name=...; its value (advancing *i past a
   separate one), or NULL when it has none. */
bool sw_is_opt(const char *a, const char *name);
const char *sw_opt_value(int argc, char **argv, int *i, const char *name);

/* When argv[*i] is one of the analysis options, takes it (and its value)
   into o (--param values collect in params, which o->params points at once
   parsing is done) and returns true, with *rc 2 after a usage error. */
bool sw_analysis_opt(const char *cmd, int argc, char **argv, int *i, sw_opts *o,
                     sw_paths *params, int *rc);

#endif
