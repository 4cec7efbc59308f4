/*
 * The YAML document model. libyaml's event API gives positions but no tree,
 * and its own loader is slow, drops positions and knows nothing of merge keys.
 * This module builds a tree from the events in one pass: every node carries
 * its exact byte span, its tag and whether it is anchored; aliases point at
 * their anchored node (nothing is ever copied or expanded, so alias bombs
 * cost nothing);
 * lookups honour `<<` merge keys with explicit keys winning; duplicate keys,
 * deep nesting, unknown tags, bad merges, several documents and the first
 * syntax error are recorded as problems for WS090/WS091. Parsing never fails:
 * after an error the tree holds what was read before it.
 */
#ifndef SW_YDOC_H
#define SW_YDOC_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "source.h"

typedef enum { Y_SCALAR, Y_SEQ, Y_MAP, Y_ALIAS } y_kind;
typedef enum {
    Y_PLAIN, Y_SQUOTED, Y_DQUOTED, Y_LITERAL, Y_FOLDED, /* scalars */
    Y_BLOCK, Y_FLOW                                       /* collections */
} y_style;

typedef struct y_node y_node;
struct y_epairs;
typedef struct y_pair {
    y_node *key, *val;
} y_pair;

/* What variable resolution (resolve.c) made of a scalar. */
typedef enum {
    Y_V_NONE,               /* holds no variable, or was not looked at */
    Y_V_BUSY,               /* being resolved (meeting it again is a cycle) */
    Y_V_KNOWN,              /* u.resolved is its value */
    Y_V_UNKNOWN,            /* depends on something slsws cannot know */
    Y_V_MISSING,            /* resolves to nothing */
    Y_V_SYNTH               /* a value made by resolution (fallback, concatenation) */
} y_vstate;

struct y_node {             /* 40 bytes: a big document has one per event */
    uint8_t kind, style;
    bool complete : 1;      /* closed normally (not cut short by an error) */
    bool has_merge : 1;     /* map: holds a `<<` key */
    bool indexed : 1;       /* map: a hash index of its keys follows its pairs */
    bool anchored : 1;      /* carries an anchor (&name; its name is not kept) */
    bool tagged : 1;        /* carries a tag: see y_tag() */
    bool seen : 1, open : 1; /* resolve.c's cycle check */
    uint8_t vstate;         /* y_vstate, for scalars */
    uint32_t len;           /* scalar (and alias name): length in bytes; sequence: its
                               items; mapping: its pairs (u.seq.items, u.map.pairs) */
    uint32_t start, end;    /* byte span, tag and anchor included */
    y_node *parent;
    union {
        const char *str;    /* scalar: decoded value, NUL-terminated; alias: its name */
        struct y_epairs *epairs; /* map: y_pairs() result, once computed */
    };
    union {
        struct { y_node **items; } seq;
        struct { y_pair *pairs; } map;
        y_node *target;     /* alias: the anchored node (may still be open: a cycle) */
        y_node *resolved;   /* scalar with vstate Y_V_KNOWN: its value */
    } u;
};

/* A node's tag as written ("!Ref"; "!!str" style expanded), or NULL. Few
   nodes carry one, so it is not a field: the parser stores it in the word
   just before a tagged node. */
static inline const char *y_tag(const y_node *n)
{
    return n->tagged ? ((const char *const *)(const void *)n)[-1] : NULL;
}

typedef enum {
    Y_ERR_SYNTAX,     /* libyaml scanner/parser/reader error: parsing stopped */
    Y_ERR_DEPTH,      /* nesting deeper than Y_MAX_DEPTH: parsing stopped */
    Y_ERR_DOCS,       /* a second document */
    Y_ERR_TAG,        /* a tag Serverless's loader does not know */
    Y_ERR_MERGE,      /* `<<` applied to something that is not a mapping */
    Y_ERR_ALIAS,      /* alias to an anchor never defined */
    Y_ERR_DUPKEY      /* duplicate key (WS091) */
} y_errkind;

typedef struct y_problem {
    y_errkind kind;
    uint32_t start, end;
    const char *msg;
    const y_node *first;    /* Y_ERR_DUPKEY: the first occurrence of the key */
} y_problem;

#define Y_MAX_DEPTH 1000

