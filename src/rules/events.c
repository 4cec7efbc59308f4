/*
 * The event-shape rules, WS001-WS006: one `- websocket:` item as Serverless
 * validates it (RULES.md F1-F4): siblings left outside a null `websocket`
 * (WS001), a missing or non-string route (WS002), unknown keys in the
 * object form (WS003), other keys in the same event item (WS004), a route
 * response selection expression other than $default (WS005), and event
 * names that only look like `websocket` (WS006).
 */
#include "common.h"

#include <string.h>

static const char *const ws_keys[] = {
    "route", "routeResponseSelectionExpression", "authorizer", NULL,
};

static bool is_ws_key(const char *s)
{
    for (int i = 0; ws_keys[i]; i++)
        if (strcmp(s, ws_keys[i]) == 0)
            return true;
    return false;
}

static bool null_or_empty(const y_node *v)
{
    v = y_deref(v);
    if (!v)
        return true;
    return v->kind == Y_SCALAR && !y_is_intrinsic(v) &&
           (y_scalar_type(v) == Y_T_NULL || v->len == 0);
}

/* ---- WS001: `websocket:` null with route/authorizer beside it ---- */

static bool has_ws_sibling(const sw_wsevent *e)
{
    for (int i = 0; ws_keys[i]; i++)
        if (y_get_pair(e->item, ws_keys[i], NULL) || y_get(e->item, ws_keys[i]))
            return true;
    return false;
}

/* What Serverless does with an ignored setting: nothing in its default
   validation mode, a refused deploy under configValidationMode: error. */
static const char *ignored(const sw_ctx *c)
{
    return c->svc->validation == SW_VALIDATION_ERROR
               ? "Serverless stops the deploy (configValidationMode: error)"
               : "Serverless ignores it";
}

/* Indents every line after the `websocket:` key by two spaces: offered when
   `websocket` is the item's first key in block style. */
static void fix_indent(sw_ctx *c, sw_diag *d, const sw_wsevent *e)
{
    const y_node *item = e->item;
    const y_node *v = e->val;
    /* only `websocket:` with nothing after it: indenting under `~` or `''`
       would not parse */
    if (item->style != Y_BLOCK || item->len == 0 || item->u.map.pairs[0].key != e->key ||
        (v && (v->kind != Y_SCALAR || v->end > v->start || y_tag(v) || v->anchored)))
        return;
    const sw_source *s = c->src;
    uint32_t first = sw_source_line_of(s, e->key->start) + 1;
    uint32_t last = sw_source_line_of(s, item->end > 0 ? item->end - 1 : 0);
    if (first > last)
        return;
    sw_fix *f = sw_fix_new(c, d, true, "indent the keys under 'websocket'");
    for (uint32_t l = first; l <= last; l++) {
        uint32_t len;
        const char *t = sw_source_line(s, l, &len);
        if (len == 0)
            continue;
        sw_fix_edit(c, f, (uint32_t)(t - s->text), (uint32_t)(t - s->text), "  ");
    }
}

static void check_ws001(sw_ctx *c)
{
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        if (!e->key || !null_or_empty(e->val) || !has_ws_sibling(e))
            continue;
        sw_diag *d = sw_report(c, e->key, 0,
                               "'websocket' is empty while its settings sit beside it "
                               "in function '%s': Serverless drops this route; indent "
                               "them under 'websocket'",
                               e->fn->name);
        fix_indent(c, d, e);
    }
}

/* ---- WS002: the route is missing or not a string ---- */

