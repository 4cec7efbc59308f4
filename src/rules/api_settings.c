/*
 * The WebSocket API's service-wide settings. Three rules are about an
 * external API (RULES.md F9, C3): WS042 finds its ID misplaced or misspelled
 * (`provider.websocketApiId`, `apiGateway.websocketsApiId`), which SF ignores
 * before creating an API of its own; WS043 finds settings SF ignores because
 * `provider.apiGateway.websocketApiId` is set (the API name and selection
 * expression, stage logs, tag propagation); WS046 finds the predefined routes
 * that API Gateway refuses twice on one API. WS044 finds `provider.tags` that
 * never reach the API because `provider.websocket.useProviderTags` is unset
 * (F7, v3.17+). WS045 finds keys newer than every Framework release the
 * top-level `frameworkVersion` admits (F16, C4).
 */
#include "common.h"

#include <string.h>

#define ID_KEY "websocketApiId"

/* ---- shared helpers ---------------------------------------------------- */

/* The effective pair `name` of a mapping, with the merge it came through. */
static bool find_pair(sw_ctx *c, const y_node *map, const char *name, y_epair *out)
{
    y_epair *ps;
    uint32_t n = y_pairs(c->a, map, &ps);
    for (uint32_t i = 0; i < n; i++)
        if (y_key_is(ps[i].key, name)) {
            *out = ps[i];
            return true;
        }
    return false;
}

/* provider as written at the top level, not through an alias */
static bool provider_editable(const sw_service *svc)
{
    const y_node *raw = y_get(svc->root, "provider");
    return raw && raw->kind != Y_ALIAS && svc->provider->style == Y_BLOCK;
}

/* ---- WS042 external-api-id-misplaced ----------------------------------- */

static const char *const id_keys[] = {ID_KEY, "websocketsApiId", NULL};

/* Lower case without '_' and '-', "websockets" read as "websocket" and an
   "api" right after it dropped (as WS041 folds keys). */
static void canon(const char *k, char *out, size_t cap)
{
    size_t n = 0;
    for (; *k && n + 1 < cap; k++)
        if (*k != '_' && *k != '-')
            out[n++] = *k >= 'A' && *k <= 'Z' ? (char)(*k - 'A' + 'a') : *k;
    out[n] = 0;
    char *p = strstr(out, "websocket");
    if (!p)
        return;
    p += 9;
    if (*p == 's')
        memmove(p, p + 1, strlen(p));
    if (strncmp(p, "api", 3) == 0)
        memmove(p, p + 3, strlen(p + 3) + 1);
}

/* How many of the letters of word k lacks (case-folded: letters are told
   apart by their low five bits; a character taken for a letter only makes
   fewer seem lacking). An edit adds at most one letter, so a key that lacks
   three letters of a word is more than two edits from it. */
static int lacking_letters(const char *k, const char *word)
{
    uint32_t have = 0;
    for (; *k; k++)
        have |= 1u << ((unsigned char)*k & 31);
    int n = 0;
    for (; *word; word++)
        n += !(have & 1u << ((unsigned char)*word & 31));
    return n;
}

/* A key that stands for the external API ID (the keys WS041 leaves here). */
static bool id_like(const char *k)
{
    /* (sw_nearest answers only for keys within two characters of the 14
       and 15 of id_keys, and two edits of the letters of "websocket"; both
       folded spellings below hold a 'w') */
    size_t len = strlen(k);
    if (len >= 12 && len <= 17 && lacking_letters(k, "websockt" /* its letters */) <= 2 &&
        sw_nearest(k, id_keys, 2))
        return true;
    if (!strpbrk(k, "wW"))
        return false;
    char f[96];
    canon(k, f, sizeof f);
    size_t n = strlen(f);
    return (n >= 11 && strcmp(f + n - 11, "websocketid") == 0) || strcmp(f, "wsapiid") == 0;
}

typedef enum { IN_PROVIDER, IN_APIGW, IN_TOP, IN_FUNCTION, IN_WSPROV } place;

/* Moves `key: val` from provider into provider.apiGateway: both on one
   line, block style; apiGateway is created or gets the first line. */
