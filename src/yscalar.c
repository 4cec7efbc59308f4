/*
 * js-yaml 4 scalar typing, JavaScript number formatting and unknown-value
 * detection (see yscalar.h).
 */
#include "yscalar.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool any_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (s[0] == (*list)[0] && strcmp(s, *list) == 0)
            return true;
    return false;
}

static bool digits(const char *s, const char *set)
{
    if (!*s || *s == '_')
        return false;
    bool any = false;
    for (; *s; s++) {
        if (*s == '_')
            continue;
        if (!strchr(set, *s))
            return false;
        any = true;
    }
    return any;
}

static bool is_int(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (s[0] == '0' && s[1] == 'b')
        return digits(s + 2, "01");
    if (s[0] == '0' && s[1] == 'x')
        return digits(s + 2, "0123456789abcdefABCDEF");
    if (s[0] == '0' && s[1] == 'o')
        return digits(s + 2, "01234567");
    return digits(s, "0123456789");
}

static bool is_float(const char *s)
{
    static const char *const special[] = {
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
        "-.INF", ".nan", ".NaN", ".NAN", NULL,
    };
    if (any_of(s, special))
        return true;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    bool mant = false;
    if (isdigit((unsigned char)*p)) {
        while (isdigit((unsigned char)*p) || *p == '_')
            p++;
        mant = true;
        if (*p == '.') {
            p++;
            while (isdigit((unsigned char)*p) || *p == '_')
                p++;
        }
    } else if (*p == '.' && (s[0] != '-' && s[0] != '+') && isdigit((unsigned char)p[1])) {
        p++;
        while (isdigit((unsigned char)*p) || *p == '_')
            p++;
        mant = true;
    }
    if (!mant)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == 0;
}

static bool is_timestamp(const char *s)
{
    /* YYYY-MM-DD, optionally followed by a time */
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return false;
        } else if (!isdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return s[10] == 0 || s[10] == 'T' || s[10] == 't' || s[10] == ' ';
}

y_type y_scalar_type(const y_node *n)
{
    n = y_deref(n);
    if (!n || n->kind != Y_SCALAR)
        return Y_T_STR;
    if (y_tag(n)) {
        if (y_tag(n)[0] != '!' || y_tag(n)[1] != '!')
            return Y_T_STR; /* a CloudFormation tag: its value is a string */
        static const struct { const char *tag; y_type t; } map[] = {
            {"!!str", Y_T_STR}, {"!!null", Y_T_NULL}, {"!!bool", Y_T_BOOL},
            {"!!int", Y_T_INT}, {"!!float", Y_T_FLOAT},
            {"!!timestamp", Y_T_TIMESTAMP},
        };
        for (size_t i = 0; i < sizeof map / sizeof *map; i++)
            if (strcmp(y_tag(n), map[i].tag) == 0)
                return map[i].t;
        return Y_T_STR;
    }
    if (n->style != Y_PLAIN)
        return Y_T_STR;
    const char *s = n->str;
    if (y_plain_is_str(s, n->len)) /* most keys and values */
        return Y_T_STR;
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const bools[] = {"true", "True", "TRUE", "false",
                                        "False", "FALSE", NULL};
    if (any_of(s, nulls))
        return Y_T_NULL;
    if (any_of(s, bools))
        return Y_T_BOOL;
    if (!strchr("0123456789+-.", s[0]))
        return Y_T_STR; /* numbers and dates start with a digit, a sign or a dot */
    if (is_int(s))
        return Y_T_INT;
    if (is_float(s))
        return Y_T_FLOAT;
    if (is_timestamp(s))
        return Y_T_TIMESTAMP;
    return Y_T_STR;
}

const char *y_type_name(y_type t)
{
    switch (t) {
    case Y_T_NULL: return "null";
    case Y_T_BOOL: return "a boolean";
    case Y_T_INT:
    case Y_T_FLOAT: return "a number";
    case Y_T_TIMESTAMP: return "a date";
    default: return "a string";
    }
}