static void check_ws002(sw_ctx *c)
{
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        if (!e->key)
            continue;
        if (e->object) {
            if (!e->route_key) {
                if (y_get(e->val, "routeKey"))
                    continue; /* WS003 names the plugin-era key */
                sw_report(c, e->key, 0,
                          "websocket event of function '%s' has no 'route': Serverless "
                          "fails while packaging it; add route: <key>",
                          e->fn->name);
                continue;
            }
        } else if (null_or_empty(e->val)) {
            if (has_ws_sibling(e))
                continue; /* WS001 */
            if (!e->val || y_scalar_type(e->val) == Y_T_NULL) {
                sw_report(c, e->key, 0,
                          "'websocket' of function '%s' is empty: Serverless drops the "
                          "event (\"unsupported function event\"); give a route key such "
                          "as $default",
                          e->fn->name);
                continue;
            }
        }
        const y_node *r = y_deref(e->route);
        const y_node *at = e->route ? e->route : e->key;
        if (!sw_present(r)) {
            sw_report(c, at, 0, "websocket route of function '%s' is null: Serverless fails "
                                "while packaging it; give a route key such as $default",
                      e->fn->name);
        } else if (r->kind == Y_SCALAR && r->len == 0 && !y_is_intrinsic(r)) {
            sw_report(c, at, 0, "websocket route of function '%s' is empty: API Gateway "
                                "rejects an empty route key; give a route key such as $default",
                      e->fn->name);
        } else if (y_is_intrinsic(r)) {
            sw_report(c, at, 0, "websocket route of function '%s' is a CloudFormation "
                                "intrinsic: Serverless cannot name the route and fails; "
                                "write the route key as a string",
                      e->fn->name);
        } else if (r->kind != Y_SCALAR) {
            sw_report(c, at, 0, "websocket route of function '%s' is a %s, not a string: "
                                "Serverless fails while packaging it; give a route key string",
                      e->fn->name, r->kind == Y_MAP ? "mapping" : "list");
        } else if (!y_is_unknown(r)) {
            y_type t = y_scalar_type(r);
            if (t == Y_T_BOOL) {
                sw_report(c, at, SW_SEV_WARNING,
                          "websocket route '%s' is a boolean: Serverless deploys the "
                          "route \"%s\"; quote it if that is meant, or give the real key",
                          r->str, (r->str[0] == 't' || r->str[0] == 'T') ? "true" : "false");
            } else if (t == Y_T_INT || t == Y_T_FLOAT) {
                sw_report(c, at, SW_SEV_WARNING,
                          "websocket route %s is a number: Serverless deploys it as the "
                          "route \"%s\"; quote it",
                          r->str, y_js_number(c->a, r));
            } else if (t == Y_T_TIMESTAMP) {
                sw_report(c, at, 0,
                          "websocket route %s is read as a date, not a string: Serverless "
                          "fails while packaging it; quote it",
                          r->str);
            }
        }
    }
}

/* y_pairs(m), except that a small mapping without merge keys is read into
   buf (cap pairs): y_pairs would keep a copy of it for the whole analysis,
   and a big service has an event item and a websocket object per function. */
static uint32_t event_pairs(sw_ctx *c, const y_node *m, y_epair *buf, uint32_t cap,
                            y_epair **ps)
{
    m = y_deref(m);
    if (!m || m->kind != Y_MAP || m->has_merge || m->epairs || m->len > cap)
        return y_pairs(c->a, m, ps);
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->len; i++) {
        const y_node *k = m->u.map.pairs[i].key;
        if (k && k->kind == Y_SCALAR && k->style == Y_PLAIN && k->len == 2 &&
            memcmp(k->str, "<<", 2) == 0 && (!y_tag(k) || strcmp(y_tag(k), "!!merge") == 0))
            continue; /* a merge key, as y_pairs skips it */
        buf[n++] = (y_epair){k, m->u.map.pairs[i].val, NULL};
    }
    *ps = buf;
    return n;
}

/* ---- WS003: unknown keys inside the websocket object ---- */

