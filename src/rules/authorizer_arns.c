/*
 * Authorizer ARNs (RULES.md F5, F6 and the amendments). For an ARN
 * authorizer Serverless names the authorizer, its logical ID and its
 * invoke permission after the ARN's last ':' segment, ignores any `name`
 * beside a string `arn`, and always creates an AWS::Lambda::Permission.
 * WS037 reports what that naming breaks or hides: a qualifier or `$LATEST`
 * as the name, two authorizers merged under one logical ID, a permission
 * that overwrites a websocket function's own, an ignored `name`. WS038
 * reports an ARN in another account than the service's. Values holding a
 * variable or an intrinsic are never judged (C1).
 */
#include "common.h"

#include "../strmap.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- naming ---- */

static bool is_lambda_fn(const sw_arn *a)
{
    return a->n >= 7 && sw_arn_field_is(a, 2, "lambda") && sw_arn_field_is(a, 5, "function");
}

/* The 12-digit account of an ARN, or NULL. */
static const char *arn_account(sw_arena *m, const sw_arn *a)
{
    if (a->n < 6 || a->l[4] != 12)
        return NULL;
    for (int i = 0; i < 12; i++)
        if (!isdigit((unsigned char)a->f[4][i]))
            return NULL;
    return sw_strndup(m, a->f[4], 12);
}

/* The name Serverless gives an ARN authorizer: the ARN's last ':' segment. */
static const char *last_segment(const char *s)
{
    const char *p = strrchr(s, ':');
    return p ? p + 1 : s;
}

/* ---- fix helpers ---- */

/* A literal ARN as a !Sub intrinsic, whose `name` Serverless then honours. */
static const char *sub_of(sw_ctx *c, const char *s)
{
    if (strstr(s, "${") || strpbrk(s, "'\"\\\n"))
        return NULL;
    return c->doc->json ? sw_printf(c->a, "{\"Fn::Sub\": \"%s\"}", s)
                        : sw_printf(c->a, "!Sub '%s'", s);
}

/* ---- WS037 authorizer-arn-naming ---- */

/* One authorizer Serverless names: a literal Lambda ARN, or a function. */
typedef struct azr {
    const sw_wsevent *e;
    const y_node *node, *raw; /* the ARN (or name) scalar; raw as written */
    const char *arn;          /* NULL for a function of this service */
    const char *name, *norm;  /* the authorizer's name and logical-ID prefix */
    sw_arn parts;
} azr;

static uint32_t collect(sw_ctx *c, azr **out)
{
    /* few events have authorizers: the list grows on the heap and only
       what it holds is kept in the arena */
    azr *v = NULL;
    uint32_t n = 0, cap = 0;
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        const y_node *a = sw_ws_authorizer(e), *m = sw_ws_auth_object(e), *raw = e->authorizer;
        bool by_name = false;
        if (m && sw_falsy(raw = y_get(m, "arn")))
            raw = y_get(m, "name"), by_name = true;
        const char *s = a && (a->kind == Y_SCALAR || m) ? y_known_str(raw) : NULL;
        if (!s || (by_name && strchr(s, ':')))
            continue; /* unknown, or WS031's ARN in 'name' */
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            v = sw_xrealloc(v, sizeof *v * cap);
        }
        azr *z = &v[n];
        *z = (azr){e, y_deref(raw), raw, NULL, s, NULL, {{0}, {0}, 0}};
        if (strchr(s, ':')) {
            if (!sw_arn_parse(s, &z->parts) || !is_lambda_fn(&z->parts))
                continue; /* WS033's, or no ARN Serverless can name */
            z->arn = s;
            z->name = last_segment(s);
        }
        z->norm = sw_logical_prefix(c->a, z->name);
        n++;
    }
    *out = sw_alloc(c->a, sizeof *v * (n ? n : 1));
    if (n)
        memcpy(*out, v, sizeof *v * n);
    free(v);
    return n;
}

/* Whether function fn is the very function the ARN names (its deployed
   `name` is the ARN's function): then merged resources agree. -1: unknown. */
static int same_function(const sw_function *fn, const azr *z)
{
    const y_node *nm = fn->node ? y_get(fn->node, "name") : NULL;
    if (!nm)
        return 0;
    const char *s = y_known_str(nm);
    if (!s)
        return -1;
    return z->parts.n == 7 && strlen(s) == z->parts.l[6] && !strncmp(s, z->parts.f[6], z->parts.l[6]);
}

