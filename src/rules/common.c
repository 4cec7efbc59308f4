/*
 * Helpers the rule files share (declared in common.h). Several rules read
 * the same settings the way Serverless's JavaScript does, judge the same
 * external-API setting (C3) and default runtime (F13), walk the same
 * websocket events and authorizers, and name things as Serverless names
 * them; each of those readings is written once here so that the rules
 * agree. Readings that only look alike but differ on purpose (or that a
 * rule has not been reconciled with yet) stay in their rule files.
 */
#include "common.h"

#include "../buf.h"

#include <ctype.h>
#include <string.h>

/* ---- values as Serverless reads them ---- */

sw_truth sw_truthy(const y_node *n)
{
    n = y_deref(n);
    if (!n)
        return SW_JS_FALSY;
    if (n->kind != Y_SCALAR || y_is_intrinsic(n))
        return SW_JS_TRUTHY;
    if (y_is_unknown(n))
        return SW_JS_UNKNOWN;
    switch (y_scalar_type(n)) {
    case Y_T_NULL:
        return SW_JS_FALSY;
    case Y_T_BOOL:
        return tolower((unsigned char)n->str[0]) == 't' ? SW_JS_TRUTHY : SW_JS_FALSY;
    case Y_T_INT:
    case Y_T_FLOAT:
        return strspn(n->str, "+-0._") == n->len ? SW_JS_FALSY : SW_JS_TRUTHY;
    default:
        return n->len ? SW_JS_TRUTHY : SW_JS_FALSY;
    }
}

bool sw_falsy(const y_node *n)
{
    n = y_deref(n);
    if (!n)
        return true;
    if (n->kind != Y_SCALAR || y_is_unknown(n))
        return false;
    y_type t = y_scalar_type(n);
    return t == Y_T_NULL || (t == Y_T_STR && n->len == 0) ||
           (t == Y_T_BOOL && tolower((unsigned char)n->str[0]) == 'f');
}

bool sw_filled(const y_node *n)
{
    n = y_deref(n);
    if (!n)
        return false;
    if (n->kind != Y_SCALAR || y_is_unknown(n))
        return true;
    return y_scalar_type(n) != Y_T_NULL && n->len > 0;
}

bool sw_present(const y_node *n)
{
    n = y_deref(n);
    return n && !(n->kind == Y_SCALAR && !y_tag(n) && y_scalar_type(n) == Y_T_NULL);
}

bool sw_is_false(const y_node *n)
{
    n = y_deref(n);
    return n && n->kind == Y_SCALAR && !y_is_unknown(n) && y_scalar_type(n) == Y_T_BOOL &&
           tolower((unsigned char)n->str[0]) == 'f';
}

/* ---- the service ---- */

sw_ext_api sw_external_api(const sw_service *svc)
{
    sw_ext_api e = {SW_JS_FALSY, NULL};
    const y_node *ag = y_deref(y_get(svc->provider, "apiGateway"));
    if (ag && ag->kind == Y_SCALAR && y_is_unknown(ag)) {
        e.state = SW_JS_UNKNOWN;
        return e;
    }
    e.val = y_get(ag, "websocketApiId");
    e.state = sw_truthy(e.val);
    return e;
}

bool sw_may_have_ws(const sw_service *svc)
{
    return svc->nws > 0 || svc->functions_partial;
}

const char *sw_fw_text(const sw_service *svc)
{
    const y_node *fv = y_deref(svc->fwversion);
    return fv && fv->kind == Y_SCALAR ? fv->str : "?";
}

const char *sw_default_runtime(const sw_service *svc)
{
    static const char *const by_major[] = {NULL, NULL, "nodejs12.x", "nodejs14.x", "nodejs20.x"};
    int maj = sw_svc_fw_major(svc);
    if (maj >= 2 && maj <= 4)
        return by_major[maj];
    if (maj != 1)
        return NULL;
    /* <=1.42 nodejs4.3, 1.43-1.57 nodejs10.x, then nodejs12.x */
    const char *got = NULL;
    for (int i = 0; i < svc->fw.nalt; i++) {
        const sw_fwspan *s = &svc->fw.alt[i];
        if (s->empty)
            continue;
        int lo = s->lo.maj < 1 ? 0 : s->lo.min, hi = s->hi.maj > 1 ? SW_FW_INF : s->hi.min;
        for (int k = 0; k < 2; k++) {
            int m = k ? hi : lo;
            const char *d = m <= 42 ? "nodejs4.3" : m <= 57 ? "nodejs10.x" : "nodejs12.x";
            if (got && strcmp(got, d) != 0)
                return NULL;
            got = d;
        }
    }
    return got;
}

