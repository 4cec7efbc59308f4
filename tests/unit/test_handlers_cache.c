/*
 * Unit tests for the caches of handler-file facts (hcache.h): BLAKE2b
 * against RFC 7693, facts read back from disk equal to freshly extracted
 * ones, corrupt or truncated entries ignored and rewritten, shared entries
 * in memory reused while a file is unchanged and kept alive for the
 * analyses that hold them after it changes. The whole unit run uses a
 * disk cache of its own (set up before main, removed at exit), so no test
 * depends on the machine's ~/.cache.
 */
#include "test.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/blake2b.h"
#include "../../src/hcache.h"
#include "handlers_util.h"

static char cache_dir[64];

static void remove_cache(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache_dir);
    if (cache_dir[0] && system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", cache_dir);
}

static void private_cache(void) __attribute__((constructor));
static void private_cache(void)
{
    snprintf(cache_dir, sizeof cache_dir, "/tmp/slsws-unit-cache-XXXXXX");
    if (!mkdtemp(cache_dir)) {
        setenv("SLSWS_CACHE_DIR", "", 1);   /* no disk cache rather than the user's */
        cache_dir[0] = 0;
        return;
    }
    setenv("SLSWS_CACHE_DIR", cache_dir, 1);
    atexit(remove_cache);
}

static const char *hex(const unsigned char *p, size_t n)
{
    static char buf[129];
    for (size_t i = 0; i < n; i++)
        snprintf(buf + 2 * i, 3, "%02x", p[i]);
    return buf;
}

TEST(blake2b_vectors)
{
    unsigned char out[64];
    sw_blake2b s;
    sw_blake2b_init(&s, 64);   /* RFC 7693, appendix A */
    sw_blake2b_add(&s, "abc", 3);
    sw_blake2b_done(&s, out);
    CHECK_STR(hex(out, 64), "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    sw_blake2b_init(&s, 32);
    sw_blake2b_done(&s, out);
    CHECK_STR(hex(out, 32), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    /* 300 bytes in one piece and in pieces of 7 (Python's hashlib agrees) */
    unsigned char big[300];
    for (int i = 0; i < 300; i++)
        big[i] = (unsigned char)i;
    const char *want = "3a486e3fe3ee414853000269ac020030aeef748cb05cd62ba85939ec298ef25c";
    sw_blake2b_init(&s, 32);
    sw_blake2b_add(&s, big, sizeof big);
    sw_blake2b_done(&s, out);
    CHECK_STR(hex(out, 32), want);
    sw_blake2b_init(&s, 32);
    for (int i = 0; i < 300; i += 7)
        sw_blake2b_add(&s, big + i, i + 7 <= 300 ? 7 : (size_t)(300 - i));
    sw_blake2b_done(&s, out);
    CHECK_STR(hex(out, 32), want);
}

static const char *const sources[][2] = {
    {"a.js", "const AWS = require('aws-sdk');\n"
             "exports.connect = async (event, context) => { return 1; };\n"
             "module.exports.post = function (e) {\n"
             "  const c = new AWS.ApiGatewayManagementApi({ endpoint: process.env.URL });\n"
             "  return c.postToConnection({}).promise().catch(GoneException => 1);\n};\n"},
    {"b.ts", "import { ApiGatewayManagementApiClient, PostToConnectionCommand } from "
             "'@aws-sdk/client-apigatewaymanagementapi';\nimport type { X } from 'aws-sdk';\n"
             "export const handler = async (event: any) => { await new "
             "PostToConnectionCommand({}); };\nexport default function () {}\nexport * from './x';\n"},
    {"c.py", "import boto3\n\ndef handler(event, context):\n"
             "    boto3.client('apigatewaymanagementapi', endpoint_url=URL)\n\n"
             "class K:\n    pass\n\nx = lambda e: e\nif True:\n    from m import y as z\n"},
    {"d.mjs", "export function broken( {\n"},
};
#define NSOURCES (sizeof sources / sizeof sources[0])

static void same_facts(const sw_srcfile *x, const sw_srcfile *y)
{
    CHECK(x->parsed == y->parsed && x->has_error == y->has_error);
    CHECK(x->exports_open == y->exports_open && x->open_start == y->open_start &&
          x->open_end == y->open_end);
    CHECK(x->sdk_v2 == y->sdk_v2 && x->posts == y->posts);
    CHECK_INT(x->nexports, y->nexports);
    for (uint32_t i = 0; i < x->nexports && i < y->nexports; i++) {
        const sw_export *a = &x->exports[i], *b = &y->exports[i];
        CHECK_STR(a->name, b->name);
        CHECK(a->kind == b->kind && a->start == b->start && a->end == b->end);
        CHECK((a->params == NULL) == (b->params == NULL));
        if (a->params && b->params)
            CHECK_STR(a->params, b->params);
        CHECK(a->params_start == b->params_start && a->params_end == b->params_end);
        CHECK(a->value_start == b->value_start && a->value_end == b->value_end);
    }
    CHECK_INT(x->nuses, y->nuses);
    for (uint32_t i = 0; i < x->nuses && i < y->nuses; i++)
        CHECK(x->uses[i].kind == y->uses[i].kind && x->uses[i].start == y->uses[i].start &&
              x->uses[i].end == y->uses[i].end);
}

/* Every regular file below d truncated by one byte (trunc) or with its
 * middle byte flipped; returns how many. */
static int damage(const char *d, bool trunc)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "find '%s' -type f", d);
    FILE *p = popen(cmd, "r");
    int n = 0;
    char line[512];
    while (p && fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = 0;
        struct stat st;
        if (stat(line, &st) != 0)
            continue;
        if (trunc) {
            CHECK(truncate(line, st.st_size - 1) == 0);
        } else {
            FILE *f = fopen(line, "r+b");
            CHECK(f != NULL);
            if (!f)
                continue;
            fseek(f, st.st_size / 2, SEEK_SET);
            int c = fgetc(f);
            fseek(f, st.st_size / 2, SEEK_SET);
            fputc(c ^ 0x10, f);
            fclose(f);
        }
        n++;
    }
    if (p)
        pclose(p);
    return n;
}

