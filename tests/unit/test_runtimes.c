/*
 * Unit tests for the Lambda runtime table (src/runtimes.c): exact rows that
 * RULES.md F31 pins, the shape of the table itself (sorted, unique, sane
 * dates), classification of known, newer and mistyped identifiers, family
 * suggestions, the SF v3.38 enum flag, and lookups on ids that are not
 * NUL-terminated.
 */
#include "test.h"

#include "../../src/runtimes.h"

#define FIND(s) sw_runtime_find((s), strlen(s))
#define CLASSIFY(s) sw_runtime_classify((s), strlen(s))
#define LATEST(s) sw_runtime_family_latest((s), strlen(s))

TEST(rt_nodejs14_dates)
{
    const sw_runtime *r = FIND("nodejs14.x");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_STR(r->id, "nodejs14.x");
    CHECK_INT(r->deprecated, 20231204);
    CHECK_INT(r->block_create, 20240109);
    CHECK_INT(r->block_update, 20270303);
    CHECK_STR(r->sdk, "v2");
    CHECK(r->successor != NULL);
    CHECK(r->source != NULL && r->source[0] != '\0');
}

TEST(rt_node_sdk_versions)
{
    const sw_runtime *r16 = FIND("nodejs16.x");
    const sw_runtime *r18 = FIND("nodejs18.x");
    const sw_runtime *r20 = FIND("nodejs20.x");
    CHECK(r16 && r18 && r20);
    if (!r16 || !r18 || !r20)
        return;
    CHECK_STR(r16->sdk, "v2");
    CHECK_STR(r18->sdk, "v3");
    CHECK_STR(r20->sdk, "v3");
    const sw_runtime *py = FIND("python3.12");
    CHECK(py && py->sdk == NULL);
}

TEST(rt_python312_dates)
{
    const sw_runtime *r = FIND("python3.12");
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->deprecated, 20281031);
    CHECK_INT(r->block_create, 20281130);
    CHECK_INT(r->block_update, 20290110);
}

TEST(rt_f31_rows)
{
    /* a sample of RULES.md F31 (cfn-lint afd7953b0) beyond the rows above */
    static const struct { const char *id; int dep, cre, upd; } rows[] = {
        {"nodejs8.10", 20200306, 20200204, 20200306},
        {"nodejs10.x", 20210730, 20210730, 20220214},
        {"nodejs16.x", 20240612, 20270201, 20270303},
        {"nodejs18.x", 20250901, 20270201, 20270303},
        {"nodejs20.x", 20260430, 20270201, 20270303},
        {"nodejs22.x", 20270430, 20270601, 20270701},
        {"nodejs24.x", 20280430, 20280601, 20280701},
        {"python2.7", 20210715, 20210715, 20220530},
        {"python3.9", 20251215, 20270201, 20270303},
        {"python3.13", 20290630, 20290731, 20290831},
        {"python3.14", 20290630, 20290731, 20290831},
        {"go1.x", 20240108, 20240208, 20270303},
        {"provided", 20240108, 20240208, 20270303},
        {"java8", 20240108, 20240208, 20270303},
        {"provided.al2", 20260731, 20270201, 20270303},
        {"ruby2.7", 20231207, 20240109, 20270303},
        {"ruby3.2", 20260331, 20270201, 20270303},
        {"dotnet6", 20241220, 20270201, 20270303},
        {"dotnetcore3.1", 20230403, 20230403, 20230503},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const sw_runtime *r = FIND(rows[i].id);
        CHECK(r != NULL);
        if (!r) {
            fprintf(stderr, "    missing %s\n", rows[i].id);
            continue;
        }
        CHECK_INT(r->deprecated, rows[i].dep);
        CHECK_INT(r->block_create, rows[i].cre);
        CHECK_INT(r->block_update, rows[i].upd);
    }
}

TEST(rt_retired_ids_present)
{
    static const char *const ids[] = {
        "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "python3.6",
        "ruby2.5", "java8.al2", "java11", "java17", "java21", "java25",
        "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnet7", "dotnet8",
        "dotnet10", "provided.al2023", "ruby3.3", "ruby3.4",
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        CHECK(FIND(ids[i]) != NULL);
        if (!FIND(ids[i]))
            fprintf(stderr, "    missing %s\n", ids[i]);
    }
}

TEST(rt_table_sorted_and_sane)
{
    CHECK(sw_runtime_count > 40);
    for (size_t i = 0; i < sw_runtime_count; i++) {
        const sw_runtime *r = &sw_runtime_table[i];
        if (i > 0)
            CHECK(strcmp(sw_runtime_table[i - 1].id, r->id) < 0);
        CHECK(r->source != NULL && r->source[0] != '\0');
        /* dates are 0 or plausible yyyymmdd */
        const int d[3] = {r->deprecated, r->block_create, r->block_update};
        for (int k = 0; k < 3; k++) {
            if (d[k] == 0)
                continue;
            CHECK(d[k] >= 20160101 && d[k] <= 20991231);
            CHECK(d[k] / 100 % 100 >= 1 && d[k] / 100 % 100 <= 12);
            CHECK(d[k] % 100 >= 1 && d[k] % 100 <= 31);
        }
        if (r->block_create && r->block_update)
            CHECK(r->block_create <= r->block_update);
        /* a successor, when named, is itself a row */
        if (r->successor) {
            CHECK(FIND(r->successor) != NULL);
            CHECK(strcmp(r->successor, r->id) != 0);
        }
        /* every row is findable by its own id */
        CHECK(FIND(r->id) == r);
        CHECK(CLASSIFY(r->id) == SW_RT_KNOWN);
        /* Node rows carry an SDK, others do not */
        CHECK((strncmp(r->id, "nodejs", 6) == 0) == (r->sdk != NULL));
    }
}

