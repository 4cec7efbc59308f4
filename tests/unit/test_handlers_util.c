/*
 * Shared fixtures of the handler unit tests (handlers_util.h): a temporary
 * service directory with its handler cache, files written into it, and
 * exact checks of export and API-use lists.
 */
#include "test.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handlers_util.h"

char dir[64];
sw_arena A;
sw_handlers H;

void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/slsws-unit-XXXXXX");
    if (!mkdtemp(dir))
        dir[0] = 0;
    CHECK(dir[0] != 0);
    sw_arena_init(&A);
    sw_handlers_init(&H, &A, dir);
}

void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(dir[0] && system(cmd) == 0);
    sw_handlers_release(&H);
    sw_arena_free(&A);
}


/* Writes n bytes to dir/rel, creating one level of subdirectory. */
void putn(const char *rel, const char *text, size_t n)
{
    char path[256];
    const char *slash = strrchr(rel, '/');
    if (slash) {
        snprintf(path, sizeof path, "%s/%.*s", dir, (int)(slash - rel), rel);
        mkdir(path, 0700);
    }
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL && fwrite(text, 1, n, f) == n);
    if (f)
        fclose(f);
}

void put(const char *rel, const char *text) { putn(rel, text, strlen(text)); }

/* Byte offset of the nth (0-based) occurrence of needle in text. */
uint32_t at(const char *text, const char *needle, int nth)
{
    const char *p = text;
    for (;;) {
        p = strstr(p, needle);
        if (!p)
            return UINT32_MAX;
        if (nth-- == 0)
            return (uint32_t)(p - text);
        p++;
    }
}


void expect_exports(const sw_srcfile *f, const xexp *x, uint32_t n)
{
    CHECK_INT(f->nexports, n);
    for (uint32_t i = 0; i < n && i < f->nexports; i++) {
        const sw_export *e = &f->exports[i];
        uint32_t s = at(f->src.text, x[i].needle, 0);
        CHECK_STR(e->name, x[i].name);
        CHECK_INT(e->kind, x[i].kind);
        CHECK_INT(e->start, s);
        CHECK_INT(e->end, s + (e->kind == SW_EXP_DEFAULT ? 7 : strlen(x[i].name)));
        if (x[i].params) {
            CHECK_STR(e->params, x[i].params);
            CHECK_INT(e->params_start, at(f->src.text, x[i].pneedle ? x[i].pneedle : x[i].params, 0));
            CHECK_INT(e->params_end, e->params_start + strlen(x[i].params));
        } else {
            CHECK(e->params == NULL);
        }
    }
}


void expect_uses(const sw_srcfile *f, const xuse *x, uint32_t n)
{
    CHECK_INT(f->nuses, n);
    for (uint32_t i = 0; i < n && i < f->nuses; i++) {
        uint32_t s = at(f->src.text, x[i].text, x[i].nth);
        CHECK_INT(f->uses[i].kind, x[i].kind);
        CHECK_INT(f->uses[i].start, s);
        CHECK_INT(f->uses[i].end, s + strlen(x[i].text));
    }
}
