/*
 * Caches of what hfacts.c extracts from a handler source (the fields of
 * sw_srcfile), so that the tree-sitter queries are compiled and run only
 * for bytes never seen before.
 *
 * In memory, per process: one shared, read-only entry per path, reused
 * while the file's identity (device, inode, size, mtime, ctime) is
 * unchanged; a file modified less than two seconds before it was read is
 * compared byte for byte instead, as timestamps are coarse. Entries are
 * reference counted: each sw_handlers holds the ones it hands out until
 * sw_handlers_release, so a changed file never frees what a live analysis
 * still points into; a replaced entry goes when its last holder does, and
 * at most SW_HCACHE_IDLE unheld ones are kept (least recently used go).
 * Not thread-safe, like tsq.c: parallel runs use processes.
 *
 * On disk: one small file per content, named by the BLAKE2b-256 of the bytes
 * salted with the language, a hash of the embedded queries, the slsws
 * version and the running executable (size and mtime, so a rebuild with
 * different extraction code never reads old facts), under
 * $SLSWS_CACHE_DIR, else $XDG_CACHE_HOME/slsws, else ~/.cache/slsws
 * (SLSWS_CACHE_DIR set but empty, or sw_hcache_off: no disk cache).
 * Written to a temporary file and renamed into place; read with strict
 * checks (size, magic, key, a checksum, every span inside the text), so a
 * corrupt, truncated or foreign entry is ignored and rewritten, never
 * trusted. Any I/O failure only means a miss.
 */
#ifndef SW_HCACHE_H
#define SW_HCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "arena.h"
#include "handlers.h"

#define SW_HCACHE_IDLE 128

/* Fills f's facts (parsed, has_error, exports, uses...) from f->src and
 * f->lang, allocating in a; false when the file cannot be parsed. */
typedef bool (*sw_hcache_extract)(sw_arena *a, sw_srcfile *f);

typedef struct sw_hentry sw_hentry;

/* The shared facts of the regular file at path (st: its stat) in language
 * lang, held for the caller; NULL when it cannot be read or is larger than
 * max bytes. A file that does not parse is an entry too (parsed false). */
sw_hentry *sw_hcache_file(sw_arena *a, const char *path, const struct stat *st, sw_lang lang,
                          size_t max, sw_hcache_extract extract);
/* The entry's facts: path, rel and src.path are left for the caller to set
 * on its own copy. */
const sw_srcfile *sw_hentry_file(const sw_hentry *e);
/* Gives up the caller's hold. */
void sw_hentry_drop(sw_hentry *e);

/* No disk cache for the rest of the process (--no-cache). */
void sw_hcache_off(void);
/* The disk cache's directory, or NULL when it is off. */
const char *sw_hcache_dir(void);

typedef struct sw_hcache_stats {
    unsigned long mem_hits;     /* entries reused from memory */
    unsigned long disk_hits;    /* facts read from the disk cache */
    unsigned long extracted;    /* facts extracted with the queries */
    unsigned long stored;       /* entries written to disk */
} sw_hcache_stats;
sw_hcache_stats sw_hcache_counts(void);

/* Frees the unheld entries and forgets the settings (tests, leak checks);
 * held entries stay valid until dropped. */
void sw_hcache_shutdown(void);

#endif