static bool fix_move(sw_ctx *c, sw_fix *f, const y_node *key, const y_node *val)
{
    const sw_source *s = c->src;
    const y_node *prov = c->svc->provider;
    int col = sw_key_column(s, key->start);
    if (!val || val->end <= val->start || col <= 0 ||
        sw_source_line_of(s, val->end - 1) != sw_source_line_of(s, key->start))
        return false;
    const char *vtext = sw_printf(c->a, "%.*s", (int)(val->end - val->start), s->text + val->start);
    const y_node *agk;
    const y_node *ag = y_get_pair(prov, "apiGateway", &agk);
    if (!agk) {
        sw_fix_edit(c, f, key->start, key->end,
                    sw_printf(c->a, "apiGateway:%s%*s" ID_KEY,
                              sw_line_break(c->src, key->start), 2 * col, ""));
        return true;
    }
    const y_node *m = y_deref(ag);
    if (agk->parent != prov || ag->kind == Y_ALIAS || !m || m->kind != Y_MAP ||
        m->style != Y_BLOCK || !m->len)
        return false;
    /* edits go in text order; a fix that fails half-way is dropped */
    const char *entry = sw_printf(c->a, ID_KEY ": %s", vtext);
    if (m->u.map.pairs[0].key->start > key->start)
        return sw_fix_delete_pair(c, f, key, val) && sw_fix_prepend_entry(c, f, m, entry);
    return sw_fix_prepend_entry(c, f, m, entry) && sw_fix_delete_pair(c, f, key, val);
}

static void judge_id_key(sw_ctx *c, place where, const char *fname, const y_epair *p,
                         bool editable)
{
    const sw_service *svc = c->svc;
    const y_node *key = y_deref(p->key);
    if (!key || key->kind != Y_SCALAR || !key->len)
        return;
    const char *k = key->str;
    bool exact = strcmp(k, ID_KEY) == 0;
    if (where == IN_APIGW ? exact || !id_like(k)
        : where == IN_WSPROV ? !id_like(k) && strcmp(k, "apiId") != 0 && strcmp(k, "id") != 0
                             : !id_like(k))
        return;
    const char *subject =
        where == IN_PROVIDER ? (exact ? "'" ID_KEY "' directly under provider"
                                      : sw_printf(c->a, "unknown provider key '%s'", k))
        : where == IN_APIGW  ? sw_printf(c->a, "unknown key '%s' under provider.apiGateway", k)
        : where == IN_TOP    ? (exact ? "'" ID_KEY "' at the top level"
                                      : sw_printf(c->a, "unknown top-level key '%s'", k))
        : where == IN_WSPROV ? sw_printf(c->a, "unknown key '%s' under provider.websocket", k)
        : exact ? sw_printf(c->a, "'" ID_KEY "' in function '%s'", fname)
                : sw_printf(c->a, "unknown key '%s' in function '%s'", k, fname);
    const char *effect = svc->validation == SW_VALIDATION_ERROR
        ? "SF stops with a configuration error (configValidationMode: error)"
        : sw_may_have_ws(svc) ? "SF ignores it and creates a WebSocket API of its own"
                      : "SF ignores it";
    bool have = sw_truthy(y_get(y_get(svc->provider, "apiGateway"), ID_KEY)) != SW_JS_FALSY;
    const char *advice = have ? "remove it: provider.apiGateway." ID_KEY " is already set"
        : where == IN_APIGW ? "did you mean '" ID_KEY "'?"
        : exact ? "move it under provider.apiGateway"
                : "did you mean '" ID_KEY "' under provider.apiGateway?";
    sw_diag *d = sw_report(c, key, sw_schema_sev(c), "%s: %s; %s", subject, effect, advice);
    if (p->via)
        sw_add_related(c, d, p->via, "merged in here");
    if (p->via || !editable || (!have && where != IN_APIGW && where != IN_PROVIDER))
        return;
    static const char *const caveat =
        " (SF then stops creating its own API; CloudFormation deletes one an earlier deploy made)";
    sw_fix *f;
    bool ok;
    if (have) {
        f = sw_fix_new(c, d, false, "remove '%s'", k);
        ok = sw_fix_delete_pair(c, f, p->key, p->val);
    } else if (where == IN_APIGW) {
        f = sw_fix_new(c, d, false, "rename '%s' to '" ID_KEY "'%s", k, caveat);
        ok = sw_fix_scalar(c, f, key, ID_KEY);
    } else {
        f = sw_fix_new(c, d, false, "move it to provider.apiGateway." ID_KEY "%s", caveat);
        ok = fix_move(c, f, p->key, p->val);
    }
    if (!ok)
        d->fix = NULL;
}

