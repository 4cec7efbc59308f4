/*
 * WS061: a broadcaster (a function without a websocket event that posts to
 * connections) on a role that lacks execute-api:ManageConnections. SF adds
 * the grant only to its shared role, only in a service with websocket
 * events, and SF v4 gives a per-function role the grant only when that
 * function has a websocket event (RULES.md F8). A function posts when its
 * handler code calls postToConnection / PostToConnectionCommand /
 * post_to_connection (read from the sources, xfile.h) or its environment
 * names the API (WebsocketsApi, ServiceEndpointWebsocket, @connections, a
 * wss:// URL). Functions with a websocket event are WS060's.
 */
#include "iam_policy.h"

#include "common.h"

#include "../resolve.h"
#include "../xfile.h"

#include <string.h>

#define PER_FN "serverless-iam-roles-per-function"
#define CUSTOM_ROLES "serverless-plugin-custom-roles"

typedef struct signal {
    const char *what;            /* "its handler calls postToConnection" */
    const sw_source *src;        /* where: the handler file or the service */
    uint32_t start, end;
    const y_node *env;           /* or the environment entry */
} signal;

static bool wss_value(const y_node *v)
{
    const char *s = y_known_str(v);
    return s && strncmp(s, "wss://", 6) == 0;
}

/* Whether fn posts to connections, and the evidence. */
static bool posts(sw_ctx *c, const sw_function *fn, signal *sg)
{
    memset(sg, 0, sizeof *sg);
    const sw_fn_src *s = sw_xfile_fn(c->xfile, fn);
    const sw_srcfile *f = s ? s->res.file : NULL;
    if (f && f->posts) {
        const sw_api_use *u = sw_srcfile_use(f, SW_USE_POST);
        const sw_api_use *v = sw_srcfile_use(f, SW_USE_COMMAND);
        if (!u || (v && v->start < u->start))
            u = v;
        *sg = (signal){sw_printf(c->a, "its handler '%s' calls %.*s", f->rel,
                                 (int)(u->end - u->start), f->src.text + u->start),
                       &f->src, u->start, u->end, NULL};
        return true;
    }
    static const char *const names[] = {"WebsocketsApi", "ServiceEndpointWebsocket",
                                        "@connections", NULL};
    const y_node *env = y_deref(y_get(fn->node, "environment"));
    for (uint32_t i = 0; env && env->kind == Y_MAP && i < env->len; i++) {
        const y_pair *p = &env->u.map.pairs[i];
        bool hit = wss_value(p->val);
        for (int k = 0; !hit && names[k]; k++)
            hit = iam_has(p->val, names[k]);
        if (hit) {
            *sg = (signal){sw_printf(c->a, "its environment variable '%s' names the websocket API",
                                     p->key->kind == Y_SCALAR ? p->key->str : "?"),
                           NULL, 0, 0, p->key};
            return true;
        }
    }
    return false;
}

static void evidence(sw_ctx *c, sw_diag *d, const signal *sg)
{
    if (sg->env)
        sw_add_related(c, d, sg->env, "the API is named here");
    else
        sw_add_related_src(c, d, sg->src, sg->start, sg->end, "it posts to connections here");
}

static const char *stmt_arn(sw_ctx *c)
{
    if (c->svc->nws)
        return iam_mgmt_arn(c);
    return "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:<api-id>/"
           "${sls:stage}/*/@connections/*";
}

/* Appends the grant to a block sequence of statements, one flow item on a
   line of its own at the items' dash column. */
static void fix_append(sw_ctx *c, sw_diag *d, const y_node *stmts)
{
    const y_node *seq = stmts;
    if (!seq || seq->kind != Y_SEQ || seq->style != Y_BLOCK || !seq->complete || !seq->len ||
        c->doc->json || sw_resolver_source(c->res, seq) != c->src)
        return;
    const y_node *last = seq->u.seq.items[seq->len - 1];
    const sw_source *s = c->src;
    if (last->end > s->len || seq->end > s->len)
        return;
    /* the dash of the last item: only spaces before it on its line */
    uint32_t i = last->start;
    while (i > 0 && s->text[i - 1] == ' ')
        i--;
    if (i == 0 || s->text[i - 1] != '-')
        return;
    int col = sw_key_column(s, i - 1);
    if (col < 0)
        return;
    sw_pos end = sw_source_pos(s, last->end ? last->end - 1 : 0, SW_UNIT_BYTE);
    uint32_t at = sw_line_next(s, end.line);
    if (at < last->end)
        return;
    const char *nl = sw_line_break(s, last->start);
    const char *arn = stmt_arn(c);
    /* without websocket events the API is another stack's: its ID is a placeholder */
    sw_fix *f = sw_fix_new(c, d, c->svc->nws > 0, "add a statement allowing " IAM_MC);
    bool unended = at == s->len && s->text[s->len - 1] != '\n' && s->text[s->len - 1] != '\r';
    sw_fix_edit(c, f, at, at,
                sw_printf(c->a, "%s%*s- {Effect: Allow, Action: '" IAM_MC "', Resource: !Sub '%s'}%s",
                          unended ? nl : "", col, "", arn, unended ? "" : nl));
}

