/*
 * The IAM side of a websocket service (RULES.md F8, F9, F12, F24). Handlers
 * post to connections through the @connections management API, which needs
 * execute-api:ManageConnections. SF grants it only on the shared role it
 * creates, and only when it creates the API. WS060 finds functions that may
 * post but run on a role without it (an external API, per-function role
 * plugins, a role from `resources`, a role from elsewhere). WS062 checks the
 * statements users write for the management API: the action, the ARN's
 * shape, the REST API instead of the websocket one, a wss:// URL. WS063
 * flags the deprecated provider.iamRoleStatements; WS064 notes how wide
 * SF's own grant is.
 */
#include "iam_policy.h"

#include "common.h"

#include <string.h>
#include <strings.h>

#define WIDE "arn:${AWS::Partition}:execute-api:*:*:*/@connections/*"
#define PER_FN "serverless-iam-roles-per-function"
#define CUSTOM_ROLES "serverless-plugin-custom-roles"

/* ---- WS060 manage-connections-missing --------------------------------- */

static const char *const signals[] = {
    "WebsocketsApi", "@connections", "execute-api", "ServiceEndpointWebsocket", NULL,
};

static bool env_signal(const y_node *env)
{
    for (int i = 0; signals[i]; i++)
        if (iam_has(env, signals[i]))
            return true;
    return false;
}

/* A function without a websocket event that may still post: its
   environment points at the API, or it is a stream or SQS consumer. */
static bool fn_signal(const sw_function *fn)
{
    if (env_signal(y_get(fn->node, "environment")))
        return true;
    for (uint32_t i = 0; fn->events && i < fn->events->len; i++)
        if (y_get(fn->events->u.seq.items[i], "stream") || y_get(fn->events->u.seq.items[i], "sqs"))
            return true;
    return false;
}

static bool push_signal(const sw_service *svc)
{
    for (uint32_t i = 0; i < svc->nws; i++) {
        const char *r = svc->ws[i]->route_str;
        if (r && strcmp(r, "$connect") != 0 && strcmp(r, "$disconnect") != 0)
            return true;
    }
    if (env_signal(y_get(svc->provider, "environment")))
        return true;
    for (uint32_t i = 0; i < svc->nfns; i++)
        if (svc->fns[i].node && fn_signal(&svc->fns[i]))
            return true;
    return false;
}

/* Functions on one role that lacks the grant. */
typedef struct group {
    const char *id;    /* logical ID of a role in resources */
    const y_node *ref; /* first place that names the role */
    const char **names;
    uint32_t n;
} group;

static group *group_for(sw_ctx *c, group *g, uint32_t *ng, const char *id, const y_node *ref)
{
    for (uint32_t i = 0; i < *ng; i++)
        if (strcmp(g[i].id, id) == 0)
            return &g[i];
    g[*ng] = (group){id, ref, sw_alloc(c->a, sizeof(char *) * (c->svc->nfns + 1)), 0};
    return &g[(*ng)++];
}

static const char *lacks(sw_ctx *c)
{
    return sw_printf(c->a,
                     "posting to connections fails with AccessDeniedException; add a "
                     "statement allowing " IAM_MC " on !Sub '%s'",
                     iam_mgmt_arn(c));
}

/* A role given as an ARN, import or other expression: SF adds nothing and
   slsws cannot see its policies (info). */
static bool opaque_role(sw_ctx *c, const y_node *v, const char *subject, const char *who)
{
    const y_node *arg;
    const char *fn = iam_intrinsic(v, &arg), *s = y_known_str(v);
    if (fn ? strcmp(fn, "ImportValue") && strcmp(fn, "Sub") && strcmp(fn, "Join")
           : !s || strncmp(s, "arn:", 4) != 0)
        return false;
    sw_report(c, y_deref(v), SW_SEV_INFO,
              "%s is a role defined outside this service (%s), and SF adds " IAM_MC " only to the "
              "role it creates: %s can post to connections only if that role allows " IAM_MC " on "
              "!Sub '%s'",
              subject, s ? sw_printf(c->a, "'%s'", s) : sw_printf(c->a, "Fn::%s", fn), who,
              iam_mgmt_arn(c));
    return true;
}

