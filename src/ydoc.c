/*
 * Builds the y_doc tree from libyaml events (see ydoc.h). One pass over the
 * events; a stack of open collections; anchors in a hash table; marks turned
 * into byte offsets through sw_markconv. Mapping checks (duplicate keys,
 * merge sources) and the key index of big mappings are made when a mapping
 * closes. Lookups in the finished tree are in ydoc_query.c.
 */
#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "strmap.h"
#include "yscalar.h"

/* ---- the builder ---- */

typedef struct frame {
    y_node *node;
    uint32_t base;      /* where its children start on the scratch stack */
} frame;

typedef struct builder {
    sw_arena *a;
    y_doc *doc;
    sw_markconv mc;
    frame *stack;
    uint32_t depth, cap;
    sw_strmap anchors;
    y_node **scratch;   /* children of every open collection, innermost last:
                           seq items, or keys and values alternating for maps */
    uint32_t nscratch, capscratch;
    y_problem *probs;
    uint32_t nprobs, capprobs;
    struct val_slot *vals; /* nvals slots (heap, on first use): recent texts by hash */
    uint32_t nvals;         /* a power of two, at most VALS */
    y_node **dollars;   /* y_doc.dollars while parsing */
    uint16_t *depths;
    uint32_t ndollars, capdollars;
} builder;

static void problem(builder *b, y_errkind kind, uint32_t start, uint32_t end,
                    const char *msg, const y_node *first)
{
    if (b->nprobs == b->capprobs) {
        b->capprobs = b->capprobs ? b->capprobs * 2 : 8;
        b->probs = sw_xrealloc(b->probs, b->capprobs * sizeof *b->probs);
    }
    y_problem *p = &b->probs[b->nprobs++];
    p->kind = kind;
    p->start = start;
    p->end = end;
    p->msg = msg;
    p->first = first;
}

static const char *const cfn_tags[] = {
    "!And", "!Base64", "!Cidr", "!Condition", "!Equals", "!FindInMap",
    "!GetAZs", "!GetAtt", "!If", "!ImportValue", "!Join", "!Not", "!Or",
    "!Ref", "!Select", "!Split", "!Sub", NULL, /* no !Transform: SF's schema lacks it */
};
static const char *const core_tags[] = {
    "str", "int", "float", "bool", "null", "map", "seq", "binary",
    "timestamp", "omap", "pairs", "set", "merge", NULL,
};

/* The table's copy of a CloudFormation tag, or NULL. */
static const char *cfn_tag(const char *t)
{
    for (int i = 0; t[0] == '!' && cfn_tags[i] && cfn_tags[i][1] <= t[1]; i++) /* (sorted) */
        if (t[1] == cfn_tags[i][1] && strcmp(t, cfn_tags[i]) == 0)
            return cfn_tags[i];
    return NULL;
}

static bool known_tag(const char *t)
{
    if (strcmp(t, "!") == 0 || cfn_tag(t))
        return true;
    const char *core = "tag:yaml.org,2002:";
    if (strncmp(t, core, strlen(core)) == 0)
        for (int i = 0; core_tags[i]; i++)
            if (strcmp(t + strlen(core), core_tags[i]) == 0)
                return true;
    return false;
}

static const char *display_tag(sw_arena *a, const char *t)
{
    const char *core = "tag:yaml.org,2002:";
    if (strncmp(t, core, strlen(core)) == 0)
        return sw_printf(a, "!!%s", t + strlen(core));
    return sw_strdup(a, t);
}

_Static_assert(sizeof(y_node) <= 16 + 3 * sizeof(void *), "y_node grew");