static void judge_id_map(sw_ctx *c, const y_node *raw, place where, const char *fname,
                         bool editable)
{
    const y_node *m = y_deref(raw);
    if (!m || m->kind != Y_MAP || y_is_intrinsic(m))
        return;
    editable = editable && raw->kind != Y_ALIAS;
    y_epair *ps;
    uint32_t n = y_pairs(c->a, m, &ps);
    for (uint32_t i = 0; i < n; i++)
        judge_id_key(c, where, fname, &ps[i], editable);
}

static void check_ws042(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root)
        return;
    /* a file with neither `service` nor `provider` is a fragment that a
       service includes with ${file()}: its top level is not SF's */
    if (svc->provider || y_get(svc->root, "service"))
        judge_id_map(c, svc->root, IN_TOP, NULL, false);
    if (svc->provider) {
        bool ed = provider_editable(svc);
        judge_id_map(c, y_get(svc->root, "provider"), IN_PROVIDER, NULL, ed);
        judge_id_map(c, y_get(svc->provider, "apiGateway"), IN_APIGW, NULL, ed);
        judge_id_map(c, y_get(svc->provider, "websocket"), IN_WSPROV, NULL, ed);
    }
    for (uint32_t i = 0; i < svc->nfns; i++)
        if (svc->fns[i].node && sw_fn_any_key(&svc->fns[i], id_like))
            judge_id_map(c, svc->fns[i].node, IN_FUNCTION, svc->fns[i].name, false);
}

const sw_rule sw_ws042 = {
    .code = "WS042",
    .name = "external-api-id-misplaced",
    .summary = "external websocket API ID misplaced or misspelled, so SF ignores it",
    .severity = SW_SEV_WARNING,
    .flags = 0,
    .check = check_ws042,
};

/* ---- WS043 external-api-ignored-setting -------------------------------- */

static void ignored(sw_ctx *c, const sw_ext_api *ext, const y_epair *at, const char *name,
                    const char *why, const y_node *dkey, const y_node *dval, bool editable)
{
    sw_diag *d;
    if (ext->state == SW_JS_TRUTHY)
        d = sw_report(c, at->key, 0,
                      "'%s' has no effect because provider.apiGateway." ID_KEY " is set: %s; "
                      "remove it, or configure it in the stack that owns the API",
                      name, why);
    else
        d = sw_report(c, at->key, 0,
                      "'%s' has no effect whenever provider.apiGateway." ID_KEY " resolves to an "
                      "ID (it holds a variable here): %s; remove it if every stage uses an "
                      "external API",
                      name, why);
    if (at->via)
        sw_add_related(c, d, at->via, "merged in here");
    sw_add_related(c, d, ext->val, "the external API ID");
    if (!editable || at->via)
        return;
    sw_fix *f = sw_fix_new(c, d, ext->state == SW_JS_TRUTHY, "remove '%s'", name);
    if (!sw_fix_delete_pair(c, f, dkey, dval))
        d->fix = NULL;
}

/* provider.<outer>.<inner> when truthy: reported on inner; the fix deletes
   outer when inner is all it holds. */
static void ignored_nested(sw_ctx *c, const sw_ext_api *ext, bool editable, const char *outer,
                           const char *inner, const char *name, const char *why)
{
    y_epair o, in;
    if (!find_pair(c, c->svc->provider, outer, &o))
        return;
    const y_node *m = y_deref(o.val);
    if (!m || m->kind != Y_MAP || y_is_intrinsic(m) || !find_pair(c, m, inner, &in) ||
        sw_truthy(in.val) != SW_JS_TRUTHY)
        return;
    editable = editable && !o.via && o.val->kind != Y_ALIAS;
    bool alone = m->len == 1 && !m->has_merge && !in.via;
    ignored(c, ext, &in, name, why, alone ? o.key : in.key, alone ? o.val : in.val, editable);
}