static void check_ws060(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root || !svc->nws || svc->functions_partial || c->doc->truncated)
        return;
    iam_res rs;
    iam_res_collect(svc, &rs);
    sw_severity sev = push_signal(svc) ? 0 : SW_SEV_INFO;
    const y_node *api = y_get(y_get(svc->provider, "apiGateway"), "websocketApiId");
    const y_node *shared_st = y_get(y_get(y_get(svc->provider, "iam"), "role"), "statements");
    if (!sw_present(shared_st))
        shared_st = y_get(svc->provider, "iamRoleStatements");
    bool custom = sw_has_plugin(svc, CUSTOM_ROLES), per_fn = sw_has_plugin(svc, PER_FN);
    bool v4 = sw_svc_fw_at_least(svc, 4, 0);
    bool v4_mode =
        v4 && y_str_is(y_get(y_get(y_get(svc->provider, "iam"), "role"), "mode"), "perFunction");
    const y_node *defaults = y_get(y_get(svc->root, "custom"), PER_FN);
    group *g = sw_alloc(c->a, sizeof *g * (svc->nfns + 2));
    uint32_t ng = 0;
    const char **shared = sw_alloc(c->a, sizeof(char *) * (svc->nfns + 1));
    uint32_t nshared = 0;
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *fn = &svc->fns[i];
        if (!fn->node)
            continue;
        bool ws = fn->nws > 0;
        iam_fnkeys fk;
        iam_fn_keys(fn->node, &fk);
        const y_node *own = fk.role, *skey = fk.stmts_key, *fst = fk.stmts;
        if (sw_present(own)) {
            const char *id = ws ? iam_role_id(c->a, own) : NULL;
            if (!ws ||
                (!id &&
                 opaque_role(c, own, sw_printf(c->a, "the role of function '%s'", fn->name), "it")))
                continue; /* a broadcaster on a role of its own is WS061's */
            if (id && strcmp(id, "IamRoleLambdaExecution") == 0)
                shared[nshared++] = fn->name;
            else if (id) {
                group *gr = group_for(c, g, &ng, id, own);
                gr->names[gr->n++] = fn->name;
            }
            continue;
        }
        if (custom || (per_fn && sw_present(fst))) {
            const y_node *inh = y_get(fn->node, "iamRoleStatementsInherit");
            bool inherit =
                custom || y_str_is(inh, "true") ||
                (y_str_is(y_get(defaults, "defaultInherit"), "true") && !y_str_is(inh, "false"));
            if (!ws || iam_stmts_grant(fst) || (inherit && iam_stmts_grant(shared_st)))
                continue;
            sw_report(
                c, skey ? skey : fn->key, sev,
                "function '%s' runs on its own role from %s, built from %s without SF's " IAM_MC
                " grant, and none of them allows it: %s",
                fn->name, custom ? CUSTOM_ROLES : PER_FN,
                inherit ? "the provider's statements and its iamRoleStatements"
                        : "its iamRoleStatements",
                lacks(c));
            continue;
        }
        if (v4 && (v4_mode || sw_present(fk.iam_role)))
            continue; /* SF v4 gives a per-function role the grant when it has a websocket event */
        if (ws || fn_signal(fn))
            shared[nshared++] = fn->name;
    }
    const char *path;
    const y_node *prole = iam_provider_role(svc, &path);
    /* who: sw_fn_names(shared), written only into a finding */
    if (nshared && prole) {
        const char *id = iam_role_id(c->a, prole);
        if (id) {
            group *gr = group_for(c, g, &ng, id, prole);
            for (uint32_t i = 0; i < nshared; i++)
                gr->names[gr->n++] = shared[i];
        } else {
            opaque_role(c, prole, path, sw_fn_names(c->a, shared, nshared));
        }
    } else if (nshared && sw_present(api) &&
               !(y_is_scalar(api) && !y_tag(y_deref(api)) && y_is_unknown(api)) &&
               !iam_stmts_grant(shared_st)) {
        const y_node *mp = y_get(y_get(y_get(svc->provider, "iam"), "role"), "managedPolicies");
        if (!iam_managed_grant(c, &rs,
                               sw_present(mp) ? mp : y_get(svc->provider, "iamManagedPolicies")))
            sw_report(c, y_deref(api), sev,
                      "provider.apiGateway.websocketApiId is set, so SF adds no " IAM_MC
                      " grant to "
                      "its role, and no provider statement allows it: %s on that role cannot post "
                      "to connections (AccessDeniedException); add a statement allowing " IAM_MC
                      " on !Sub '%s'",
                      sw_fn_names(c->a, shared, nshared), iam_mgmt_arn(c));
    }
    for (uint32_t i = 0; i < ng && !rs.partial; i++) {
        const y_node *key, *role = iam_res_find(&rs, g[i].id, &key);
        if (!role || !iam_res_is(role, "AWS::IAM::Role") || iam_role_grants(c, &rs, role, g[i].id))
            continue;
        sw_diag *d = sw_report(c, key, sev,
                               "role '%s' allows no " IAM_MC ", and SF adds that grant only to the "
                               "role it creates: %s run%s on it, so %s to its Policies",
                               g[i].id, sw_fn_names(c->a, g[i].names, g[i].n),
                               g[i].n == 1 ? "s" : "", lacks(c));
        sw_add_related(c, d, y_deref(g[i].ref), "the role is used here");
    }
}

