/*
 * Unit tests for the memory-saving parts of the YAML model and the arena
 * under it: tags kept in the word before a tagged node, scalar texts shared
 * between equal values (and never between different ones, NULs included),
 * duplicate keys judged through the plain-string shortcut, lookups that
 * follow more merge sources than the small visit list holds, the arena's
 * inline fast path (alignment, zeroing, big requests, reservations), and
 * the inline mark conversion checked against a plain count on mixed
 * ASCII/UTF-8 text.
 */
#include "test.h"

#include <stdint.h>
#include <stdlib.h>

#include "../../src/ydoc.h"
#include "../../src/yscalar.h"

static sw_arena A;
static sw_source S;

static y_doc *parse(const char *text, size_t len)
{
    sw_arena_free(&A);
    sw_arena_init(&A);
    sw_source_init(&S, &A, "t.yml", text, len);
    return y_parse(&A, &S, false);
}

TEST(ymodel_tags_before_nodes)
{
    const char *t = "a: !Ref X\nb: !!str 1\nc: !GetAtt [Q, Arn]\nd: !Sub {x: 1}\n"
                    "e: plain\nf: &k !Join ['', [a]]\ng: *k\nh: !Nope x\n";
    y_doc *d = parse(t, strlen(t));
    CHECK_STR(y_tag(y_get(d->root, "a")), "!Ref");
    CHECK_STR(y_tag(y_get(d->root, "b")), "!!str");
    CHECK_INT(y_scalar_type(y_get(d->root, "b")), Y_T_STR);
    CHECK_STR(y_tag(y_get(d->root, "c")), "!GetAtt");
    CHECK_INT(y_get(d->root, "c")->kind, Y_SEQ);
    CHECK_STR(y_tag(y_get(d->root, "d")), "!Sub");
    CHECK_INT(y_get(d->root, "d")->kind, Y_MAP);
    CHECK(y_tag(y_get(d->root, "e")) == NULL);
    const y_node *f = y_get(d->root, "f");
    CHECK(f->anchored && f->tagged);
    CHECK_STR(y_tag(f), "!Join");
    CHECK(y_deref(y_get(d->root, "g")) == f);
    CHECK(y_tag(y_get(d->root, "g")) == NULL); /* the alias itself has none */
    CHECK_STR(y_tag(y_get(d->root, "h")), "!Nope");
    CHECK_INT(d->nproblems, 1);
    CHECK_INT(d->problems[0].kind, Y_ERR_TAG);
    CHECK_INT(d->problems[0].end - d->problems[0].start, 5);
    CHECK(sizeof(y_node) <= 16 + 3 * sizeof(void *));
    sw_arena_free(&A);
}

TEST(ymodel_shared_texts)
{
    /* equal texts share a copy; texts that differ after a NUL do not */
    const char *t = "a: {handler: x, v: \"a\\0b\"}\nb: {handler: x, v: \"a\\0c\"}\n"
                    "c: {handler: 'x', v: \"a\\0b\"}\n";
    y_doc *d = parse(t, strlen(t));
    const y_node *a = y_get(d->root, "a"), *b = y_get(d->root, "b"), *c = y_get(d->root, "c");
    CHECK(a->u.map.pairs[0].key->str == b->u.map.pairs[0].key->str);
    CHECK(y_get(a, "handler")->str == y_get(c, "handler")->str);
    const y_node *va = y_get(a, "v"), *vb = y_get(b, "v"), *vc = y_get(c, "v");
    CHECK_INT(va->len, 3);
    CHECK(memcmp(va->str, "a\0b", 4) == 0);
    CHECK(memcmp(vb->str, "a\0c", 4) == 0);
    CHECK(va->str != vb->str);
    CHECK(va->str == vc->str);
    CHECK_INT(d->nproblems, 0);
    sw_arena_free(&A);
}

