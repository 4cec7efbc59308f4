/*
 * Runtime settings the Framework itself judges. WS072 flags a service that
 * sets no runtime at all: SF then deploys its own default, which depends on
 * the major version that runs (nodejs14.x on v3, nodejs20.x on v4; RULES.md
 * F13), so the runtime changes with the Framework and is usually outdated.
 * WS073 flags a runtime AWS accepts but SF v3's schema does not list (its
 * enum stopped at nodejs20.x and python3.11): SF warns "must be equal to one
 * of the allowed values" and deploys it, or stops under
 * `configValidationMode: error`. WS070 (runtime.c) judges lifecycle dates.
 */
#include "common.h"

#include <string.h>

#include "../runtimes.h"

/* ---- WS072 runtime-not-set -------------------------------------------- */

/* Adds `runtime: rt` to a block-style provider mapping, after its `name`
   line when that holds a one-line value, else before its first key. */
static bool insert_runtime(sw_ctx *c, sw_fix *f, const y_node *prov, const char *rt)
{
    const sw_source *s = c->src;
    if (prov->kind != Y_MAP || prov->style != Y_BLOCK || prov->len == 0)
        return false;
    const y_node *k0 = prov->u.map.pairs[0].key;
    int col = sw_key_column(s, k0->start);
    if (col < 0)
        return false;
    uint32_t l0 = sw_source_line_of(s, k0->start), ls = k0->start - (uint32_t)col;
    const char *eol = "\n";
    uint32_t at = ls;
    for (uint32_t i = 0; i < prov->len; i++) {
        const y_node *k = prov->u.map.pairs[i].key, *v = prov->u.map.pairs[i].val;
        uint32_t kl = sw_source_line_of(s, k->start);
        if (y_key_is(k, "name") && v && v->kind == Y_SCALAR && sw_source_line_of(s, v->end) == kl) {
            at = sw_line_next(s, kl);
            eol = sw_line_break(s, k->start);
            break;
        }
    }
    if (at == ls && l0 > 0)
        eol = sw_line_break(s, s->lines[l0 - 1]);
    bool glue =
        at == s->len && s->len && s->text[s->len - 1] != '\n' && s->text[s->len - 1] != '\r';
    sw_fix_edit(c, f, at, at,
                sw_printf(c->a, "%s%*sruntime: %s%s", glue ? eol : "", col, "",
                          rt, glue ? "" : eol));
    return true;
}

static void check_ws072(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root || !svc->provider || c->doc->truncated)
        return;
    const y_node *rkey, *rt = y_get_pair(svc->provider, "runtime", &rkey);
    if (sw_present(rt))
        return;
    const char **names = sw_alloc(c->a, sizeof *names * (svc->nfns + 1));
    uint32_t n = 0;
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *fn = &svc->fns[i];
        if (fn->node && !sw_present(y_get(fn->node, "image")) &&
            !sw_present(y_get(fn->node, "runtime")))
            names[n++] = fn->name;
    }
    if (!n)
        return;
    const char *def = svc->fwversion ? sw_default_runtime(svc) : NULL;
    const char *who = sw_fn_names(c->a, names, n);
    const char *fv = y_known_str(svc->fwversion);
    const char *why;
    if (def)
        why = sw_printf(c->a,
                        "SF v%d deploys %s on its default runtime, '%s'; set 'runtime: "
                        "%s' under provider to make that explicit (WS070 judges its dates)",
                        sw_svc_fw_major(svc), n == 1 ? "it" : "them", def, def);
    else
        why = sw_printf(c->a,
                        "the default depends on the Framework that deploys %s (nodejs14.x "
                        "on v3, nodejs20.x on v4) and %s; set provider.runtime explicitly",
                        n == 1 ? "it" : "them",
                        !svc->fwversion ? "frameworkVersion is not set"
                        : fv ? sw_printf(c->a, "frameworkVersion '%s' pins no single default", fv)
                             : "frameworkVersion pins no single default");
    const y_node *pkey;
    y_get_pair(svc->root, "provider", &pkey);
    bool explicit_null = sw_own_key(rkey, svc->provider);
    const y_node *at = explicit_null ? rkey : pkey ? pkey : svc->provider;
    sw_diag *d = sw_report(c, at, 0, "no runtime is set in provider or in %s: %s", who, why);
    if (!def || (pkey && pkey->parent != svc->root))
        return; /* no single default, or provider merged in from elsewhere */
    sw_fix *f = sw_fix_new(c, d, true, "set provider.runtime to '%s'", def);
    bool ok;
    if (explicit_null) {
        const y_node *v = y_deref(rt);
        if (v && v->end > v->start)
            ok = sw_fix_scalar(c, f, v, def);
        else if ((ok = rkey->style == Y_PLAIN && c->src->text[rkey->end] == ':'))
            sw_fix_edit(c, f, rkey->end + 1, rkey->end + 1, sw_printf(c->a, " %s", def));
    } else {
        ok = rkey == NULL && insert_runtime(c, f, svc->provider, def);
    }
    if (!ok)
        d->fix = NULL;
}

