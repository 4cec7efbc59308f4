/*
 * libFuzzer target: the YAML document model (src/ydoc.c). The input is
 * parsed as serverless.yml, and also as serverless.json when it starts
 * with '{' or '['; every node, problem, lookup and path is then checked
 * against the text (harness.c fz_check_tree).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void parse(const uint8_t *data, size_t size, bool json)
{
    sw_arena a;
    sw_arena_init(&a);
    /* an exact-size copy: reading past the end is an error ASan sees */
    char *text = malloc(size ? size : 1);
    memcpy(text, data, size);
    sw_source src;
    sw_source_init(&src, &a, json ? "serverless.json" : "serverless.yml", text, size);
    y_doc *doc = y_parse(&a, &src, json);
    FZ_CHECK(doc != NULL && doc->src == &src, "y_parse returned no document");
    FZ_CHECK(doc->truncated || doc->nproblems == 0 || doc->problems[0].kind != Y_ERR_SYNTAX,
             "a syntax error that does not mark the tree truncated");
    fz_check_tree(&a, doc);
    sw_arena_free(&a);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    parse(data, size, false);
    if (size && (data[0] == '{' || data[0] == '['))
        parse(data, size, true);
    return 0;
}
