/*
 * slsws: a linter and language server for Serverless Framework
 * serverless.yml files with WebSocket APIs. main() dispatches to the
 * subcommands; a bare path means `check`, so `entry: slsws` works in
 * pre-commit.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: slsws <command> [options] [path...]\n"
    "\n"
    "commands:\n"
    "  check [PATH...]     lint serverless.yml|yaml|json files or directories (default: .)\n"
    "  lsp                 run the language server on stdin/stdout\n"
    "  rules               list every rule (--format json for machines)\n"
    "  explain CODE|NAME   print a rule's documentation (alias: rule)\n"
    "  routes [PATH...]    show the WebSocket API: routes, handlers, authorizers\n"
    "                      (--format table|json|mermaid)\n"
    "\n"
    "  slsws PATH...       is the same as slsws check PATH...\n"
    "  slsws COMMAND --help  shows a command's options\n"
    "  --version, --help\n";

int main(int argc, char **argv)
{
    if (argc < 2)
        return sw_cmd_check(argc - 1, argv + 1);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("slsws %s\n", SW_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "check") == 0)
        return sw_cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "lsp") == 0)
        return sw_cmd_lsp(argc - 2, argv + 2);
    if (strcmp(cmd, "rules") == 0)
        return sw_cmd_rules(argc - 2, argv + 2);
    if (strcmp(cmd, "explain") == 0 || strcmp(cmd, "rule") == 0)
        return sw_cmd_explain(argc - 2, argv + 2);
    if (strcmp(cmd, "routes") == 0)
        return sw_cmd_routes(argc - 2, argv + 2);
    if (cmd[0] == '-' && cmd[1] == '-' && cmd[2] == 0)
        return sw_cmd_check(argc - 2, argv + 2);
    /* a path or a check option: `slsws serverless.yml`, `slsws --format json .` */
    return sw_cmd_check(argc - 1, argv + 1);
}