const sw_rule sw_ws060 = {
    .code = "WS060",
    .name = "manage-connections-missing",
    .summary = "a function that may post to connections runs on a role without "
               "execute-api:ManageConnections",
    .severity = SW_SEV_WARNING,
    .flags = 0,
    .check = check_ws060,
};

/* ---- WS062 management-statement-malformed ----------------------------- */

/* Offers the management API ARN in place of a one-line scalar item; safe
   when the item clearly meant this service's (or the external) API. */
static void fix_arn(sw_ctx *c, sw_diag *d, const y_node *item, const char *t, bool safe)
{
    const char *arn = iam_mgmt_arn(c);
    const y_node *n = y_deref(item);
    if (item->kind == Y_ALIAS || n->kind != Y_SCALAR || n->anchored || strstr(arn, "<api-id>") ||
        strchr(arn, '\'') || (y_tag(n) && strcmp(y_tag(n), "!Sub") != 0) ||
        sw_source_line_of(c->src, n->start) != sw_source_line_of(c->src, n->end))
        return;
    if (safe && !iam_has(n, "WebsocketsApi")) { /* the API part must be a wildcard */
        const char *p = t;
        for (int k = 0; k < 5 && p; k++)
            p = strchr(p + 1, ':');
        safe = p && strspn(p + 1, "*") == strcspn(p + 1, "/");
    }
    sw_fix *f = sw_fix_new(c, d, safe, "use the management API's ARN");
    sw_fix_edit(c, f, n->start, n->end, sw_printf(c->a, "!Sub '%s'", arn));
}

static void scalar_fix(sw_ctx *c, sw_diag *d, const y_node *n, const char *to, bool safe)
{
    if (n->kind == Y_ALIAS || (y_tag(n) && strcmp(y_tag(n), "!Sub") != 0))
        return;
    sw_fix *f = sw_fix_new(c, d, safe, "change it to '%s'", to);
    if (!sw_fix_scalar(c, f, n, to))
        d->fix = NULL;
}

