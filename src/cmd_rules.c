/*
 * `slsws rules` lists every rule (code, name, default severity, fixable,
 * summary; --format json for machines) and `slsws explain CODE|NAME` prints
 * the rule's page, embedded from rules/WSnnn.md at build time so the CLI,
 * the editor hover and SARIF all show the same text.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rule.h"

const char *sw_rule_doc(const char *code)
{
    for (unsigned i = 0; i < sw_doc_npages; i++)
        if (strcmp(sw_doc_pages[i].code, code) == 0)
            return sw_doc_pages[i].text;
    return NULL;
}

int sw_cmd_rules(int argc, char **argv)
{
    bool json = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format=json") == 0 ||
            (strcmp(argv[i], "--format") == 0 && i + 1 < argc && strcmp(argv[++i], "json") == 0))
            json = true;
        else if (strcmp(argv[i], "--format=text") == 0 || strcmp(argv[i], "text") == 0)
            json = false;
        else if (strcmp(argv[i], "--help") == 0) {
            puts("usage: slsws rules [--format text|json]");
            return 0;
        } else {
            fprintf(stderr, "slsws: unknown option '%s' for rules\nTry 'slsws rules --help'.\n", argv[i]);
            return 2;
        }
    }
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < sw_nrules; i++) {
            const sw_rule *r = sw_rules[i];
            json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:b,s:s}", "code", r->code,
                                                 "name", r->name, "severity",
                                                 sw_sev_name(r->severity), "fixable",
                                                 (r->flags & SW_RULE_FIXABLE) != 0,
                                                 "summary", r->summary));
        }
        char *s = json_dumps(arr, JSON_INDENT(2));
        puts(s);
        free(s);
        json_decref(arr);
        return 0;
    }
    for (size_t i = 0; i < sw_nrules; i++) {
        const sw_rule *r = sw_rules[i];
        printf("%s  %-36s %-8s %s %s\n", r->code, r->name, sw_sev_name(r->severity),
               (r->flags & SW_RULE_FIXABLE) ? "[*]" : "   ", r->summary);
    }
    return 0;
}

int sw_cmd_explain(int argc, char **argv)
{
    if (argc != 1 || strcmp(argv[0], "--help") == 0) {
        fputs("usage: slsws explain CODE|NAME\n", argc == 1 ? stdout : stderr);
        return argc == 1 ? 0 : 2;
    }
    const sw_rule *r = sw_rule_find(argv[0]);
    if (!r) {
        fprintf(stderr, "slsws: unknown rule '%s' (see 'slsws rules')\n", argv[0]);
        return 2;
    }
    const char *doc = sw_rule_doc(r->code);
    if (!doc) {
        fprintf(stderr, "slsws: rule %s has no documentation page\n", r->code);
        return 2;
    }
    fputs(doc, stdout);
    return 0;
}
