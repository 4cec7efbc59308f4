/*
 * The extraction behind the handler-file facts (hfacts.c): a source file's
 * exports and API uses read from its text with the tree-sitter queries of
 * grammar/queries. handlers.c hands it to the caches of hcache.h, which
 * call it only for bytes never seen before.
 */
#ifndef SW_HFACTS_H
#define SW_HFACTS_H

#include <stdbool.h>

#include "arena.h"
#include "handlers.h"

/* Fills f's facts (parsed, has_error, exports, uses...) from f->src and
 * f->lang, allocating in a; false when the file cannot be parsed (an
 * sw_hcache_extract). */
bool sw_hfacts_extract(sw_arena *a, sw_srcfile *f);

#endif
