/*
 * Unit tests for the YAML document model: spans of keys and values in block
 * and flow style, tags, anchors and aliases, merge-key lookups (explicit keys
 * win, first merge source next), duplicate keys (js-yaml's rules), CRLF,
 * BOM, non-ASCII keys, syntax errors and scalar typing as js-yaml 4 does it.
 */
#include "test.h"

#include "../../src/ydoc.h"
#include "../../src/yscalar.h"

static sw_arena A;
static sw_source S;

static y_doc *parse(const char *text)
{
    sw_arena_free(&A);
    sw_arena_init(&A);
    sw_source_init(&S, &A, "t.yml", text, strlen(text));
    return y_parse(&A, &S, false);
}

static const char *span(const y_node *n)
{
    return sw_strndup(&A, S.text + n->start, n->end - n->start);
}

TEST(ydoc_block_spans)
{
    y_doc *d = parse("service: chat\nprovider:\n  name: aws\n  list:\n    - a\n    - b: 1\n");
    CHECK(d->root && d->root->kind == Y_MAP);
    CHECK_INT(d->nproblems, 0);
    const y_node *k;
    const y_node *p = y_get_pair(d->root, "provider", &k);
    CHECK_STR(span(k), "provider");
    CHECK_STR(span(p), "name: aws\n  list:\n    - a\n    - b: 1");
    CHECK_STR(span(y_get(p, "name")), "aws");
    const y_node *l = y_get(p, "list");
    CHECK(y_is_seq(l));
    CHECK_INT(l->len, 2);
    CHECK_STR(span(l), "- a\n    - b: 1");
    sw_arena_free(&A);
}

TEST(ydoc_flow_tags_quotes)
{
    y_doc *d = parse("a: {x: 'q', y: [1, !Ref B]}\nb: !GetAtt X.Arn\nc: \"d\\u00e9\"\n");
    CHECK_INT(d->nproblems, 0);
    const y_node *a = y_get(d->root, "a");
    CHECK_STR(span(a), "{x: 'q', y: [1, !Ref B]}");
    CHECK_STR(span(y_get(a, "x")), "'q'");
    const y_node *y = y_get(a, "y");
    CHECK_STR(span(y->u.seq.items[1]), "!Ref B");
    CHECK_STR(y_tag(y->u.seq.items[1]), "!Ref");
    CHECK(y_is_intrinsic(y_get(d->root, "b")));
    CHECK_STR(y_get(d->root, "c")->str, "d\xC3\xA9");
    CHECK_INT(y_get(d->root, "c")->style, Y_DQUOTED);
    sw_arena_free(&A);
}

TEST(ydoc_merge_keys)
{
    y_doc *d = parse("base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\n"
                     "m:\n  x: 9\n  <<: [*b, *o]\n");
    const y_node *m = y_get(d->root, "m");
    CHECK_STR(y_get(m, "x")->str, "9");   /* explicit wins */
    CHECK_STR(y_get(m, "y")->str, "2");   /* first merge source wins */
    CHECK_STR(y_get(m, "z")->str, "4");
    CHECK(y_get(m, "w") == NULL);
    y_epair *ps;
    uint32_t n = y_pairs(&A, m, &ps);
    CHECK_INT(n, 3);
    CHECK(ps[0].via == NULL);
    CHECK(ps[1].via != NULL);
    CHECK_INT(d->nproblems, 0);
    sw_arena_free(&A);
}

TEST(ydoc_duplicate_keys)
{
    y_doc *d = parse("a: 1\nb: 2\na: 3\n1: x\n\"1\": y\n<<: {q: 1}\n<<: {r: 1}\nq: 2\n");
    int dups = 0;
    for (uint32_t i = 0; i < d->nproblems; i++)
        if (d->problems[i].kind == Y_ERR_DUPKEY)
            dups++;
    CHECK_INT(dups, 2); /* a, and 1 / "1"; not the repeated << nor q over a merge */
    CHECK_INT(d->problems[0].start, 10);
    sw_arena_free(&A);
}

TEST(ydoc_aliases_not_expanded)
{
    y_doc *d = parse("a: &x [1, 2]\nb: *x\nc: *nope\n");
    const y_node *b = y_get(d->root, "b");
    CHECK_INT(b->kind, Y_ALIAS);
    CHECK(y_deref(b) == y_get(d->root, "a"));
    CHECK_INT(d->nproblems, 1);
    CHECK_INT(d->problems[0].kind, Y_ERR_ALIAS);
    sw_arena_free(&A);
}

TEST(ydoc_crlf_bom_unicode_keys)
{
    y_doc *d = parse("\xEF\xBB\xBFk\xC3\xA9y: v\r\n\xE6\xBC\xA2: w\r\n");
    CHECK_INT(d->nproblems, 0);
    const y_node *k;
    const y_node *v = y_get_pair(d->root, "\xE6\xBC\xA2", &k);
    CHECK_STR(span(v), "w");
    CHECK_INT(k->start, 12);
    sw_pos p = sw_source_pos(&S, v->start, SW_UNIT_CP);
    CHECK_INT(p.line, 1);
    CHECK_INT(p.col, 3);
    sw_arena_free(&A);
}

