/*
 * Service-level settings that decide how Serverless reads the whole file.
 * WS007: `service: {name: x}`, the object notation Serverless v3 and later
 * refuse at load time ("Object notation for "service" property is not
 * supported"), so every command stops. WS008: `frameworkVersion` written
 * anywhere but the top level (under `provider`, in a function) or with the
 * wrong case: Serverless reads only the top-level key, so the file pins no
 * version. WS082: a websocket service whose `configValidationMode` is not
 * `error` (the default is `warn`), so Serverless warns about invalid
 * settings, drops malformed websocket events and deploys anyway (RULES.md
 * F3); its fix is safe only when nothing else would then stop the deploy.
 */
#include "common.h"

#include <ctype.h>
#include <string.h>

/* ---- shared: editing the top level -------------------------------------- */

/* The raw text of node n, as written (tag and anchor included). */
static const char *raw_text(sw_ctx *c, const y_node *n)
{
    return sw_printf(c->a, "%.*s", (int)(n->end - n->start), c->src->text + n->start);
}

static bool one_line(const sw_ctx *c, const y_node *n)
{
    return n->end > n->start &&
           sw_source_line_of(c->src, n->start) == sw_source_line_of(c->src, n->end - 1);
}

/* A scalar written on one line in plain or quoted style, with no variable
   or intrinsic: text that can be copied to another key as it is. */
static bool copyable(const sw_ctx *c, const y_node *n)
{
    return n && n->kind == Y_SCALAR && n->style <= Y_DQUOTED && !n->anchored &&
           !y_is_unknown(n) && one_line(c, n);
}

/* The line break the file uses after line l ("\n" when it has none). */
static const char *eol_after(const sw_ctx *c, uint32_t l)
{
    const sw_source *s = c->src;
    uint32_t len;
    const char *t = sw_source_line(s, l, &len);
    uint32_t off = (uint32_t)(t - s->text) + len;
    if (off + 1 < s->len && s->text[off] == '\r' && s->text[off + 1] == '\n')
        return "\r\n";
    return "\n";
}

/* Where a new top-level line can go: after the top-level line of one of
   the keys in `after` (a scalar on one line, written in the root itself),
   else before the root's first key. Returns false when the root is not a
   block mapping at column 0. *text_before is what goes before the new line
   (a line break when it lands at the end of a file without one). */
static bool top_insert_point(sw_ctx *c, const char *const *after, uint32_t *at,
                             const char **nl, const char **text_before)
{
    const sw_service *svc = c->svc;
    const y_node *root = svc->root;
    const sw_source *s = c->src;
    if (!root || root->style != Y_BLOCK || root->len == 0)
        return false;
    const y_node *first = root->u.map.pairs[0].key;
    if (!first || s->lines[sw_source_line_of(s, first->start)] != first->start)
        return false;
    *text_before = "";
    for (int i = 0; after[i]; i++) {
        for (uint32_t k = 0; k < root->len; k++) {
            const y_pair *p = &root->u.map.pairs[k];
            if (!y_key_is(p->key, after[i]) || !p->val || p->val->kind != Y_SCALAR ||
                p->val->style > Y_DQUOTED || !one_line(c, p->val) ||
                sw_source_line_of(s, p->key->start) != sw_source_line_of(s, p->val->start))
                continue;
            uint32_t l = sw_source_line_of(s, p->val->start);
            *nl = eol_after(c, l);
            if (l + 1 < s->nlines) {
                *at = s->lines[l + 1];
            } else {
                *at = s->len;
                uint32_t len;
                sw_source_line(s, l, &len);
                if (s->lines[l] + len == s->len)
                    *text_before = *nl; /* the last line has no line break */
            }
            return true;
        }
    }
    *at = first->start;
    *nl = eol_after(c, sw_source_line_of(s, first->start));
    return true;
}

/* Adds "key: value" as a new top-level line. */
static bool fix_add_top(sw_ctx *c, sw_fix *f, const char *const *after, const char *key,
                        const char *value)
{
    uint32_t at;
    const char *nl, *before;
    if (!top_insert_point(c, after, &at, &nl, &before))
        return false;
    sw_fix_edit(c, f, at, at, sw_printf(c->a, "%s%s: %s%s", before, key, value, nl));
    return true;
}

/* ---- WS007 service-object-notation -------------------------------------- */

/* Rewrites `service: {name: x}` (block or flow) as `service: x`. Only for a
   mapping that holds `name` alone, written where it is used. */
