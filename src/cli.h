/*
 * The subcommands behind main(): each takes the arguments after its name
 * and returns the process exit status (0 clean, 1 findings, 2 usage or I/O
 * error), printing its own messages.
 */
#ifndef SW_CLI_H
#define SW_CLI_H

#define SW_VERSION "0.1.0"

int sw_cmd_check(int argc, char **argv);
int sw_cmd_rules(int argc, char **argv);
int sw_cmd_explain(int argc, char **argv);
int sw_cmd_lsp(int argc, char **argv);
int sw_cmd_routes(int argc, char **argv);

/* Embedded rules/WSnnn.md pages (generated at build time). */
typedef struct sw_doc_page {
    const char *code;
    const char *text;
} sw_doc_page;
extern const sw_doc_page sw_doc_pages[];
extern const unsigned sw_doc_npages;
const char *sw_rule_doc(const char *code);

#endif
