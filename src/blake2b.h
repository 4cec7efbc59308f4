/*
 * BLAKE2b (RFC 7693), unkeyed, for the keys of the handler cache
 * (hcache.h): a strong hash of a file's bytes, so that a cached entry is
 * only ever used for the exact bytes it was made from. Chosen over SHA-256
 * for speed in portable C (about three times fewer instructions per byte).
 * Incremental: init with the digest length (1..64), add, done.
 */
#ifndef SW_BLAKE2B_H
#define SW_BLAKE2B_H

#include <stddef.h>
#include <stdint.h>

typedef struct sw_blake2b {
    uint64_t h[8];
    uint64_t t[2];              /* bytes compressed so far */
    unsigned char buf[128];
    size_t nbuf;
    size_t outlen;
} sw_blake2b;

void sw_blake2b_init(sw_blake2b *s, size_t outlen);
void sw_blake2b_add(sw_blake2b *s, const void *p, size_t n);
void sw_blake2b_done(sw_blake2b *s, unsigned char *out);

#endif
