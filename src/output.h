/*
 * Output formats of `slsws check` (CLI.md): text (header, source line with
 * gutter, ^~~~ underline, help), concise (the header line alone, gcc style),
 * json (one object for the whole run), sarif (one SARIF 2.1.0 log for the
 * run) and github (workflow-command annotations). Lines are 1-based,
 * columns are 1-based code points, ends are exclusive.
 */
#ifndef SW_OUTPUT_H
#define SW_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "diag.h"

typedef struct sw_range {
    unsigned line, col, end_line, end_col;   /* 1-based, code points, end exclusive */
} sw_range;

sw_range sw_diag_range(const sw_source *src, uint32_t start, uint32_t end);

void sw_fmt_concise(sw_buf *b, const sw_diag *d, bool color);
void sw_fmt_text(sw_buf *b, const sw_diag *d, bool color);
/* A JSON object for d, as CLI.md shows it (fix only when safe). */
json_t *sw_diag_json(const sw_diag *d);
/* A new array of arr's items sorted stably by the string each has at
   key(item) (files come in argument order, each one's list sorted). */
json_t *sw_json_sorted(json_t *arr, const char *(*key)(const json_t *item));
/* sarif: a SARIF result object for d; sw_sarif_print writes the log of the
   whole run (every registered rule, the results sorted by URI). */
json_t *sw_sarif_result(const sw_diag *d);
void sw_sarif_print(FILE *out, json_t *results);
/* github: the workflow command (annotation) line for d. */
void sw_fmt_github(sw_buf *b, const sw_diag *d);

#endif