TEST(handlers_cache_disk)
{
    NEED(cache_dir[0]);
    sw_hcache_shutdown();   /* a fresh disk cache directory and no entries in memory */
    char sub[128];
    snprintf(sub, sizeof sub, "%s/disk", cache_dir);
    setenv("SLSWS_CACHE_DIR", sub, 1);
    setup();
    for (size_t i = 0; i < NSOURCES; i++)
        put(sources[i][0], sources[i][1]);
    const sw_srcfile *fresh[NSOURCES];
    for (size_t i = 0; i < NSOURCES; i++)
        NEED((fresh[i] = sw_handlers_file(&H, sources[i][0])) != NULL);
    sw_hcache_stats c = sw_hcache_counts();
    CHECK(c.extracted == NSOURCES && c.disk_hits == 0 && c.mem_hits == 0);
    CHECK_INT(c.stored, NSOURCES);   /* d.mjs too: it parses, with errors */
    CHECK(fresh[3]->parsed && fresh[3]->has_error);
    /* in memory: a second analysis shares the entries */
    sw_handlers h2;
    sw_handlers_init(&h2, &A, dir);
    for (size_t i = 0; i < NSOURCES; i++) {
        const sw_srcfile *f = sw_handlers_file(&h2, sources[i][0]);
        NEED(f != NULL);
        CHECK(f != fresh[i] && f->src.text == fresh[i]->src.text);
    }
    CHECK_INT(sw_hcache_counts().mem_hits, NSOURCES);
    sw_handlers_release(&h2);
    /* from disk, without running a query: the same facts */
    for (int round = 0; round < 3; round++) {
        sw_hcache_shutdown();
        setenv("SLSWS_CACHE_DIR", sub, 1);
        sw_tsq_shutdown();
        if (round == 1)
            CHECK_INT(damage(sub, true), NSOURCES);
        if (round == 2)
            CHECK_INT(damage(sub, false), NSOURCES);
        sw_handlers_init(&h2, &A, dir);
        for (size_t i = 0; i < NSOURCES; i++) {
            const sw_srcfile *f = sw_handlers_file(&h2, sources[i][0]);
            NEED(f != NULL);
            CHECK(f->src.text != fresh[i]->src.text);
            CHECK_STR(f->src.text, fresh[i]->src.text);
            CHECK_STR(f->rel, sources[i][0]);
            same_facts(f, fresh[i]);
        }
        c = sw_hcache_counts();
        if (round == 0)
            CHECK(c.disk_hits == NSOURCES && c.extracted == 0 && c.stored == 0);
        else   /* damaged entries are never trusted, and are written again */
            CHECK(c.disk_hits == 0 && c.extracted == NSOURCES && c.stored == NSOURCES);
        sw_handlers_release(&h2);
    }
    /* --no-cache */
    sw_hcache_shutdown();
    setenv("SLSWS_CACHE_DIR", sub, 1);
    sw_hcache_off();
    CHECK(sw_hcache_dir() == NULL);
    sw_handlers_init(&h2, &A, dir);
    for (size_t i = 0; i < NSOURCES; i++)
        CHECK(sw_handlers_file(&h2, sources[i][0]) != NULL);
    c = sw_hcache_counts();
    CHECK(c.extracted == NSOURCES && c.disk_hits == 0 && c.stored == 0);
    sw_handlers_release(&h2);
    sw_handlers_release(&H);
    sw_hcache_shutdown();
    setenv("SLSWS_CACHE_DIR", cache_dir, 1);
    teardown();
}