TEST(ymodel_duplicate_keys_typed_and_plain)
{
    /* typed plain keys compare as js-yaml prints them; longer words that
       start like a boolean are plain strings */
    const char *t = "true: 1\nTrue: 2\nfalsey: 3\nfalsey2: 4\n0x10: 5\n'16': 6\n"
                    "nullish: 7\n~: 8\n'null': 9\n";
    y_doc *d = parse(t, strlen(t));
    int dups = 0;
    for (uint32_t i = 0; i < d->nproblems; i++)
        if (d->problems[i].kind == Y_ERR_DUPKEY)
            dups++;
    CHECK_INT(dups, 3); /* True, '16', 'null' (a big mapping: a hash table) */
    CHECK_INT(y_scalar_type(d->root->u.map.pairs[2].key), Y_T_STR);
    t = "x: {true: 1, falsey: 0, True: 2, 'a': 3, a: 4, 1.0: 5, '1': 6}\n";
    d = parse(t, strlen(t)); /* a small mapping: compared pairwise */
    dups = 0;
    for (uint32_t i = 0; i < d->nproblems; i++)
        if (d->problems[i].kind == Y_ERR_DUPKEY)
            dups++;
    CHECK_INT(dups, 3); /* True, a, '1' (1.0 prints as 1) */
    CHECK(y_plain_is_str("falsey", 6));
    CHECK(!y_plain_is_str("false", 5));
    CHECK(!y_plain_is_str("", 0));
    CHECK(!y_plain_is_str("-1", 2));
    CHECK(y_plain_is_str("handler", 7));
    sw_arena_free(&A);
}

TEST(ymodel_many_merge_sources)
{
    /* a lookup through more merge sources than the visit list keeps inline,
       each source merged twice, the key only in the last one */
    char t[2048];
    size_t n = 0;
    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(t + n, sizeof t - n, "s%d: &s%d {k%d: %d}\n", i, i, i, i);
    n += (size_t)snprintf(t + n, sizeof t - n, "m:\n  <<: [");
    for (int r = 0; r < 2; r++)
        for (int i = 0; i < 12; i++)
            n += (size_t)snprintf(t + n, sizeof t - n, "%s*s%d", r || i ? ", " : "", i);
    n += (size_t)snprintf(t + n, sizeof t - n, "]\n");
    y_doc *d = parse(t, n);
    const y_node *m = y_get(d->root, "m");
    CHECK_STR(y_get(m, "k11")->str, "11");
    CHECK_STR(y_get(m, "k0")->str, "0");
    CHECK(y_get(m, "k12") == NULL);
    y_epair *ps;
    CHECK_INT(y_pairs(&A, m, &ps), 12);
    sw_arena_free(&A);
}

TEST(ymodel_arena_fast_path)
{
    sw_arena a;
    sw_arena_init(&a);
    char *s = sw_strndup(&a, "abc", 3); /* leaves the cursor unaligned */
    uint64_t *p = sw_alloc(&a, 24);
    CHECK(((uintptr_t)p & 7) == 0);
    CHECK(p[0] == 0 && p[1] == 0 && p[2] == 0);
    CHECK(sw_alloc(&a, 0) != NULL);
    unsigned char *big = sw_alloc(&a, 5u << 20); /* a chunk of its own */
    CHECK(big[0] == 0 && big[(5u << 20) - 1] == 0);
    big[0] = 1;
    uint64_t *q = sw_alloc(&a, 8); /* still from the first chunk */
    CHECK(*q == 0);
    CHECK((unsigned char *)q > (unsigned char *)p && (unsigned char *)q < (unsigned char *)p + 4096);
    for (int i = 0; i < 100000; i++) { /* many chunks */
        uint32_t *x = sw_alloc(&a, 12);
        CHECK(x[0] == 0 && x[2] == 0 && ((uintptr_t)x & 7) == 0);
        if (x[0] || x[2])
            break;
        x[0] = x[1] = x[2] = 0xFFFFFFFFu;
    }
    CHECK_STR(s, "abc");
    sw_arena_free(&a);

    /* a reservation: later allocations come from one zeroed chunk, and a
       second reservation that fits changes nothing */
    sw_arena_init(&a);
    sw_arena_reserve(&a, 3u << 20);
    unsigned char *r0 = sw_alloc(&a, 16);
    sw_arena_reserve(&a, 1u << 20);
    unsigned char *r1 = sw_alloc(&a, (2u << 20) + 8);
    CHECK(r1 == r0 + 16);
    CHECK(r1[0] == 0 && r1[(2u << 20) + 7] == 0);
    sw_arena_reserve(&a, 100); /* small: ignored */
    CHECK((unsigned char *)sw_alloc(&a, 8) == r1 + (2u << 20) + 8);
    sw_arena_free(&a);
}