static y_node *new_node(builder *b, y_kind kind, const yaml_mark_t *sm,
                        const yaml_mark_t *em, const unsigned char *tag,
                        const unsigned char *anchor)
{
    y_node *n;
    const char *cfn = NULL;
    if (tag) {
        /* the tag goes in the word before the node (y_tag); the common
           CloudFormation tags are shared, not copied */
        cfn = cfn_tag((const char *)tag);
        const char *t = cfn ? cfn : display_tag(b->a, (const char *)tag);
        const char **slot = sw_alloc(b->a, sizeof *slot + sizeof *n);
        *slot = t;
        n = (y_node *)(void *)(slot + 1);
        n->tagged = true;
    } else {
        n = sw_alloc(b->a, sizeof *n);
    }
    n->kind = (uint8_t)kind;
    n->start = sw_markconv_byte(&b->mc, sm->index);
    n->end = sw_markconv_byte(&b->mc, em->index);
    b->doc->nnodes++;
    if (tag && !cfn && !known_tag((const char *)tag))
        problem(b, Y_ERR_TAG, n->start, n->start + (uint32_t)strlen(y_tag(n)),
                sw_printf(b->a,
                          "unknown tag '%s': Serverless's YAML loader rejects "
                          "it; use a CloudFormation intrinsic such as !Ref or "
                          "remove the tag",
                          y_tag(n)),
                NULL);
    if (anchor) {
        n->anchored = true;
        sw_strmap_put(&b->anchors, sw_strdup(b->a, (const char *)anchor), n);
    }
    return n;
}

/* Scalar texts repeat: mapping keys (every function has its `handler` and
   `events`) and values too (the same `!Sub` string, ARN prefix, flag or
   size in every function of a generated service). A text of at most
   VALS_MAX bytes takes the copy of an equal one met before in its hash
   slot, when the slot still holds it; this is safe because node text is
   never written to. A fixed table, so memory stays bounded whatever the
   document; a miss only replaces the slot. */
#define VALS 4096       /* slots at most */
#define VALS_MAX 128

typedef struct val_slot {
    const char *s;
    uint32_t len, hash;
} val_slot;

static uint32_t text_hash(const unsigned char *v, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, v + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    for (; i < len; i++)
        h = (h ^ v[i]) * 0x100000001B3u;
    h ^= h >> 29;
    return (uint32_t)h;
}

static const char *scalar_text(builder *b, const unsigned char *v, size_t len)
{
    if (len > VALS_MAX)
        return sw_strndup(b->a, (const char *)v, len);
    if (!b->vals) {
        /* about one slot per 64 bytes of input: a small file touches few pages */
        b->nvals = 256;
        while (b->nvals < VALS && b->nvals * 64 < b->doc->src->len)
            b->nvals *= 2;
        b->vals = calloc(b->nvals, sizeof *b->vals);
        if (!b->vals)
            return sw_strndup(b->a, (const char *)v, len);
    }
    uint32_t h = text_hash(v, len);
    val_slot *slot = &b->vals[h & (b->nvals - 1)];
    if (slot->s && slot->hash == h && slot->len == len && memcmp(slot->s, v, len) == 0)
        return slot->s;
    *slot = (val_slot){sw_strndup(b->a, (const char *)v, len), (uint32_t)len, h};
    return slot->s;
}

static void attach(builder *b, y_node *n)
{
    if (b->depth == 0) {
        if (!b->doc->root)
            b->doc->root = n;
        return;
    }
    n->parent = b->stack[b->depth - 1].node;
    if (b->nscratch == b->capscratch) {
        b->capscratch = b->capscratch ? b->capscratch * 2 : 256;
        b->scratch = sw_xrealloc(b->scratch, b->capscratch * sizeof *b->scratch);
    }
    b->scratch[b->nscratch++] = n;
}

static bool merge_source_ok(const y_node *v)
{
    v = y_deref(v);
    if (!v)
        return false;
    if (v->kind == Y_MAP)
        return true;
    if (v->kind != Y_SEQ)
        return false;
    for (uint32_t i = 0; i < v->len; i++) {
        const y_node *it = y_deref(v->u.seq.items[i]);
        if (!it || it->kind != Y_MAP)
            return false;
    }
    return true;
}

static void dup_key(builder *b, const y_node *key, const y_node *first, const char *norm)
{
    sw_pos fp = sw_source_pos(b->doc->src, first->start, SW_UNIT_CP);
    problem(b, Y_ERR_DUPKEY, key->start, key->end,
            sw_printf(b->a,
                      "duplicate key '%s' (first defined on line %u); remove or "
                      "rename one of them",
                      norm, fp.line + 1),
            first);
}