static bool fix_service(sw_ctx *c, sw_fix *f, const y_node *key, const y_node *map)
{
    const sw_source *s = c->src;
    const char *t = s->text;
    if (map->kind != Y_MAP || map->anchored || y_tag(map) || map->has_merge || map->len != 1)
        return false;
    const y_pair *p = &map->u.map.pairs[0];
    if (!y_key_is(p->key, "name") || !p->val || p->val->kind != Y_SCALAR ||
        p->val->style > Y_DQUOTED || !one_line(c, p->val) ||
        (p->val->style == Y_PLAIN && p->val->len == 0))
        return false;
    const char *name = raw_text(c, p->val);
    if (map->style == Y_FLOW) {
        sw_fix_edit(c, f, map->start, map->end, name);
        return true;
    }
    /* block: from just after "service:" to the end of the name; only
       blanks and line breaks may lie between "service:" and "name" */
    uint32_t i = key->end;
    while (i < p->key->start && (t[i] == ' ' || t[i] == '\t'))
        i++;
    if (i >= p->key->start || t[i] != ':')
        return false;
    uint32_t colon = i;
    for (i = colon + 1; i < p->key->start; i++)
        if (!isspace((unsigned char)t[i]))
            return false;
    sw_fix_edit(c, f, colon + 1, p->val->end, sw_printf(c->a, " %s", name));
    return true;
}

static void check_ws007(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root || !sw_svc_fw_at_least(svc, 3, 0))
        return;
    const y_node *key;
    const y_node *raw = y_get_pair(svc->root, "service", &key);
    const y_node *v = y_deref(raw);
    if (!v || v->kind == Y_SCALAR || y_is_intrinsic(v))
        return;
    bool merged = key && key->parent != svc->root;
    const y_node *at = key && !merged ? key : v;
    const char *since = svc->fwversion ? "Serverless v3 and later refuse"
                                       : "Serverless v3 and v4 refuse";
    sw_diag *d;
    if (v->kind == Y_SEQ) {
        d = sw_report(c, at, 0,
                      "'service' is a list: %s any object there (\"Object notation for "
                      "\"service\" property is not supported\") and every command stops; "
                      "write the service name as a string",
                      since);
        if (merged)
            sw_note_merge(c, d, svc->root, key, "the top level");
        return;
    }
    const y_node *name = y_deref(y_get(v, "name"));
    const char *known = y_known_str(name);
    if (known && strpbrk(known, "\n'"))
        known = NULL; /* not worth quoting in a message */
    bool kms = y_get(v, "awsKmsKeyArn") != NULL;
    const char *advice =
        known ? sw_printf(c->a, "write 'service: %s'", known)
              : name && name->kind == Y_SCALAR ? "write the name directly: 'service: <name>'"
                                               : "write the service name as a string";
    d = sw_report(c, at, 0,
                  "object notation for 'service': %s it (\"Object notation for \"service\" "
                  "property is not supported\") and every command stops; %s%s",
                  since, advice,
                  kms ? ", and move 'awsKmsKeyArn' to provider.kmsKeyArn" : "");
    if (merged) {
        sw_note_merge(c, d, svc->root, key, "the top level");
        return;
    }
    if (!key || raw->kind == Y_ALIAS)
        return;
    sw_fix *f = sw_fix_new(c, d, true, "write 'service' as a string");
    if (!fix_service(c, f, key, v))
        d->fix = NULL;
}

const sw_rule sw_ws007 = {
    .code = "WS007",
    .name = "service-object-notation",
    .summary = "service given as an object ({name: x}), which Serverless v3 and later refuse",
    .severity = SW_SEV_ERROR,
    .flags = SW_RULE_FIXABLE | SW_RULE_DEPRECATION,
    .check = check_ws007,
};

/* ---- WS008 framework-version-placement ---------------------------------- */

/* "frameworkVersion" up to case, '_' and '-'. */
static bool looks_like_fw(const char *k)
{
    static const char want[] = "frameworkversion";
    size_t n = 0;
    for (; *k; k++) {
        if (*k == '_' || *k == '-')
            continue;
        char ch = *k >= 'A' && *k <= 'Z' ? (char)(*k - 'A' + 'a') : *k;
        if (n >= sizeof want - 1 || ch != want[n])
            return false;
        n++;
    }
    return n == sizeof want - 1;
}

/* What configValidationMode: error adds to an ignored key. */
static const char *strict_note(const sw_ctx *c)
{
    return c->svc->validation == SW_VALIDATION_ERROR
               ? ", and with configValidationMode: error the unrecognized key stops the deploy"
               : "";
}

typedef struct fwstate {
    const y_node *top;     /* the top-level frameworkVersion value, if any */
    bool moved;            /* a fix already moves one to the top level */
} fwstate;

