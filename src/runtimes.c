/*
 * The AWS Lambda runtime table (see runtimes.h) and the lookups on it. The rows
 * are data: dates come from cfn-lint's LmbdRuntimeLifecycle.json at afd7953b0,
 * which RULES.md F31 reproduces, and from AWS's Lambda runtime pages for the
 * identifiers cfn-lint does not list; each row names its sources, and notes
 * earlier dates where the sources disagreed. Identifier families ("nodejsN.x",
 * "pythonM.m", "javaN", ...) are recognised by their letters and the shape of
 * the rest, so an identifier newer than the table can be told apart from a typo
 * without hard-coding the newest versions: those are read from the table.
 */
#include "runtimes.h"

#include <string.h>

const char *const sw_runtime_checked = "2026-11-23";

/* cfn-lint afd7953b0, the snapshot RULES.md F31 reproduces row for row */
#define CFN "cfn-lint LmbdRuntimeLifecycle.json afd7953b0 (RULES.md F31)"
/* rows unchanged in cfn-lint since 2023, matching AWS's deprecated table */
#define CFN_OLD "cfn-lint LmbdRuntimeLifecycle.json; AWS lambda-runtimes deprecated table"
/* rows cfn-lint does not carry */
#define AWS "AWS lambda-runtimes page (2026)"

