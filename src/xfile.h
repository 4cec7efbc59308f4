/*
 * Cross-file facts for the *xfile* rules and the editor: each function's
 * handler resolved to its source file (handlers.h) under the function's
 * effective runtime, and the dependencies the nearest package.json above a
 * source file declares (read with jansson, one read per directory). Built
 * once per analysis after the variables are resolved, so a handler or a
 * runtime written as a resolvable variable counts as its value; absent with
 * --no-sources, and for a text with no file behind it (an editor buffer
 * never saved).
 */
#ifndef SW_XFILE_H
#define SW_XFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "handlers.h"
#include "model.h"

struct sw_opts;

typedef struct sw_fn_src {
    const sw_function *fn;
    const y_node *handler;      /* the handler value (deref'd), or NULL */
    const y_node *handler_raw;  /* as written in the function (an alias stays one) */
    const char *runtime;        /* the function's runtime, else the provider's; NULL
                                   when neither is set (the Framework's default) */
    const y_node *runtime_node; /* where that runtime is written, NULL for a default */
    bool runtime_unknown;       /* a runtime is set but slsws cannot know it */
    bool prebuilt;              /* the code comes from `package.artifact` (the
                                   function's or the service's): paths point into it */
    bool checked;               /* the handler was resolved: a known string, a node or
                                   python runtime, a handler of the form file.export */
    sw_handler_res res;
} sw_fn_src;

typedef struct sw_pkgdir sw_pkgdir;

typedef struct sw_xfile {
    sw_handlers h;
    sw_fn_src *fns;             /* one per function with a mapping, in model order */
    uint32_t nfns;
    sw_pkgdir *pkgs;            /* directories already searched for package.json */
} sw_xfile;

/* NULL when sources are off or there is no service directory. */
sw_xfile *sw_xfile_build(sw_arena *a, const sw_service *svc, const char *service_dir,
                         const struct sw_opts *opts);
/* The facts of one function, or NULL. */
const sw_fn_src *sw_xfile_fn(const sw_xfile *x, const sw_function *fn);

typedef enum {
    SW_DEP_UNKNOWN,   /* no readable package.json, or it does not parse */
    SW_DEP_ABSENT,    /* the nearest package.json does not list it */
    SW_DEP_DEV,       /* only in devDependencies */
    SW_DEP_PROD       /* in dependencies (or optional, peer or bundled ones) */
} sw_dep;

/* What the nearest package.json above file (its own directory first, then
   upward to the filesystem root) says about package dep. *pkg gets that
   package.json's display path (NULL when none was found). */
sw_dep sw_xfile_dep(sw_xfile *x, const sw_srcfile *file, const char *dep, const char **pkg);

/* The handler file whose text src is (findings in handler sources carry
   &file->src), or NULL. */
const sw_srcfile *sw_xfile_source(const sw_xfile *x, const sw_source *src);

/* Frees what jansson holds and lets go of the shared handler-file entries
   (the rest lives in the arena); NULL is fine. */
void sw_xfile_release(sw_xfile *x);

#endif