/* into: NULL for the top level, else "provider" or "function 'x'". */
static void judge_fw(sw_ctx *c, fwstate *st, const y_epair *p, const char *into)
{
    const y_node *key = y_deref(p->key);
    if (!key || key->kind != Y_SCALAR || !looks_like_fw(key->str))
        return;
    const char *where = !into ? NULL
                        : strcmp(into, "provider") == 0 ? "under provider"
                                                        : sw_printf(c->a, "in %s", into);
    const y_node *val = y_deref(p->val);
    bool exact = strcmp(key->str, "frameworkVersion") == 0;
    sw_severity sev = sw_schema_sev(c);
    sw_diag *d;
    if (!where) {
        /* the top level, spelled differently */
        if (exact)
            return;
        d = sw_report(c, key, sev,
                      "'%s' is not 'frameworkVersion' (keys are case-sensitive): Serverless "
                      "never reads it, so %s%s; %s",
                      key->str,
                      st->top ? "it has no effect" : "this file pins no Serverless version",
                      strict_note(c),
                      st->top ? "remove it: 'frameworkVersion' is also set"
                              : "rename it to 'frameworkVersion'");
        if (p->via) {
            sw_add_related(c, d, p->via, "merged into the top level here");
            return;
        }
        if (st->top || st->moved)
            return;
        st->moved = true;
        sw_fix *f = sw_fix_new(c, d, true, "rename '%s' to 'frameworkVersion'", key->str);
        if (!sw_fix_scalar(c, f, key, "frameworkVersion"))
            d->fix = NULL;
        return;
    }
    const char *top = y_known_str(st->top);
    const char *mine = y_known_str(val);
    bool same = top && mine && strcmp(top, mine) == 0;
    const char *advice =
        !st->top ? "move it to the top level"
        : same   ? "remove it: the top-level frameworkVersion already says the same"
        : top    ? sw_printf(c->a, "remove it: Serverless reads only the top-level "
                                   "frameworkVersion '%s'", top)
                 : "remove it: Serverless reads only the top-level frameworkVersion";
    d = sw_report(c, key, sev,
                  "'%s' %s is never read: Serverless takes the version only from the top "
                  "level%s%s; %s",
                  key->str, where,
                  st->top ? "" : ", so this file pins no Serverless version", strict_note(c),
                  advice);
    if (p->via) {
        sw_add_related(c, d, p->via, "merged into %s here", into);
        return;
    }
    const y_node *owner = p->key->parent;
    if (!owner || owner->len < 2)
        return; /* deleting the only key would empty its mapping */
    if (st->top) {
        sw_fix *f = sw_fix_new(c, d, same, "remove this 'frameworkVersion'");
        if (!sw_fix_delete_pair(c, f, p->key, p->val))
            d->fix = NULL;
        return;
    }
    if (st->moved || !copyable(c, val))
        return;
    static const char *const after[] = {"service", NULL};
    sw_fix *f = sw_fix_new(c, d, true, "move 'frameworkVersion' to the top level");
    if (!sw_fix_delete_pair(c, f, p->key, p->val) ||
        !fix_add_top(c, f, after, "frameworkVersion", raw_text(c, val))) {
        d->fix = NULL;
        return;
    }
    st->moved = true;
}

static void judge_fw_map(sw_ctx *c, fwstate *st, const y_node *m, const char *into)
{
    m = y_deref(m);
    if (!m || m->kind != Y_MAP)
        return;
    y_epair *ps;
    uint32_t n = y_pairs(c->a, m, &ps);
    for (uint32_t i = 0; i < n; i++)
        judge_fw(c, st, &ps[i], into);
}

static void check_ws008(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root)
        return;
    fwstate st = {.top = svc->fwversion, .moved = false};
    judge_fw_map(c, &st, svc->root, NULL);
    judge_fw_map(c, &st, svc->provider, "provider");
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *fn = &svc->fns[i];
        /* name the function only when it has such a key (merged ones too) */
        if (fn->node && sw_fn_any_key(fn, looks_like_fw))
            judge_fw_map(c, &st, fn->node, sw_printf(c->a, "function '%s'", fn->name));
    }
}

const sw_rule sw_ws008 = {
    .code = "WS008",
    .name = "framework-version-placement",
    .summary = "frameworkVersion outside the top level, which Serverless ignores",
    .severity = SW_SEV_WARNING,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws008,
};

/* ---- WS082 config-validation-mode --------------------------------------- */

/* Rules whose findings are (at least sometimes) warnings of Serverless's
   schema validation, which `configValidationMode: error` turns into a
   refused deploy. */
static const char *const schema_rules[] = {
    "WS001", "WS002", "WS003", "WS004", "WS005", "WS006", "WS007", "WS008",
    "WS031", "WS036", "WS039", "WS041", "WS042", "WS045", "WS050", "WS051", "WS073",
    NULL,
};

/* True when some schema-level rule reports anything on this file, whether
   or not the user turned it off: Serverless validates all the same. Rules
   run in registry (code) order, so an enabled schema rule has already left
   its findings in c->out; only the ones turned off are run here. */