/* Quick-fix: the literal ARN as !Sub, with `name` set to name. */
static void wrap_fix(sw_ctx *c, sw_diag *d, const azr *z, const char *name)
{
    const char *sub = sw_scalar_in_place(c, z->raw) ? sub_of(c, z->arn) : NULL;
    const char *nm = sw_flow_str(c, name);
    const y_node *m = sw_ws_auth_object(z->e), *nkey, *akey, *cur;
    if (!sub || !nm)
        return;
    sw_fix *f = sw_fix_new(c, d, false, "give 'arn' as !Sub with the name '%s'", name);
    if (!m) {
        sw_fix_edit(c, f, z->raw->start, z->raw->end,
                    sw_printf(c->a, "{%s, %s}", sw_flow_pair(c, "name", nm),
                              sw_flow_pair(c, "arn", sub)));
        return;
    }
    cur = y_get_pair(m, "name", &nkey);
    y_get_pair(m, "arn", &akey);
    if (sw_own_key(akey, m) &&
        (sw_falsy(cur) ? !nkey && sw_fix_insert_before(c, f, m, akey, sw_flow_pair(c, "name", nm))
                       : y_str_is(cur, name)))
        sw_fix_edit(c, f, z->raw->start, z->raw->end, sub);
    else
        d->fix = NULL;
}

/* The service's authorizers and names, indexed by logical-ID prefix. */
typedef struct names {
    azr *v;
    uint32_t n;
    const char **fnorm;  /* per function */
    sw_strmap wsfn;      /* first function with a websocket event */
    sw_strmap arn, fn;   /* first ARN authorizer, first function authorizer */
    sw_strmap last;      /* permission id -> &ARN_LAST when an ARN authorizer wrote it last */
} names;

static char ARN_LAST, FN_LAST;

static void ws037_one(sw_ctx *c, const names *x, const azr *z)
{
    const y_node *m = sw_ws_auth_object(z->e), *nm = m ? y_deref(y_get(m, "name")) : NULL;
    const char *given = y_known_str(nm), *fname = sw_strndup(c->a, z->parts.f[6], z->parts.l[6]);
    const sw_function *fn = sw_strmap_get(&x->wsfn, z->norm);
    if (fn && !same_function(fn, z)) {
        bool lost = sw_strmap_get(&x->last, z->norm) == &ARN_LAST;
        sw_diag *d = sw_report(
            c, z->node, SW_SEV_ERROR,
            "authorizer '%s' ends in '%s': Serverless gives its invoke permission the "
            "logical ID '%sLambdaPermissionWebsockets', the same as function '%s''s "
            "websocket permission, and merges the two, so %s loses its permission to be "
            "called by API Gateway; give 'arn' as an intrinsic with a different 'name'",
            z->arn, z->name, z->norm, fn->name,
            lost ? sw_printf(c->a, "function '%s'", fn->name) : "the authorizer");
        sw_add_related(c, d, fn->key, "function '%s', whose permission this is", fn->name);
        if (given && sw_authorizer_name_ok(given) &&
            strcmp(sw_logical_prefix(c->a, given), z->norm))
            wrap_fix(c, d, z, given);
        return;
    }
    if (!strcmp(z->name, "$LATEST")) {
        const char *cut = sw_strndup(c->a, z->arn, strlen(z->arn) - 8);
        sw_diag *d = sw_report(c, z->node, SW_SEV_ERROR,
                               "authorizer '%s' ends in '$LATEST': Serverless builds the "
                               "logical ID '$LATESTWebsocketsAuthorizer' from it, which "
                               "CloudFormation rejects as not alphanumeric; drop ':$LATEST' "
                               "(the unqualified ARN calls $LATEST)", z->arn);
        sw_fix *f = sw_fix_new(c, d, false, "drop ':$LATEST'");
        if (z->raw != z->node || !sw_fix_scalar(c, f, z->node, cut))
            d->fix = NULL;
        return;
    }
    const azr *o = sw_strmap_get(&x->fn, z->norm);
    const sw_function *ofn = o ? sw_function_find(c->svc, o->name) : NULL;
    if (!o || (ofn && same_function(ofn, z))) {
        o = sw_strmap_get(&x->arn, z->norm);
        if (o && (o >= z || !strcmp(o->arn, z->arn)))
            o = NULL;
    }
    if (o) {
        sw_diag *d = sw_report(
            c, z->node, 0,
            "authorizer '%s' ends in '%s', like the authorizer %s'%s': Serverless gives both "
            "the logical ID '%sWebsocketsAuthorizer' and merges them, so one route calls the "
            "other's function; give 'arn' as an intrinsic with a distinct 'name'",
            z->arn, z->name, o->arn ? "" : "function ", o->arn ? o->arn : o->name, z->norm);
        sw_add_related(c, d, o->node, "the other authorizer");
        return;
    }
    bool ignored = given && strncmp(given, "arn:", 4) && strcmp(given, z->name);
    if (z->parts.n == 8) {
        const char *guess = ignored && sw_authorizer_name_ok(given) ? given
                            : sw_printf(c->a, "%s%c%s", fname, toupper((unsigned char)*z->name),
                                        z->name + 1);
        if (!sw_authorizer_name_ok(guess))
            guess = fname;
        sw_diag *d = sw_report(
            c, z->node, 0,
            "authorizer '%s' ends in the qualifier '%s': Serverless names the authorizer "
            "'%s' (logical ID '%sWebsocketsAuthorizer'), not after function '%s'%s; give "
            "'arn' as an intrinsic with a 'name', e.g. arn: !Sub '%s' and name: %s",
            z->arn, z->name, z->name, z->norm, fname,
            ignored ? sw_printf(c->a, ", and ignores the name '%s'", given) : "", z->arn, guess);
        wrap_fix(c, d, z, guess);
    } else if (ignored) {
        sw_diag *d = sw_report(c, nm, 0,
                               "authorizer name '%s' is ignored: with a string 'arn' Serverless "
                               "names the authorizer after the ARN's last segment, '%s'; give "
                               "'arn' as an intrinsic (!Sub) to use the name, or remove it",
                               given, z->name);
        if (sw_authorizer_name_ok(given))
            wrap_fix(c, d, z, given);
    }
}

