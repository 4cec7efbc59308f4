/*
 * The human formats: concise (one line per finding) and text (the line,
 * the source excerpt with a gutter and an underline of the exact span, and
 * the help and note lines). Carets align under tabs, CJK and emoji.
 */
#include "output.h"

#include <string.h>

#include "rule.h"
#include "utf8.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_BLUE "\033[1;34m"

static const char *sev_color(sw_severity s)
{
    switch (s) {
    case SW_SEV_ERROR: return "\033[1;31m";
    case SW_SEV_WARNING: return "\033[1;33m";
    default: return "\033[1;36m";
    }
}

sw_range sw_diag_range(const sw_source *src, uint32_t start, uint32_t end)
{
    sw_pos a = sw_source_pos(src, start, SW_UNIT_CP);
    sw_pos b = sw_source_pos(src, end, SW_UNIT_CP);
    return (sw_range){a.line + 1, a.col + 1, b.line + 1, b.col + 1};
}

void sw_fmt_concise(sw_buf *b, const sw_diag *d, bool color)
{
    sw_range r = sw_diag_range(d->src, d->start, d->end);
    if (color)
        sw_buf_printf(b, C_BOLD "%s:%u:%u:" C_RESET " %s%s:" C_RESET " %s " C_DIM "[%s]" C_RESET "\n",
                      d->src->path, r.line, r.col, sev_color(d->sev), sw_sev_name(d->sev),
                      d->msg, d->rule->code);
    else { /* "%s:%u:%u: %s: %s [%s]\n", without printf: a report can run to
              thousands of lines */
        sw_buf_puts(b, d->src->path);
        sw_buf_putc(b, ':');
        sw_buf_putu(b, r.line);
        sw_buf_putc(b, ':');
        sw_buf_putu(b, r.col);
        sw_buf_add(b, ": ", 2);
        sw_buf_puts(b, sw_sev_name(d->sev));
        sw_buf_add(b, ": ", 2);
        sw_buf_puts(b, d->msg);
        sw_buf_add(b, " [", 2);
        sw_buf_puts(b, d->rule->code);
        sw_buf_add(b, "]\n", 2);
    }
}

/* Copies the line for display (invalid bytes become U+FFFD) and builds the
   underline: the prefix keeps tabs so carets align, wide characters count 2. */
static void excerpt(const sw_source *src, uint32_t start, uint32_t end,
                    sw_buf *line_out, sw_buf *mark)
{
    uint32_t line = sw_source_line_of(src, start), len;
    const char *s = sw_source_line(src, line, &len);
    uint32_t ls = (uint32_t)(s - src->text);
    uint32_t i = 0;
    bool marked = false;
    while (i < len) {
        uint32_t cp;
        size_t k = sw_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!k) {
            k = 1;
            cp = 0xFFFD;
        }
        char enc[4];
        size_t el = sw_utf8_encode(cp, enc);
        sw_buf_add(line_out, enc, el);
        uint32_t off = ls + i;
        int w = cp == '\t' ? 1 : sw_cp_width(cp);
        for (int j = 0; j < w; j++) {
            if (off < start)
                sw_buf_putc(mark, cp == '\t' ? '\t' : ' ');
            else if (off < end || (start == end && off == start)) {
                sw_buf_putc(mark, marked ? '~' : '^');
                marked = true;
            }
        }
        i += (uint32_t)k;
    }
    if (!marked) {
        /* an empty span, or one at the end of the line */
        sw_buf_putc(mark, '^');
    }
}

void sw_fmt_text(sw_buf *b, const sw_diag *d, bool color)
{
    sw_fmt_concise(b, d, color);
    sw_range r = sw_diag_range(d->src, d->start, d->end);
    sw_buf line = {0}, mark = {0};
    excerpt(d->src, d->start, d->end, &line, &mark);
    char num[16];
    int w = snprintf(num, sizeof num, "%u", r.line);
    const char *blue = color ? C_BLUE : "", *reset = color ? C_RESET : "";
    sw_buf_printf(b, "%s%*s |%s\n", blue, w, "", reset);
    sw_buf_printf(b, "%s%s |%s %s\n", blue, num, reset, sw_buf_cstr(&line));
    sw_buf_printf(b, "%s%*s |%s %s%s%s\n", blue, w, "", reset,
                  color ? sev_color(d->sev) : "", sw_buf_cstr(&mark), reset);
    for (uint32_t i = 0; i < d->nrel; i++) {
        sw_range rr = sw_diag_range(d->rel[i].src, d->rel[i].start, d->rel[i].end);
        sw_buf_printf(b, "%*s %s=%s note: %s (%s:%u:%u)\n", w, "", blue, reset,
                      d->rel[i].msg, d->rel[i].src->path, rr.line, rr.col);
    }
    if (d->fix)
        sw_buf_printf(b, "%*s %s=%s help: %s%s\n", w, "", blue, reset, d->fix->title,
                      d->fix->safe ? " (safe fix)" : "");
    sw_buf_putc(b, '\n');
    sw_buf_release(&line);
    sw_buf_release(&mark);
}