const y_node *sw_plugin_list(const sw_service *svc)
{
    if (!svc->root)
        return NULL;
    const y_node *raw = y_get(svc->root, "plugins"), *p = y_deref(raw);
    if (p && p->kind == Y_MAP)
        raw = y_get(p, "modules");
    return raw;
}

const char *sw_fn_names(sw_arena *a, const char **names, uint32_t n)
{
    const char *s = sw_printf(a, "%s '%s'", n == 1 ? "function" : "functions", names[0]);
    uint32_t shown = n > 4 ? 3 : n;
    for (uint32_t i = 1; i < shown; i++)
        s = sw_printf(a, "%s%s'%s'", s, i + 1 == n ? " and " : ", ", names[i]);
    return shown < n ? sw_printf(a, "%s and %u more", s, n - shown) : s;
}

void sw_note_merge(sw_ctx *c, sw_diag *d, const y_node *map, const y_node *key,
                   const char *what)
{
    if (!key || key->parent == map)
        return;
    y_epair *ps;
    uint32_t n = y_pairs(c->a, map, &ps);
    for (uint32_t i = 0; i < n; i++)
        if (ps[i].key == key && ps[i].via) {
            sw_add_related(c, d, ps[i].via, "merged into %s here", what);
            return;
        }
}

/* ---- websocket events and authorizers ---- */

const y_node *sw_ws_authorizer(const sw_wsevent *e)
{
    return sw_falsy(e->authorizer) ? NULL : y_deref(e->authorizer);
}

const y_node *sw_ws_auth_object(const sw_wsevent *e)
{
    const y_node *a = sw_ws_authorizer(e);
    return a && a->kind == Y_MAP && !y_is_intrinsic(a) ? a : NULL;
}

bool sw_ws_outside(const sw_wsevent *e, uint32_t off)
{
    return e->key && e->val && (off < e->val->start || off >= e->val->end);
}

void sw_ws_note_reached(sw_ctx *c, sw_diag *d, const sw_wsevent *e)
{
    if (sw_ws_outside(e, d->start))
        sw_add_related(c, d, e->key, "reached from this websocket event");
}

void sw_ws_note_since(sw_ctx *c, const sw_wsevent *e, uint32_t from)
{
    for (uint32_t k = from; k < c->out->n; k++)
        sw_ws_note_reached(c, &c->out->v[k], e);
}

void sw_each_wsevent(sw_ctx *c, void *arg,
                     void (*check)(sw_ctx *, const sw_wsevent *, void *))
{
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        uint32_t from = c->out->n;
        check(c, e, arg);
        sw_ws_note_since(c, e, from);
    }
}

bool sw_arn_parse(const char *s, sw_arn *a)
{
    if (!s || strncmp(s, "arn:", 4) != 0)
        return false;
    const char *start = s;
    int depth = 0;
    a->n = 0;
    for (const char *p = s;; p++) {
        if (p[0] == '$' && p[1] == '{') {
            depth++, p++;
            continue;
        }
        if (*p == '}' && depth) {
            depth--;
            continue;
        }
        if (!*p || (*p == ':' && !depth && a->n < 7)) {
            a->f[a->n] = start;
            a->l[a->n++] = (size_t)(p - start);
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return a->n >= 3;
}

bool sw_arn_field_is(const sw_arn *a, int i, const char *t)
{
    return i < a->n && a->l[i] == strlen(t) && strncmp(a->f[i], t, a->l[i]) == 0;
}

const char *sw_logical_prefix(sw_arena *m, const char *s)
{
    sw_buf b = {0};
    for (const char *p = s; *p; p++)
        sw_buf_puts(&b, *p == '-' ? "Dash" : *p == '_' ? "Underscore" : (char[2]){*p, 0});
    char *out = sw_strdup(m, b.len ? sw_buf_cstr(&b) : "");
    sw_buf_release(&b);
    out[0] = (char)toupper((unsigned char)out[0]);
    return out;
}

bool sw_authorizer_name_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return false;
    return true;
}

const char *sw_intrinsic_name(const y_node *n)
{
    n = y_deref(n);
    if (y_tag(n))
        return y_tag(n);
    return y_deref(n->u.map.pairs[0].key)->str;
}

const char *const sw_iam_jwt_names[] = {"aws_iam", "AWS_IAM", "iam", "jwt", NULL};

int sw_iam_jwt_index(const char *s)
{
    for (int i = 0; sw_iam_jwt_names[i]; i++)
        if (!strcmp(s, sw_iam_jwt_names[i]))
            return i;
    return -1;
}
