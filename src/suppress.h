/*
 * Suppression comments (CLI.md): `# slsws: ignore[CODE, name] -- reason` as
 * a trailing comment covers its line; on its own line directly above a key
 * or list item it covers that node; `# slsws: ignore-file[...]` covers the
 * file. libyaml drops comments, so they are recovered from the text between
 * scalars: a `#` inside a quoted or block scalar is never a comment. Each
 * listed code records whether it silenced something, so unused ones and
 * blanket `ignore` comments become WS099 findings.
 */
#ifndef SW_SUPPRESS_H
#define SW_SUPPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "rule.h"
#include "ydoc.h"

typedef enum { SUP_LINE, SUP_NODE, SUP_FILE } sup_scope;

typedef struct sw_supcode {
    const char *text;          /* as written */
    uint32_t start, end;       /* its bytes in the comment */
    const sw_rule *rule;       /* NULL when no rule has that code or name */
    bool used;
} sw_supcode;

typedef struct sw_directive {
    sup_scope scope;
    uint32_t start, end;       /* the comment, '#' to end of line */
    uint32_t from, to;         /* the bytes it covers (line, node or file) */
    bool blanket;              /* no [list] */
    sw_supcode *codes;
    uint32_t ncodes;
} sw_directive;

typedef struct sw_suppressions {
    sw_directive *v;
    uint32_t n;
    const sw_source *src;      /* the document the directives are written in */
} sw_suppressions;

/* Finds the directives of a document. */
void sw_suppress_scan(sw_arena *a, const y_doc *doc, sw_suppressions *out);
/* Drops the findings a directive covers (marking its codes used). A
   finding in another file (an included file, a handler source) is covered
   where its first related location in this document lies (where the file is
   referenced), and by ignore-file directives. */
void sw_suppress_apply(sw_suppressions *s, sw_diags *d);

/* Every comment's span ('#' to end of line), for tools that need them. */
typedef struct sw_comment {
    uint32_t start, end;
    bool own_line;             /* nothing but blanks before it on its line */
} sw_comment;
uint32_t sw_comments(sw_arena *a, const y_doc *doc, sw_comment **out);

#endif
