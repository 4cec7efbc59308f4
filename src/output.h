/*
 * Output formats of `slsws check` (CLI.md): text (header, source line with
 * gutter, ^~~~ underline, help), concise (the header line alone, gcc style)
 * and json (one object for the whole run). Lines are 1-based, columns are
 * 1-based code points, ends are exclusive.
 */
#ifndef SW_OUTPUT_H
#define SW_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>

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

#endif