static void check_ws043(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->provider || !sw_may_have_ws(svc))
        return;
    sw_ext_api ext = sw_external_api(svc);
    if (ext.state == SW_JS_FALSY || !ext.val)
        return;
    bool editable = provider_editable(svc);
    y_epair *ps;
    uint32_t n = y_pairs(c->a, svc->provider, &ps);
    for (uint32_t i = 0; i < n; i++) {
        bool name = y_key_is(ps[i].key, "websocketsApiName");
        if ((!name && !y_key_is(ps[i].key, "websocketsApiRouteSelectionExpression")) ||
            sw_truthy(ps[i].val) == SW_JS_FALSY)
            continue;
        const char *k = y_deref(ps[i].key)->str;
        ignored(c, &ext, &ps[i], k,
                name ? "SF creates no WebSocket API, so it names none"
                     : "SF creates no WebSocket API, so the existing API's own route "
                       "selection expression applies",
                ps[i].key, ps[i].val, editable);
    }
    ignored_nested(c, &ext, editable, "logs", "websocket", "logs.websocket",
                   "SF creates no stage, so it sets up no stage logging");
    ignored_nested(c, &ext, editable, "websocket", "useProviderTags",
                   "websocket.useProviderTags", "SF creates no API to tag");
}

const sw_rule sw_ws043 = {
    .code = "WS043",
    .name = "external-api-ignored-setting",
    .summary = "websocket API setting that SF ignores because websocketApiId is set",
    .severity = SW_SEV_INFO,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws043,
};

/* ---- WS044 provider-tags-not-on-api ------------------------------------ */

static bool fix_use_tags(sw_ctx *c, sw_fix *f, const y_epair *tags)
{
    const sw_source *s = c->src;
    const sw_service *svc = c->svc;
    if (!provider_editable(svc))
        return false;
    y_epair w;
    if (!find_pair(c, svc->provider, "websocket", &w)) {
        int col = sw_key_column(s, tags->key->start);
        if (tags->via || col <= 0)
            return false;
        uint32_t at = tags->key->start - (uint32_t)col;
        sw_fix_edit(c, f, at, at,
                    sw_printf(c->a, "%*swebsocket:%s%*suseProviderTags: true%s", col, "",
                              sw_line_break(s, at), 2 * col, "", sw_line_break(s, at)));
        return true;
    }
    const y_node *m = y_deref(w.val);
    if (w.via || w.val->kind == Y_ALIAS || !m || m->kind != Y_MAP || y_is_intrinsic(m))
        return false;
    return sw_fix_prepend_entry(c, f, m, "useProviderTags: true");
}

static void check_ws044(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->provider || !sw_may_have_ws(svc) || !sw_svc_fw_at_least(svc, 3, 17) ||
        sw_external_api(svc).state != SW_JS_FALSY)
        return;
    y_epair tags;
    if (!find_pair(c, svc->provider, "tags", &tags))
        return;
    const y_node *t = y_deref(tags.val);
    if (!t || t->kind != Y_MAP || y_is_intrinsic(t)) /* unknown, null or not tags */
        return;
    y_epair *tp;
    if (!y_pairs(c->a, t, &tp))
        return;
    const y_node *upt = y_get(y_get(svc->provider, "websocket"), "useProviderTags");
    sw_truth u = sw_truthy(upt);
    if (u != SW_JS_FALSY)
        return;
    sw_diag *d;
    sw_fix *f;
    bool ok;
    static const char *const what =
        "provider.tags are not applied to the WebSocket API: SF tags it only when "
        "provider.websocket.useProviderTags is true, and logs the deprecation "
        "AWS_WEBSOCKET_API_USE_PROVIDER_TAGS";
    if (upt) {
        d = sw_report(c, tags.key, 0, "%s; set useProviderTags to true (only the API is "
                      "tagged, not its stage)", what);
        f = sw_fix_new(c, d, false, "set useProviderTags to true");
        ok = sw_fix_scalar(c, f, y_deref(upt), "true");
    } else {
        d = sw_report(c, tags.key, 0, "%s; add %s (only the API is tagged, not its stage)",
                      what, y_get(svc->provider, "websocket")
                                ? "'useProviderTags: true' under provider.websocket"
                                : "'websocket: {useProviderTags: true}' under provider");
        f = sw_fix_new(c, d, true, "add provider.websocket.useProviderTags: true");
        ok = fix_use_tags(c, f, &tags);
    }
    if (tags.via)
        sw_add_related(c, d, tags.via, "merged into provider here");
    if (!ok)
        d->fix = NULL;
}