static void check_ws003(sw_ctx *c)
{
    sw_severity schema = sw_schema_sev(c);
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        if (!e->object)
            continue;
        const y_node *v = y_deref(e->val);
        y_epair buf[8], *ps;
        uint32_t np = event_pairs(c, v, buf, 8, &ps);
        for (uint32_t k = 0; k < np; k++) {
            const y_node *key = ps[k].key;
            const y_node *kd = y_deref(key);
            if (!kd || kd->kind != Y_SCALAR || is_ws_key(kd->str))
                continue;
            bool merged = ps[k].via != NULL;
            if (strcmp(kd->str, "routeKey") == 0) {
                if (!e->route_key) {
                    sw_diag *d = sw_report(c, key, SW_SEV_ERROR,
                                           "'routeKey' is the deprecated plugin's name for "
                                           "'route': Serverless fails to package this event; "
                                           "rename it to 'route'");
                    d->tags |= SW_TAG_DEPRECATED;
                    sw_fix *f = sw_fix_new(c, d, true, "rename 'routeKey' to 'route'");
                    if (merged || !sw_fix_scalar(c, f, key, "route"))
                        d->fix = NULL;
                } else {
                    sw_report(c, key, schema,
                              "'routeKey' is ignored because 'route' is set; remove it");
                }
            } else if (strcmp(kd->str, "identitySource") == 0) {
                if (e->authorizer && !null_or_empty(e->authorizer))
                    sw_report(c, key, SW_SEV_ERROR,
                              "'identitySource' beside 'authorizer' is ignored, so the default "
                              "header 'Auth' stays in force; move it inside the authorizer "
                              "object (authorizer: {name: ..., identitySource: [...]})");
                else
                    sw_report(c, key, schema,
                              "'identitySource' belongs inside an authorizer object and this "
                              "event has no authorizer: %s; remove it",
                              ignored(c));
            } else {
                const char *near = sw_nearest(kd->str, ws_keys, 2);
                sw_diag *d;
                if (near) {
                    d = sw_report(c, key, schema,
                                  "unknown key '%s' in a websocket event: %s; did you mean "
                                  "'%s'?",
                                  kd->str, ignored(c), near);
                    if (!merged && !y_get(v, near)) {
                        sw_fix *f = sw_fix_new(c, d, true, "rename '%s' to '%s'", kd->str, near);
                        if (!sw_fix_scalar(c, f, key, near))
                            d->fix = NULL;
                    }
                } else {
                    sw_report(c, key, schema,
                              "unknown key '%s' in a websocket event (allowed: route, "
                              "routeResponseSelectionExpression, authorizer): %s; remove it",
                              kd->str, ignored(c));
                }
            }
        }
    }
}

/* ---- WS004: another key shares the event item ---- */

static void check_ws004(sw_ctx *c)
{
    sw_severity sev = sw_schema_sev(c);
    if (sw_svc_fw_below(c->svc, 2, 2))
        sev = SW_SEV_ERROR;
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        if (!e->key || null_or_empty(e->val))
            continue; /* an empty websocket with siblings is WS001 */
        y_epair buf[8], *ps;
        uint32_t np = event_pairs(c, e->item, buf, 8, &ps);
        for (uint32_t k = 0; k < np; k++) {
            const y_node *key = ps[k].key;
            const y_node *kd = y_deref(key);
            if (key == e->key || !kd || kd->kind != Y_SCALAR || strcmp(kd->str, "websocket") == 0)
                continue;
            if (is_ws_key(kd->str))
                sw_report(c, key, sev,
                          "'%s' sits beside 'websocket' in the event item: %s; move it "
                          "inside the websocket object",
                          kd->str, ignored(c));
            else
                sw_report(c, key, sev,
                          "event item holds both '%s' and 'websocket': Serverless expects "
                          "one event per item; split them into two list items",
                          kd->str);
        }
    }
}

/* ---- WS005: routeResponseSelectionExpression other than $default ---- */