TEST(ymodel_markconv_against_count)
{
    /* a text of ASCII runs and 2-, 3- and 4-byte characters; marks visited
       forwards with jumps, then backwards, then at random */
    static const char *const parts[] = {"abc", "\xC3\xA9", "\xE6\xBC\xA2", "\xF0\x9F\x98\x80",
                                        "x: y\n", "  "};
    char t[4096];
    uint32_t at[4096]; /* byte offset of each code point */
    size_t n = 0, ncp = 0;
    srand(7);
    while (n < sizeof t - 8) {
        const char *p = parts[rand() % 6];
        size_t l = strlen(p);
        if (n + l >= sizeof t - 8)
            break;
        for (size_t i = 0; i < l; i++) {
            if (((unsigned char)p[i] & 0xC0) != 0x80)
                at[ncp++] = (uint32_t)(n + i);
        }
        memcpy(t + n, p, l);
        n += l;
    }
    at[ncp] = (uint32_t)n;
    sw_arena a;
    sw_arena_init(&a);
    sw_source s;
    sw_source_init(&s, &a, "x", t, n);
    CHECK(!s.ascii);
    sw_markconv m;
    sw_markconv_init(&m, &s);
    int bad = 0;
    for (size_t i = 0; i <= ncp; i += 1 + (size_t)(rand() % 5))
        bad += sw_markconv_byte(&m, i) != at[i];
    for (size_t i = ncp + 1; i-- > 0;)
        bad += sw_markconv_byte(&m, i) != at[i];
    for (int k = 0; k < 2000; k++) {
        size_t i = (size_t)rand() % (ncp + 1);
        bad += sw_markconv_byte(&m, i) != at[i];
    }
    CHECK_INT(bad, 0);
    /* an ASCII text: offsets are indexes, clamped at the end */
    sw_source_init(&s, &a, "x", "ab: c\n", 6);
    sw_markconv_init(&m, &s);
    CHECK_INT(sw_markconv_byte(&m, 4), 4);
    CHECK_INT(sw_markconv_byte(&m, 2), 2);
    CHECK_INT(sw_markconv_byte(&m, 6), 6);
    CHECK_INT(sw_markconv_byte(&m, 60), 6);
    sw_arena_free(&a);
}

TEST(ymodel_get_many_matches_get_pair)
{
    /* y_get_many answers as y_get_pair does, also in a document cut short
       after a key (a key without a value in a merge source: the lookup goes
       on to the next source) */
    const char *t = "c: &c\n  timeout: 60\n  role: r\nfunctions: &b\n  fn:\n    handler: h.x\n"
                    "    <<: [*b, *c]\n  timeout: \"x\n";
    y_doc *d = parse(t, strlen(t));
    CHECK(d->truncated);
    const y_node *fn = y_get(y_get(d->root, "functions"), "fn");
    static const char *const keys[] = {"timeout", "role", "handler", "missing"};
    const y_node *val[4], *key[4];
    y_get_many(fn, keys, 4, val, key);
    for (int i = 0; i < 4; i++) {
        const y_node *k1;
        const y_node *v1 = y_get_pair(fn, keys[i], &k1);
        CHECK(val[i] == v1);
        CHECK(key[i] == k1);
    }
    CHECK(val[0] && strcmp(val[0]->str, "60") == 0);
    CHECK(val[3] == NULL && key[3] == NULL);
    sw_arena_free(&A);
}