/* A key as js-yaml stringifies it. Only a plain or tagged scalar can read
   as null, a boolean or a number, and only one starting with one of these
   characters: every other key is its own text. */
static const char *key_norm(sw_arena *a, const y_node *k)
{
    if (!k->tagged && (k->style != Y_PLAIN || y_plain_is_str(k->str, k->len)))
        return k->str;
    return y_key_norm(a, k);
}

/* Merge sources must be mappings; explicit keys must be unique (compared as
   js-yaml stringifies them). Small mappings compare pairwise, large ones
   through a hash table, so the check stays linear. */
static void check_map(builder *b, y_node *m)
{
    uint32_t n = m->len;
    const char *norms[8] = {0}; /* small mappings: the keys so far */
    sw_strmap seen = {0};
    bool big = n > 8;
    for (uint32_t i = 0; i < n; i++) {
        y_pair *p = &m->u.map.pairs[i];
        if (y_is_merge_key(p->key)) {
            m->has_merge = true;
            if (p->val && !merge_source_ok(p->val))
                problem(b, Y_ERR_MERGE, p->val->start, p->val->end,
                        "merge key '<<' needs a mapping or a list of mappings "
                        "here; Serverless's YAML loader rejects anything else",
                        NULL);
            continue;
        }
        const y_node *k = y_deref(p->key);
        if (!k || k->kind != Y_SCALAR)
            continue;
        const char *norm = key_norm(b->a, k);
        const y_node *first = NULL;
        if (big) {
            first = sw_strmap_get(&seen, norm);
            if (!first)
                sw_strmap_put(&seen, norm, (void *)p->key);
        } else {
            norms[i] = norm;
            for (uint32_t j = 0; j < i && !first; j++)
                if (norms[j] && norms[j][0] == norm[0] && strcmp(norms[j], norm) == 0)
                    first = m->u.map.pairs[j].key;
        }
        if (first)
            dup_key(b, p->key, first, norm);
    }
    sw_strmap_free(&seen);
}

static void close_frame(builder *b, const yaml_mark_t *em)
{
    frame *f = &b->stack[--b->depth];
    y_node *n = f->node;
    y_node **items = b->scratch ? b->scratch + f->base : NULL; /* NULL: nothing attached yet */
    uint32_t cnt = b->nscratch - f->base;
    if (n->style == Y_FLOW && em)
        n->end = sw_markconv_byte(&b->mc, em->index);
    if (n->kind == Y_SEQ) {
        n->len = cnt;
        n->u.seq.items = sw_alloc(b->a, sizeof(y_node *) * (cnt ? cnt : 1));
        if (cnt)
            memcpy(n->u.seq.items, items, sizeof(y_node *) * cnt);
    } else {
        uint32_t np = (cnt + 1) / 2;
        n->len = np;
        bool index = np >= Y_MAPIDX_MIN;
        for (uint32_t i = 0; index && i < np; i++) {
            const y_node *k = items[2 * i];
            index = k->kind == Y_SCALAR && !k->anchored;
        }
        n->u.map.pairs = sw_alloc(b->a, sizeof(y_pair) * (np ? np : 1) +
                                            (index ? y_mapidx_cap(np) * sizeof(uint32_t) : 0));
        for (uint32_t i = 0; i < np; i++) {
            n->u.map.pairs[i].key = items[2 * i];
            n->u.map.pairs[i].val = 2 * i + 1 < cnt ? items[2 * i + 1] : NULL;
        }
        if (index)
            y_mapidx_build(n);
    }
    if (cnt && (n->style == Y_BLOCK || !em)) {
        y_node *last = items[cnt - 1];
        if (last->end > n->end || n->style == Y_BLOCK)
            n->end = last->end;
    }
    n->complete = em != NULL;
    b->nscratch = f->base;
    if (n->kind == Y_MAP)
        check_map(b, n);
    attach(b, n);
}

