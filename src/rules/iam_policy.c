/*
 * Reading IAM policies and roles in a serverless.yml, for the IAM rules in
 * iam.c (RULES.md F8, F24): whether a statement list, a managed policy or a
 * role from `resources` may allow execute-api:ManageConnections (anything
 * slsws cannot see counts as allowing it), which existing role the provider
 * names, and a resource value's text with its unknown parts as '*', so that
 * ARNs built with Fn::Join or Fn::Sub can be matched as IAM globs.
 */
#include "iam_policy.h"

#include "common.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../buf.h"

/* ---- several keys of a mapping in one walk ---- */

void iam_fn_keys(const y_node *fn, iam_fnkeys *k)
{
    static const char *const names[] = {"role", "iamRoleStatements", "iam"};
    const y_node *val[3], *key[3];
    y_get_many(fn, names, 3, val, key);
    *k = (iam_fnkeys){val[0], val[1], key[1], val[2] ? y_get(val[2], "role") : NULL};
}

/* Case-insensitive glob (* and ?), as IAM matches actions. */
bool iam_glob(const char *p, const char *s)
{
    const char *star = NULL, *mark = s;
    while (*s) {
        if (*p == '*') {
            star = p++;
            mark = s;
        } else if (*p == '?' || tolower((unsigned char)*p) == tolower((unsigned char)*s)) {
            p++;
            s++;
        } else if (star) {
            p = star + 1;
            s = ++mark;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return !*p;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool iam_ci_has(const char *s, const char *needle)
{
    if (!*needle)
        return *s != 0;
    char first = ascii_lower(*needle); /* (a cheap test before each comparison) */
    for (size_t n = strlen(needle); *s; s++)
        if (ascii_lower(*s) == first && strncasecmp(s, needle, n) == 0)
            return true;
    return false;
}

/* The intrinsic n calls ("Ref", "GetAtt", "Sub", ...) and its argument. */
const char *iam_intrinsic(const y_node *n, const y_node **arg)
{
    n = y_deref(n);
    *arg = NULL;
    if (!n || !y_is_intrinsic(n))
        return NULL;
    if (y_tag(n) && y_tag(n)[0] == '!' && y_tag(n)[1] != '!') {
        *arg = n;
        return y_tag(n) + 1;
    }
    const char *k = y_deref(n->u.map.pairs[0].key)->str;
    *arg = y_deref(n->u.map.pairs[0].val);
    return strncmp(k, "Fn::", 4) == 0 ? k + 4 : k;
}

/* Whether a scalar anywhere under n contains needle. */
static bool mentions(const y_node *n, const char *needle, int *budget)
{
    n = y_deref(n);
    if (!n || --*budget < 0)
        return false;
    if (n->kind == Y_SCALAR)
        return strstr(n->str, needle) != NULL;
    uint32_t cnt = n->kind == Y_SEQ ? n->len : n->kind == Y_MAP ? n->len : 0;
    for (uint32_t i = 0; i < cnt; i++)
        if (mentions(n->kind == Y_SEQ ? n->u.seq.items[i] : n->u.map.pairs[i].val, needle, budget))
            return true;
    return false;
}

bool iam_has(const y_node *n, const char *needle)
{
    int budget = 2000;
    return mentions(n, needle, &budget);
}

/* Appends s with each ${...} and #{...} replaced: a CloudFormation reference
   such as ${WebsocketsApi} or ${AWS::Region} by IAM_ID (one ID: no '/' or
   ':'), anything else (a Serverless variable, ${X.Attr}) by '*'. */
static void put_subst(sw_buf *b, const char *s)
{
    for (; *s; s++) {
        if ((s[0] == '$' || s[0] == '#') && s[1] == '{') {
            int depth = 0;
            const char *e = s + 1;
            for (; *e; e++)
                if (*e == '{')
                    depth++;
                else if (*e == '}' && --depth == 0)
                    break;
            if (!*e)
                break;
            size_t n = (size_t)(e - s - 2);
            bool ref =
                s[0] == '$' && isupper((unsigned char)s[2]) &&
                strspn(s + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:") ==
                    n;
            sw_buf_putc(b, ref ? IAM_ID : '*');
            s = e;
            continue;
        }
        sw_buf_putc(b, *s);
    }
}

static void flat_rec(sw_buf *b, const y_node *n, int depth)
{
    const y_node *arg;
    const char *fn = iam_intrinsic(n, &arg);
    n = y_deref(n);
    if (fn && strcmp(fn, "Sub") == 0 && arg && arg->kind == Y_SEQ && arg->len)
        arg = y_deref(arg->u.seq.items[0]);
    if (!n || depth > 8) {
        sw_buf_putc(b, '*');
    } else if (fn && strcmp(fn, "Sub") == 0) {
        if (arg && arg->kind == Y_SCALAR)
            put_subst(b, arg->str);
        else
            sw_buf_putc(b, '*');
    } else if (fn && strcmp(fn, "Join") == 0 && arg && arg->kind == Y_SEQ && arg->len == 2 &&
               y_is_scalar(arg->u.seq.items[0]) && y_is_seq(arg->u.seq.items[1])) {
        const y_node *l = y_deref(arg->u.seq.items[1]);
        for (uint32_t i = 0; i < l->len; i++) {
            if (i)
                sw_buf_puts(b, y_deref(arg->u.seq.items[0])->str);
            flat_rec(b, l->u.seq.items[i], depth + 1);
        }
    } else if (fn || n->kind != Y_SCALAR) {
        sw_buf_putc(b, fn && strcmp(fn, "Ref") == 0 ? IAM_ID : '*');
    } else {
        put_subst(b, n->str);
    }
}

/* A value's text with every part slsws cannot know as '*': variables,
   substitutions and intrinsics; Fn::Join and Fn::Sub are expanded. */
const char *iam_flat(sw_arena *a, const y_node *n)
{
    sw_buf b = {0};
    flat_rec(&b, n, 0);
    const char *s = sw_strdup(a, b.len ? sw_buf_cstr(&b) : "");
    sw_buf_release(&b);
    return s;
}

/* Items of a sequence, or the node itself as a one-item list. */
uint32_t iam_items(const y_node *n, const y_node *const **out, const y_node **one)
{
    const y_node *d = y_deref(n);
    *one = n;
    *out = one;
    if (d && d->kind == Y_SEQ && !y_is_intrinsic(d)) {
        *out = (const y_node *const *)d->u.seq.items;
        return d->len;
    }
    return d ? 1 : 0;
}

/* A statement list may grant ManageConnections: an Allow statement whose
   Action matches it; unknown statements count as granting. */
bool iam_stmts_grant(const y_node *list)
{
    const y_node *const *it, *one;
    uint32_t n = iam_items(list, &it, &one);
    for (uint32_t i = 0; i < n; i++) {
        const y_node *st = y_deref(it[i]);
        if (!st || y_is_unknown(st))
            return st != NULL;
        const char *eff = y_known_str(y_get(st, "Effect"));
        if (st->kind != Y_MAP || (eff && strcmp(eff, "Allow") != 0))
            continue;
        const y_node *const *acts, *a1;
        const y_node *act = y_get(st, "Action");
        if (!act && y_get(st, "NotAction"))
            return true;
        uint32_t na = iam_items(act, &acts, &a1);
        for (uint32_t j = 0; j < na; j++) {
            const char *s = y_known_str(acts[j]);
            if (y_is_unknown(acts[j]) || (s && iam_glob(s, IAM_MC)))
                return true;
        }
    }
    return false;
}

void iam_res_collect(const sw_service *svc, iam_res *rs)
{
    memset(rs, 0, sizeof *rs);
    const y_node *const *it, *one;
    const y_node *r = y_get(svc->root, "resources");
    uint32_t n = iam_items(r, &it, &one);
    for (uint32_t i = 0; i < n; i++) {
        const y_node *m = y_deref(it[i]), *rr = y_deref(y_get(m, "Resources"));
        if ((m && y_is_unknown(m)) || (rr && y_is_unknown(rr)))
            rs->partial = true;
        else if (rr && rr->kind == Y_MAP && rs->n < 16)
            rs->maps[rs->n++] = rr;
    }
}

const y_node *iam_res_find(const iam_res *rs, const char *id, const y_node **key)
{
    for (int i = 0; i < rs->n; i++) {
        const y_node *v = y_get_pair(rs->maps[i], id, key);
        if (v)
            return v;
    }
    return NULL;
}

bool iam_res_is(const y_node *res, const char *type)
{
    return y_str_is(y_get(res, "Type"), type);
}

/* Managed policies that are known not to allow ManageConnections. */
static bool benign_policy(const char *arn)
{
    static const char *const names[] = {
        "AWSLambdaBasicExecutionRole",
        "AWSLambdaVPCAccessExecutionRole",
        "AWSLambdaDynamoDBExecutionRole",
        "AWSLambdaKinesisExecutionRole",
        "AWSLambdaSQSQueueExecutionRole",
        "AWSXRayDaemonWriteAccess",
        "AWSLambdaExecute",
        "AmazonDynamoDBFullAccess",
        "AmazonDynamoDBReadOnlyAccess",
        "AmazonS3FullAccess",
        "AmazonS3ReadOnlyAccess",
        "AmazonSQSFullAccess",
        "AmazonSNSFullAccess",
        "CloudWatchLogsFullAccess",
        NULL,
    };
    const char *slash = strrchr(arn, '/');
    for (int i = 0; slash && names[i]; i++)
        if (strcmp(slash + 1, names[i]) == 0)
            return true;
    return false;
}

static bool doc_grants(const y_node *res)
{
    const y_node *doc = y_deref(y_get(y_get(res, "Properties"), "PolicyDocument"));
    return doc && (y_is_unknown(doc) || iam_stmts_grant(y_get(doc, "Statement")));
}

/* Managed policies may grant unless each is known not to. */
bool iam_managed_grant(sw_ctx *c, const iam_res *rs, const y_node *list)
{
    const y_node *const *it, *one, *arg;
    uint32_t n = iam_items(list, &it, &one);
    for (uint32_t i = 0; i < n; i++) {
        const char *fn = iam_intrinsic(it[i], &arg);
        const y_node *p = fn && strcmp(fn, "Ref") == 0 && y_is_scalar(arg)
                              ? iam_res_find(rs, arg->str, &one)
                              : NULL;
        if (p ? doc_grants(p) : !benign_policy(iam_flat(c->a, it[i])))
            return true;
    }
    return false;
}

/* Whether role resource `id` may grant ManageConnections: its inline
   policies, its managed policies, and Policy resources attached to it. */
bool iam_role_grants(sw_ctx *c, const iam_res *rs, const y_node *role, const char *id)
{
    const y_node *props = y_deref(y_get(role, "Properties"));
    if (!props || y_is_unknown(props) || props->kind != Y_MAP)
        return true;
    const y_node *const *it, *one, *arg;
    uint32_t n = iam_items(y_get(props, "Policies"), &it, &one);
    for (uint32_t i = 0; i < n; i++) {
        const y_node *p = y_deref(it[i]), *doc = y_deref(y_get(p, "PolicyDocument"));
        if (y_is_unknown(p) ||
            (doc && (y_is_unknown(doc) || iam_stmts_grant(y_get(doc, "Statement")))))
            return true;
    }
    if (iam_managed_grant(c, rs, y_get(props, "ManagedPolicyArns")))
        return true;
    for (int m = 0; m < rs->n; m++) {
        y_epair *ps;
        uint32_t np = y_pairs(c->a, rs->maps[m], &ps);
        for (uint32_t i = 0; i < np; i++) {
            const y_node *r = ps[i].val;
            if (!iam_res_is(r, "AWS::IAM::Policy") && !iam_res_is(r, "AWS::IAM::ManagedPolicy"))
                continue;
            n = iam_items(y_get(y_get(r, "Properties"), "Roles"), &it, &one);
            for (uint32_t j = 0; j < n; j++) {
                const char *fn = iam_intrinsic(it[j], &arg);
                bool to_us = fn ? strcmp(fn, "Ref") != 0 || y_str_is(arg, id) : y_is_unknown(it[j]);
                if (to_us && doc_grants(r))
                    return true;
            }
        }
    }
    return false;
}

/* The shape of a management API ARN, arn:P:execute-api:R:A:api/stage/method
   /@connections..., as tokens: \1 [^:]*, \2 one [A-Za-z0-9], \3 [A-Za-z0-9]*,
   \5 one [A-Za-z0-9_-], \6 [A-Za-z0-9_-]* (a stage name), \7 one [A-Z],
   \10 [A-Z]* (a method), \11 [^/:]* (a connection ID). */
static const char SHAPE[] = "arn:\1:execute-api:\1:\1:\2\3/\5\6/\7\10/@connections/\11";

static bool tok_star(char q)
{
    return q == 1 || q == 3 || q == 6 || q == 8 || q == 9;
}

static bool tok_eats(char q, char ch) /* ch 0: a wildcard, any character */
{
    bool word = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    return !ch || (q == 1             ? ch != ':'
                   : q == 9           ? ch != ':' && ch != '/'
                   : q == 2 || q == 3 ? word
                   : q == 5 || q == 6 ? word || ch == '_' || ch == '-'
                   : q == 7 || q == 8 ? ch >= 'A' && ch <= 'Z'
                                      : q == ch);
}

/* Whether the glob t (unknown parts already '*') can match some management
   API ARN: a walk over (position in t, set of positions in SHAPE). The set
   is small, so only its members are visited (lowest first). */
bool iam_arn_match(const char *t)
{
    const size_t nq = sizeof SHAPE - 1;
    uint64_t cur = 1;
    for (size_t i = 0;; i++) {
        char ch = t[i];
        /* in order, and a position added is above the one that adds it, so
           one pass closes the set */
        for (uint64_t left = cur; left; left &= left - 1) {
            size_t j = (size_t)__builtin_ctzll(left);
            if (j < nq && (tok_star(SHAPE[j]) || ch == '*' ||
                           (ch == IAM_ID && SHAPE[j] != '/' && SHAPE[j] != ':'))) {
                cur |= 1ull << (j + 1);
                left |= 1ull << (j + 1);
            }
        }
        if (!ch)
            return cur >> nq & 1;
        uint64_t next = 0;
        for (uint64_t left = cur; left; left &= left - 1) {
            size_t j = (size_t)__builtin_ctzll(left);
            if (ch == '*' || ch == IAM_ID)
                next |= 1ull << j;
            else if (j < nq && tok_eats(SHAPE[j], ch == '?' ? 0 : ch))
                next |= 1ull << (tok_star(SHAPE[j]) ? j : j + 1);
        }
        if (!(cur = next))
            return false;
    }
}

rs_kind iam_judge_resource(sw_arena *a, const char *t, const y_node *item)
{
    if (strstr(t, "://"))
        return RS_URL;
    if (iam_has(item, "ApiGatewayRestApi"))
        return RS_REST;
    const char *at = strstr(t, "@connections");
    if (at && !at[12] && iam_arn_match(sw_printf(a, "%s/*", t)))
        return RS_ONEID; /* ".../@connections" covers no connection */
    if (iam_arn_match(t))
        return at && at[12] == '/' && at[13] && !strchr(at + 13, '*') ? RS_ONEID : RS_OK;
    if (!at)
        return RS_OTHER;
    const char *svc = strncmp(t, "arn:", 4) == 0 ? strchr(t + 4, ':') : NULL;
    size_t n = svc ? strcspn(svc + 1, ":") : 0;
    return svc && !memchr(svc + 1, '*', n) && strncmp(svc + 1, "execute-api:", 12) != 0 ? RS_SERVICE
                                                                                        : RS_SHAPE;
}

/* The management API ARN to suggest (C3: the external API's ID). */
const char *iam_mgmt_arn(sw_ctx *c)
{
    const y_node *api = y_deref(y_get(y_get(c->svc->provider, "apiGateway"), "websocketApiId"));
    const char *id = !sw_present(api)                                   ? "${WebsocketsApi}"
                     : api->kind == Y_SCALAR && !y_is_intrinsic(api) ? api->str
                                                                     : "<api-id>";
    return sw_printf(
        c->a,
        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:%s/%s/*/@connections/*",
        id, sw_svc_fw_below(c->svc, 3, 0) ? "*" : "${sls:stage}");
}

/* The existing role provider names (F8): provider.iam.role as a string or
   an intrinsic other than Ref, else provider.role; NULL when SF makes one. */
const y_node *iam_provider_role(const sw_service *svc, const char **path)
{
    const y_node *r = y_get(y_get(svc->provider, "iam"), "role"), *arg;
    const char *fn = iam_intrinsic(r, &arg);
    *path = "provider.iam.role";
    if (sw_present(r) && (y_is_scalar(r) || (fn && strcmp(fn, "Ref") != 0)))
        return r;
    *path = "provider.role";
    r = y_get(svc->provider, "role");
    return sw_present(r) ? r : NULL;
}

/* The logical ID a role value names: a plain ID or !GetAtt ID.Arn. */
const char *iam_role_id(sw_arena *a, const y_node *v)
{
    const y_node *arg;
    const char *fn = iam_intrinsic(v, &arg), *s = y_known_str(v);
    if (!fn)
        return s && strncmp(s, "arn:", 4) != 0 ? s : NULL;
    if (strcmp(fn, "GetAtt") != 0 || !arg)
        return NULL;
    if (arg->kind == Y_SEQ && arg->len == 2)
        return y_known_str(arg->u.seq.items[0]);
    const char *dot = arg->kind == Y_SCALAR ? strchr(arg->str, '.') : NULL;
    return dot && !sw_has_var(arg->str, arg->len)
               ? sw_strndup(a, arg->str, (size_t)(dot - arg->str))
               : NULL;
}