static void judge_statement(sw_ctx *c, const y_node *st, const y_node *via)
{
    st = y_deref(st);
    const char *eff = y_known_str(y_get(st, "Effect"));
    const y_node *rkey, *res = y_get_pair(st, "Resource", &rkey), *act = y_get(st, "Action");
    if (!st || st->kind != Y_MAP || y_is_intrinsic(st) || (eff && strcmp(eff, "Allow")) || !res ||
        !act)
        return;
    const y_node *const *it, *one, *invoke = NULL;
    bool mc_text = false, grants = false, exec = false;
    uint32_t n = iam_items(act, &it, &one);
    for (uint32_t i = 0; i < n; i++) {
        const char *s = y_known_str(it[i]);
        grants |= y_is_unknown(it[i]) || (s && iam_glob(s, IAM_MC));
        if (!s)
            continue;
        mc_text |= iam_ci_has(s, "ManageConnections");
        exec |= strncasecmp(s, "execute-api:", 12) == 0 || strcmp(s, "*") == 0;
        if (strcasecmp(s, "execute-api:Invoke") == 0)
            invoke = it[i];
        if (!iam_ci_has(s, "ManageConnections") || iam_glob(s, IAM_MC))
            continue;
        sw_diag *d = sw_report(c, y_deref(it[i]), 0,
                               "action '%s' does not exist: the management API's action is '" IAM_MC
                               "', so this statement allows nothing on connections",
                               s);
        if (via)
            sw_add_related(c, d, via, "the statement is reached from here");
        scalar_fix(c, d, it[i], IAM_MC, !via);
    }
    bool conn = iam_has(res, "@connections");
    if (!mc_text && !((conn || iam_has(res, "WebsocketsApi")) && (exec || grants)))
        return; /* not aimed at the management API */
    sw_diag *d;
    if (invoke && !grants) {
        d = sw_report(c, y_deref(invoke), 0,
                      "action 'execute-api:Invoke' calls an API's routes, not the @connections "
                      "management API: posting to, reading or deleting connections needs '" IAM_MC
                      "'");
        if (via)
            sw_add_related(c, d, via, "the statement is reached from here");
        scalar_fix(c, d, invoke, IAM_MC, conn && !via);
    }
    n = iam_items(res, &it, &one);
    rs_kind *k = sw_alloc(c->a, sizeof *k * (n + 1));
    const char **t = sw_alloc(c->a, sizeof *t * (n + 1));
    bool matched = false, told = false;
    for (uint32_t i = 0; i < n; i++) {
        t[i] = iam_flat(c->a, it[i]);
        k[i] = iam_judge_resource(c->a, t[i], it[i]);
        matched |= k[i] == RS_OK || k[i] == RS_ONEID;
    }
    const char *arn = iam_mgmt_arn(c);
    for (uint32_t i = 0; i < n; i++) {
        const y_node *at = y_deref(it[i]);
        char *what = sw_strdup(c->a, at->kind == Y_SCALAR ? at->str : t[i]);
        for (char *w = what; (w = strchr(w, IAM_ID));)
            *w = '*';
        if (k[i] == RS_SHAPE)
            d = sw_report(c, at, 0,
                          "resource '%s' does not have the management API's shape "
                          "'<api-id>/<stage>/<method>/@connections/<id>' (a stage or method "
                          "segment is missing or malformed), so it allows nothing; use !Sub '%s'",
                          what, arn);
        else if (k[i] == RS_SERVICE)
            d = sw_report(c, at, 0,
                          "resource '%s' is not an execute-api ARN: the @connections "
                          "management API's ARNs are 'arn:<partition>:execute-api:...'",
                          what);
        else if (k[i] == RS_ONEID && !strstr(t[i], "@connections/"))
            d = sw_report(c, at, 0,
                          "resource '%s' ends at '@connections', which matches no "
                          "connection's ARN ('.../@connections/<id>'), so every call is denied; "
                          "end it with '@connections/*'",
                          what);
        else if (k[i] == RS_ONEID)
            d = sw_report(c, at, 0,
                          "resource '%s' names a single connection, '%s' (IAM fills "
                          "in no placeholders), so calls on every other connection are denied; "
                          "end it with '@connections/*'",
                          what,
                          strstr(what, "@connections/") ? strstr(what, "@connections/") + 13 : "");
        else if (!matched && (k[i] == RS_URL || k[i] == RS_REST))
            d = sw_report(
                c, at, 0,
                k[i] == RS_URL
                    ? "resource '%s' is a URL, but IAM matches ARNs, so it allows nothing; use "
                      "!Sub '%s'"
                    : "resource '%s' names the REST API (ApiGatewayRestApi), not the websocket "
                      "API, so posting to connections is denied; use !Sub '%s'",
                what, arn);
        else
            continue;
        told = true;
        if (via)
            sw_add_related(c, d, via, "the statement is reached from here");
        if (k[i] == RS_SHAPE || k[i] == RS_URL || k[i] == RS_REST) {
            fix_arn(c, d, it[i], what, k[i] != RS_REST && !via);
        } else if (k[i] == RS_SERVICE && at->kind == Y_SCALAR) {
            const char *colon = strchr(strchr(at->str, ':') + 1, ':');
            const char *rest = colon ? strchr(colon + 1, ':') : NULL;
            if (rest)
                scalar_fix(
                    c, d, it[i],
                    sw_printf(c->a, "%.*sexecute-api%s", (int)(colon + 1 - at->str), at->str, rest),
                    !via);
        } else if (k[i] == RS_ONEID && at->kind == Y_SCALAR && !y_tag(at) && !y_is_unknown(at)) {
            const char *cp = strstr(at->str, "@connections");
            scalar_fix(c, d, it[i],
                       sw_printf(c->a, "%.*s@connections/*", (int)(cp - at->str), at->str), !via);
        }
    }
    if (matched || told)
        return;
    d = sw_report(c, rkey, 0,
                  "no resource of this statement covers the @connections management "
                  "API ('<api-id>/<stage>/<method>/@connections/<id>'), so it allows nothing "
                  "on connections; use !Sub '%s'",
                  arn);
    if (via)
        sw_add_related(c, d, via, "the statement is reached from here");
}

