/*
 * A small open-addressing hash table from NUL-terminated strings to
 * pointers. Keys are borrowed, not copied. Used for anchors, duplicate-key
 * detection and the cross-function route checks, which must stay linear on
 * services with thousands of functions.
 */
#ifndef SW_STRMAP_H
#define SW_STRMAP_H

#include <stdint.h>

typedef struct sw_strmap {
    const char **keys;
    void **vals;
    uint32_t *hashes;   /* each key's hash: most probes end without a strcmp */
    uint32_t cap, n;
} sw_strmap;

void sw_strmap_put(sw_strmap *m, const char *key, void *val); /* inserts or replaces */
void *sw_strmap_get(const sw_strmap *m, const char *key);     /* NULL when absent */
void sw_strmap_free(sw_strmap *m);

#endif
