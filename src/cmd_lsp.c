/*
 * `slsws lsp`: the language server on stdin and stdout (LSP.md). Logs go to
 * stderr or window/logMessage, never to stdout.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lsp/server.h"

int sw_cmd_lsp(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            puts("usage: slsws lsp\n\nSpeaks the Language Server Protocol 3.17 on stdin and "
                 "stdout.\nSettings come from initializationOptions or "
                 "workspace/didChangeConfiguration:\n"
                 "  {\"asOf\": \"YYYY-MM-DD\", \"rules\": {\"WS070\": \"off\"}, \"noSources\": false}");
            return 0;
        }
        if (strcmp(argv[i], "--stdio") != 0) { /* what some clients add */
            fprintf(stderr, "slsws: unknown option '%s' for lsp\n", argv[i]);
            return 2;
        }
    }
    return sw_lsp_serve(STDIN_FILENO, STDOUT_FILENO);
}
