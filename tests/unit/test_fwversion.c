/*
 * Unit tests for src/fwversion.c, the reader of `frameworkVersion` ranges
 * (npm semver.satisfies semantics, amendment C4). The expectations in the
 * tables were cross-checked against npm semver 7 by scanning a grid of release
 * versions with Range.test.
 */
#include "test.h"
#include "../../src/fwversion.h"

/* One question about one range: kind B = max_below(a, b), A = max_at_least(a,
   b), M = admits_major(a), P = pinned_major() (a is unused, b unused). */
typedef struct fwq {
    const char *range;
    char kind;
    int a, b;
    int want;
} fwq;

#define R(range, kind, a, b, want) {range, kind, a, b, want}

static const fwq fw_cases[] = {
    /* ranges seen in real serverless.yml files */
    R("3", 'P', 0, 0, 3),
    R("3", 'A', 3, 17, 1),
    R("3", 'A', 3, 99, 1),
    R("3", 'B', 3, 0, 0),
    R("3", 'B', 4, 0, 1),
    R("3", 'A', 4, 0, 0),
    R("3", 'M', 3, 0, 1),
    R("3", 'M', 2, 0, 0),
    R("3", 'M', 4, 0, 0),
    R("2", 'P', 0, 0, 2),
    R("2", 'B', 2, 2, 0),
    R("2", 'B', 3, 0, 1),
    R("2", 'A', 2, 24, 1),
    R("2", 'M', 3, 0, 0),
    R(">=1.35 <2.0.0", 'B', 1, 78, 0),
    R(">=1.35 <2.0.0", 'B', 2, 0, 1),
    R(">=1.35 <2.0.0", 'B', 2, 2, 1),
    R(">=1.35 <2.0.0", 'A', 1, 45, 1),
    R(">=1.35 <2.0.0", 'A', 2, 0, 0),
    R(">=1.35 <2.0.0", 'P', 0, 0, 1),
    R(">=1.35 <2.0.0", 'M', 1, 0, 1),
    R(">=1.35 <2.0.0", 'M', 2, 0, 0),
    R("2 || 3", 'M', 2, 0, 1),
    R("2 || 3", 'M', 3, 0, 1),
    R("2 || 3", 'M', 1, 0, 0),
    R("2 || 3", 'M', 4, 0, 0),
    R("2 || 3", 'P', 0, 0, -1),
    R("2 || 3", 'B', 3, 14, 0),
    R("2 || 3", 'A', 3, 14, 1),
    R("2 || 3", 'B', 4, 0, 1),
    R("2||3", 'P', 0, 0, -1),
    R(">=2.0.0", 'P', 0, 0, -1),
    R(">=2.0.0", 'A', 3, 17, 1),
    R(">=2.0.0", 'A', 99, 0, 1),
    R(">=2.0.0", 'B', 2, 0, 0),
    R(">=2.0.0", 'B', 99, 0, 0),
    R(">=2.0.0", 'M', 1, 0, 0),
    R(">=2.0.0", 'M', 2, 0, 1),
    R(">=2.0.0", 'M', 4, 0, 1),
    R("=1.50.0", 'P', 0, 0, 1),
    R("=1.50.0", 'B', 1, 59, 1),
    R("=1.50.0", 'B', 1, 50, 0),
    R("=1.50.0", 'A', 1, 50, 1),
    R("=1.50.0", 'A', 1, 51, 0),
    R("=1.50.0", 'M', 1, 0, 1),
    R("=1.50.0", 'M', 2, 0, 0),
    R("^3.0.0", 'P', 0, 0, 3),
    R("^3.0.0", 'A', 3, 38, 1),
    R("^3.0.0", 'B', 4, 0, 1),
    R("^3.0.0", 'M', 4, 0, 0),
    R("~3.38", 'P', 0, 0, 3),
    R("~3.38", 'A', 3, 38, 1),
    R("~3.38", 'A', 3, 39, 0),
    R("~3.38", 'B', 3, 39, 1),
    R("~3.38", 'M', 3, 0, 1),
    R("3.x", 'P', 0, 0, 3),
    R("3.x", 'A', 3, 17, 1),
    R("3.x", 'B', 4, 0, 1),
    R("3.x", 'M', 2, 0, 0),
    R(">=3.0.0 <4.0.0", 'P', 0, 0, 3),
    R(">=3.0.0 <4.0.0", 'A', 3, 38, 1),
    R(">=3.0.0 <4.0.0", 'B', 4, 0, 1),
    R(">=3.0.0 <4.0.0", 'M', 4, 0, 0),
    R("1.38.0", 'P', 0, 0, 1),
    R("1.38.0", 'B', 1, 39, 1),
    R("1.38.0", 'B', 1, 38, 0),
    R("1.38.0", 'A', 1, 38, 1),
    R("*", 'P', 0, 0, -1),
    R("*", 'A', 3, 17, 1),
    R("*", 'A', 4, 0, 1),
    R("*", 'B', 99, 0, 0),
    R("*", 'M', 0, 0, 1),
    R("*", 'M', 4, 0, 1),
    R(">=1.1.0 <2.0.0", 'P', 0, 0, 1),
    R(">=1.1.0 <2.0.0", 'B', 1, 45, 0),
    R(">=1.1.0 <2.0.0", 'B', 2, 0, 1),
    R(">=2.1.1 <3.0.0", 'P', 0, 0, 2),
    R(">=2.1.1 <3.0.0", 'B', 2, 2, 0),
    R(">=2.1.1 <3.0.0", 'B', 3, 0, 1),
    R(">=2.1.1 <3.0.0", 'A', 2, 24, 1),
    R(">=2.1.1 <3.0.0", 'M', 3, 0, 0),
    R("^2.43.1", 'P', 0, 0, 2),
    R("^2.43.1", 'A', 2, 43, 1),
    R("^2.43.1", 'A', 2, 99, 1),
    R("^2.43.1", 'B', 3, 0, 1),
    R("x", 'P', 0, 0, -1),
    R("x", 'A', 3, 17, 1),
    R("x", 'M', 0, 0, 1),
    R("X", 'P', 0, 0, -1),
    R("x.x.x", 'M', 7, 0, 1),
    R("*.*", 'M', 7, 0, 1),
    R("1.2 - 3", 'P', 0, 0, -1),
    R("1.2 - 3", 'M', 0, 0, 0),
    R("1.2 - 3", 'M', 1, 0, 1),
    R("1.2 - 3", 'M', 2, 0, 1),
    R("1.2 - 3", 'M', 3, 0, 1),
    R("1.2 - 3", 'M', 4, 0, 0),
    R("1.2 - 3", 'A', 3, 99, 1),
    R("1.2 - 3", 'B', 4, 0, 1),
    R("1.2.3 - 2.3.4", 'A', 2, 3, 1),
    R("1.2.3 - 2.3.4", 'B', 2, 4, 1),
    R("1.2.3 - 2.3", 'A', 2, 3, 1),
    R("1.2.3 - 2.3", 'B', 2, 4, 1),
    R("3 - 3", 'P', 0, 0, 3),
    R("x - 2", 'B', 3, 0, 1),
    R("x - 2", 'M', 0, 0, 1),
    R("2 - x", 'M', 1, 0, 0),
    R("2 - x", 'A', 99, 0, 1),
    R("v1 - v2", 'B', 3, 0, 1),
    /* whitespace variants */
    R(">= 3.0.0", 'P', 0, 0, -1),
    R(">= 3.0.0", 'A', 3, 0, 1),
    R(">= 3.0.0", 'B', 3, 0, 0),
    R(">= 3.0.0", 'M', 2, 0, 0),
    R(">= 3.0.0", 'M', 4, 0, 1),
    R(">=  3.0.0   <  4", 'P', 0, 0, 3),
    R("\t>=\t3 \n", 'M', 3, 0, 1),
    R("  3  ", 'P', 0, 0, 3),
    R("~> 3.1", 'P', 0, 0, 3),
    R("~> 3.1", 'B', 3, 2, 1),
    R("~ 3.1.4", 'B', 3, 2, 1),
    R("^ 3", 'P', 0, 0, 3),
    R("= 1.50.0", 'P', 0, 0, 1),
    R("< 2", 'B', 2, 0, 1),
    /* operators on partial versions */
    R("<3", 'B', 3, 0, 1),
    R("<3", 'A', 3, 0, 0),
    R("<3", 'A', 2, 99, 1),
    R("<3", 'P', 0, 0, -1),
    R("<3", 'M', 0, 0, 1),
    R("<3", 'M', 2, 0, 1),
    R("<3", 'M', 3, 0, 0),
    R("<=3.2", 'B', 3, 3, 1),
    R("<=3.2", 'B', 3, 2, 0),
    R("<=3.2", 'A', 3, 2, 1),
    R("<=3.2", 'A', 3, 3, 0),
    R("<=3.2", 'M', 3, 0, 1),
    R("<=3.2", 'M', 4, 0, 0),
    R("<=3", 'A', 3, 99, 1),
    R("<=3", 'B', 4, 0, 1),
    R("<3.2", 'B', 3, 2, 1),
    R("<3.2", 'A', 3, 1, 1),
    R("<3.2.1", 'A', 3, 2, 1),
    R(">3", 'M', 3, 0, 0),
    R(">3", 'M', 4, 0, 1),
    R(">3", 'P', 0, 0, -1),
    R(">3.1", 'B', 3, 2, 0),
    R(">3.1 <3.2", 'P', 0, 0, -1),
    R(">3.1 <3.2", 'A', 0, 0, 0),
    R(">3.1 <=3.2", 'P', 0, 0, 3),
    R(">=3.1", 'A', 3, 1, 1),
    R(">2.99.99 <4", 'P', 0, 0, -1),
    R("<1", 'P', 0, 0, 0),
    R("<=x", 'P', 0, 0, -1),
    R("<=x", 'A', 9, 0, 1),
    R(">=x", 'A', 9, 0, 1),
    R("<x", 'P', 0, 0, -1),
    R("<x", 'M', 0, 0, 0),
    R(">*", 'A', 0, 0, 0),
    R("=3.x", 'P', 0, 0, 3),
    /* carets and tildes */
    R("^0.5", 'P', 0, 0, 0),
    R("^0.5", 'A', 0, 5, 1),
    R("^0.5", 'B', 0, 6, 1),
    R("^0.5", 'M', 1, 0, 0),
    R("^0.5.3", 'B', 0, 6, 1),
    R("^0.5.3", 'A', 0, 5, 1),
    R("^0.0.3", 'P', 0, 0, 0),
    R("^0.0.3", 'B', 0, 1, 1),
    R("^0.0.3", 'A', 0, 0, 1),
    R("^0.0", 'B', 0, 1, 1),
    R("^0", 'P', 0, 0, 0),
    R("^0", 'A', 0, 99, 1),
    R("^0", 'B', 1, 0, 1),
    R("^1.x", 'P', 0, 0, 1),
    R("^x", 'P', 0, 0, -1),
    R("^3.1", 'P', 0, 0, 3),
    R("^3.1", 'A', 3, 99, 1),
    R("~3", 'P', 0, 0, 3),
    R("~3", 'A', 3, 99, 1),
    R("~3", 'B', 4, 0, 1),
    R("~3", 'M', 4, 0, 0),
    R("~3.1.4", 'B', 3, 2, 1),
    R("~3.1.4", 'A', 3, 1, 1),
    R("~0", 'P', 0, 0, 0),
    R("~*", 'P', 0, 0, -1),
    R("~>3.38", 'B', 3, 39, 1),
    /* prefixes, pre-release tags and build metadata */
    R("v3", 'P', 0, 0, 3),
    R("=v3.1.0", 'P', 0, 0, 3),
    R(">=v2.0.0", 'M', 4, 0, 1),
    R("3.0.0-beta.1", 'P', 0, 0, 3),
    R("3.0.0-beta.1", 'A', 3, 0, 1),
    R("3.0.0-beta.1", 'B', 3, 1, 1),
    R(">=3.0.0-beta.1 <4", 'P', 0, 0, 3),
    R(">3.0.0-beta.1 <=3.0.0", 'A', 3, 0, 1),
    R("^3.0.0-rc.2", 'P', 0, 0, 3),
    R("1.2.3+build.5", 'P', 0, 0, 1),
    R("1.2.3+build.5", 'B', 1, 3, 1),
    R("1.2.3+build.5", 'A', 1, 2, 1),
    R("3+exp", 'P', 0, 0, 3),
    R("3.0.0-beta+exp.sha.5114f85", 'P', 0, 0, 3),
    /* unions, empty alternatives and unsatisfiable ranges */
    R(">=2 <2.1 || ~4.1", 'M', 2, 0, 1),
    R(">=2 <2.1 || ~4.1", 'M', 3, 0, 0),
    R(">=2 <2.1 || ~4.1", 'M', 4, 0, 1),
    R(">=2 <2.1 || ~4.1", 'B', 4, 2, 1),
    R(">=2 <2.1 || ~4.1", 'A', 4, 1, 1),
    R("1.x || >=2.5.0 <3", 'P', 0, 0, -1),
    R("1.x || >=2.5.0 <3", 'B', 3, 0, 1),
    R("^3.38.0 || ^4.0.0", 'P', 0, 0, -1),
    R("^3.38.0 || ^4.0.0", 'A', 4, 0, 1),
    R("^3.38.0 || ^4.0.0", 'M', 3, 0, 1),
    R("2 || >3 <2", 'P', 0, 0, 2),
    R("2 || >3 <2", 'B', 3, 0, 1),
    R("1 ||", 'P', 0, 0, -1), /* npm reads the empty side as "*" */
    R("1 ||", 'M', 7, 0, 1),
    R("||", 'M', 7, 0, 1),
    R("1 |||| 2", 'M', 7, 0, 1),
    R(">3 <2", 'B', 0, 0, 0),
    R(">3 <2", 'B', 99, 0, 0),
    R(">3 <2", 'A', 0, 0, 0),
    R(">3 <2", 'P', 0, 0, -1),
    R(">3 <2", 'M', 2, 0, 0),
    R(">3 <2", 'M', 3, 0, 0),
    R(">=2.0.0 <2.0.0", 'P', 0, 0, -1),
    R(">=2.0.0 <2.0.0", 'M', 2, 0, 0),
    R(">=2.0.0 <=2.0.0", 'P', 0, 0, 2),
    R(">1.2.3 <1.2.4", 'A', 0, 0, 0),
    R(">1.2.3 <1.2.4", 'P', 0, 0, -1),
    R("<0", 'B', 1, 0, 0),
    R("<0.0.0", 'P', 0, 0, -1),
    R("<0.0.1", 'P', 0, 0, 0),
    R("<0.0.1", 'B', 0, 1, 1),
    R(">3 <2 || >5 <4", 'M', 3, 0, 0),
    /* negative major */
    R("*", 'M', -1, 0, 0),
};

