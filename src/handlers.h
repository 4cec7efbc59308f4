/*
 * Handler sources: `handler: dir/file.export` resolved to the JavaScript,
 * TypeScript or Python file behind a function, and what that file holds,
 * read with the tree-sitter queries of grammar/queries (tsq.h): the names
 * it exports, its calls to the API Gateway management API, and its AWS SDK
 * imports. Files are looked up relative to the service directory, by the
 * runtime's family (node: .js .mjs .cjs .ts .mts .cts in that order, python:
 * .py then a package's __init__.py; other runtimes are skipped). Each file
 * is looked up at most once per sw_handlers (one per analysis), however
 * many functions use it, and each directory candidates sit in is listed
 * once (dircache.h), so a candidate that does not exist costs no stat. Its
 * facts come from the caches of hcache.h when
 * its bytes were seen before (in this process, or on disk), else from the
 * queries; the sw_srcfile is the analysis' own (arena) copy whose text,
 * line table and lists point into a shared cache entry, held until
 * sw_handlers_release. A file that cannot be read or parsed is never an
 * error: it is marked.
 */
#ifndef SW_HANDLERS_H
#define SW_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "dircache.h"
#include "source.h"
#include "tsq.h"

typedef enum { SW_FAMILY_NONE, SW_FAMILY_NODE, SW_FAMILY_PYTHON } sw_family;

/* "nodejs20.x" -> NODE, "python3.12" -> PYTHON, anything else -> NONE.
 * NULL stands for an unset runtime, whose framework default is Node. */
sw_family sw_handler_family(const char *runtime);

typedef enum {
    SW_EXP_CJS,         /* exports.x = / module.exports.x = / exports['x'] = /
                           Object.defineProperty(exports, 'x', ...) */
    SW_EXP_CJS_OBJECT,  /* module.exports = { x, y: fn, z() {} } (TS: export = {...}) */
    SW_EXP_ESM,         /* export const|let|var|function|async function|class x */
    SW_EXP_CLAUSE,      /* export { a as x } / export { x } / export * as x from */
    SW_EXP_DEFAULT,     /* export default ...: the name is "default" */
    SW_EXP_PY_DEF,      /* module-level def x / async def x (decorated or not) */
    SW_EXP_PY_CLASS,    /* module-level class X */
    SW_EXP_PY_ASSIGN,   /* module-level x = ... */
    SW_EXP_PY_IMPORT    /* module-level from m import x [as y] / import m as y */
} sw_export_kind;

typedef struct sw_export {
    const char *name;
    sw_export_kind kind;
    uint32_t start, end;        /* the name where it is exported (for `export { a as x }`
                                   the x; for export default, the word default) */
    const char *params;         /* "(event, context)" (or "event" for `event => ...`)
                                   when the exported value is a function literal, else NULL */
    uint32_t params_start, params_end;
    uint32_t value_start, value_end;
                                /* the function the export names, 0/0 when unknown: the
                                   function, arrow, generator or method node, the whole
                                   function_declaration (JS/TS: `export function x`,
                                   `export default function`) or function_definition
                                   (Python: without its decorators), a Python lambda.
                                   An identifier (`exports.x = x`, `{ x }`, `export
                                   { a as x }`, `export default a`, Python `x = a`) is
                                   followed one level, to a top-level `function a` or
                                   `const|let|var a = <function or arrow>` (the last
                                   one), or a module-level `def a` */
} sw_export;

typedef enum {
    SW_USE_POST,        /* .postToConnection( / .post_to_connection( : the method name */
    SW_USE_COMMAND,     /* new PostToConnectionCommand( : the class name (SDK v3) */
    SW_USE_CLIENT,      /* new ApiGatewayManagementApi[Client]( or X.ApiGatewayManagementApi
                           (X not AWS), boto3 client('apigatewaymanagementapi'): the class or
                           the service name */
    SW_USE_CLIENT_V2,   /* new AWS.ApiGatewayManagementApi( : AWS.ApiGatewayManagementApi */
    SW_USE_GONE,        /* GoneException or 410 is mentioned: stale connections are handled */
    SW_USE_SDK_V2,      /* require/import of 'aws-sdk' or 'aws-sdk/...': the module name */
    SW_USE_SDK_V3,      /* require/import of '@aws-sdk/...': the module name (TypeScript:
                           not `import type`, nor an import of only `{ type X }`s, which
                           the compiler erases; the same holds for SW_USE_SDK_V2) */
    SW_USE_ENDPOINT,    /* X in new [Y.]ApiGatewayManagementApiClient({ endpoint: X }) or
                           { endpoint }, the same for new [Y.]ApiGatewayManagementApi (Y
                           not AWS) unless the file imports SDK v2 and not v3; Python X in
                           [boto3.|session.]client('apigatewaymanagementapi', endpoint_url=X) */
    SW_USE_ENDPOINT_V2  /* X in new AWS.ApiGatewayManagementApi({ endpoint: X }), or in
                           new [Y.]ApiGatewayManagementApi({ ... }) in a file that imports
                           SDK v2 and not v3 (v2 accepts an endpoint without a scheme).
                           For both: X an identifier (or the shorthand { endpoint }) is
                           followed to the initializer of the file's only declaration of
                           that name (JS/TS: const|let|var X = ..., Python: X = ...); with
                           none or several, the span is the identifier's */
} sw_use_kind;

