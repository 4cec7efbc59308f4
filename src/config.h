/*
 * The configuration file `.slsws.yml` (CLI.md): found from the linted
 * file's directory upward, stopping at the repository root (a directory
 * holding .git). Keys: `rules` (code or name -> error|warning|info|off),
 * `fail-level`, `ignore-paths` (globs relative to the file's directory) and
 * `as-of`. Anything else, or a value of the wrong kind, is an error with
 * its position: a bad config file is never silently ignored.
 */
#ifndef SW_CONFIG_H
#define SW_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sw_config {
    char *path;               /* the file, NULL for "no config" */
    char *dir;                /* its directory, for ignore-paths */
    signed char sev[256];     /* per registry index: -1 unset, 0 off, else a severity */
    int fail_level;           /* -1 unset */
    int as_of;                /* yyyymmdd, 0 unset */
    char **ignore;
    size_t nignore;
} sw_config;

/* Loads path into cfg. Returns 0, or -1 with a message in err
   ("path:line:col: what is wrong"). */
int sw_config_load(const char *path, sw_config *cfg, char *err, size_t errlen);
void sw_config_free(sw_config *cfg);
/* The .slsws.yml governing files in dir, or NULL (malloc'd). */
char *sw_config_find(const char *dir);
/* True when file (a path as given) matches one of cfg's ignore-paths. */
bool sw_config_ignores(const sw_config *cfg, const char *file);
/* yyyymmdd from "YYYY-MM-DD", or -1. */
int sw_parse_date(const char *s);

#endif
