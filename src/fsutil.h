/*
 * File-system helpers for the CLI: read a whole file or stream with a size
 * cap (a path must name a regular file: a FIFO or a device is refused
 * without blocking), find serverless.yml/.yaml/.json below a directory
 * (skipping node_modules, .serverless and hidden directories, never
 * following symlinked directories, so link loops cannot trap the walk, and
 * stopping 64 levels deep; what is skipped is said on stderr), find the
 * repository root above a directory, and make displayed paths relative to
 * the current directory.
 */
#ifndef SW_FSUTIL_H
#define SW_FSUTIL_H

#include <errno.h>
#include <stddef.h>
#include <stdio.h>

#define SW_MAX_FILE ((size_t)256 * 1024 * 1024)

/* The bytes of an input: read into the heap, or for a large regular file
   mapped read-only (fewer copies and page faults). */
typedef struct sw_text {
    char *p;
    size_t len;
    size_t mapped;       /* mapping length, 0 when p is from the heap */
} sw_text;

/* Reads all of f. Returns 0, or -1 with errno set (EFBIG past the cap). */
int sw_read_stream(FILE *f, sw_text *out);
/* Reads the regular file at path; anything else is refused without
   blocking: errno EISDIR for a directory, SW_ENOTREG for a FIFO, socket or
   device (a FIFO with no writer would block a reader forever). */
int sw_read_file(const char *path, sw_text *out);
/* The same with a cap of max bytes (at most SW_MAX_FILE). */
int sw_read_file_max(const char *path, size_t max, sw_text *out);
#define SW_ENOTREG ENODEV
/* What a failed read's errno means, for "cannot read 'PATH': %s". */
const char *sw_read_error(int e);
void sw_text_release(sw_text *t);

typedef struct sw_paths {
    char **v;
    size_t n, cap;
} sw_paths;
void sw_paths_push(sw_paths *p, const char *s);
void sw_paths_free(sw_paths *p);
/* Appends the service files below dir, sorted; a service-file name that is
   no regular file (a broken link), a directory that cannot be read and the
   directories past 64 levels are skipped with a notice on stderr. Returns
   -1 when dir cannot be read. */
int sw_find_services(const char *dir, sw_paths *out);
/* The real path of the nearest directory at or above dir holding .git,
   or NULL. Caller frees. */
char *sw_repo_root(const char *dir);
int sw_is_service_name(const char *path);
/* A display path: relative to the working directory when below it. Caller frees. */
char *sw_display_path(const char *path);

#endif
