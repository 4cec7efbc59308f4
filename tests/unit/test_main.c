/*
 * Runs every TEST registered by the unit-test files (see test.h). A test fails
 * when any CHECK in it fails. An optional argument filters tests by substring.
 */
#include "test.h"

#include <stdlib.h>

#define T_MAX 1024

static struct { const char *name; t_fn fn; const char *file; } tests[T_MAX];
static int ntests;
int t_failed_checks;

void t_register(const char *name, t_fn fn, const char *file)
{
    if (ntests < T_MAX) {
        tests[ntests].name = name;
        tests[ntests].fn = fn;
        tests[ntests].file = file;
        ntests++;
    }
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (int i = 0; i < ntests; i++) {
        if (argc > 1 && !strstr(tests[i].name, argv[1]))
            continue;
        int before = t_failed_checks;
        tests[i].fn();
        if (t_failed_checks != before) {
            fprintf(stderr, "FAIL %s (%s)\n", tests[i].name, tests[i].file);
            failed++;
        } else {
            passed++;
        }
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
