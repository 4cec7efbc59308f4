/*
 * The rule interface. A rule is data (code, name, default severity, summary,
 * flags) plus a check function that walks the service model or the YAML tree
 * and reports findings through sw_report(). Fixes are attached to the
 * finding as byte edits when the rule knows one; `safe` fixes are what
 * --fix applies, the others are editor quick-fixes. The registry in
 * rules/registry.c lists every rule in code order.
 */
#ifndef SW_RULE_H
#define SW_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "source.h"
#include "ydoc.h"
#include "yscalar.h"

enum {
    SW_RULE_FIXABLE = 1u << 0,   /* may carry a safe fix (--fix, [*] in listings) */
    SW_RULE_DEPRECATION = 1u << 1, /* findings get the LSP Deprecated tag */
    SW_RULE_POST = 1u << 2         /* runs after suppressions are applied (WS099) */
};

struct sw_suppressions;
struct sw_resolver;
struct sw_xfile;

typedef struct sw_opts {
    int as_of;                   /* judging date, yyyymmdd */
    bool no_sources;
    const char *stage, *region;  /* --stage, --region (NULL: not given) */
    const char *const *params;   /* --param KEY=VALUE */
    size_t nparams;
    bool env;                    /* --env: env: variables read the environment */
    bool isolated;               /* --isolated: a missing ${file()} is unknown */
    const signed char *sev;      /* per registry index: -1 default, 0 off, else a severity */
} sw_opts;

typedef struct sw_ctx {
    sw_arena *a;
    const sw_source *src;
    const y_doc *doc;
    const sw_service *svc;
    const sw_opts *opts;
    const struct sw_rule *rule;  /* the rule being run */
    sw_diags *out;
    struct sw_suppressions *sup; /* the document's suppression comments */
    const struct sw_resolver *res; /* variable resolution: included files, problems */
    struct sw_xfile *xfile;      /* handler sources (xfile.h); NULL with --no-sources */
} sw_ctx;

/* Whether the rule runs in this analysis (not turned off). */
bool sw_rule_enabled(const sw_ctx *c, const struct sw_rule *r);

typedef struct sw_rule {
    const char *code;            /* "WS030": stable forever */
    const char *name;            /* "authorizer-not-on-connect": stable once shipped */
    const char *summary;         /* one line, lowercase */
    sw_severity severity;        /* default */
    unsigned flags;
    void (*check)(sw_ctx *c);
} sw_rule;

extern const sw_rule *const sw_rules[];
extern const size_t sw_nrules;
/* By code (case-insensitive) or name; NULL when unknown. */
const sw_rule *sw_rule_find(const char *code_or_name);
int sw_rule_index(const sw_rule *r);

/* Reports a finding on a node's span (sev 0: the rule's default). */
sw_diag *sw_report(sw_ctx *c, const y_node *at, sw_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
sw_diag *sw_report_span(sw_ctx *c, uint32_t start, uint32_t end, sw_severity sev,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Reports bytes [start, end) of the file that holds node in (the service or
   an included file). sw_report_span always means the service's text. */
sw_diag *sw_report_in(sw_ctx *c, const y_node *in, uint32_t start, uint32_t end,
                      sw_severity sev, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void sw_add_related(sw_ctx *c, sw_diag *d, const y_node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same for bytes [start, end) of any source: a handler file's. */
sw_diag *sw_report_src(sw_ctx *c, const sw_source *src, uint32_t start, uint32_t end,
                       sw_severity sev, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void sw_add_related_src(sw_ctx *c, sw_diag *d, const sw_source *src, uint32_t start,
                        uint32_t end, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Fix building: a fix is a title plus byte edits of the original text. */
sw_fix *sw_fix_new(sw_ctx *c, sw_diag *d, bool safe, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void sw_fix_edit(sw_ctx *c, sw_fix *f, uint32_t start, uint32_t end, const char *text);
/* Replaces a scalar's text with s, keeping its quoting style where it can;
   returns false (and adds nothing) when it cannot do so safely. */
bool sw_fix_scalar(sw_ctx *c, sw_fix *f, const y_node *n, const char *s);
/* Deletes a key and its value: whole lines in block style, the entry and
   its comma in flow style. Returns false when it cannot do so safely. */
bool sw_fix_delete_pair(sw_ctx *c, sw_fix *f, const y_node *key, const y_node *val);
/* Deletes one item of a sequence: its "- item" line in block style (only
   when the item fits on that line), the item and one comma in flow style. */
bool sw_fix_delete_item(sw_ctx *c, sw_fix *f, const y_node *seq, const y_node *item);
/* Start of a scalar's own text, after any tag or anchor. */
uint32_t sw_scalar_text_start(const sw_source *s, const y_node *n);

/* Reading the text around an edit. A key written in mapping map itself
   (not merged in), which a fix may edit in place; the column of off when
   only spaces precede it on its line (a block key that starts its line),
   else -1; where the line after `line` starts (the text's end after the
   last line); the line break the file uses on the line holding off ("\n"
   on a last line without one). */
bool sw_own_key(const y_node *key, const y_node *map);
int sw_key_column(const sw_source *s, uint32_t off);
uint32_t sw_line_next(const sw_source *s, uint32_t line);
const char *sw_line_break(const sw_source *s, uint32_t off);
/* A scalar written in place (no alias, tag or anchor) that a fix may edit. */
bool sw_scalar_in_place(const sw_ctx *c, const y_node *raw);
/* Text for a flow mapping entry: s as a value (double-quoted in a JSON
   file, plain when YAML allows it, else single-quoted; NULL when it cannot
   be quoted so), and the entry "k: v" ("\"k\": v" in a JSON file). */
const char *sw_flow_str(sw_ctx *c, const char *s);
const char *sw_flow_pair(sw_ctx *c, const char *k, const char *v);
/* Inserts entry ("k: v") before key, a key written in map itself: on a
   line of its own at the key's column in block style, followed by ", " in
   flow style. Returns false (and adds nothing) when it cannot. */
bool sw_fix_insert_before(sw_ctx *c, sw_fix *f, const y_node *map, const y_node *key,
                          const char *entry);
/* Appends entry after the last pair of a complete mapping: on a new line
   at the last key's column in block style (only when the last value ends
   where its text does), after ", " in flow style. */
bool sw_fix_append_entry(sw_ctx *c, sw_fix *f, const y_node *map, const char *entry);
/* Inserts entry as the first pair of mapping m (deref'd): right after the
   '{' of a flow mapping, or on a line of its own before the first key of a
   non-empty block mapping, at that key's column and ended by the file's
   line break, like the two above. */
bool sw_fix_prepend_entry(sw_ctx *c, sw_fix *f, const y_node *m, const char *entry);

/* The severity a rule reports at when C2 applies (configValidationMode: error). */
sw_severity sw_schema_sev(const sw_ctx *c);

/* Near-miss suggestion: the candidate closest to s (case-insensitive
   Damerau-Levenshtein, at most maxdist), or NULL. */
const char *sw_nearest(const char *s, const char *const *cands, int maxdist);
int sw_edit_distance(const char *a, const char *b, bool fold_case);

#endif
