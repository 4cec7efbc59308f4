/*
 * Provider-level websocket settings: the deprecated plugin and the keys users
 * copy from its era or mistype. WS040 flags `serverless-websockets-plugin`,
 * which Serverless replaced with core websocket events in 1.38: kept, it
 * deploys a second API beside the core one, and missing from node_modules it
 * stops SF with "plugin not found" (RULES.md F17). WS041 flags the plugin's
 * singular keys (`websocketApiName`), the core keys placed at the top level or
 * in a function, and near misses of the three core keys (`websocketsApiName`,
 * `websocketsApiRouteSelectionExpression`, `websocketsDescription`): SF warns
 * "unrecognized property" and deploys with the default name or expression.
 * `custom` is free-form and never judged; `websocketApiId` look-alikes belong
 * to WS042.
 */
#include "common.h"

#include <string.h>

#define PLUGIN "serverless-websockets-plugin"

/* ---- WS040 websockets-plugin ------------------------------------------ */

/* The key node whose value is node v in mapping m (explicit pairs only). */
static const y_node *key_of(const y_node *m, const y_node *v)
{
    if (!m || m->kind != Y_MAP)
        return NULL;
    for (uint32_t i = 0; i < m->len; i++)
        if (m->u.map.pairs[i].val == v)
            return m->u.map.pairs[i].key;
    return NULL;
}

static void check_plugin_list(sw_ctx *c, const y_node *raw)
{
    const y_node *seq = y_deref(raw);
    if (!seq || seq->kind != Y_SEQ)
        return;
    for (uint32_t i = 0; i < seq->len; i++) {
        const y_node *it = seq->u.seq.items[i];
        if (!y_str_is(it, PLUGIN))
            continue;
        sw_diag *d = sw_report(
            c, y_deref(it), 0,
            "'" PLUGIN "' is deprecated since Serverless 1.38 and manages a second API "
            "beside the core one; without it installed SF aborts with \"plugin not "
            "found\"; remove it and rename plugin-era keys (routeKey -> route, "
            "websocketApiName -> websocketsApiName): the core API gets a new URL, and "
            "the plugin's old API must be deleted by hand");
        if (raw->kind == Y_ALIAS || it->kind == Y_ALIAS)
            continue;
        sw_fix *f = sw_fix_new(c, d, false, "remove '" PLUGIN "' from plugins");
        /* The only plugin: drop the key, and `plugins:` too when `modules`
           is all it holds. */
        const y_node *val = seq, *m = seq->parent;
        const y_node *key = seq->len == 1 ? key_of(m, seq) : NULL;
        if (key && m->len == 1 && m->parent && key_of(m->parent, m)) {
            key = key_of(m->parent, m);
            val = m;
        }
        bool ok = key ? sw_fix_delete_pair(c, f, key, val) : sw_fix_delete_item(c, f, seq, it);
        if (!ok)
            d->fix = NULL;
    }
}

static void check_ws040(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root || !sw_svc_fw_at_least(svc, 1, 38))
        return;
    const y_node *raw = sw_plugin_list(svc);
    if (raw)
        check_plugin_list(c, raw);
}

const sw_rule sw_ws040 = {
    .code = "WS040",
    .name = "websockets-plugin",
    .summary = "the deprecated serverless-websockets-plugin is listed in plugins",
    .severity = SW_SEV_WARNING,
    .flags = SW_RULE_DEPRECATION,
    .check = check_ws040,
};

/* ---- WS041 plugin-era-key --------------------------------------------- */

static const char *const core_keys[] = {
    "websocketsApiName", "websocketsApiRouteSelectionExpression", "websocketsDescription",
    NULL,
};
/* what SF uses instead when the key is ignored (RULES.md F7) */
static const char *const core_default[] = {
    "the default API name '<stage>-<service>-websockets'",
    "the default route selection expression '$request.body.action'",
    "the default description 'Serverless Websockets'",
};
static const char *const plugin_keys[] = {
    "websocketApiName", "websocketApiRouteSelectionExpression", NULL,
};
static const char *const api_id_keys[] = {"websocketApiId", "websocketsApiId", NULL};

typedef enum { AT_PROVIDER, AT_TOP, AT_FUNCTION } scope;