/* Node runtimes before 18 bundle aws-sdk v2; 18 and later bundle only v3. */
const sw_runtime sw_runtime_table[] = {
    {"dotnet10", 20281114, 20281214, 20290115, NULL, NULL, 0,
     AWS " (.NET runtimes table)"},
    {"dotnet6", 20241220, 20270201, 20270303, NULL, "dotnet10", 1,
     CFN "; AWS page; older cfn-lint: deprecated 2024-11-12"},
    {"dotnet7", 20240514, 20240514, 20240514, NULL, "dotnet10", 0,
     "cfn-lint LmbdRuntimeLifecycle.json; AWS: container-image only, no zip runtime"},
    {"dotnet8", 20261110, 20270201, 20270303, NULL, "dotnet10", 0,
     AWS " (.NET table); earlier revision: create 2026-12-10, update 2027-01-11"},
    {"dotnetcore1.0", 20190627, 20190730, 20190730, NULL, "dotnet10", 0, CFN_OLD},
    {"dotnetcore2.0", 20190530, 20190530, 20190530, NULL, "dotnet10", 0, CFN_OLD},
    {"dotnetcore2.1", 20220105, 20220105, 20220413, NULL, "dotnet10", 0, CFN_OLD},
    {"dotnetcore3.1", 20230403, 20230403, 20230503, NULL, "dotnet10", 0, CFN "; AWS page"},
    {"go1.x", 20240108, 20240208, 20270303, NULL, "provided.al2023", 1,
     CFN "; older cfn-lint: update 2025-02-28, then 2025-11-01"},
    {"java11", 20270630, 20270731, 20270831, NULL, "java11.al2023", 1,
     AWS " (Java table); earlier revision: 2026-06-30/2026-07-31/2026-08-31"},
    {"java11.al2023", 0, 0, 0, NULL, NULL, 0,
     "AWS launch 2026-07 (aws-lambda-roadmap#86; serverless#13819: until mid-2029); no dates checked"},
    {"java17", 20270630, 20270731, 20270831, NULL, "java17.al2023", 1,
     AWS " (Java table); earlier revision: 2026-06-30/2026-07-31/2026-08-31"},
    {"java17.al2023", 0, 0, 0, NULL, NULL, 0,
     "AWS launch 2026-07 (aws-lambda-roadmap#86; serverless#13819: until mid-2029); no dates checked"},
    {"java21", 20290630, 20290731, 20290831, NULL, "java25", 0, AWS " (Java table)"},
    {"java25", 20290630, 20290731, 20290831, NULL, NULL, 0, AWS " (Java table)"},
    {"java8", 20240108, 20240208, 20270303, NULL, "java8.al2023", 1,
     CFN "; older cfn-lint: update 2025-02-28, then 2025-11-01"},
    {"java8.al2", 20270630, 20270731, 20270831, NULL, "java8.al2023", 1,
     AWS " (Java table); earlier revision: 2026-06-30/2026-07-31/2026-08-31"},
    {"java8.al2023", 0, 0, 0, NULL, NULL, 0,
     "AWS launch 2026-07 (aws-lambda-roadmap#86; serverless#13819: until mid-2029); no dates checked"},
    {"nodejs", 20161031, 20161031, 20161031, "v2", "nodejs24.x", 0, CFN_OLD},
    {"nodejs10.x", 20210730, 20210730, 20220214, "v2", "nodejs24.x", 0, CFN "; AWS page"},
    {"nodejs12.x", 20230331, 20230331, 20230430, "v2", "nodejs24.x", 0, CFN "; AWS page"},
    {"nodejs14.x", 20231204, 20240109, 20270303, "v2", "nodejs24.x", 1,
     CFN "; older cfn-lint: create 2024-07-09, update 2025-02-28, then 2025-11-01"},
    {"nodejs16.x", 20240612, 20270201, 20270303, "v2", "nodejs24.x", 1,
     CFN "; older cfn-lint: create 2025-10-01, update 2025-11-01"},
    {"nodejs18.x", 20250901, 20270201, 20270303, "v3", "nodejs24.x", 1,
     CFN "; older cfn-lint: deprecated 2025-07-31, update 2025-11-01"},
    {"nodejs20.x", 20260430, 20270201, 20270303, "v3", "nodejs24.x", 1,
     CFN "; earlier AWS page: create 2026-06-01 or 2026-08-31, update 2026-07-01 or 2026-09-30"},
    {"nodejs22.x", 20270430, 20270601, 20270701, "v3", "nodejs24.x", 0, CFN "; AWS page"},
    {"nodejs24.x", 20280430, 20280601, 20280701, "v3", NULL, 0, CFN "; AWS page"},
    {"nodejs4.3", 20200305, 20200305, 20200305, "v2", "nodejs24.x", 0, CFN_OLD},
    {"nodejs4.3-edge", 20200305, 20190430, 20190430, "v2", "nodejs24.x", 0,
     "cfn-lint LmbdRuntimeLifecycle.json; AWS page gives update 2020-04-30 (likely a typo)"},
    {"nodejs6.10", 20190812, 20190812, 20190812, "v2", "nodejs24.x", 0, CFN_OLD},
    {"nodejs8.10", 20200306, 20200204, 20200306, "v2", "nodejs24.x", 0,
     CFN "; AWS page; older cfn-lint: create 2020-03-06"},
    {"provided", 20240108, 20240208, 20270303, NULL, "provided.al2023", 1,
     CFN "; older cfn-lint: update 2025-02-28, then 2025-11-01"},
    {"provided.al2", 20260731, 20270201, 20270303, NULL, "provided.al2023", 1,
     CFN "; earlier AWS page: 2026-06-30/2026-07-31/2026-08-31"},
    {"provided.al2023", 20290630, 20290731, 20290831, NULL, NULL, 1, AWS " (OS-only table)"},
    {"python2.7", 20210715, 20210715, 20220530, NULL, "python3.14", 0, CFN "; AWS page"},
    {"python3.10", 20261031, 20270201, 20270303, NULL, "python3.14", 1,
     CFN "; earlier AWS page: deprecated 2026-06-30"},
    {"python3.11", 20270630, 20270731, 20270831, NULL, "python3.14", 1,
     CFN "; earlier AWS page: 2026-06-30/2026-08-31"},
    {"python3.12", 20281031, 20281130, 20290110, NULL, "python3.14", 0, CFN "; AWS page"},
    {"python3.13", 20290630, 20290731, 20290831, NULL, "python3.14", 0,
     CFN " (one row with 3.14); AWS page"},
    {"python3.14", 20290630, 20290731, 20290831, NULL, NULL, 0,
     CFN " (one row with 3.13); AWS page"},
    {"python3.6", 20220718, 20220718, 20220829, NULL, "python3.14", 0, CFN "; AWS page"},
    {"python3.7", 20231204, 20240109, 20270303, NULL, "python3.14", 1,
     CFN "; older cfn-lint: update 2025-02-28, then 2025-11-01"},
    {"python3.8", 20241014, 20270201, 20270303, NULL, "python3.14", 1,
     CFN "; older cfn-lint: create 2025-10-01, update 2025-11-01"},
    {"python3.9", 20251215, 20270201, 20270303, NULL, "python3.14", 1,
     CFN "; earlier AWS page: deprecated 2025-11-03, update 2026-01-08"},
    {"ruby2.5", 20210730, 20210730, 20220331, NULL, "ruby3.4", 0, CFN_OLD},
    {"ruby2.7", 20231207, 20240109, 20270303, NULL, "ruby3.4", 1,
     CFN "; older cfn-lint: update 2025-02-28, then 2025-11-01"},
    {"ruby3.2", 20260331, 20270201, 20270303, NULL, "ruby3.4", 1,
     CFN "; earlier AWS page: create 2026-04-30 to 2026-08-31"},
    {"ruby3.3", 20270331, 20270430, 20270531, NULL, "ruby3.4", 0, AWS " (Ruby table)"},
    {"ruby3.4", 20280331, 20280430, 20280531, NULL, NULL, 0, AWS " (Ruby table)"},
};

const size_t sw_runtime_count = sizeof sw_runtime_table / sizeof sw_runtime_table[0];

/* Byte-wise comparison of the len bytes at a with the string b, in strcmp
 * order (a shorter prefix sorts first). */
static int cmp_id(const char *a, size_t len, const char *b)
{
    size_t blen = strlen(b);
    int c = memcmp(a, b, len < blen ? len : blen);
    if (c != 0)
        return c;
    return len < blen ? -1 : len > blen ? 1 : 0;
}