static void check_ws037(sw_ctx *c)
{
    const sw_service *s = c->svc;
    names x = {0};
    x.n = collect(c, &x.v);
    /* only ARN authorizers are judged: without one the names need not be made */
    bool any_arn = false;
    for (uint32_t i = 0; i < x.n && !any_arn; i++)
        any_arn = x.v[i].arn != NULL;
    if (!any_arn)
        return;
    x.fnorm = sw_alloc(c->a, sizeof *x.fnorm * (s->nfns + 1));
    for (uint32_t i = 0; i < s->nfns; i++) {
        x.fnorm[i] = sw_logical_prefix(c->a, s->fns[i].name);
        if (s->fns[i].nws && !sw_strmap_get(&x.wsfn, x.fnorm[i]))
            sw_strmap_put(&x.wsfn, x.fnorm[i], &s->fns[i]);
    }
    for (uint32_t i = 0; i < x.n; i++) {
        sw_strmap *mp = x.v[i].arn ? &x.arn : &x.fn;
        if (!sw_strmap_get(mp, x.v[i].norm))
            sw_strmap_put(mp, x.v[i].norm, &x.v[i]);
    }
    /* permissions merge in event order, each function's before its
       authorizer's: who wrote each logical ID last */
    for (uint32_t i = 0, k = 0; i < s->nws; i++) {
        sw_strmap_put(&x.last, x.fnorm[s->ws[i]->fn - s->fns], &FN_LAST);
        for (; k < x.n && x.v[k].e == s->ws[i]; k++)
            sw_strmap_put(&x.last, x.v[k].norm, x.v[k].arn ? &ARN_LAST : &FN_LAST);
    }
    for (uint32_t i = 0; i < x.n; i++) {
        uint32_t from = c->out->n;
        if (x.v[i].arn)
            ws037_one(c, &x, &x.v[i]);
        sw_ws_note_since(c, x.v[i].e, from);
    }
    sw_strmap_free(&x.wsfn);
    sw_strmap_free(&x.arn);
    sw_strmap_free(&x.fn);
    sw_strmap_free(&x.last);
}

/* ---- WS038 authorizer-cross-account ---- */

typedef struct accts {
    const char *acct;     /* the one account seen, NULL when none */
    const y_node *first;  /* where it was seen */
    bool mixed, role;     /* several accounts; seen on a role */
    long budget;
    const y_node **skip;  /* the authorizers' own ARNs, sorted */
    uint32_t nskip;
} accts;

static int ptr_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(const y_node *const *)a, y = (uintptr_t)*(const y_node *const *)b;
    return x < y ? -1 : x > y;
}

static void saw(sw_ctx *c, accts *x, const y_node *n)
{
    sw_arn a;
    const char *acct;
    n = y_deref(n);
    if (!n || n->kind != Y_SCALAR || !sw_arn_parse(n->str, &a) || !(acct = arn_account(c->a, &a)))
        return;
    if (sw_arn_field_is(&a, 2, "lambda") && sw_arn_field_is(&a, 5, "layer"))
        return; /* published layers live in their vendors' accounts */
    if (x->nskip && bsearch(&n, x->skip, x->nskip, sizeof *x->skip, ptr_cmp))
        return;
    if (!x->acct)
        x->acct = acct, x->first = n;
    else if (strcmp(x->acct, acct))
        x->mixed = true;
}

