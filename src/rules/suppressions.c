/*
 * WS099 unused-suppression: a `# slsws: ignore[...]` that silences nothing
 * (its code never fired there, or names no rule), or a blanket `ignore`
 * with no list. Runs after the suppressions were applied, and judges only
 * codes whose rules ran, so --select and `off` never make a comment look
 * unused.
 */
#include "../rule.h"
#include "../suppress.h"

#include <string.h>

/* Removes code k from the directive's list, or the whole comment when it
   is the only one (its line too when the comment stands alone). */
static void fix_remove(sw_ctx *c, sw_diag *d, const sw_directive *dir, uint32_t k)
{
    const char *t = c->src->text;
    sw_fix *f = sw_fix_new(c, d, true, dir->ncodes > 1 ? "remove '%s' from the list"
                                                       : "remove the suppression comment",
                           dir->codes[k].text);
    if (dir->ncodes > 1) {
        uint32_t a = dir->codes[k].start, b = dir->codes[k].end;
        if (k + 1 < dir->ncodes) {
            b = dir->codes[k + 1].start; /* "A, B" -> "B" */
        } else {
            while (a > dir->start && t[a - 1] != ',')
                a--;
            if (a > dir->start)
                a--; /* "A, B" -> "A" */
        }
        sw_fix_edit(c, f, a, b, "");
        return;
    }
    const sw_source *s = c->src;
    uint32_t line = sw_source_line_of(s, dir->start), ls = s->lines[line], a = dir->start;
    while (a > ls && (t[a - 1] == ' ' || t[a - 1] == '\t'))
        a--;
    if (a == ls) /* alone on its line: the line goes */
        sw_fix_edit(c, f, ls, sw_line_next(s, line), "");
    else
        sw_fix_edit(c, f, a, dir->end, "");
}

static void check_ws099(sw_ctx *c)
{
    const sw_suppressions *sup = c->sup;
    for (uint32_t i = 0; sup && i < sup->n; i++) {
        const sw_directive *dir = &sup->v[i];
        if (dir->blanket) {
            sw_report_span(c, dir->start, dir->end, 0,
                           "blanket suppression: 'slsws: ignore' needs the codes it "
                           "silences, as in '# slsws: ignore[WS030]'; name them");
            continue;
        }
        for (uint32_t k = 0; k < dir->ncodes; k++) {
            const sw_supcode *sc = &dir->codes[k];
            sw_diag *d;
            if (!sc->rule) {
                d = sw_report_span(c, sc->start, sc->end, 0,
                                   "unknown rule '%s' in a suppression comment; use a code "
                                   "or name from 'slsws rules'",
                                   sc->text);
            } else if (sc->used || !sw_rule_enabled(c, sc->rule) || sc->rule == c->rule) {
                continue;
            } else {
                d = sw_report_span(c, sc->start, sc->end, 0,
                                   "unused suppression: %s reports nothing %s; remove it",
                                   sc->rule->code,
                                   dir->scope == SUP_LINE   ? "on this line"
                                   : dir->scope == SUP_NODE ? "in the node below"
                                                            : "in this file");
            }
            d->tags |= SW_TAG_UNNECESSARY;
            fix_remove(c, d, dir, k);
        }
    }
}

const sw_rule sw_ws099 = {
    .code = "WS099", .name = "unused-suppression",
    .summary = "a suppression comment that silences nothing, or names no codes",
    .severity = SW_SEV_INFO, .flags = SW_RULE_FIXABLE | SW_RULE_POST, .check = check_ws099,
};
