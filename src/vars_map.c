/*
 * Where a variable sits in the file (see sw_vars_map in vars.h): offsets
 * into a scalar's decoded text, which vars.c parses, mapped back to bytes
 * of the source for findings and fixes. Plain scalars map one to one;
 * quoted ones on one line are walked, with their '' and one-character
 * backslash escapes taking two bytes for one.
 */
#include "vars.h"

#include <string.h>

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* After a tag and an anchor (as sw_scalar_text_start in report.c). */
static uint32_t text_start(const sw_source *src, const y_node *n)
{
    uint32_t i = n->start;
    const char *t = src->text;
    for (int k = 0; k < 2; k++) {
        if (i < n->end && (t[i] == '!' || t[i] == '&')) {
            while (i < n->end && !blank(t[i]))
                i++;
            while (i < n->end && blank(t[i]))
                i++;
        }
    }
    return i;
}

bool sw_vars_map(const sw_source *src, const y_node *n, uint32_t start, uint32_t end,
                 uint32_t *os, uint32_t *oe)
{
    *os = n ? n->start : 0;
    *oe = n ? n->end : 0;
    if (!n || n->kind != Y_SCALAR || start > end || end > n->len)
        return false;
    const char *t = src->text;
    uint32_t b = text_start(src, n), e = n->end;
    if (memchr(t + b, '\n', e - b) || memchr(t + b, '\r', e - b))
        return false;
    if (n->style == Y_PLAIN) {
        if (e - b != n->len || memcmp(t + b, n->str, n->len) != 0)
            return false;
        *os = b + start;
        *oe = b + end;
        return true;
    }
    char q = n->style == Y_SQUOTED ? '\'' : n->style == Y_DQUOTED ? '"' : 0;
    if (!q || e < b + 2 || t[b] != q || t[e - 1] != q)
        return false;
    /* walk the quoted text: '' and one-character escapes are 2 bytes for 1 */
    uint32_t d = 0, k = b + 1, ms = 0, me = 0;
    for (;; d++) {
        if (d == start)
            ms = k;
        if (d == end)
            me = k;
        if (k >= e - 1)
            break;
        if (q == '"' && t[k] == '\\' && (k + 1 >= e - 1 || strchr("xuUN_LP", t[k + 1])))
            return false;
        k += (q == '\'' && t[k] == '\'') || (q == '"' && t[k] == '\\') ? 2 : 1;
    }
    if (d != n->len)
        return false;
    *os = ms;
    *oe = me;
    return true;
}
