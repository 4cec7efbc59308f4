/*
 * The analysis pipeline shared by the CLI and the language server:
 * bytes -> source (line table) -> YAML tree -> service model -> rules ->
 * severity overrides -> sorted, de-duplicated diagnostics. One arena owns
 * everything an analysis makes; sw_analysis_free releases it at once.
 */
#ifndef SW_ANALYSIS_H
#define SW_ANALYSIS_H

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "resolve.h"
#include "rule.h"
#include "source.h"
#include "xfile.h"
#include "ydoc.h"

struct sw_suppressions;

typedef struct sw_analysis {
    sw_arena arena;
    sw_source src;
    y_doc *doc;
    sw_service *svc;
    sw_diags diags;
    struct sw_suppressions *sup;   /* the suppression comments found */
    sw_resolver res;               /* variables: resolved values, included files */
    sw_xfile *xfile;               /* handler sources and package.json, or NULL */
} sw_analysis;

/* text must stay alive as long as the analysis; path is copied. */
void sw_analyze(sw_analysis *an, const char *path, const char *text, size_t len,
                const sw_opts *opts);
void sw_analysis_free(sw_analysis *an);

#endif
