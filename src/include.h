/*
 * The files a service reads through ${file(...)}, for the resolver
 * (resolve.c): each is read once and parsed into a document of its own;
 * the include graph (who includes whom) finds a cycle before it is made and
 * shows it as its chain of files; and the limits hold: a file outside the
 * project (the repository holding the service, else the service directory;
 * symlinks that lead out count) is never read, nor one past the caps on
 * size, number of files and include depth. Those are reported (WS094)
 * rather than followed.
 */
#ifndef SW_INCLUDE_H
#define SW_INCLUDE_H

#include "resolve.h"

#define SW_INC_MAX_FILES 128                         /* included files per service */
#define SW_INC_MAX_DEPTH 32                          /* serverless.yml -> a -> b: b is 2 deep */
#define SW_INC_MAX_SIZE ((size_t)16 * 1024 * 1024)   /* one included file */
#define SW_INC_MAX_TOTAL ((size_t)256 * 1024 * 1024) /* all of them */

typedef enum {
    SW_INC_OK,       /* the file, parsed */
    SW_INC_MISSING,  /* Serverless cannot read it (why): a fallback applies */
    SW_INC_UNREAD,   /* slsws does not read it (why: outside the project, past a
                        cap): its value is unknown, with or without a fallback */
    SW_INC_SOFT      /* cannot be read under --isolated: unknown, nothing said */
} sw_inc_status;

/* The file rel (as written in ${file()}; relative to the service directory)
   included by the scalar ref. On SW_INC_OK *out is set, otherwise *why
   says what is wrong in a message part ("file './x.yml' ..."). */
sw_inc_status sw_include_file(sw_resolver *r, const char *rel, const y_node *ref,
                              sw_include **out, const char **why);

#endif
