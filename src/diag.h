/*
 * Diagnostics: what a rule found, where (a byte span in a source), how bad,
 * what else is relevant (related locations) and how to fix it (byte edits).
 * The list sorts by file, position and code and drops exact repeats, so a
 * node reached twice through aliases is reported once.
 */
#ifndef SW_DIAG_H
#define SW_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"

typedef enum {
    SW_SEV_OFF = 0, SW_SEV_INFO = 1, SW_SEV_WARNING = 2, SW_SEV_ERROR = 3
} sw_severity;

const char *sw_sev_name(sw_severity s);
/* "error", "warning", "info", "off"; returns -1 when unknown */
int sw_sev_parse(const char *s);

typedef struct sw_edit {
    uint32_t start, end;     /* bytes of the original text to replace */
    const char *text;
} sw_edit;

typedef struct sw_fix {
    const char *title;
    sw_edit *edits;
    uint32_t n;
    bool safe;               /* applied by --fix; otherwise an editor quick-fix only */
} sw_fix;

typedef struct sw_related {
    const sw_source *src;
    uint32_t start, end;
    const char *msg;
} sw_related;

struct sw_rule;

typedef struct sw_diag {
    const struct sw_rule *rule;
    sw_severity sev;
    const sw_source *src;
    uint32_t start, end;
    const char *msg;
    sw_related *rel;
    uint32_t nrel;
    sw_fix *fix;             /* NULL when no fix is known */
    unsigned tags;           /* SW_TAG_*: how an editor may render it */
    bool moved;              /* reported where a resolved value comes from, not
                                where the rule looked: its fixes do not apply */
    bool resolved;           /* about a value variables produced: a fix would
                                replace the variables with today's value */
} sw_diag;

enum { SW_TAG_UNNECESSARY = 1u << 0, SW_TAG_DEPRECATED = 1u << 1 };

typedef struct sw_diags {
    sw_diag *v;
    uint32_t n, cap;
} sw_diags;

sw_diag *sw_diags_push(sw_diags *d);
void sw_diags_sort_dedup(sw_diags *d);
void sw_diags_release(sw_diags *d);

#endif