typedef struct seen {
    const y_node **v;
    uint32_t n, cap;
} seen;

/* Judges each statement of a list once, however often it is reached. */
static void scan_list(sw_ctx *c, seen *sn, const y_node *list, const y_node *via)
{
    const y_node *const *it, *one;
    if (list && list->kind == Y_ALIAS)
        via = list;
    uint32_t n = y_is_unknown(list) ? 0 : iam_items(list, &it, &one);
    for (uint32_t i = 0; i < n; i++) {
        const y_node *st = y_deref(it[i]);
        bool dup = false;
        for (uint32_t j = 0; j < sn->n && !dup; j++)
            dup = sn->v[j] == st;
        if (!st || dup)
            continue;
        if (sn->n == sn->cap) {
            const y_node **v = sw_alloc(c->a, sizeof *v * (sn->cap = sn->cap * 2 + 16));
            if (sn->n)
                memcpy(v, sn->v, sizeof *v * sn->n);
            sn->v = v;
        }
        sn->v[sn->n++] = st;
        judge_statement(c, st, it[i]->kind == Y_ALIAS ? it[i] : via);
    }
}

static const y_node *role_statements(const y_node *owner)
{
    return y_get(y_get(y_get(owner, "iam"), "role"), "statements");
}

static void check_ws062(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root)
        return;
    seen sn = {0};
    scan_list(c, &sn, y_get(svc->provider, "iamRoleStatements"), NULL);
    scan_list(c, &sn, role_statements(svc->provider), NULL);
    for (uint32_t i = 0; i < svc->nfns; i++) {
        iam_fnkeys fk;
        iam_fn_keys(svc->fns[i].node, &fk);
        scan_list(c, &sn, fk.stmts, NULL);
        scan_list(c, &sn, y_get(fk.iam_role, "statements"), NULL);
    }
    iam_res rs;
    iam_res_collect(svc, &rs);
    for (int m = 0; m < rs.n; m++) {
        y_epair *ps;
        uint32_t np = y_pairs(c->a, rs.maps[m], &ps);
        for (uint32_t i = 0; i < np; i++) {
            const y_node *r = ps[i].val, *props = y_get(r, "Properties"), *const * it, *one;
            if (iam_res_is(r, "AWS::IAM::Policy") || iam_res_is(r, "AWS::IAM::ManagedPolicy"))
                scan_list(c, &sn, y_get(y_get(props, "PolicyDocument"), "Statement"), ps[i].via);
            if (!iam_res_is(r, "AWS::IAM::Role"))
                continue;
            uint32_t n = iam_items(y_get(props, "Policies"), &it, &one);
            for (uint32_t j = 0; j < n; j++)
                scan_list(c, &sn, y_get(y_get(it[j], "PolicyDocument"), "Statement"), ps[i].via);
        }
    }
}