static int fw_ask(const sw_fwrange *r, const fwq *q)
{
    switch (q->kind) {
    case 'B':
        return sw_fw_max_below(r, q->a, q->b);
    case 'A':
        return sw_fw_max_at_least(r, q->a, q->b);
    case 'M':
        return sw_fw_admits_major(r, q->a);
    default:
        return sw_fw_pinned_major(r);
    }
}

TEST(fw_table)
{
    for (size_t i = 0; i < sizeof fw_cases / sizeof fw_cases[0]; i++) {
        const fwq *q = &fw_cases[i];
        sw_fwrange r;
        int rc = sw_fw_parse(q->range, strlen(q->range), &r);
        if (rc != 0) {
            fprintf(stderr, "  range \"%s\" did not parse\n", q->range);
            t_failed_checks++;
            continue;
        }
        int got = fw_ask(&r, q);
        if (got != q->want) {
            fprintf(stderr, "  range \"%s\" %c(%d,%d) == %d, expected %d\n",
                    q->range, q->kind, q->a, q->b, got, q->want);
            t_failed_checks++;
        }
    }
}

static int fw_rc(const char *s)
{
    sw_fwrange r;
    return sw_fw_parse(s, strlen(s), &r);
}

TEST(fw_rejects_garbage)
{
    /* npm itself rejects all of these except blank text (which it reads as
       "*"), the no-break space (JavaScript whitespace) and numbers above our
       cap: those are refused on purpose so that no claim is made. */
    static const char *const bad[] = {
        "", " ", "\t\n", "abc", "latest", "3.", ".3", "3..1", "3.0.0.0",
        "01", "1.01", "1.x.3", "x.1", "1.2-3", "1.x-beta", "1.2.3-",
        "1.2.3-01", "1.2.3+", "v", "v 1.2", "^", "~", "~>", ">=", "3 >=",
        "1 - 2 - 3", "- 1", "1 -", "1|2", "1|||2", "< = 1", ">=>3",
        "${self:custom.fw}", "3,4", "3.0.0\xc2\xa0", "1000000000",
        "\"3\"", "'3'", "3 # comment",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (fw_rc(bad[i]) != -1) {
            fprintf(stderr, "  \"%s\" parsed, expected -1\n", bad[i]);
            t_failed_checks++;
        }
    }
    CHECK_INT(sw_fw_parse(NULL, 0, NULL), -1);
}