static void check_ws005(sw_ctx *c)
{
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        const y_node *v = y_deref(e->rrse);
        if (!e->rrse || y_is_unknown(v))
            continue;
        if (v->kind == Y_SCALAR && strcmp(v->str, "$default") == 0 &&
            y_scalar_type(v) == Y_T_STR)
            continue;
        /* Serverless strips nulls and skips an empty value when compiling:
           only its schema objects to '' */
        if (!sw_present(v))
            continue;
        sw_severity sev = v->kind == Y_SCALAR && v->len == 0 ? sw_schema_sev(c) : 0;
        sw_diag *d = sw_report(c, e->rrse, sev,
                               "routeResponseSelectionExpression '%s': API Gateway supports "
                               "only $default; set it to $default",
                               v->kind == Y_SCALAR ? v->str : "...");
        sw_fix *f = sw_fix_new(c, d, true, "set it to $default");
        if (!sw_fix_scalar(c, f, e->rrse, "$default"))
            d->fix = NULL;
    }
}

/* ---- WS006: event names that look like websocket ---- */

static bool looks_like_websocket(const char *s)
{
    size_t n = strlen(s);
    if (strcmp(s, "websocket") == 0 || n < 7 || n > 11)
        return false; /* more than two edits from "websocket" */
    return sw_edit_distance(s, "websocket", true) <= 2 ||
           sw_edit_distance(s, "websockets", true) == 0;
}

static void check_ws006(sw_ctx *c)
{
    const y_node *plugins = c->svc->root ? y_get(c->svc->root, "plugins") : NULL;
    for (uint32_t f = 0; f < c->svc->nfns; f++) {
        const y_node *ev = c->svc->fns[f].events;
        if (!ev)
            continue;
        for (uint32_t i = 0; i < ev->len; i++) {
            const y_node *item = y_deref(ev->u.seq.items[i]);
            if (!item || item->kind != Y_MAP)
                continue;
            for (uint32_t k = 0; k < item->len; k++) {
                const y_node *key = item->u.map.pairs[k].key;
                const y_node *kd = y_deref(key);
                if (!kd || kd->kind != Y_SCALAR)
                    continue;
                bool ws = strcmp(kd->str, "ws") == 0 && !plugins;
                if (!ws && !looks_like_websocket(kd->str))
                    continue;
                sw_diag *d = sw_report(c, key, 0,
                                       "event '%s' is not a Serverless event: the route is "
                                       "dropped; did you mean 'websocket'?",
                                       kd->str);
                if (!y_get(item, "websocket")) {
                    sw_fix *fx = sw_fix_new(c, d, true, "rename '%s' to 'websocket'", kd->str);
                    if (!sw_fix_scalar(c, fx, key, "websocket"))
                        d->fix = NULL;
                }
            }
        }
    }
}

const sw_rule sw_ws001 = {
    .code = "WS001", .name = "websocket-settings-not-indented",
    .summary = "an empty 'websocket' with its settings beside it instead of under it",
    .severity = SW_SEV_ERROR, .flags = SW_RULE_FIXABLE, .check = check_ws001,
};
const sw_rule sw_ws002 = {
    .code = "WS002", .name = "websocket-route-invalid",
    .summary = "websocket event without a route, or with a route that is not a string",
    .severity = SW_SEV_ERROR, .check = check_ws002,
};
const sw_rule sw_ws003 = {
    .code = "WS003", .name = "websocket-unknown-key",
    .summary = "unknown key in a websocket event (routeKey, identitySource, ...)",
    .severity = SW_SEV_ERROR, .flags = SW_RULE_FIXABLE, .check = check_ws003,
};
const sw_rule sw_ws004 = {
    .code = "WS004", .name = "websocket-shared-event-item",
    .summary = "'websocket' shares its event item with other keys",
    .severity = SW_SEV_WARNING, .check = check_ws004,
};
const sw_rule sw_ws005 = {
    .code = "WS005", .name = "route-response-selection-not-default",
    .summary = "routeResponseSelectionExpression other than $default",
    .severity = SW_SEV_ERROR, .flags = SW_RULE_FIXABLE, .check = check_ws005,
};
const sw_rule sw_ws006 = {
    .code = "WS006", .name = "websocket-event-misspelled",
    .summary = "event name that is a variant of 'websocket' (WebSocket, websockets, ws)",
    .severity = SW_SEV_ERROR, .flags = SW_RULE_FIXABLE, .check = check_ws006,
};