const sw_rule sw_ws062 = {
    .code = "WS062",
    .name = "management-statement-malformed",
    .summary = "an IAM statement meant for the @connections management API allows nothing there",
    .severity = SW_SEV_WARNING,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws062,
};

/* ---- WS063 iam-role-statements-deprecated ----------------------------- */

/* Moves `iamRoleStatements:` to `iam: role: statements:`, indenting its
   value by four spaces: only when provider has no `iam` key at all. */
static bool fix_move(sw_ctx *c, sw_fix *f, const y_node *key, const y_node *val)
{
    const sw_source *s = c->src;
    uint32_t kl = sw_source_line_of(s, key->start);
    int ind = sw_key_column(s, key->start);
    if (key->style != Y_PLAIN || c->svc->provider->style != Y_BLOCK ||
        !sw_own_key(key, c->svc->provider) || ind < 0)
        return false;
    const char *eol = sw_line_break(s, key->start);
    sw_fix_edit(c, f, key->start, key->end,
                sw_printf(c->a, "iam:%s%*srole:%s%*sstatements", eol, ind + 2, "", eol, ind + 4,
                          ""));
    uint32_t last = sw_source_line_of(s, val->end > val->start ? val->end - 1 : val->start);
    for (uint32_t l = kl + 1; l <= last && l < s->nlines; l++) {
        uint32_t len;
        const char *t = sw_source_line(s, l, &len);
        if (strspn(t, " \t") < len)
            sw_fix_edit(c, f, s->lines[l], s->lines[l], "    ");
    }
    return true;
}

static void check_ws063(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    const y_node *key, *val = y_get_pair(svc->provider, "iamRoleStatements", &key);
    if (!svc->provider || !sw_present(val) || !sw_svc_fw_at_least(svc, 2, 24))
        return;
    const char *path;
    const y_node *iam = y_get(svc->provider, "iam"), *role = y_deref(y_get(iam, "role"));
    bool existing = iam_provider_role(svc, &path) != NULL;
    bool has_new = role && role->kind == Y_MAP && sw_present(y_get(role, "statements"));
    const char *why =
        sw_svc_fw_below(svc, 3, 0)
            ? "provider.iam.role.statements replaces it since SF 2.24, and SF v3 logs the "
              "deprecation "
              "PROVIDER_IAM_SETTINGS_V3"
            : "SF logs the deprecation PROVIDER_IAM_SETTINGS_V3 (\"Starting with version 4.0.0, "
              "following property will be replaced\"), though v4 still reads it";
    const char *state = sw_svc_fw_below(svc, 3, 0) ? "superseded" : "deprecated";
    sw_diag *d;
    if (existing)
        d = sw_report(c, key, 0,
                      "provider.iamRoleStatements is %s, and SF ignores it here: "
                      "%s names an existing role, so SF creates no role to put these statements "
                      "on; add them to that role's own policies",
                      state, path);
    else if (has_new)
        d = sw_report(c, key, 0,
                      "provider.iamRoleStatements is %s, and SF ignores it here "
                      "because provider.iam.role.statements is set; merge these statements into "
                      "provider.iam.role.statements by hand",
                      state);
    else
        d = sw_report(c, key, 0,
                      "provider.iamRoleStatements is %s: %s; move the statements to "
                      "provider.iam.role.statements",
                      state, why);
    if (key->parent != svc->provider && key->parent)
        sw_add_related(c, d, key, "merged into provider from here");
    if (existing || has_new || iam)
        return;
    sw_fix *f = sw_fix_new(c, d, true, "move the statements to provider.iam.role.statements");
    if (!fix_move(c, f, key, y_deref(val)))
        d->fix = NULL;
}

