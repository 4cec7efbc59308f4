/*
 * Shared by the build tools that embed text files in the binary: copies a
 * file into the body of a C string literal, escaping quotes, backslashes,
 * control characters and '?' (no trigraphs), one source line per line.
 */
#ifndef SW_EMIT_C_H
#define SW_EMIT_C_H

#include <stdio.h>

static void emit_c_string(FILE *out, FILE *in)
{
    int c;
    while ((c = fgetc(in)) != EOF) {
        if (c == '\n') {
            fputs("\\n\"\n     \"", out);
            continue;
        }
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\%03o", c);
        else if (c == '?')
            fputs("\\?", out); /* no trigraphs */
        else
            fputc(c, out);
    }
}

#endif