TEST(rt_classify)
{
    CHECK_INT(CLASSIFY("nodejs20.x"), SW_RT_KNOWN);
    CHECK_INT(CLASSIFY("provided.al2023"), SW_RT_KNOWN);
    CHECK_INT(CLASSIFY("nodejs4.3-edge"), SW_RT_KNOWN);

    CHECK_INT(CLASSIFY("nodejs26.x"), SW_RT_NEWER);
    CHECK_INT(CLASSIFY("python3.15"), SW_RT_NEWER);
    CHECK_INT(CLASSIFY("ruby3.5"), SW_RT_NEWER);
    CHECK_INT(CLASSIFY("java26"), SW_RT_NEWER);
    CHECK_INT(CLASSIFY("dotnet11"), SW_RT_NEWER);
    CHECK_INT(CLASSIFY("provided.al2029"), SW_RT_NEWER);

    CHECK_INT(CLASSIFY("nodejs20"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("python3.12x"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("node20.x"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("nodejs19.x"), SW_RT_UNKNOWN); /* older, never published */
    CHECK_INT(CLASSIFY("dotnet9"), SW_RT_UNKNOWN);    /* container-only */
    CHECK_INT(CLASSIFY("python3.5"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("nodejs026.x"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("Nodejs20.x"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("nodejs20.x "), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("go1.y"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("go2.x"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("dotnetcore4.0"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY("java26.al2"), SW_RT_UNKNOWN);
    CHECK_INT(CLASSIFY(""), SW_RT_UNKNOWN);
    CHECK_INT(sw_runtime_classify(NULL, 0), SW_RT_UNKNOWN);
}

TEST(rt_family_latest)
{
    CHECK_STR(LATEST("nodejs14.x"), "nodejs24.x");
    CHECK_STR(LATEST("nodejs20"), "nodejs24.x");
    CHECK_STR(LATEST("nodejs"), "nodejs24.x");
    CHECK_STR(LATEST("nodejs4.3-edge"), "nodejs24.x");
    CHECK_STR(LATEST("python2.7"), "python3.14");
    CHECK_STR(LATEST("python3.12x"), "python3.14");
    CHECK_STR(LATEST("ruby2.5"), "ruby3.4");
    CHECK_STR(LATEST("java8.al2"), "java25");
    CHECK_STR(LATEST("dotnetcore3.1"), "dotnet10");
    CHECK_STR(LATEST("dotnet6"), "dotnet10");
    CHECK_STR(LATEST("provided"), "provided.al2023");
    CHECK_STR(LATEST("go1.x"), "provided.al2023");
    CHECK(LATEST("node20.x") == NULL);
    CHECK(LATEST("golang1.x") == NULL);
    CHECK(LATEST("") == NULL);
    CHECK(sw_runtime_family_latest(NULL, 0) == NULL);
}

TEST(rt_sf3_enum)
{
    const sw_runtime *r;
    CHECK((r = FIND("nodejs20.x")) && r->sf3_enum == 1);
    CHECK((r = FIND("nodejs22.x")) && r->sf3_enum == 0);
    CHECK((r = FIND("python3.12")) && r->sf3_enum == 0);
    CHECK((r = FIND("python3.11")) && r->sf3_enum == 1);
    CHECK((r = FIND("provided.al2023")) && r->sf3_enum == 1);
    CHECK((r = FIND("java21")) && r->sf3_enum == 0);
    CHECK((r = FIND("dotnetcore3.1")) && r->sf3_enum == 0);
    /* v3.38.0 lib/plugins/aws/provider.js lists exactly 20 runtimes */
    size_t n = 0;
    for (size_t i = 0; i < sw_runtime_count; i++)
        n += sw_runtime_table[i].sf3_enum;
    CHECK_INT(n, 20);
}

TEST(rt_len_limited_lookup)
{
    /* ids inside a larger buffer, as a YAML scalar would be */
    const char buf[] = "nodejs20.x: extra";
    const sw_runtime *r = sw_runtime_find(buf, 10);
    CHECK(r != NULL);
    if (r)
        CHECK_STR(r->id, "nodejs20.x");
    CHECK(sw_runtime_find(buf, 9) == NULL);  /* "nodejs20." */
    CHECK(sw_runtime_find(buf, 6) != NULL);  /* "nodejs" is a real (retired) id */
    CHECK(sw_runtime_find(buf, 11) == NULL); /* "nodejs20.x:" */
    CHECK_INT(sw_runtime_classify(buf, 10), SW_RT_KNOWN);
    CHECK_INT(sw_runtime_classify(buf, 8), SW_RT_UNKNOWN); /* "nodejs20" */

    const char py[] = {'p', 'y', 't', 'h', 'o', 'n', '3', '.', '1', '5', 'x'};
    CHECK_INT(sw_runtime_classify(py, 10), SW_RT_NEWER);
    CHECK_INT(sw_runtime_classify(py, 11), SW_RT_UNKNOWN);
    CHECK_STR(sw_runtime_family_latest(py, sizeof py), "python3.14");

    const char al[] = {'p', 'r', 'o', 'v', 'i', 'd', 'e', 'd', '.', 'a', 'l', '2'};
    r = sw_runtime_find(al, sizeof al);
    CHECK(r != NULL);
    if (r)
        CHECK_STR(r->id, "provided.al2");
    CHECK(sw_runtime_find(al, 8) != NULL && sw_runtime_find(al, 8)->block_update == 20270303);
    CHECK(sw_runtime_find(NULL, 3) == NULL);
}

TEST(rt_checked_date)
{
    CHECK_STR(sw_runtime_checked, "2026-11-23");
}