static int index_of(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

static char lower_ascii(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* A key folded for comparison: lower case without '_' and '-', "websockets"
   read as "websocket", and an "api" right after it dropped, so that
   `websocketApiDescription` and `websockets_api_name` meet their core key. */
static void canon(const char *k, char *out, size_t cap)
{
    size_t n = 0;
    for (; *k && n + 1 < cap; k++)
        if (*k != '_' && *k != '-')
            out[n++] = lower_ascii(*k);
    out[n] = 0;
    if (strncmp(out, "websocket", 9) != 0)
        return;
    char *p = out + 9;
    if (*p == 's')
        memmove(p, p + 1, strlen(p));
    if (strncmp(p, "api", 3) == 0)
        memmove(p, p + 3, strlen(p + 3) + 1);
}

/* canon() of each core key */
static const char *const folded_core[] = {
    "websocketname", "websocketrouteselectionexpression", "websocketdescription",
};

/* A lower bound of the edit distance of a and b (case-insensitive): an edit
   changes the multiset of characters by at most one, so the distance is at
   least the longer length minus the characters both share. Characters are
   counted by their low five bits, which folds case; the other characters
   that share a count only lower the bound, so it stays one. (Callers pass
   strings within two characters of a core key's length, so under 40: the
   counts fit a byte.) */
static size_t distance_bound(const char *a, const char *b)
{
    unsigned char h[32] = {0};
    size_t na = 0, nb = 0, common = 0;
    for (; *a; a++, na++)
        h[(unsigned char)*a & 31]++;
    for (; *b; b++, nb++)
        if (h[(unsigned char)*b & 31] > 0) {
            h[(unsigned char)*b & 31]--;
            common++;
        }
    return (na > nb ? na : nb) - common;
}

static size_t length_gap(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

/* True when k (of length kl) may be within two edits of a core key, raw or
   folded (the length difference bounds the distance too, and costs
   nothing). */
static bool maybe_near(const char *k, size_t kl, const char *folded)
{
    size_t fl = strlen(folded);
    for (int j = 0; core_keys[j]; j++)
        if ((length_gap(kl, strlen(core_keys[j])) <= 2 && distance_bound(k, core_keys[j]) <= 2) ||
            (length_gap(fl, strlen(folded_core[j])) <= 2 &&
             distance_bound(folded, folded_core[j]) <= 2))
            return true;
    return false;
}

/* Every core key, raw or folded, holds the letters of "websocket"; an edit
   adds at most one letter a key lacks, so a key that lacks three of them
   is more than two edits from each. (Letters are told apart by their low
   five bits, which folds case; a character taken for a letter only makes
   fewer seem lacking.) */
static bool far_from_websocket(const char *k)
{
    uint32_t have = 0;
    for (; *k; k++)
        have |= 1u << ((unsigned char)*k & 31);
    int lacking = 0;
    for (const char *l = "websockt"; *l; l++)
        lacking += !(have & 1u << (*l & 31));
    return lacking > 2;
}

/* The core key k stands for (index into core_keys), or -1; *plugin is set
   for the plugin's singular spellings. Exact core keys map to themselves. */
static int resembles(const char *k, bool *plugin)
{
    *plugin = false;
    if (k[0] == 'w') { /* as every exact spelling does */
        int i = index_of(core_keys, k);
        if (i >= 0)
            return i;
        i = index_of(plugin_keys, k);
        if (i >= 0) {
            *plugin = true;
            return i;
        }
    }
    /* canon() only removes characters and the shortest folded core key,
       "websocketname", has 13: anything under 11 is more than 2 edits away */
    size_t kl = strlen(k);
    if (kl < 11 || far_from_websocket(k))
        return -1;
    char lower[80];
    canon(k, lower, sizeof lower);
    if (!maybe_near(k, kl, lower))
        return -1;
    if (strstr(lower, "apiid") || strstr(lower, "websocketid") ||
        sw_nearest(k, api_id_keys, 2))
        return -1; /* an external API ID: WS042 */
    const char *near = sw_nearest(k, core_keys, 2);
    if (near)
        return index_of(core_keys, near);
    int best = -1, bestd = 3;
    size_t ll = strlen(lower);
    for (int j = 0; core_keys[j]; j++) {
        if (length_gap(ll, strlen(folded_core[j])) > 2)
            continue; /* more than two edits apart */
        int d = sw_edit_distance(lower, folded_core[j], false);
        if (d < bestd) {
            bestd = d;
            best = j;
        }
    }
    return best;
}

/* A key judge_key may report (for a quick look at a function's keys). */
static bool judged_key(const char *k)
{
    bool plugin;
    return resembles(k, &plugin) >= 0;
}

/* How many explicit keys of map m stand for core key i. */
static int count_resembling(const y_node *m, int i)
{
    int n = 0;
    for (uint32_t j = 0; j < m->len; j++) {
        const y_node *k = y_deref(m->u.map.pairs[j].key);
        bool pl;
        if (k && k->kind == Y_SCALAR && resembles(k->str, &pl) == i)
            n++;
    }
    return n;
}

static void judge_key(sw_ctx *c, scope where, const char *fname, const y_epair *p)
{
    const sw_service *svc = c->svc;
    const y_node *key = y_deref(p->key);
    if (!key || key->kind != Y_SCALAR || !key->len)
        return;
    const char *k = key->str;
    bool plugin;
    int i = resembles(k, &plugin);
    if (i < 0)
        return;
    bool exact = strcmp(k, core_keys[i]) == 0;
    if (exact && where == AT_PROVIDER)
        return;
    bool listed = sw_has_plugin(svc, PLUGIN);
    if (plugin && listed && !sw_svc_fw_at_least(svc, 1, 38))
        return; /* the plugin era proper: these keys are the plugin's own */
    const char *ck = core_keys[i];

    const char *subject;
    if (where == AT_PROVIDER)
        subject = plugin ? sw_printf(c->a, "plugin-era provider key '%s'", k)
                         : sw_printf(c->a, "unknown provider key '%s'", k);
    else if (where == AT_TOP)
        subject = exact ? sw_printf(c->a, "'%s' at the top level", k)
                  : plugin ? sw_printf(c->a, "plugin-era key '%s' at the top level", k)
                           : sw_printf(c->a, "unknown top-level key '%s'", k);
    else
        subject = exact ? sw_printf(c->a, "'%s' in function '%s'", k, fname)
                  : plugin ? sw_printf(c->a, "plugin-era key '%s' in function '%s'", k, fname)
                           : sw_printf(c->a, "unknown key '%s' in function '%s'", k, fname);

    const y_node *have = svc->provider ? y_get(svc->provider, ck) : NULL;
    const char *advice;
    if (where == AT_PROVIDER)
        advice = sw_printf(c->a, "did you mean '%s'?", ck);
    else if (have)
        advice = sw_printf(c->a, "remove it: provider already sets '%s'", ck);
    else if (exact)
        advice = "move it under provider";
    else
        advice = sw_printf(c->a, "did you mean '%s' under provider?", ck);
    const char *note = plugin && listed ? " (" PLUGIN " reads it: see WS040)" : "";

    sw_diag *d = sw_report(c, key, sw_schema_sev(c), "%s: SF ignores it and uses %s; %s%s",
                           subject, core_default[i], advice, note);
    if (plugin)
        d->tags |= SW_TAG_DEPRECATED;
    if (p->via)
        sw_add_related(c, d, p->via, "merged into %s here",
                       where == AT_PROVIDER ? "provider"
                       : where == AT_TOP    ? "the top level"
                                            : sw_printf(c->a, "function '%s'", fname));
    /* Rename in place only under provider, for a key written there (not
       merged in), when the result is unambiguous and no plugin reads it. */
    if (where != AT_PROVIDER || p->via || listed || have ||
        count_resembling(svc->provider, i) != 1)
        return;
    sw_fix *f = sw_fix_new(c, d, true, "rename '%s' to '%s'", k, ck);
    if (!sw_fix_scalar(c, f, key, ck))
        d->fix = NULL;
}

static void judge_map(sw_ctx *c, const y_node *m, scope where, const char *fname)
{
    if (!m || m->kind != Y_MAP)
        return;
    y_epair *ps;
    uint32_t n = y_pairs(c->a, m, &ps);
    for (uint32_t i = 0; i < n; i++)
        judge_key(c, where, fname, &ps[i]);
}

static void check_ws041(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root)
        return;
    judge_map(c, svc->provider, AT_PROVIDER, NULL);
    judge_map(c, svc->root, AT_TOP, NULL);
    for (uint32_t i = 0; i < svc->nfns; i++)
        if (svc->fns[i].node && sw_fn_any_key(&svc->fns[i], judged_key))
            judge_map(c, svc->fns[i].node, AT_FUNCTION, svc->fns[i].name);
}

const sw_rule sw_ws041 = {
    .code = "WS041",
    .name = "plugin-era-key",
    .summary = "plugin-era, misplaced or misspelled websocket API key that SF ignores",
    .severity = SW_SEV_WARNING,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws041,
};
