/*
 * Directory listings for handler resolution (handlers.h): each directory a
 * candidate handler file could sit in is read once per analysis (one
 * opendir/readdir), so trying src/app.js, .mjs, .cjs, .ts, .mts, .cts is a
 * lookup in memory instead of six stat calls, and a directory that does not
 * exist is remembered as missing after one failed open. Names match
 * exactly (byte for byte, case-sensitive). The listing is a filter, never
 * the last word on a file: an entry that is a regular file, a symlink or of
 * unknown type may be the file and the caller stats it; only an entry of
 * another type (a directory, a socket...) or a name the listing lacks is
 * known absent. A directory that cannot be read (no permission) or holds
 * more than SW_DIR_MAX_ENTRIES answers "maybe" for every name. Lives in an
 * analysis' arena and goes with it: an editor's next analysis lists again.
 */
#ifndef SW_DIRCACHE_H
#define SW_DIRCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define SW_DIR_MAX_ENTRIES 65536u

typedef enum {
    SW_DIR_LISTED,      /* every entry is known */
    SW_DIR_MISSING,     /* does not exist, or is not a directory */
    SW_DIR_UNREADABLE,  /* cannot be listed: any name may exist */
    SW_DIR_TRUNCATED    /* too many entries: names[] holds the first ones */
} sw_dir_state;

typedef struct sw_dirlist {
    const char *path;           /* as opened */
    sw_dir_state state;
    const char **names;         /* in readdir order, "." and ".." included */
    unsigned char *types;       /* the entries' d_type */
    uint32_t n;
    uint32_t *index;            /* open addressing over names: 1 + index, 0 empty */
    uint32_t cap;
} sw_dirlist;

typedef struct sw_dircache {
    sw_arena *a;
    sw_dirlist **slots;         /* open addressing by path */
    uint32_t cap, n;
} sw_dircache;

void sw_dircache_init(sw_dircache *dc, sw_arena *a);

/* The listing of the directory whose path is dir[0, len), read on first use. */
const sw_dirlist *sw_dircache_get(sw_dircache *dc, const char *dir, size_t len);

/* false when no regular file (nor a symlink to one) can be named name[0, len)
   in l; true when it may be (stat it to know). */
bool sw_dirlist_may_hold(const sw_dirlist *l, const char *name, size_t len);

#endif
