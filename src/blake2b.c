/*
 * BLAKE2b (see blake2b.h), after the reference code of RFC 7693; checked
 * against the RFC's test vector in tests/unit/test_handlers_cache.c.
 */
#include "blake2b.h"

#include <string.h>

static const uint64_t IV[8] = {
    0x6a09e667f3bcc908u, 0xbb67ae8584caa73bu, 0x3c6ef372fe94f82bu, 0xa54ff53a5f1d36f1u,
    0x510e527fade682d1u, 0x9b05688c2b3e6c1fu, 0x1f83d9abfb41bd6bu, 0x5be0cd19137e2179u,
};

static const unsigned char SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define G(a, b, c, d, x, y)                                                   \
    do {                                                                      \
        v[a] = v[a] + v[b] + (x); v[d] = ROTR(v[d] ^ v[a], 32);               \
        v[c] = v[c] + v[d];       v[b] = ROTR(v[b] ^ v[c], 24);               \
        v[a] = v[a] + v[b] + (y); v[d] = ROTR(v[d] ^ v[a], 16);               \
        v[c] = v[c] + v[d];       v[b] = ROTR(v[b] ^ v[c], 63);               \
    } while (0)

static void compress(sw_blake2b *s, const unsigned char *p, int last)
{
    uint64_t v[16], m[16];
    for (int i = 0; i < 16; i++)
        m[i] = (uint64_t)p[8 * i] | (uint64_t)p[8 * i + 1] << 8 | (uint64_t)p[8 * i + 2] << 16 |
               (uint64_t)p[8 * i + 3] << 24 | (uint64_t)p[8 * i + 4] << 32 |
               (uint64_t)p[8 * i + 5] << 40 | (uint64_t)p[8 * i + 6] << 48 |
               (uint64_t)p[8 * i + 7] << 56;
    memcpy(v, s->h, sizeof s->h);
    memcpy(v + 8, IV, sizeof IV);
    v[12] ^= s->t[0];
    v[13] ^= s->t[1];
    if (last)
        v[14] = ~v[14];
    /* the rounds written out, so that the message schedule is constant */
#define ROUND(r)                                                              \
    do {                                                                      \
        G(0, 4, 8, 12, m[SIGMA[r][0]], m[SIGMA[r][1]]);                       \
        G(1, 5, 9, 13, m[SIGMA[r][2]], m[SIGMA[r][3]]);                       \
        G(2, 6, 10, 14, m[SIGMA[r][4]], m[SIGMA[r][5]]);                      \
        G(3, 7, 11, 15, m[SIGMA[r][6]], m[SIGMA[r][7]]);                      \
        G(0, 5, 10, 15, m[SIGMA[r][8]], m[SIGMA[r][9]]);                      \
        G(1, 6, 11, 12, m[SIGMA[r][10]], m[SIGMA[r][11]]);                    \
        G(2, 7, 8, 13, m[SIGMA[r][12]], m[SIGMA[r][13]]);                     \
        G(3, 4, 9, 14, m[SIGMA[r][14]], m[SIGMA[r][15]]);                     \
    } while (0)
    ROUND(0); ROUND(1); ROUND(2); ROUND(3); ROUND(4); ROUND(5);
    ROUND(6); ROUND(7); ROUND(8); ROUND(9); ROUND(10); ROUND(11);
#undef ROUND
    for (int i = 0; i < 8; i++)
        s->h[i] ^= v[i] ^ v[i + 8];
}

static void count(sw_blake2b *s, size_t n)
{
    s->t[0] += n;
    if (s->t[0] < n)
        s->t[1]++;
}

void sw_blake2b_init(sw_blake2b *s, size_t outlen)
{
    memset(s, 0, sizeof *s);
    memcpy(s->h, IV, sizeof IV);
    s->h[0] ^= 0x01010000u ^ (uint64_t)outlen;
    s->outlen = outlen;
}

void sw_blake2b_add(sw_blake2b *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    /* a full buffer is compressed only once more input follows: the last
       block must be compressed with the final flag */
    while (n) {
        if (s->nbuf == 128) {
            count(s, 128);
            compress(s, s->buf, 0);
            s->nbuf = 0;
        }
        if (!s->nbuf) {
            for (; n > 128; p += 128, n -= 128) {
                count(s, 128);
                compress(s, p, 0);
            }
        }
        size_t k = 128 - s->nbuf < n ? 128 - s->nbuf : n;
        memcpy(s->buf + s->nbuf, p, k);
        s->nbuf += k;
        p += k;
        n -= k;
    }
}

void sw_blake2b_done(sw_blake2b *s, unsigned char *out)
{
    count(s, s->nbuf);
    memset(s->buf + s->nbuf, 0, 128 - s->nbuf);
    compress(s, s->buf, 1);
    for (size_t i = 0; i < s->outlen; i++)
        out[i] = (unsigned char)(s->h[i / 8] >> (8 * (i % 8)));
}