const sw_rule sw_ws044 = {
    .code = "WS044",
    .name = "provider-tags-not-on-api",
    .summary = "provider.tags without provider.websocket.useProviderTags: the API is untagged",
    .severity = SW_SEV_INFO,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws044,
};

/* ---- WS045 key-newer-than-framework ------------------------------------ */

/* Reports `at` when every admitted release predates maj.min; a finding on
   text reached through a merge or alias names `via`. */
static void too_new(sw_ctx *c, const y_node *at, const y_node *via, const char *what,
                    int maj, int min, const char *effect, const char *instead)
{
    const sw_service *svc = c->svc;
    if (!at || !sw_svc_fw_below(svc, maj, min))
        return;
    if (!effect)
        effect = sw_fw_max_at_least(&svc->fw, 1, 78)
                     ? "SF warns \"unrecognized property\" and ignores it"
                     : "SF silently ignores it";
    sw_diag *d = sw_report(c, y_deref(at), 0,
                           "%s needs Serverless %d.%d or later, but frameworkVersion '%s' "
                           "admits no such release: %s; raise frameworkVersion, or %s",
                           what, maj, min, sw_fw_text(svc), effect, instead);
    if (via)
        sw_add_related(c, d, via, "%s", via->kind == Y_SCALAR && y_key_is(via, "websocket")
                                            ? "reached from this websocket event"
                                            : "merged in here");
}

/* Keys of mapping m checked against one version each. */
static void too_new_in(sw_ctx *c, const y_node *m, const char *const *keys, int maj, int min,
                       const char *where)
{
    m = y_deref(m);
    if (!m || m->kind != Y_MAP || y_is_intrinsic(m))
        return;
    y_epair *ps;
    uint32_t n = y_pairs(c->a, m, &ps);
    for (uint32_t i = 0; i < n; i++)
        for (int k = 0; keys[k]; k++)
            if (y_key_is(ps[i].key, keys[k]))
                too_new(c, ps[i].key, ps[i].via,
                        sw_printf(c->a, "'%s' under %s", keys[k], where), maj, min, NULL,
                        "remove it");
}

/* The event's key when n is written outside the event (an anchor reached
   through an alias or a merge), for related information; else NULL. */
static const y_node *outside(const sw_wsevent *e, const y_node *n)
{
    return n && sw_ws_outside(e, n->start) ? e->key : NULL;
}

