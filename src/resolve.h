/*
 * Variable resolution (RULES.md "Variables"): before the model is built,
 * every scalar value holding `${...}` is evaluated as far as slsws can
 * without the cloud: `self:` paths (through merges and aliases), `opt:` and
 * `sls:stage` / `aws:region` from the command line or their defaults,
 * `param:`, `env:` through its fallback (or the environment with --env),
 * `file(...)` for YAML, JSON and .tfstate files relative to the service
 * directory and inside the project (include.h; parsed into documents of
 * their own, with their own positions),
 * and `strToBool`. A scalar whose value is known points at it (y_deref
 * follows), so every rule judges resolved values; everything else stays
 * unknown and no rule reports it. Missing references without a fallback
 * are recorded for WS093 (self) and WS094 (file). Resolution is memoised
 * per node and capped (64 nested evaluations, 200,000 evaluations, strings
 * of 1 MiB, past which a value is unknown; include.h for the includes), so
 * cycles and exponential graphs end quickly.
 */
#ifndef SW_RESOLVE_H
#define SW_RESOLVE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"
#include "ydoc.h"

struct sw_opts;

typedef struct sw_include {
    const char *path;          /* as resolved (service dir + relative path) */
    char *text;                /* owned (heap), released with the resolver */
    size_t len, mapped;
    sw_source src;
    y_doc *doc;                /* NULL while it is parsed */
    const char *bad;           /* why it resolves to nothing (not valid YAML/JSON), or NULL */
    const char *real;          /* its real path */
    int parent;                /* the file that first included it (-1: the service) */
    uint32_t depth;            /* 1 when the service includes it */
} sw_include;

typedef enum { SW_RP_SELF, SW_RP_FILE } sw_rprob_kind;

typedef struct sw_rproblem {
    sw_rprob_kind kind;
    const sw_source *src;      /* where the reference is written */
    uint32_t start, end;       /* the variable's bytes there */
    const char *msg;
} sw_rproblem;

typedef struct sw_resolver {
    sw_arena *a;
    const struct sw_opts *opts;
    const y_doc *doc;          /* the service */
    const char *dir;           /* the service directory */
    sw_include **inc;          /* included files (each allocated on its own: sources
                                  and findings point into them) */
    uint32_t ninc, capinc;
    sw_rproblem *probs;
    uint32_t nprobs, capprobs;
    uint32_t *pset, psetcap;   /* probs by place (index + 1, open addressing) */
    uint32_t budget;           /* evaluations left */
    uint32_t depth;            /* evaluation nesting */
    const char *stage_assumed; /* the stage used when none was given, for messages */
    uint64_t *incgraph;        /* include.c: who includes whom, a bit matrix */
    const char *realdir;       /* include.c: the real service directory */
    const char *project;       /* include.c: the real path files must lie below */
    int project_kind;          /* include.c: 0 not looked up yet, 1 a repository, 2 the
                                  service directory, 3 none (no real service directory) */
    size_t incbytes;           /* include.c: bytes of every file read */
    bool collections;          /* some scalar resolved to a mapping or list */
    struct sw_pslot *pslots;   /* parse cache: a scalar's text -> its sw_vparse (open
                                  addressing, resolve_parse.c) */
    uint32_t pcap, pn;
    struct sw_vparse **dvars;  /* by index in doc->dollars: sw_resolver_vars_at's answer,
                                  NULL while not asked for */
} sw_resolver;

/* Resolves every value of doc (and of the files it includes). */
void sw_resolve(sw_resolver *r, sw_arena *a, const y_doc *doc, const char *path,
                const struct sw_opts *opts);
void sw_resolver_release(sw_resolver *r);
/* The parse of a scalar's variables (vars.c), made once per text and shared
   by the resolver and the variable rules. */
struct sw_vparse;
struct sw_vparse *sw_resolver_parse(const sw_resolver *r, const y_node *n);
/* The same, or NULL when the text holds no `${` or `{$` (sw_vars_maybe),
   for the k-th scalar of the service's list (doc->dollars), kept by index. */
struct sw_vparse *sw_resolver_vars_at(const sw_resolver *r, uint32_t k);

/* The source a node belongs to (the service or an included file). */
const sw_source *sw_resolver_source(const sw_resolver *r, const y_node *n);

#endif