TEST(handlers_cache_memory)
{
    setup();
    put("m.js", "exports.one = (a) => a;\n");
    const sw_srcfile *f1 = sw_handlers_file(&H, "m.js");
    NEED(f1 && f1->nexports == 1);
    /* the same size and, within the clock's grain, maybe the same mtime: the
       bytes are compared, as the file was written just now */
    put("m.js", "exports.two = (b) => b;\n");
    sw_handlers h2;
    sw_handlers_init(&h2, &A, dir);
    const sw_srcfile *f2 = sw_handlers_file(&h2, "m.js");
    NEED(f2 && f2->nexports == 1);
    CHECK_STR(f2->exports[0].name, "two");
    CHECK_STR(f2->exports[0].params, "(b)");
    /* the first analysis still holds what it was given */
    CHECK_STR(f1->exports[0].name, "one");
    CHECK_STR(f1->src.text, "exports.one = (a) => a;\n");
    sw_handlers_release(&H);
    /* unchanged: shared */
    sw_handlers h3;
    sw_handlers_init(&h3, &A, dir);
    const sw_srcfile *f3 = sw_handlers_file(&h3, "m.js");
    NEED(f3 != NULL);
    CHECK(f3->src.text == f2->src.text && f3->exports[0].name == f2->exports[0].name);
    /* a file replaced by another (a new inode), as editors save */
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/tmp.js", dir);
    snprintf(b, sizeof b, "%s/m.js", dir);
    put("tmp.js", "exports.three = 3;\n");
    CHECK(rename(a, b) == 0);
    sw_handlers h4;
    sw_handlers_init(&h4, &A, dir);
    const sw_srcfile *f4 = sw_handlers_file(&h4, "m.js");
    NEED(f4 && f4->nexports == 1);
    CHECK_STR(f4->exports[0].name, "three");
    CHECK_STR(f3->exports[0].name, "two");
    sw_handlers_release(&h2);
    sw_handlers_release(&h3);
    sw_handlers_release(&h4);
    /* a file that went away */
    CHECK(unlink(b) == 0);
    sw_handlers h5;
    sw_handlers_init(&h5, &A, dir);
    CHECK(sw_handlers_file(&h5, "m.js") == NULL);
    sw_handlers_release(&h5);
    /* more files than SW_HCACHE_IDLE, all held: none goes, not even at shutdown */
    sw_handlers h6;
    sw_handlers_init(&h6, &A, dir);
    char rel[32];
    const sw_srcfile *first = NULL;
    for (int i = 0; i < SW_HCACHE_IDLE + 40; i++) {
        snprintf(rel, sizeof rel, "n%d.py", i);
        put(rel, "def f(x):\n    pass\n");
        const sw_srcfile *f = sw_handlers_file(&h6, rel);
        CHECK(f && f->nexports == 1);
        if (!first)
            first = f;
    }
    sw_hcache_shutdown();   /* frees only what nobody holds */
    CHECK_STR(first->exports[0].name, "f");
    CHECK_STR(first->src.text, "def f(x):\n    pass\n");
    sw_handlers_release(&h6);
    sw_hcache_shutdown();
    setenv("SLSWS_CACHE_DIR", cache_dir, 1);
    teardown();
}