static void check_ws045(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->fw_known || !svc->provider)
        return;
    static const char *const ws[] = {"websocket", NULL}, *const id[] = {ID_KEY, NULL},
                             *const lv[] = {"level", NULL},
                             *const toggles[] = {"format", "accessLogging", "executionLogging",
                                                 "fullExecutionData", NULL};
    y_epair p;
    if (find_pair(c, svc->provider, "iam", &p))
        too_new(c, p.key, p.via, "'provider.iam'", 2, 24,
                sw_fw_max_at_least(&svc->fw, 1, 78)
                    ? "SF warns \"unrecognized property\" and ignores it, so none of its "
                      "role settings apply"
                    : "SF silently ignores it, so none of its role settings apply",
                "use provider.iamRoleStatements");
    too_new_in(c, svc->provider, ws, 3, 17, "provider");
    too_new_in(c, y_get(svc->provider, "apiGateway"), id, 1, 46, "provider.apiGateway");
    const y_node *logs = y_get(svc->provider, "logs");
    too_new_in(c, logs, ws, 1, 45, "provider.logs");
    if (!sw_svc_fw_below(svc, 1, 45)) {
        too_new_in(c, y_get(logs, "websocket"), lv, 1, 59, "logs.websocket");
        too_new_in(c, y_get(logs, "websocket"), toggles, 3, 14, "logs.websocket");
    }
    for (uint32_t i = 0; i < svc->nws; i++) {
        const sw_wsevent *e = svc->ws[i];
        if (sw_svc_fw_below(svc, 1, 38)) {
            too_new(c, e->key, NULL, "the websocket event", 1, 38,
                    "SF has no websocket event before 1.38 and deploys nothing for it",
                    "remove the event");
            continue;
        }
        const char *route = e->route_str ? e->route_str : "?";
        /* (the subjects are written only for keys that are reported) */
        if (e->authorizer_key && sw_svc_fw_below(svc, 1, 39))
            too_new(c, e->authorizer_key, outside(e, e->authorizer_key),
                    sw_printf(c->a, "'authorizer' on route '%s'", route), 1, 39,
                    "SF silently ignores it, leaving the route unauthorized", "remove it");
        if (e->rrse_key && sw_svc_fw_below(svc, 1, 67))
            too_new(c, e->rrse_key, outside(e, e->rrse_key),
                    sw_printf(c->a, "'routeResponseSelectionExpression' on route '%s'", route),
                    1, 67, NULL, "remove it");
        const y_node *ak = NULL;
        const y_node *arn = y_get_pair(y_deref(e->authorizer), "arn", &ak);
        if (arn && y_is_intrinsic(y_deref(arn)) && y_is_map(e->authorizer) &&
            !sw_svc_fw_below(svc, 1, 39))
            too_new(c, ak, outside(e, ak), "an intrinsic 'authorizer.arn'", 2, 7,
                    "SF accepts only a string ARN there", "give the ARN as a string");
    }
}

const sw_rule sw_ws045 = {
    .code = "WS045",
    .name = "key-newer-than-framework",
    .summary = "setting newer than every release frameworkVersion admits",
    .severity = SW_SEV_WARNING,
    .flags = 0,
    .check = check_ws045,
};

/* ---- WS046 external-api-predefined-route ------------------------------- */

static void check_ws046(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->provider)
        return;
    sw_ext_api ext = sw_external_api(svc);
    if (ext.state == SW_JS_FALSY || !ext.val)
        return;
    static const char *const predefined[] = {"$connect", "$disconnect", "$default"};
    bool seen[3] = {false, false, false};
    for (uint32_t i = 0; i < svc->nws; i++) {
        const sw_wsevent *e = svc->ws[i];
        if (!e->route_str)
            continue;
        int r = -1;
        for (int k = 0; k < 3; k++)
            if (strcmp(e->route_str, predefined[k]) == 0)
                r = k;
        if (r < 0 || seen[r])
            continue;
        seen[r] = true;
        const y_node *at = y_deref(e->route);
        sw_diag *d = sw_report(
            c, at, 0,
            "route '%s' on an external API (provider.apiGateway." ID_KEY "%s): API Gateway "
            "allows one '%s' route per API, so the deploy fails with \"Route with key %s "
            "already exists for this API\" if the stack that owns the API, or another "
            "service, defines it too; define each predefined route in one stack only",
            e->route_str, ext.state == SW_JS_TRUTHY ? "" : ", when it resolves to an ID",
            e->route_str, e->route_str);
        if (sw_ws_outside(e, at->start))
            sw_add_related(c, d, e->key, "reached from this websocket event");
        sw_add_related(c, d, ext.val, "the external API ID");
    }
}

const sw_rule sw_ws046 = {
    .code = "WS046",
    .name = "external-api-predefined-route",
    .summary = "$connect, $disconnect or $default routes on an external websocket API",
    .severity = SW_SEV_INFO,
    .flags = 0,
    .check = check_ws046,
};