static void syntax_error(builder *b, yaml_parser_t *p)
{
    const sw_source *src = b->doc->src;
    uint32_t off;
    if (p->error == YAML_READER_ERROR)
        off = p->problem_offset < src->len ? (uint32_t)p->problem_offset : src->len;
    else
        off = sw_markconv_byte(&b->mc, p->problem_mark.index);
    const char *msg;
    if (src->bad_utf8 < src->len) {
        off = src->bad_utf8;
        msg = sw_printf(b->a, "invalid UTF-8 byte 0x%02X; save the file as UTF-8",
                        (unsigned char)src->text[off]);
    } else if (p->error == YAML_READER_ERROR) {
        msg = sw_printf(b->a, "invalid YAML: %s (byte 0x%02X); remove the character",
                        p->problem ? p->problem : "unreadable input",
                        off < src->len ? (unsigned char)src->text[off] : 0);
    } else if (off < src->len && src->text[off] == '\t') {
        msg = "invalid YAML: a tab character cannot indent YAML; use spaces";
    } else if (p->context) {
        msg = sw_printf(b->a, "invalid YAML: %s %s; fix the syntax", p->problem,
                        p->context);
    } else {
        msg = sw_printf(b->a, "invalid YAML: %s; fix the syntax",
                        p->problem ? p->problem : "syntax error");
    }
    uint32_t end = off;
    if (end < src->len && src->text[end] != '\n' && src->text[end] != '\r') {
        end++;
        while (end < src->len && ((unsigned char)src->text[end] & 0xC0) == 0x80)
            end++;
    }
    problem(b, Y_ERR_SYNTAX, off, end, msg, NULL);
}

static uint8_t scalar_style(yaml_scalar_style_t s)
{
    switch (s) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return Y_SQUOTED;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return Y_DQUOTED;
    case YAML_LITERAL_SCALAR_STYLE: return Y_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return Y_FOLDED;
    default: return Y_PLAIN;
    }
}