const sw_runtime *sw_runtime_find(const char *id, size_t len)
{
    if (!id)
        return NULL;
    size_t lo = 0, hi = sw_runtime_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_id(id, len, sw_runtime_table[mid].id);
        if (c == 0)
            return &sw_runtime_table[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* ---- families ---------------------------------------------------------- */

/* The shape of a family's current identifiers after its letters; older
 * shapes (nodejs4.3, java8.al2, dotnetcore3.1, provided) are never "newer". */
enum shape {
    SH_NONE, /* no current shape: nothing newer can be recognised */
    SH_NX,   /* N.x     nodejs24.x */
    SH_MM,   /* M.m     python3.14, ruby3.4 */
    SH_N,    /* N       java25, dotnet10 */
    SH_AL,   /* .alN    provided.al2023 */
};

static const struct family {
    const char *letters; /* the identifier's leading letters, exactly */
    enum shape shape;
    int latest_from;     /* index of the family whose rows give the newest id */
} families[] = {
    {"nodejs", SH_NX, 0},     {"python", SH_MM, 1},   {"ruby", SH_MM, 2},
    {"java", SH_N, 3},        {"dotnet", SH_N, 4},    {"dotnetcore", SH_NONE, 4},
    {"provided", SH_AL, 6},   {"go", SH_NONE, 6},
};
#define NFAMILIES (sizeof families / sizeof families[0])

#define NUM_DIGITS_MAX 6

/* Reads a decimal number at s[*i] (no sign, no leading zero, at most
 * NUM_DIGITS_MAX digits); 0 when there is none. */
static int read_num(const char *s, size_t len, size_t *i, long *out)
{
    size_t start = *i;
    long v = 0;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        if (*i - start >= NUM_DIGITS_MAX)
            return 0;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    if (*i == start || (s[start] == '0' && *i - start > 1))
        return 0;
    *out = v;
    return 1;
}

/* The family whose letters are exactly the id's leading letters; -1 if none. */
static int family_of(const char *id, size_t len, size_t *rest)
{
    size_t n = 0;
    while (n < len && id[n] >= 'a' && id[n] <= 'z')
        n++;
    for (size_t f = 0; f < NFAMILIES; f++) {
        if (strlen(families[f].letters) == n && memcmp(id, families[f].letters, n) == 0) {
            *rest = n;
            return (int)f;
        }
    }
    return -1;
}

/* Parses id as a current-shape member of its family: the family index, or -1
 * when id has no family or another shape. maj/min receive the version. */
static int parse_current(const char *id, size_t len, long *maj, long *min)
{
    size_t i;
    if (!id)
        return -1;
    int f = family_of(id, len, &i);
    if (f < 0)
        return -1;
    *maj = 0;
    *min = 0;
    switch (families[f].shape) {
    case SH_NX:
        if (!read_num(id, len, &i, maj) || len - i != 2 || id[i] != '.' || id[i + 1] != 'x')
            return -1;
        return f;
    case SH_MM:
        if (!read_num(id, len, &i, maj) || i >= len || id[i] != '.')
            return -1;
        i++;
        if (!read_num(id, len, &i, min) || i != len)
            return -1;
        return f;
    case SH_N:
        if (!read_num(id, len, &i, maj) || i != len)
            return -1;
        return f;
    case SH_AL:
        if (len - i < 3 || memcmp(id + i, ".al", 3) != 0)
            return -1;
        i += 3;
        if (!read_num(id, len, &i, maj) || i != len)
            return -1;
        return f;
    case SH_NONE:
        break;
    }
    return -1;
}

/* The table row with the highest current-shape version in family f; NULL if
 * the table has none. */
static const sw_runtime *newest_of(int f)
{
    const sw_runtime *best = NULL;
    long bmaj = -1, bmin = -1;
    for (size_t r = 0; r < sw_runtime_count; r++) {
        const char *id = sw_runtime_table[r].id;
        long maj, min;
        if (parse_current(id, strlen(id), &maj, &min) != f)
            continue;
        if (maj > bmaj || (maj == bmaj && min > bmin)) {
            best = &sw_runtime_table[r];
            bmaj = maj;
            bmin = min;
        }
    }
    return best;
}

sw_rt_class sw_runtime_classify(const char *id, size_t len)
{
    if (!id)
        return SW_RT_UNKNOWN;
    if (sw_runtime_find(id, len))
        return SW_RT_KNOWN;
    long maj, min;
    int f = parse_current(id, len, &maj, &min);
    if (f < 0)
        return SW_RT_UNKNOWN;
    const sw_runtime *top = newest_of(f);
    if (!top)
        return SW_RT_UNKNOWN;
    long tmaj, tmin;
    parse_current(top->id, strlen(top->id), &tmaj, &tmin);
    if (maj > tmaj || (maj == tmaj && min > tmin))
        return SW_RT_NEWER;
    return SW_RT_UNKNOWN;
}

const char *sw_runtime_family_latest(const char *id, size_t len)
{
    size_t rest;
    if (!id)
        return NULL;
    int f = family_of(id, len, &rest);
    if (f < 0)
        return NULL;
    const sw_runtime *top = newest_of(families[f].latest_from);
    return top ? top->id : NULL;
}