const sw_rule sw_ws072 = {
    .code = "WS072",
    .name = "runtime-not-set",
    .summary = "no runtime is set, so the Framework's version-dependent default applies",
    .severity = SW_SEV_INFO,
    .flags = SW_RULE_FIXABLE,
    .check = check_ws072,
};

/* ---- WS073 runtime-not-in-sf3-schema ---------------------------------- */

static void judge_schema(sw_ctx *c, const y_node *rt, const char *path)
{
    const char *id = y_known_str(rt);
    if (!id)
        return;
    size_t len = strlen(id);
    sw_rt_class cls = sw_runtime_classify(id, len);
    const sw_runtime *r = sw_runtime_find(id, len);
    if (cls == SW_RT_UNKNOWN || (r && r->sf3_enum))
        return; /* a typo is WS070's; listed runtimes pass SF's schema */
    if (r && r->block_update && c->opts->as_of >= r->block_update)
        return; /* no longer deployable at all: WS070 */
    const char *what = "is missing from SF v3's runtime list (3.38 to 3.40, the last v3, stop "
                       "at nodejs20.x and python3.11)";
    sw_diag *d;
    if (c->svc->validation == SW_VALIDATION_ERROR)
        d = sw_report(c, y_deref(rt), SW_SEV_ERROR,
                      "runtime '%s' %s: with configValidationMode: error SF stops with "
                      "\"Configuration error at '%s'\"; move to SF v4 (frameworkVersion: '4'), or "
                      "set configValidationMode to warn",
                      id, what, path);
    else
        d = sw_report(c, y_deref(rt), 0,
                      "runtime '%s' %s: SF warns \"at '%s': must be equal to one of the allowed "
                      "values\" and deploys it anyway; move to SF v4 (frameworkVersion: '4') to "
                      "silence the warning, or accept it",
                      id, what, path);
    if (rt->kind == Y_ALIAS)
        sw_add_related(c, d, rt, "reached from %s through this alias", path);
}

static void check_ws073(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root || sw_svc_fw_major(svc) != 3 || svc->validation == SW_VALIDATION_OFF)
        return;
    const y_node **done = sw_alloc(c->a, sizeof *done * (svc->nfns + 1));
    uint32_t ndone = 0;
    const y_node *prt = y_get(svc->provider, "runtime");
    if (prt) {
        done[ndone++] = y_deref(prt);
        judge_schema(c, prt, "provider.runtime");
    }
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const y_node *rt = y_get(svc->fns[i].node, "runtime");
        bool seen = false;
        for (uint32_t k = 0; k < ndone && !seen; k++)
            seen = done[k] == y_deref(rt);
        if (!rt || seen)
            continue;
        done[ndone++] = y_deref(rt);
        judge_schema(c, rt, sw_printf(c->a, "functions.%s.runtime", svc->fns[i].name));
    }
}

const sw_rule sw_ws073 = {
    .code = "WS073",
    .name = "runtime-not-in-sf3-schema",
    .summary = "runtime valid on AWS but missing from SF v3's schema, so SF warns or stops",
    .severity = SW_SEV_INFO,
    .flags = 0,
    .check = check_ws073,
};