y_doc *y_parse(sw_arena *a, const sw_source *src, bool json)
{
    y_doc *doc = sw_alloc(a, sizeof *doc);
    doc->src = src;
    doc->json = json;
    builder b = {.a = a, .doc = doc};
    sw_markconv_init(&b.mc, src);

    if (src->len == 0) {
        doc->problems = NULL;
        return doc;
    }
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        fputs("slsws: out of memory\n", stderr);
        abort();
    }
    /* Text that is not UTF-8 gives one finding and no tree, wherever the
       bad byte is: libyaml meets one in its first 16 KiB before any event,
       a later one only where it reads it, after building a tree of what
       came before that rules would judge as if the file ended there. */
    bool utf8 = src->bad_utf8 >= src->len;
    yaml_parser_set_input_string(&p, (const unsigned char *)src->text, utf8 ? src->len : 0);
    int docs = 0;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            syntax_error(&b, &p);
            doc->truncated = true;
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                uint32_t s = sw_markconv_byte(&b.mc, ev.start_mark.index);
                uint32_t e = sw_markconv_byte(&b.mc, ev.end_mark.index);
                problem(&b, Y_ERR_DOCS, s, e > s ? e : s + 1,
                        "a second YAML document: Serverless reads exactly one; "
                        "remove the '---' separator or split the file",
                        NULL);
                done = true;
            }
            break;
        case YAML_SCALAR_EVENT: {
            y_node *n = new_node(&b, Y_SCALAR, &ev.start_mark, &ev.end_mark,
                                 ev.data.scalar.tag, ev.data.scalar.anchor);
            n->style = scalar_style(ev.data.scalar.style);
            n->str = scalar_text(&b, ev.data.scalar.value, ev.data.scalar.length);
            n->len = (uint32_t)ev.data.scalar.length;
            n->complete = true;
            if (n->style == Y_LITERAL || n->style == Y_FOLDED)
                while (n->end > n->start &&
                       strchr(" \t\r\n", src->text[n->end - 1]))
                    n->end--;
            /* a scalar that may hold a variable, reached from the root
               through values only (no key on the way: an odd number of
               children before it in each open mapping): listed for the
               variable rules and resolve.c */
            frame *top = b.depth ? &b.stack[b.depth - 1] : NULL;
            bool value = !doc->root &&
                         (!top || top->node->kind != Y_MAP || (b.nscratch - top->base) % 2) &&
                         (memchr(n->str, '$', n->len) || memchr(n->str, '#', n->len));
            for (uint32_t k = b.depth ? b.depth - 1 : 0; value && k-- > 0;)
                value = b.stack[k].node->kind != Y_MAP ||
                        (b.stack[k + 1].base - b.stack[k].base) % 2;
            if (value) {
                if (b.ndollars == b.capdollars) {
                    b.capdollars = b.capdollars ? b.capdollars * 2 : 64;
                    b.dollars = sw_xrealloc(b.dollars, b.capdollars * sizeof *b.dollars);
                    b.depths = sw_xrealloc(b.depths, b.capdollars * sizeof *b.depths);
                }
                b.depths[b.ndollars] = (uint16_t)b.depth; /* at most Y_MAX_DEPTH */
                b.dollars[b.ndollars++] = n;
            }
            attach(&b, n);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            if (b.depth >= Y_MAX_DEPTH) {
                uint32_t s = sw_markconv_byte(&b.mc, ev.start_mark.index);
                problem(&b, Y_ERR_DEPTH, s, s + 1,
                        "nesting deeper than 1000 levels: slsws stops reading "
                        "here; flatten the structure",
                        NULL);
                doc->truncated = true;
                done = true;
                break;
            }
            bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
            y_node *n = new_node(
                &b, seq ? Y_SEQ : Y_MAP, &ev.start_mark, &ev.end_mark,
                seq ? ev.data.sequence_start.tag : ev.data.mapping_start.tag,
                seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor);
            bool flow = seq ? ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                            : ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
            n->style = flow ? Y_FLOW : Y_BLOCK;
            if (b.depth == b.cap) {
                b.cap = b.cap ? b.cap * 2 : 16;
                b.stack = sw_xrealloc(b.stack, b.cap * sizeof *b.stack);
            }
            b.stack[b.depth++] = (frame){.node = n, .base = b.nscratch};
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (b.depth)
                close_frame(&b, &ev.end_mark);
            break;
        case YAML_ALIAS_EVENT: {
            y_node *n = new_node(&b, Y_ALIAS, &ev.start_mark, &ev.end_mark, NULL, NULL);
            const char *name = (const char *)ev.data.alias.anchor;
            n->str = sw_strdup(a, name);
            n->len = (uint32_t)strlen(name);
            n->u.target = sw_strmap_get(&b.anchors, name);
            n->complete = true;
            if (!n->u.target)
                problem(&b, Y_ERR_ALIAS, n->start, n->end,
                        sw_printf(a, "alias '*%s' names no anchor defined before "
                                     "it; define '&%s' first",
                                  name, name),
                        NULL);
            attach(&b, n);
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    while (b.depth)
        close_frame(&b, NULL);
    if (!utf8) {
        syntax_error(&b, &p);
        doc->truncated = true;
    }
    yaml_parser_delete(&p);
    free(b.stack);
    free(b.scratch);
    sw_strmap_free(&b.anchors);
    free(b.vals);
    if (b.ndollars) {
        doc->dollars.v = sw_alloc(a, b.ndollars * sizeof *b.dollars);
        memcpy(doc->dollars.v, b.dollars, b.ndollars * sizeof *b.dollars);
        doc->dollars.depth = sw_alloc(a, b.ndollars * sizeof *b.depths);
        memcpy(doc->dollars.depth, b.depths, b.ndollars * sizeof *b.depths);
        doc->dollars.n = b.ndollars;
    }
    free(b.dollars);
    free(b.depths);
    if (b.nprobs) {
        doc->problems = sw_alloc(a, sizeof(y_problem) * b.nprobs);
        memcpy(doc->problems, b.probs, sizeof(y_problem) * b.nprobs);
        doc->nproblems = b.nprobs;
    }
    free(b.probs);
    return doc;
}