/* Every literal ARN in the file but the authorizers' and IAM principals'
   (which name other accounts on purpose). An alias's content is walked
   where its anchor is defined. */
static void walk(sw_ctx *c, accts *x, const y_node *n)
{
    if (!n || n->kind == Y_ALIAS || x->mixed || --x->budget < 0)
        return;
    if (n->kind == Y_SCALAR) {
        saw(c, x, n);
    } else if (n->kind == Y_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            walk(c, x, n->u.seq.items[i]);
    } else {
        for (uint32_t i = 0; i < n->len; i++)
            if (!y_key_is(n->u.map.pairs[i].key, "Principal") &&
                !y_key_is(n->u.map.pairs[i].key, "NotPrincipal"))
                walk(c, x, n->u.map.pairs[i].val);
    }
}

/* The deploy account: the Lambda or CloudFormation roles' account when one
   is a literal ARN (a role must be in the deploying account), else the one
   account every other literal ARN names. */
static accts deploy_account(sw_ctx *c, const azr *v, uint32_t n)
{
    accts x = {0};
    x.budget = 200000;
    x.skip = sw_alloc(c->a, sizeof *x.skip * (n + 1));
    for (uint32_t i = 0; i < n; i++)
        x.skip[x.nskip++] = v[i].node;
    qsort(x.skip, x.nskip, sizeof *x.skip, ptr_cmp);
    const y_node *p = c->svc->provider, *iam = p ? y_deref(y_get(p, "iam")) : NULL;
    if (p) {
        saw(c, &x, y_get(p, "role"));
        saw(c, &x, y_get(p, "cfnRole"));
    }
    if (iam && iam->kind == Y_MAP) {
        saw(c, &x, y_get(iam, "role"));
        saw(c, &x, y_get(iam, "deploymentRole"));
    }
    for (uint32_t i = 0; i < c->svc->nfns; i++)
        if (c->svc->fns[i].node)
            saw(c, &x, y_get(c->svc->fns[i].node, "role"));
    x.role = x.acct != NULL;
    if (!x.acct && !x.mixed)
        walk(c, &x, c->doc->root);
    if (x.mixed || x.budget < 0)
        x.acct = NULL;
    return x;
}

/* Whether resources.extensions gives the authorizer's permission a
   Condition: the documented way to keep Serverless from creating it. */
static bool suppressed(sw_ctx *c, const char *norm)
{
    const y_node *r = c->svc->root ? y_get(c->svc->root, "resources") : NULL;
    const y_node *x = r ? y_get(r, "extensions") : NULL;
    const y_node *p = x ? y_get(x, sw_printf(c->a, "%sLambdaPermissionWebsockets", norm)) : NULL;
    return p && y_is_map(p) && y_get(p, "Condition");
}

static void check_ws038(sw_ctx *c)
{
    azr *v;
    uint32_t n = collect(c, &v);
    accts x = {0};
    bool known = false;
    for (uint32_t i = 0; i < n; i++) {
        const char *acct = v[i].arn ? arn_account(c->a, &v[i].parts) : NULL;
        if (!acct)
            continue;
        if (!known)
            x = deploy_account(c, v, n), known = true;
        if (!x.acct || !strcmp(acct, x.acct) || suppressed(c, v[i].norm))
            continue;
        sw_diag *d = sw_report(
            c, v[i].node, 0,
            "authorizer '%s' is in account %s, but %s %s: Serverless still creates the "
            "permission '%sLambdaPermissionWebsockets' for it, which fails for another "
            "account's function; in account %s grant lambda:InvokeFunction to "
            "apigateway.amazonaws.com with a SourceArn, and set resources.extensions."
            "%sLambdaPermissionWebsockets.Condition to a condition that is never true",
            v[i].arn, acct, x.role ? "the service's role is in" : "this service's other ARNs are in",
            x.acct, v[i].norm, acct, v[i].norm);
        sw_add_related(c, d, x.first, "%s in account %s", x.role ? "the role" : "an ARN", x.acct);
        sw_ws_note_reached(c, d, v[i].e);
    }
}

const sw_rule sw_ws037 = {
    "WS037", "authorizer-arn-naming",
    "authorizer named after its ARN's last segment: a qualifier, a clash, an ignored name",
    SW_SEV_INFO, 0, check_ws037,
};
const sw_rule sw_ws038 = {
    "WS038", "authorizer-cross-account",
    "authorizer ARN in an account other than the service's", SW_SEV_INFO, 0, check_ws038,
};