TEST(fw_caps)
{
    CHECK_INT(fw_rc("1 || 2 || 3 || 4 || 5 || 6 || 7 || 8"), 0);
    CHECK_INT(fw_rc("1 || 2 || 3 || 4 || 5 || 6 || 7 || 8 || 9"), -1);
    CHECK_INT(fw_rc(">=1 >=1 >=1 >=1 >=1 >=1 >=1 >=1"), 0);
    CHECK_INT(fw_rc(">=1 >=1 >=1 >=1 >=1 >=1 >=1 >=1 >=1"), -1);
    CHECK_INT(fw_rc(">= 1 >= 1 >= 1 >= 1 >= 1 >= 1 >= 1 >= 1"), 0);
    CHECK_INT(fw_rc("999999999.999999999.999999999"), 0);
    CHECK_INT(fw_rc(">999999999.999999999.999999999"), 0);
}

TEST(fw_not_nul_terminated)
{
    const char buf[] = {'3', '.', '3', '8', '.', '0', 'x', 'y', 'z'};
    sw_fwrange r;
    CHECK_INT(sw_fw_parse(buf, 6, &r), 0);
    CHECK_INT(sw_fw_pinned_major(&r), 3);
    CHECK_INT(sw_fw_max_below(&r, 3, 39), 1);
    CHECK_INT(sw_fw_max_at_least(&r, 3, 38), 1);
    CHECK_INT(sw_fw_parse(buf, sizeof buf, &r), -1);
    CHECK_INT(sw_fw_parse("2 || 3", 1, &r), 0);
    CHECK_INT(sw_fw_pinned_major(&r), 2);
}

