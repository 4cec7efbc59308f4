/*
 * Unit tests for handler resolution through directory listings (handlers.c,
 * dircache.c): the file picked in ambiguous trees (x.js beside x.ts, x.py
 * beside x/__init__.py, symlinked files, directories and dangling links
 * named like a candidate, names differing only in case), checked against
 * what one stat per candidate in the runtime's order picks; a missing
 * directory listed once; and the listing WS085's near-miss reads.
 */
#include "test.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/handlers.h"

#include "handlers_util.h"

static void mkdirs(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    CHECK(mkdir(path, 0700) == 0);
}

static void link_to(const char *target, const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    CHECK(symlink(target, path) == 0);
}

/* The first of the candidates that stat() calls a regular file (the rule
   resolution followed before it listed directories), or NULL. */
static const char *by_stat(const sw_handler_res *r)
{
    for (uint32_t i = 0; i < r->ntried; i++) {
        char path[256];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, r->tried[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return r->tried[i];
    }
    return NULL;
}

/* handler resolves under runtime to want (NULL: no file), as stat agrees. */
static void expect(const char *handler, const char *runtime, const char *want)
{
    sw_handler_res r;
    CHECK(sw_handler_resolve(&H, handler, runtime, &r));
    const char *got = r.file ? r.file->rel : NULL;
    const char *truth = by_stat(&r);
    if (!want) {
        CHECK(got == NULL && truth == NULL);
        if (got)
            fprintf(stderr, "  %s: got %s, expected no file\n", handler, got);
        return;
    }
    CHECK(got && strcmp(got, want) == 0);
    CHECK(truth && strcmp(truth, want) == 0);
    if (!got || strcmp(got, want) != 0)
        fprintf(stderr, "  %s: got %s, expected %s\n", handler, got ? got : "none", want);
}

TEST(handlers_resolve_ambiguous_trees)
{
    setup();
    put("src/both.ts", "export const handler = 1;\n");
    put("src/both.js", "exports.handler = 1;\n");
    put("mod.py", "def handler(e, c): pass\n");
    put("mod/__init__.py", "def handler(e, c): pass\n");
    put("pkg/__init__.py", "def handler(e, c): pass\n");
    put("real/target.ts", "export const handler = 1;\n");
    link_to("../real/target.ts", "src/linked.js");     /* a symlinked handler file */
    link_to("nowhere.js", "src/dangling.js");          /* a dangling link is no file */
    put("src/dangling.mjs", "export const handler = 1;\n");
    mkdirs("src/dir.js");                              /* a directory named like the file */
    put("src/dir.cjs", "exports.handler = 1;\n");
    link_to("../real", "src/dirlink.js");              /* a symlink to a directory */
    put("src/dirlink.ts", "export const handler = 1;\n");
    put("src/Case.js", "exports.handler = 1;\n");      /* names match byte for byte */
    mkdirs("lonely.py");
    expect("src/both.handler", "nodejs20.x", "src/both.js");
    expect("mod.handler", "python3.12", "mod.py");
    expect("pkg.handler", "python3.12", "pkg/__init__.py");
    expect("src/linked.handler", "nodejs20.x", "src/linked.js");
    expect("src/dangling.handler", "nodejs20.x", "src/dangling.mjs");
    expect("src/dir.handler", "nodejs20.x", "src/dir.cjs");
    expect("src/dirlink.handler", NULL, "src/dirlink.ts");
    expect("src/case.handler", "nodejs20.x", NULL);
    expect("src/Case.handler", "nodejs20.x", "src/Case.js");
    expect("lonely.handler", "python3.12", NULL);
    expect("./real/target.handler", "nodejs22.x", "real/target.ts");
    /* the linked file is the target's text */
    sw_handler_res r;
    CHECK(sw_handler_resolve(&H, "src/linked.handler", NULL, &r));
    CHECK(r.file && r.file->parsed && r.export);
    teardown();
}

TEST(handlers_resolve_missing_directory_once)
{
    setup();
    put("app.js", "exports.a = 1;\n");
    sw_handler_res r;
    for (int i = 0; i < 50; i++) {
        char h[32];
        snprintf(h, sizeof h, "gone/f%d.handler", i);
        CHECK(sw_handler_resolve(&H, h, "nodejs20.x", &r));
        CHECK(!r.file && r.ntried == 6);
    }
    CHECK(sw_handler_resolve(&H, "gone/deeper.handler", "python3.12", &r));
    CHECK(!r.file && r.ntried == 2);
    CHECK_STR(r.tried[1], "gone/deeper/__init__.py");
    CHECK(sw_handler_resolve(&H, "app.a", "nodejs20.x", &r));
    CHECK(r.file && r.export);
    /* "gone", "gone/deeper" and the service directory, each listed once */
    CHECK_INT(H.dirs.n, 3);
    CHECK_INT(H.n, 1);
    const sw_dirlist *l = sw_handlers_listing(&H, "gone/f1");
    CHECK(l->state == SW_DIR_MISSING && l->n == 0);
    l = sw_handlers_listing(&H, "app");
    CHECK(l->state == SW_DIR_LISTED);
    bool seen = false;
    for (uint32_t i = 0; i < l->n; i++)
        seen |= strcmp(l->names[i], "app.js") == 0;
    CHECK(seen);
    CHECK_INT(H.dirs.n, 3);
    teardown();
}

TEST(handlers_file_sees_new_files)
{
    /* sw_handlers_file (the editor's completion) stats a path resolution
       has not looked up, even when its directory was listed before it
       appeared; resolution then finds it too */
    setup();
    put("src/old.js", "exports.a = 1;\n");
    sw_handler_res r;
    CHECK(sw_handler_resolve(&H, "src/new.a", "nodejs20.x", &r));
    CHECK(!r.file);
    put("src/new.js", "exports.a = 1;\n");
    CHECK(sw_handlers_file(&H, "src/new.js") != NULL);
    CHECK(sw_handler_resolve(&H, "src/new.a", "nodejs20.x", &r));
    CHECK(r.file && r.export);
    teardown();
}