const sw_rule sw_ws063 = {
    .code = "WS063",
    .name = "iam-role-statements-deprecated",
    .summary = "provider.iamRoleStatements is deprecated in favour of provider.iam.role.statements",
    .severity = SW_SEV_INFO,
    .flags = SW_RULE_FIXABLE | SW_RULE_DEPRECATION,
    .check = check_ws063,
};

/* ---- WS064 manage-connections-wide ------------------------------------ */

static void check_ws064(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    const char *path;
    const y_node *pkey;
    if (!svc->provider || !svc->nws || svc->functions_partial ||
        sw_present(y_get(y_get(svc->provider, "apiGateway"), "websocketApiId")) ||
        iam_provider_role(svc, &path) || sw_has_plugin(svc, CUSTOM_ROLES))
        return; /* C3, or SF creates no shared role */
    y_get_pair(svc->root, "provider", &pkey);
    bool per_fn = sw_has_plugin(svc, PER_FN);
    bool v4 = sw_svc_fw_at_least(svc, 4, 0);
    bool v4_mode =
        v4 && y_str_is(y_get(y_get(y_get(svc->provider, "iam"), "role"), "mode"), "perFunction");
    const char **on = sw_alloc(c->a, sizeof(char *) * (svc->nfns + 1));
    uint32_t n = 0, quiet = 0;
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *fn = &svc->fns[i];
        iam_fnkeys fk;
        iam_fn_keys(fn->node, &fk);
        if (!fn->node || sw_present(fk.role) || (per_fn && sw_present(fk.stmts)))
            continue;
        if ((v4_mode || (v4 && sw_present(fk.iam_role))) && !fn->nws)
            continue; /* SF v4 per-function role without a websocket event: no grant */
        on[n++] = fn->name;
        quiet += fn->nws == 0;
    }
    if (!n)
        return;
    const char *who =
        v4_mode ? sw_printf(c->a, "the per-function role%s of %s", n == 1 ? "" : "s",
                            sw_fn_names(c->a, on, n))
                : sw_printf(c->a, "the shared role of %s%s", sw_fn_names(c->a, on, n),
                            quiet ? sw_printf(c->a, " (%u without a websocket event)", quiet) : "");
    sw_report(c, pkey ? pkey : svc->provider, 0,
              "SF grants " IAM_MC " on '" WIDE "' (every connection of every WebSocket API in "
              "every Region) to %s, and the Lambda permission it adds for each websocket handler "
              "has no SourceArn; for least privilege, %sadd a SourceArn to those permissions "
              "through resources.extensions",
              who, v4_mode ? "" : "run functions that never post on roles of their own, and ");
}

const sw_rule sw_ws064 = {
    .code = "WS064",
    .name = "manage-connections-wide",
    .summary = "SF's own ManageConnections grant covers every API, and handlers' permissions lack "
               "SourceArn",
    .severity = SW_SEV_INFO,
    .flags = 0,
    .check = check_ws064,
};