typedef struct y_doc {
    const sw_source *src;
    y_node *root;           /* NULL for an empty stream */
    y_problem *problems;
    uint32_t nproblems;
    bool truncated;         /* a syntax or depth error cut the tree short */
    bool json;              /* parsed as serverless.json */
    uint32_t nnodes;
    /* The scalar values (never keys) whose text holds '$' or '#', in
       document order: the only nodes variables and CloudFormation `${..}`
       or `#{..}` can be in, so the variable rules and resolve.c read this
       list instead of walking the tree. depth[i]: how many collections
       hold v[i] (0 for a scalar root). */
    struct { y_node **v; uint16_t *depth; uint32_t n; } dollars;
} y_doc;

/* A `<<` merge key (plain, untagged or tagged !!merge). */
static inline bool y_is_merge_key(const y_node *k)
{
    return k && k->kind == Y_SCALAR && k->style == Y_PLAIN && k->len == 2 &&
           k->str[0] == '<' && k->str[1] == '<' &&
           (!k->tagged || strcmp(y_tag(k), "!!merge") == 0);
}

/* For ydoc.c (implemented in ydoc_query.c): the bytes a mapping of np pairs
   reserves after them for its key index (mappings of Y_MAPIDX_MIN pairs or
   more whose keys are plain scalars), and building it. */
#define Y_MAPIDX_MIN 16
uint32_t y_mapidx_cap(uint32_t np);
void y_mapidx_build(y_node *m);

/* Parses src (YAML, or JSON when json is set: the same parser, so positions
   come free; duplicate keys are then warnings, as JSON.parse keeps the last). */
y_doc *y_parse(sw_arena *a, const sw_source *src, bool json);

/* Follows an alias to its anchored node, and a scalar holding variables to
   the value they resolve to (when resolution knew it); other nodes are
   returned as is. (Inline, with y_key_is and y_str_is below: the rules
   call them in every loop; a chain is followed out of line.) */
const y_node *y_deref_chain(const y_node *n);
static inline const y_node *y_deref(const y_node *n)
{
    if (n && (n->kind == Y_ALIAS || (n->kind == Y_SCALAR && n->vstate == Y_V_KNOWN)))
        return y_deref_chain(n);
    return n;
}
/* Mapping lookup that honours `<<` merges (explicit keys win, then merge
   sources in order). n may be an alias; returns NULL when absent. */
const y_node *y_get(const y_node *map, const char *key);
/* Like y_get, also returns the key node (for a key found through a merge,
   the key in the merge source: compare its parent with map to tell). */
const y_node *y_get_pair(const y_node *map, const char *key, const y_node **keynode);
/* y_get_pair(map, keys[j], &keynode[j]) for each of n keys (n <= 8), in one
   walk over the mapping and the ones merged into it. */
void y_get_many(const y_node *map, const char *const *keys, uint32_t n,
                const y_node **val, const y_node **keynode);
/* Whether some scalar key of map, written or merged in (shadowed ones
   too), satisfies pred; true also when the merges are too many to tell. */
bool y_any_key(const y_node *map, bool (*pred)(const char *key));
/* The effective pairs of a mapping after merges, explicit ones first, each
   with the alias or merge source it came through (NULL when explicit). The
   array lives in the arena; returns the count. */
typedef struct y_epair {
    const y_node *key, *val;
    const y_node *via;
} y_epair;
struct y_epairs {           /* what y_pairs() keeps on the node */
    uint32_t n;
    y_epair v[];
};
uint32_t y_pairs(sw_arena *a, const y_node *map, y_epair **out);

/* The path to the innermost node whose span holds off: keys[i] is the key
   taken at depth i (NULL for a sequence item), *leaf the node reached (a
   key node when off is on a key). Aliases are not followed. Returns the
   depth, at most max. */
uint32_t y_path_at(const y_node *root, uint32_t off, const y_node **keys, uint32_t max,
                   const y_node **leaf);

bool y_is_scalar(const y_node *n);               /* after deref */
bool y_is_map(const y_node *n);
bool y_is_seq(const y_node *n);
/* A scalar key (or value, after deref) with exactly this text (a NUL
   inside the scalar makes it another text); the first bytes are compared
   inline, as most keys differ there. */
static inline bool y_key_is(const y_node *key, const char *s)
{
    key = y_deref(key);
    return key && key->kind == Y_SCALAR && key->str[0] == s[0] && strcmp(key->str, s) == 0 &&
           key->len == strlen(s);
}
static inline bool y_str_is(const y_node *n, const char *s)
{
    return y_key_is(n, s);
}

#endif