static bool schema_findings(sw_ctx *c)
{
    int self = sw_rule_index(c->rule);
    for (int i = 0; schema_rules[i]; i++) {
        const sw_rule *r = sw_rule_find(schema_rules[i]);
        if (!r || r == c->rule)
            continue;
        if (sw_rule_enabled(c, r) && sw_rule_index(r) < self) {
            for (uint32_t k = 0; k < c->out->n; k++)
                if (c->out->v[k].rule == r)
                    return true;
            continue;
        }
        sw_diags scratch = {0};
        sw_ctx sub = *c;
        sub.rule = r;
        sub.out = &scratch;
        r->check(&sub);
        uint32_t n = scratch.n;
        sw_diags_release(&scratch);
        if (n)
            return true;
    }
    return false;
}

/* Any plugin listed (plugins: [..] or plugins: {modules: [..]}), or a list
   slsws cannot read. */
static bool lists_plugins(const sw_service *svc)
{
    const y_node *top = y_deref(y_get(svc->root, "plugins"));
    /* an intrinsic is no mapping of modules: a list slsws cannot read */
    const y_node *p = y_is_intrinsic(top) ? top : y_deref(sw_plugin_list(svc));
    if (!p)
        return false;
    if (p->kind == Y_SEQ)
        return p->len > 0;
    return !(p->kind == Y_SCALAR && !y_tag(p) && y_scalar_type(p) == Y_T_NULL);
}

static void check_ws082(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root || c->doc->truncated || svc->nws == 0 || !sw_svc_fw_at_least(svc, 1, 78))
        return;
    const y_node *key;
    const y_node *raw = y_get_pair(svc->root, "configValidationMode", &key);
    const y_node *v = y_deref(raw);
    const char *mode = NULL;
    if (v) {
        if (v->kind != Y_SCALAR || y_is_unknown(v))
            return;
        if (y_scalar_type(v) != Y_T_NULL && v->len) {
            mode = v->str;
            if (strcmp(mode, "error") == 0)
                return;
        }
    }
    const char *what;
    if (!mode)
        what = "configValidationMode is not set, so Serverless uses 'warn': it";
    else if (strcmp(mode, "off") == 0)
        what = "configValidationMode 'off' turns configuration validation off: Serverless";
    else if (strcmp(mode, "warn") == 0)
        what = "configValidationMode 'warn' makes Serverless only warn about invalid "
               "settings: it";
    else
        what = sw_printf(c->a, "configValidationMode '%s' is not one of error, warn or off, "
                               "so Serverless treats it as 'warn': it", mode);
    bool plugins = lists_plugins(svc);
    bool safe = !plugins && !schema_findings(c);
    const char *caveat =
        plugins ? " (check first that 'serverless package' passes: a plugin that adds "
                  "settings without extending the schema then stops the deploy)"
        : !safe ? " once the invalid settings slsws reports are fixed (they would then stop "
                  "the deploy)"
                : "";
    bool merged = v && key && key->parent != svc->root;
    const y_node *skey = NULL;
    const y_node *at = v ? v
                       : y_get_pair(svc->root, "service", &skey) && skey ? skey
                       : svc->root->len ? svc->root->u.map.pairs[0].key
                                            : svc->root;
    sw_diag *d = sw_report(c, at, 0,
                           "%s deploys a websocket service even when events are malformed "
                           "(an unsupported or invalid websocket event is dropped, unknown "
                           "keys are ignored); set 'configValidationMode: error'%s",
                           what, caveat);
    if (merged) {
        sw_note_merge(c, d, svc->root, key, "the top level");
        return;
    }
    sw_fix *f = sw_fix_new(c, d, safe, "set configValidationMode: error");
    static const char *const after[] = {"frameworkVersion", "service", NULL};
    bool ok;
    if (!v)
        ok = fix_add_top(c, f, after, "configValidationMode", "error");
    else if (raw->kind == Y_SCALAR && v->end > v->start)
        ok = sw_fix_scalar(c, f, v, "error");
    else if (raw->kind == Y_SCALAR && key && v->start >= key->end) {
        /* "configValidationMode:" with nothing after it */
        uint32_t i = key->end;
        const char *t = c->src->text;
        while (i < c->src->len && t[i] == ' ')
            i++;
        ok = i < c->src->len && t[i] == ':';
        if (ok)
            sw_fix_edit(c, f, i + 1, i + 1, " error");
    } else {
        ok = false;
    }
    if (!ok)
        d->fix = NULL;
}

const sw_rule sw_ws082 = {
    .code = "WS082",
    .name = "config-validation-mode",
    .summary = "websocket service where Serverless only warns about invalid configuration",
    .severity = SW_SEV_INFO,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws082,
};