TEST(fw_representation)
{
    sw_fwrange r;
    CHECK_INT(sw_fw_parse(">=1.35 <2.0.0", 13, &r), 0);
    CHECK_INT(r.nalt, 1);
    CHECK_INT(r.alt[0].empty, 0);
    CHECK_INT(r.alt[0].lo.maj, 1);
    CHECK_INT(r.alt[0].lo.min, 35);
    CHECK_INT(r.alt[0].lo.pat, 0);
    CHECK_INT(r.alt[0].hi.maj, 1);
    CHECK_INT(r.alt[0].hi.min, SW_FW_INF);
    CHECK_INT(r.alt[0].hi.pat, SW_FW_INF);

    CHECK_INT(sw_fw_parse("2 || 3", 6, &r), 0);
    CHECK_INT(r.nalt, 2);
    CHECK_INT(r.alt[1].lo.maj, 3);
    CHECK_INT(r.alt[1].hi.maj, 3);

    CHECK_INT(sw_fw_parse(">3 <2", 5, &r), 0);
    CHECK_INT(r.alt[0].empty, 1);

    CHECK_INT(sw_fw_parse("*", 1, &r), 0);
    CHECK_INT(r.alt[0].lo.maj, 0);
    CHECK_INT(r.alt[0].hi.maj, SW_FW_INF);
}
