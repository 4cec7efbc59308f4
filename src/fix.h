/*
 * `slsws check --fix` (CLI.md "Fixes"): applies the safe fixes the rules
 * attach to their findings (the same ones the editor offers as code
 * actions) as byte edits of the original text, round after round until
 * none applies; writes the result atomically (temporary file in the same
 * directory, fsync, rename; mode kept, symlinks written through), or
 * prints it as a unified line diff (`--fix --diff`), or for stdin prints
 * the fixed text.
 */
#ifndef SW_FIX_H
#define SW_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "fsutil.h"
#include "rule.h"

#define SW_FIX_ROUNDS 10

typedef struct sw_fixed {
    char *text;          /* heap: the fixed text (a copy when nothing changed) */
    size_t len;
    unsigned fixes;      /* fixes applied over all rounds */
    int worst;           /* highest severity left in the fixed text (0: none) */
    char broke[128];     /* the codes of a round whose fixes made the text
                            unparsable (a bug; the round was undone), or "" */
} sw_fixed;

/* Applies every safe fix to text, analysed as path with opts: a maximal
   set of non-overlapping fixes (each all or nothing) per round, then a new
   analysis, for at most SW_FIX_ROUNDS rounds. A text that does not parse
   is left alone (as ruff does), and a round that would make it unparsable
   is undone (out->broke). Findings in other files than
   path's own text (included files, handler sources) carry no fix today
   (report.c keeps fixes only on the rule's own text); their fixes are
   skipped. Release out->text with free(). */
void sw_fix_text(const char *path, const char *text, size_t len, const sw_opts *opts,
                 sw_fixed *out);

/* Replaces the file at path (through symlinks) with text atomically. On
   failure the file is untouched and no temporary file is left; returns -1
   with the reason in err. */
int sw_fix_write(const char *path, const char *text, size_t len, char *err, size_t errlen);

/* Appends a unified diff (3 lines of context) from a to b, both labelled
   label; nothing when they are equal. */
void sw_fix_diff(sw_buf *out, const char *label, const char *a, size_t alen, const char *b,
                 size_t blen);

typedef enum { SW_FIX_WRITE, SW_FIX_DIFF, SW_FIX_STDOUT } sw_fix_mode;

/* The --fix step of `slsws check` for one input read into *text (path is
   NULL for stdin; display names it in messages): SW_FIX_WRITE replaces the
   file when something changed and leaves the fixed text in *text for the
   report; SW_FIX_DIFF prints the diff on stdout; SW_FIX_STDOUT prints the
   fixed text on stdout. "fixed N findings in FILE" (or "would fix") goes to
   stderr unless quiet. *changed is set when the text changed, *worst to
   the highest severity left. Returns 0, or 2 after printing an error. */
int sw_fix_input(const char *path, const char *display, sw_text *text, const sw_opts *opts,
                 sw_fix_mode mode, bool quiet, bool *changed, int *worst);

#endif
