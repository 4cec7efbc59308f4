/*
 * What a scalar means. Serverless loads YAML with js-yaml 4, so a plain
 * scalar is typed the way js-yaml 4 types it (RULES.md C6): only
 * true/True/TRUE/false/False/FALSE are booleans (`on` and `yes` are strings),
 * ints take 0x/0o/0b and `_`, and so on. This module also answers whether a
 * value is known at all: a scalar holding a Serverless variable `${src:...}`
 * or a CloudFormation intrinsic (`!Ref`, `{Fn::GetAtt: ...}`) has no value
 * slsws can judge (C1), though its shape is valid.
 */
#ifndef SW_YSCALAR_H
#define SW_YSCALAR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "ydoc.h"

typedef enum {
    Y_T_STR, Y_T_NULL, Y_T_BOOL, Y_T_INT, Y_T_FLOAT, Y_T_TIMESTAMP
} y_type;

/* The js-yaml 4 type of a scalar node (quoted scalars are strings; an
   explicit core tag decides). */
y_type y_scalar_type(const y_node *n);

/* True when a plain scalar with this text can only be a string: null,
   booleans and numbers start with one of "~nNtTfF0123456789+-." (or are
   empty), and the null and boolean words are at most 5 bytes long. */
static inline bool y_plain_is_str(const char *s, uint32_t len)
{
    switch (s[0]) {
    case 0: case '~': case '+': case '-': case '.':
        return false;
    case 'n': case 'N': case 't': case 'T': case 'f': case 'F':
        return len > 5;
    default:
        return !(s[0] >= '0' && s[0] <= '9');
    }
}
const char *y_type_name(y_type t);
/* The string JavaScript's String() gives for a number scalar ("1.10" -> "1.1",
   "0x1F" -> "31"); NULL when n is not a number. */
const char *y_js_number(sw_arena *a, const y_node *n);
/* How js-yaml stringifies a scalar used as a mapping key ("1" and 1 agree). */
const char *y_key_norm(sw_arena *a, const y_node *n);

/* True when s contains an unescaped Serverless variable: "${" followed by a
   lowercase letter, a source name and ':' or '(' (RULES.md C1). */
bool sw_has_var(const char *s, size_t n);
/* A CloudFormation intrinsic: a node with a CFN tag, or a one-key mapping
   whose key is Ref, Condition or Fn::*. */
bool y_is_intrinsic(const y_node *n);
/* A value slsws cannot know: holds a variable or is an intrinsic. */
bool y_is_unknown(const y_node *n);
/* A non-empty string value slsws knows: plain/quoted scalar typed as a string
   (or any scalar when loose) with no variable and no intrinsic tag. */
const char *y_known_str(const y_node *n);

#endif
