/*
 * The github format: one GitHub Actions workflow command per finding
 * (ECOSYSTEM.md section 3), which the runner turns into an annotation on
 * the file and line:
 *
 *   ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=WS030::message
 *
 * warning for warnings, notice for infos. Property values escape % CR LF
 * : and , as actions/toolkit does; the message escapes % CR LF. Columns are
 * code points with an exclusive end, as in every format; a span that ends
 * with line breaks ends on its last character's line, and a span over
 * several lines has no columns (annotations support columns on one line).
 */
#include "output.h"

#include "rule.h"

static void escape(sw_buf *b, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': sw_buf_puts(b, "%25"); break;
        case '\r': sw_buf_puts(b, "%0D"); break;
        case '\n': sw_buf_puts(b, "%0A"); break;
        case ':': sw_buf_puts(b, property ? "%3A" : ":"); break;
        case ',': sw_buf_puts(b, property ? "%2C" : ","); break;
        default: sw_buf_putc(b, *s);
        }
    }
}

static const char *command_of(sw_severity s)
{
    switch (s) {
    case SW_SEV_ERROR: return "error";
    case SW_SEV_WARNING: return "warning";
    default: return "notice";
    }
}

void sw_fmt_github(sw_buf *b, const sw_diag *d)
{
    uint32_t end = d->end <= d->src->len ? d->end : d->src->len;
    while (end > d->start && (d->src->text[end - 1] == '\n' || d->src->text[end - 1] == '\r'))
        end--;
    sw_range r = sw_diag_range(d->src, d->start, end);
    sw_buf_printf(b, "::%s file=", command_of(d->sev));
    escape(b, d->src->path, true);
    sw_buf_printf(b, ",line=%u", r.line);
    if (r.line == r.end_line)
        sw_buf_printf(b, ",col=%u,endLine=%u,endColumn=%u", r.col, r.end_line, r.end_col);
    else
        sw_buf_printf(b, ",endLine=%u", r.end_line);
    sw_buf_puts(b, ",title=");
    escape(b, d->rule->code, true);
    sw_buf_puts(b, "::");
    escape(b, d->msg, false);
    sw_buf_putc(b, '\n');
}