TEST(ydoc_syntax_error_keeps_prefix)
{
    y_doc *d = parse("service: chat\nprovider:\n  name: aws\n bad: [\n");
    CHECK(d->truncated);
    CHECK(d->nproblems >= 1);
    CHECK_INT(d->problems[0].kind, Y_ERR_SYNTAX);
    CHECK_STR(y_get(d->root, "service")->str, "chat");
    sw_arena_free(&A);
}

TEST(ydoc_unknown_tag_and_bad_merge)
{
    y_doc *d = parse("a: !Foo x\nb: !Sub '${AWS::Region}'\nc:\n  <<: 3\n");
    CHECK_INT(d->nproblems, 2);
    CHECK_INT(d->problems[0].kind, Y_ERR_TAG);
    CHECK_INT(d->problems[1].kind, Y_ERR_MERGE);
    sw_arena_free(&A);
}

TEST(yscalar_js_yaml_types)
{
    y_doc *d = parse("a: on\nb: True\nc: 0x1F\nd: 1.10\ne: ~\nf: '1'\ng: 1_000\n"
                     "h: 2024-01-02\ni: .inf\nj: 1e3\nk: yes\n");
    CHECK_INT(y_scalar_type(y_get(d->root, "a")), Y_T_STR);
    CHECK_INT(y_scalar_type(y_get(d->root, "b")), Y_T_BOOL);
    CHECK_INT(y_scalar_type(y_get(d->root, "c")), Y_T_INT);
    CHECK_STR(y_js_number(&A, y_get(d->root, "c")), "31");
    CHECK_STR(y_js_number(&A, y_get(d->root, "d")), "1.1");
    CHECK_INT(y_scalar_type(y_get(d->root, "e")), Y_T_NULL);
    CHECK_INT(y_scalar_type(y_get(d->root, "f")), Y_T_STR);
    CHECK_STR(y_js_number(&A, y_get(d->root, "g")), "1000");
    CHECK_INT(y_scalar_type(y_get(d->root, "h")), Y_T_TIMESTAMP);
    CHECK_STR(y_js_number(&A, y_get(d->root, "i")), "Infinity");
    CHECK_STR(y_js_number(&A, y_get(d->root, "j")), "1000");
    CHECK_INT(y_scalar_type(y_get(d->root, "k")), Y_T_STR);
    sw_arena_free(&A);
}

TEST(yscalar_variables)
{
    CHECK(sw_has_var("${opt:stage, 'dev'}", 19));
    CHECK(sw_has_var("x-${self:custom.a}", 18));
    CHECK(sw_has_var("${file(./a.yml)}", 16));
    CHECK(!sw_has_var("${AWS::Region}", 14));
    CHECK(!sw_has_var("${request.body.action}", 22));
    CHECK(!sw_has_var("\\${self:x}", 10));
    CHECK(!sw_has_var("$request.body.action", 20));
    CHECK(!sw_has_var("${x::y}", 7));
}

TEST(ydoc_big_map_index_and_variable_list)
{
    /* 20 keys: the mapping gets a hash index; its answers must be those of
       a scan (first duplicate wins, merge keys are not keys, a NUL inside a
       key makes it another key) */
    char text[2048] = "m:\n  \"a\\0b\": nul\n  <<: {z: merged}\n";
    for (int i = 0; i < 18; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "  k%d: v%d\n", i, i);
    strcat(text, "  k3: again\nl:\n  - [x, '${self:m.k1}']\n  - '#{AWS::Region}'\n");
    y_doc *d = parse(text);
    const y_node *m = y_get(d->root, "m");
    CHECK(m && m->indexed);
    CHECK_INT(m->len, 21);
    CHECK_STR(y_get(m, "k3")->str, "v3");
    CHECK_STR(y_get(m, "k17")->str, "v17");
    CHECK_STR(y_get(m, "z")->str, "merged");
    CHECK(!y_get(m, "a"));
    CHECK(!y_get(m, "<<"));
    CHECK(!y_get(m, "k18"));
    /* the scalars that may hold variables, with their depth */
    CHECK_INT(d->dollars.n, 2);
    CHECK_STR(d->dollars.v[0]->str, "${self:m.k1}");
    CHECK_INT(d->dollars.depth[0], 3);
    CHECK_STR(d->dollars.v[1]->str, "#{AWS::Region}");
    CHECK_INT(d->dollars.depth[1], 2);
    sw_arena_free(&A);
}

TEST(ydoc_small_map_nul_key)
{
    y_doc *d = parse("\"a\\0b\": 1\nc: 2\n");
    CHECK(!d->root->indexed);
    CHECK(!y_get(d->root, "a"));
    CHECK_STR(y_get(d->root, "c")->str, "2");
    sw_arena_free(&A);
}