typedef struct sw_api_use {
    sw_use_kind kind;
    uint32_t start, end;
} sw_api_use;

typedef struct sw_srcfile {
    const char *path;           /* as opened: service directory + rel */
    const char *rel;            /* relative to the service directory: "src/app.js" */
    sw_lang lang;
    sw_source src;              /* text (arena copy) and line table, for findings;
                                   empty when the file could not be read */
    bool parsed;                /* false: unreadable, too large, or the grammar failed:
                                   nothing below is known */
    bool has_error;             /* syntax errors: the lists below may be incomplete */
    bool exports_open;          /* export *, module.exports = expr, spread, computed key,
                                   from m import *: names beyond the list may exist */
    uint32_t open_start, open_end;   /* the first such construct */
    sw_export *exports;         /* by start offset; a name may repeat (overloads,
                                   reassignment) */
    uint32_t nexports;
    sw_api_use *uses;           /* by start offset */
    uint32_t nuses;
    bool sdk_v2;                /* some SW_USE_SDK_V2 or SW_USE_CLIENT_V2 */
    bool posts;                 /* some SW_USE_POST or SW_USE_COMMAND */
} sw_srcfile;

/* The first export of that name, or NULL. */
const sw_export *sw_srcfile_export(const sw_srcfile *f, const char *name);
/* The first use of that kind, or NULL. */
const sw_api_use *sw_srcfile_use(const sw_srcfile *f, sw_use_kind kind);

typedef struct sw_hslot sw_hslot;
struct sw_hheld;

/* The per-analysis cache of handler files, keyed by path. */
typedef struct sw_handlers {
    sw_arena *a;
    const char *dir;            /* the service directory, "." when none */
    size_t dirlen;
    sw_hslot *slots;            /* open addressing, in the arena: the paths looked up
                                   with a stat (resolution enters only those its
                                   directory listing may hold) */
    uint32_t cap, n;
    uint32_t nparsed;           /* files whose facts are known so far (parsed now or
                                   taken from a cache) */
    struct sw_hheld *held;      /* the cache entries handed out (hcache.h) */
    sw_dircache dirs;           /* the directories resolution listed */
} sw_handlers;

void sw_handlers_init(sw_handlers *h, sw_arena *a, const char *service_dir);
/* Lets go of the shared entries behind the files handed out: call it
 * before the arena goes (sw_xfile_release does); NULL is fine. */
void sw_handlers_release(sw_handlers *h);
/* --no-cache: no disk cache of handler-file facts (hcache.h) for the rest
 * of the process; the one in memory stays. */
void sw_handlers_no_disk_cache(void);

/* The file at rel (relative to the service directory; its extension gives
 * the language), read and parsed on first use. NULL when it does not exist
 * as a regular file or its extension is not one of the handler languages.
 * A path not looked up before is stat'ed now, whatever the listings say (the
 * editor completes from files it has just found). */
const sw_srcfile *sw_handlers_file(sw_handlers *h, const char *rel);

/* The listing of the directory module's candidates sit in (the service
 * directory joined with module, up to its last '/'), as resolution saw it. */
const sw_dirlist *sw_handlers_listing(sw_handlers *h, const char *module);

/* A `handler:` value split as the runtime does. Node (Lambda's rule): the
 * module is the path up to the first '.' after the last '/', the export the
 * next dot-free part, member the rest ("app.v1.run": module "app", name
 * "v1", member "run"). Python: the module is everything before the last '.'
 * with the dots of its path components read as '/'. Offsets are bytes into
 * the handler string, for spans inside the YAML scalar. */
typedef struct sw_handler_ref {
    const char *module;         /* "src/app", without extension, "./" dropped */
    const char *name;           /* "handler" */
    const char *member;         /* node: nested property path after name, or NULL */
    sw_family family;
    uint32_t module_len;        /* handler[0, module_len) is the module part */
    uint32_t name_off, name_len;
} sw_handler_ref;

/* false when the handler cannot be read that way: no '.', an empty part,
 * whitespace, or family NONE. */
bool sw_handler_parse(sw_arena *a, const char *handler, sw_family family, sw_handler_ref *out);

typedef struct sw_handler_res {
    sw_handler_ref ref;
    const sw_srcfile *file;     /* the first candidate that exists, or NULL (WS085) */
    const char **tried;         /* the candidates, relative to the service directory,
                                   in the order they were tried */
    const sw_export *export;    /* file's first export named ref.name, or NULL (WS086,
                                   unless !file->parsed, file->has_error or
                                   file->exports_open) */
    uint32_t ntried;
} sw_handler_res;

/* Resolves a function's handler for its effective runtime (NULL: unset).
 * For node, when no file fits Lambda's split and the handler has more dots,
 * the split at the last dot is tried too (bundler plugins such as
 * serverless-esbuild read "src/app.v2.run" as src/app.v2 + run). Returns
 * false when nothing can be checked (skipped runtime, malformed handler). */
bool sw_handler_resolve(sw_handlers *h, const char *handler, const char *runtime,
                        sw_handler_res *out);

#endif
