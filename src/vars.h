/*
 * The Serverless variable language inside one scalar string. A string is a
 * sequence of parts: literal runs, variables `${source(params):address,
 * fallback, ...}`, escapes `\${` and foreign `${...}` references that
 * Serverless keeps verbatim (`${AWS::Region}`, `${Bucket.Arn}`, `${!Lit}`).
 * A variable starts where sw_has_var() says one does (`${`, spaces, a
 * lowercase letter, a source name, then `:` or `(`), except `${x::y}`,
 * which RULES.md keeps literal. Addresses and params are strings again and
 * may nest variables; fallbacks are quoted strings, numbers, booleans, null,
 * nested variables or bare sources (`${opt:stage, self:provider.stage}`).
 * Every part carries a byte span [start, end) into the decoded string.
 * Malformed forms are returned as problems (swapped braces, colon paths,
 * unclosed variables, `${}`, unknown sources, bad fallbacks). Parsing is
 * linear, nests at most SW_VARS_MAX_DEPTH variables and allocates from the
 * arena only.
 */
#ifndef SW_VARS_H
#define SW_VARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"
#include "ydoc.h"

#define SW_VARS_MAX_DEPTH 16
#define SW_VARS_MAX_PROBLEMS 64

typedef struct sw_vspan {
    uint32_t start, end;        /* byte offsets into the decoded string */
} sw_vspan;

typedef struct sw_vvar sw_vvar;

typedef enum {
    SW_VPART_LIT,               /* literal text */
    SW_VPART_VAR,               /* a variable (var) */
    SW_VPART_ESCAPE,            /* `\${`: a literal `${` */
    SW_VPART_FOREIGN            /* `${Name}`, `${AWS::Region}`, `${!Lit}`: kept verbatim */
} sw_vpart_kind;

typedef struct sw_vpart {
    sw_vpart_kind kind;
    sw_vspan span;              /* FOREIGN: the whole `${...}` */
    union {                     /* by kind (a big document holds many parts) */
        sw_vspan name;          /* FOREIGN: the text between the braces */
        sw_vvar *var;           /* VAR */
    };
} sw_vpart;

/* A string that may hold variables: the whole scalar, an address, a param. */
typedef struct sw_vstr {
    sw_vspan span;              /* trimmed of surrounding spaces */
    sw_vpart *parts;
    uint32_t nparts;
    bool quoted;                /* written as '...' or "...": span includes the quotes */
    bool has_var;               /* some part is a variable */
    const char *text;           /* the value: quoted strings unquoted; else the span's text */
    int32_t colon;              /* offset of the first ':' in its literal parts, or -1 */
} sw_vstr;

/* One source: `name`, `name:address`, `name(params)` or `name(params):address`. */
typedef struct sw_vsource {
    sw_vspan span;              /* name through the address */
    sw_vspan name;
    const char *src;            /* the source name ("self", "file", ...; a known one is
                                   sw_var_sources' string) */
    sw_vstr *params;            /* has_params: the params, possibly none */
    uint32_t nparams;
    bool has_params;
    sw_vstr *address;           /* NULL when there is no `:` */
} sw_vsource;

typedef enum {
    SW_VFB_STRING,              /* 'dev' or "dev": value */
    SW_VFB_NUMBER,              /* 1, -2.5, 0x10: value is the text */
    SW_VFB_BOOL,                /* true / false */
    SW_VFB_NULL,                /* null */
    SW_VFB_VAR,                 /* ${self:b}: var */
    SW_VFB_SOURCE,              /* self:b (a bare source): src */
    SW_VFB_BAD                  /* anything else (a bare word, nothing): a problem */
} sw_vfb_kind;

typedef struct sw_vfallback {
    sw_vfb_kind kind;
    sw_vspan span;
    const char *value;          /* STRING, NUMBER, BOOL, NULL, BAD: the (unquoted) text */
    sw_vvar *var;               /* VAR */
    sw_vsource src;             /* SOURCE */
} sw_vfallback;

struct sw_vvar {
    sw_vspan span;              /* `${` through `}` (to the end when unclosed) */
    sw_vsource src;             /* the first source */
    sw_vfallback *fbs;
    sw_vvar *parent;            /* the variable this one is nested in */
    uint32_t nfbs;
    uint32_t depth;             /* 1 for a variable in the scalar itself */
    int32_t fb_index;           /* its index among parent's fallbacks, or -1 */
    bool closed;
};

typedef enum {
    SW_VP_SWAPPED,              /* `{$self:x}`: braces swapped, kept literal */
    SW_VP_COLON_PATH,           /* `${self:a:b}` / `${file(f):a:b}`: at = the colon */
    SW_VP_UNCLOSED,             /* `${self:x` with no `}`: at = the `${` */
    SW_VP_EMPTY,                /* `${}`: kept literal */
    SW_VP_UNKNOWN_SOURCE,       /* not a v3/v4 built-in: at = the name */
    SW_VP_BAD_FALLBACK,         /* `, dev` (a bare word): at = it; nothing after `,`: at = the comma */
    SW_VP_SYNTAX,               /* text where `:`, `,`, `)` or `}` must come: at = it */
    SW_VP_DEPTH                 /* nested deeper than SW_VARS_MAX_DEPTH: not parsed */
} sw_vprob_kind;

typedef struct sw_vproblem {
    sw_vprob_kind kind;
    sw_vspan span;              /* the construct: the variable, or `{$...}` / `${}` */
    sw_vspan at;                /* the offending part */
    const sw_vvar *var;         /* the variable concerned, NULL for SWAPPED / EMPTY */
    const sw_vsource *src;      /* COLON_PATH, UNKNOWN_SOURCE: the source */
    const char *name;           /* SWAPPED, UNKNOWN_SOURCE: the source name */
} sw_vproblem;

typedef struct sw_vparse {
    const char *s;              /* the input */
    sw_vstr str;                /* the whole string */
    sw_vvar **vars;             /* every variable, nested ones too, by start offset */
    sw_vproblem *problems;      /* in the order found; at most SW_VARS_MAX_PROBLEMS */
    uint32_t n;
    uint32_t nvars;
    uint32_t nproblems;
    bool truncated;             /* depth or problem cap reached */
} sw_vparse;

/* Parses s[0..n). Never fails; the result lives in the arena. */
sw_vparse *sw_vars_parse(sw_arena *a, const char *s, size_t n);

/* Fast pre-check: could s hold a variable, a foreign reference or one of
   the malformed forms (it contains "${" or "{$")? */
bool sw_vars_maybe(const char *s, size_t n);

/* Source names Serverless v3 or v4 resolves itself (NULL-terminated), and
   whether name is one of them. */
extern const char *const sw_var_sources[];
bool sw_var_source_known(const char *name);

/* The variable's last alternative has no fallback: it is the last source of
   its chain (`${opt:x}`, or `opt:x` in `${env:A, opt:x}`). */
bool sw_vsource_is_last(const sw_vvar *v, const sw_vsource *s);

/* Maps [start, end) of a scalar's decoded text to bytes of the source.
   Works for plain and quoted scalars on one line ('' and one-character
   backslash escapes included); otherwise sets the node's whole span and
   returns false. */
bool sw_vars_map(const sw_source *src, const y_node *n, uint32_t start, uint32_t end,
                 uint32_t *out_start, uint32_t *out_end);

#endif