static char *strip_underscores(sw_arena *a, const char *s)
{
    char *out = sw_alloc(a, strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (*s != '_')
            *o++ = *s;
    *o = 0;
    return out;
}

/* JavaScript's Number.prototype.toString for finite doubles */
static const char *js_double(sw_arena *a, double d)
{
    if (isnan(d))
        return "NaN";
    if (isinf(d))
        return d > 0 ? "Infinity" : "-Infinity";
    if (d == 0)
        return "0";
    char buf[64];
    if (fabs(d) < 9007199254740992.0 && d == (double)(long long)d) {
        /* an integer below 2^53 is exact: its digits are the shortest form */
        snprintf(buf, sizeof buf, "%lld", (long long)d);
        return sw_strdup(a, buf);
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* buf is [-]D[.DDD]e[+-]XX: rebuild the way JS prints it */
    bool neg = buf[0] == '-';
    char *p = buf + neg, dig[32];
    int nd = 0;
    for (; *p && *p != 'e'; p++)
        if (isdigit((unsigned char)*p))
            dig[nd++] = *p;
    int e = atoi(p + 1) + 1; /* decimal point position */
    char out[96], *o = out;
    if (neg)
        *o++ = '-';
    if (e > 21 || e < -5) {
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        o += sprintf(o, "e%c%d", e - 1 >= 0 ? '+' : '-', abs(e - 1));
    } else if (e <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -e; i++)
            *o++ = '0';
        memcpy(o, dig, (size_t)nd);
        o += nd;
    } else {
        for (int i = 0; i < (nd > e ? nd : e); i++) {
            if (i == e)
                *o++ = '.';
            *o++ = i < nd ? dig[i] : '0';
        }
    }
    *o = 0;
    return sw_strdup(a, out);
}

const char *y_js_number(sw_arena *a, const y_node *n)
{
    y_type t = y_scalar_type(n);
    n = y_deref(n);
    if (t != Y_T_INT && t != Y_T_FLOAT)
        return NULL;
    char *s = strip_underscores(a, n->str);
    double d;
    if (t == Y_T_INT) {
        const char *p = s;
        int sign = 1;
        if (*p == '-' || *p == '+')
            sign = *p++ == '-' ? -1 : 1;
        int base = 10;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o' || p[1] == 'b')) {
            base = p[1] == 'x' ? 16 : p[1] == 'o' ? 8 : 2;
            p += 2;
        }
        d = sign * strtod(p, NULL);
        if (base != 10)
            d = sign * (double)strtoull(p, NULL, base);
    } else {
        const char *p = s;
        if (strstr(p, "inf") || strstr(p, "Inf") || strstr(p, "INF"))
            d = p[0] == '-' ? -INFINITY : INFINITY;
        else if (strstr(p, "nan") || strstr(p, "NaN") || strstr(p, "NAN"))
            d = NAN;
        else
            d = strtod(p, NULL);
    }
    return js_double(a, d);
}

const char *y_key_norm(sw_arena *a, const y_node *n)
{
    n = y_deref(n);
    switch (y_scalar_type(n)) {
    case Y_T_NULL: return "null";
    case Y_T_BOOL: return (n->str[0] == 't' || n->str[0] == 'T') ? "true" : "false";
    case Y_T_INT:
    case Y_T_FLOAT: return y_js_number(a, n);
    default: return n->str;
    }
}

bool sw_has_var(const char *s, size_t n)
{
    if (n < 3)
        return false;
    const char *end = s + n - 2; /* a '$' needs two more bytes */
    for (const char *d = s; (d = memchr(d, '$', (size_t)(end - d))); d++) {
        size_t i = (size_t)(d - s);
        if (s[i + 1] != '{')
            continue;
        if (i > 0 && s[i - 1] == '\\')
            continue;
        size_t j = i + 2;
        while (j < n && s[j] == ' ')
            j++;
        if (j >= n || !(s[j] >= 'a' && s[j] <= 'z'))
            continue;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '-'))
            j++;
        if (j < n && s[j] == '(')
            return true;
        if (j < n && s[j] == ':' && !(j + 1 < n && s[j + 1] == ':'))
            return true; /* `${x::y}` stays literal */
    }
    return false;
}

static bool cfn_tag(const char *t)
{
    return t && t[0] == '!' && t[1] != '!' && t[1] != 0;
}

bool y_is_intrinsic(const y_node *n)
{
    n = y_deref(n);
    if (!n)
        return false;
    if (cfn_tag(y_tag(n)))
        return true;
    if (n->kind != Y_MAP || n->len != 1)
        return false;
    const y_node *k = y_deref(n->u.map.pairs[0].key);
    if (!k || k->kind != Y_SCALAR)
        return false;
    return strcmp(k->str, "Ref") == 0 || strcmp(k->str, "Condition") == 0 ||
           strncmp(k->str, "Fn::", 4) == 0;
}

bool y_is_unknown(const y_node *n)
{
    n = y_deref(n);
    if (!n)
        return false;
    if (y_is_intrinsic(n))
        return true;
    return n->kind == Y_SCALAR && sw_has_var(n->str, n->len);
}

const char *y_known_str(const y_node *n)
{
    n = y_deref(n);
    if (!n || n->kind != Y_SCALAR || y_is_unknown(n) ||
        y_scalar_type(n) != Y_T_STR || n->len == 0)
        return NULL;
    return n->str;
}