static void check_ws061(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root || svc->functions_partial || c->doc->truncated)
        return;
    iam_res rs;
    iam_res_collect(svc, &rs);
    const y_node *prole_st = y_get(y_get(y_get(svc->provider, "iam"), "role"), "statements");
    const y_node *shared_st = sw_present(prole_st) ? prole_st : y_get(svc->provider, "iamRoleStatements");
    bool custom = sw_has_plugin(svc, CUSTOM_ROLES), per_fn = sw_has_plugin(svc, PER_FN);
    bool v4 = sw_svc_fw_at_least(svc, 4, 0);
    bool v4_mode =
        v4 && y_str_is(y_get(y_get(y_get(svc->provider, "iam"), "role"), "mode"), "perFunction");
    const y_node *defaults = y_get(y_get(svc->root, "custom"), PER_FN);
    const char *pvia;
    const y_node *prole = iam_provider_role(svc, &pvia);
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *fn = &svc->fns[i];
        signal sg;
        if (!fn->node || fn->nws || !posts(c, fn, &sg))
            continue;
        const char *why = sw_printf(
            c->a, "add a statement allowing " IAM_MC " on !Sub '%s'", stmt_arn(c));
        const y_node *own = y_get(fn->node, "role"), *role = NULL, *skey;
        const char *via = NULL;
        if (sw_present(own)) {
            role = own;
            via = "its own role";
        } else if (custom || (per_fn && sw_present(y_get_pair(fn->node, "iamRoleStatements", &skey)))) {
            const y_node *fst = y_get_pair(fn->node, "iamRoleStatements", &skey);
            const y_node *inh = y_get(fn->node, "iamRoleStatementsInherit");
            bool inherit =
                custom || y_str_is(inh, "true") ||
                (y_str_is(y_get(defaults, "defaultInherit"), "true") && !y_str_is(inh, "false"));
            if (iam_stmts_grant(fst) || (inherit && iam_stmts_grant(shared_st)))
                continue;
            sw_diag *d = sw_report(c, skey ? skey : fn->key, 0,
                                   "function '%s' posts to connections (%s) but runs on its own "
                                   "role from %s, whose statements allow no " IAM_MC ": %s",
                                   fn->name, sg.what, custom ? CUSTOM_ROLES : PER_FN, why);
            evidence(c, d, &sg);
            continue;
        } else if (v4 && (v4_mode || sw_present(y_get(y_get(fn->node, "iam"), "role")))) {
            const y_node *frole = y_get(y_get(fn->node, "iam"), "role"), *ikey;
            const y_node *st = y_get(frole, "statements");
            const y_node *mp = y_get(frole, "managedPolicies");
            if (iam_stmts_grant(st) || iam_stmts_grant(prole_st) ||
                (sw_present(mp) && iam_managed_grant(c, &rs, mp)) || y_is_unknown(frole))
                continue;
            y_get_pair(fn->node, "iam", &ikey);
            sw_diag *d = sw_report(
                c, ikey && sw_present(frole) ? ikey : fn->key, 0,
                "function '%s' posts to connections (%s) but runs on its own SF v4 role, which "
                "gets " IAM_MC " only when the function has a websocket event, and no statement "
                "allows it: %s",
                fn->name, sg.what, why);
            evidence(c, d, &sg);
            if (sw_present(st))
                fix_append(c, d, y_deref(st));
            continue;
        } else if (svc->nws) {
            continue; /* the shared role, which SF grants it (WS060 when not) */
        } else if (prole) {
            role = prole;
            via = sw_printf(c->a, "the role %s names", pvia);
        } else {
            const y_node *mp = y_get(y_get(y_get(svc->provider, "iam"), "role"), "managedPolicies");
            if (!sw_present(mp))
                mp = y_get(svc->provider, "iamManagedPolicies");
            if (iam_stmts_grant(shared_st) || (sw_present(mp) && iam_managed_grant(c, &rs, mp)))
                continue;
            sw_diag *d = sw_report(
                c, fn->key, 0,
                "function '%s' posts to connections (%s), but this service has no websocket "
                "events, so SF adds no " IAM_MC " grant to its role and no provider statement "
                "allows it: %s",
                fn->name, sg.what, why);
            evidence(c, d, &sg);
            continue;
        }
        /* a role named by logical ID, ARN or intrinsic */
        const char *id = iam_role_id(c->a, role);
        if (id && strcmp(id, "IamRoleLambdaExecution") == 0 && svc->nws)
            continue;
        if (id) {
            const y_node *key, *res = iam_res_find(&rs, id, &key);
            if (rs.partial || !res || !iam_res_is(res, "AWS::IAM::Role") ||
                iam_role_grants(c, &rs, res, id))
                continue;
            sw_diag *d = sw_report(c, y_deref(role), 0,
                                   "function '%s' posts to connections (%s) but runs on %s "
                                   "'%s', which allows no " IAM_MC ": %s to its Policies",
                                   fn->name, sg.what, via, id, why);
            sw_add_related(c, d, key, "role '%s' is defined here", id);
            evidence(c, d, &sg);
            continue;
        }
        const y_node *arg;
        const char *ifn = iam_intrinsic(role, &arg), *str = y_known_str(role);
        if (ifn ? strcmp(ifn, "ImportValue") && strcmp(ifn, "Sub") && strcmp(ifn, "Join")
                : !str || strncmp(str, "arn:", 4) != 0)
            continue;
        sw_diag *d = sw_report(c, y_deref(role), SW_SEV_INFO,
                               "function '%s' posts to connections (%s) and runs on %s, defined "
                               "outside this service (%s): make sure that role allows " IAM_MC
                               " on !Sub '%s'",
                               fn->name, sg.what, via,
                               str ? sw_printf(c->a, "'%s'", str) : sw_printf(c->a, "Fn::%s", ifn),
                               stmt_arn(c));
        evidence(c, d, &sg);
    }
}

const sw_rule sw_ws061 = {
    .code = "WS061",
    .name = "broadcaster-grant-missing",
    .summary = "a function without a websocket event posts to connections from a role without "
               "execute-api:ManageConnections",
    .severity = SW_SEV_WARNING,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws061,
};
