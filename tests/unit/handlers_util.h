/*
 * Fixtures shared by the handler unit tests (test_handlers*.c): a temporary
 * service directory (dir) with an arena (A) and a handler cache (H) made by
 * setup() and removed by teardown(), files written into it, and checks of
 * a file's exact export and API-use lists.
 */
#ifndef SW_TEST_HANDLERS_UTIL_H
#define SW_TEST_HANDLERS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "../../src/handlers.h"
#include "../../src/tsq.h"

extern char dir[64];
extern sw_arena A;
extern sw_handlers H;

void setup(void);
void teardown(void);
/* Ends the test when x is false (a CHECK has already failed). */
#define NEED(x) do { if (!(x)) { teardown(); return; } } while (0)

/* Writes n bytes to dir/rel, creating one level of subdirectory. */
void putn(const char *rel, const char *text, size_t n);
void put(const char *rel, const char *text);
/* Byte offset of the nth (0-based) occurrence of needle in text. */
uint32_t at(const char *text, const char *needle, int nth);

/* The whole export list, in order: name, kind, where the name sits (the
 * first occurrence of needle) and the parameters, if any, with their span. */
typedef struct {
    const char *name;
    sw_export_kind kind;
    const char *needle, *params, *pneedle;   /* pneedle: where params sit, when not unique */
} xexp;
void expect_exports(const sw_srcfile *f, const xexp *x, uint32_t n);

/* The whole list of API uses, in order: kind and the text captured (its
 * nth occurrence in the file). */
typedef struct { sw_use_kind kind; const char *text; int nth; } xuse;
void expect_uses(const sw_srcfile *f, const xuse *x, uint32_t n);

#endif
