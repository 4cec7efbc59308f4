/*
 * WS070: Lambda runtime lifecycle. AWS retires a runtime in phases: first it
 * is deprecated (no more patches), then creating functions on it is blocked,
 * then updating them, so deploys fail (RULES.md F30). The dates move often
 * (F31), so they come from the dated table in runtimes.c and are judged
 * against --as-of. Each function's effective runtime is judged: its own
 * `runtime`, else `provider.runtime`, else the Framework's default (F13),
 * which is judged only when `frameworkVersion` pins a major. Image functions
 * have no managed runtime. Each runtime node is reported once, where it is
 * written; a provider runtime that no function inherits is only info.
 */
#include "common.h"

#include <stdarg.h>
#include <string.h>

#include "../runtimes.h"

#define INFO_WINDOW 180 /* days before deprecation that earn an info */

/* Days since 1970-01-01 for a yyyymmdd date (proleptic Gregorian). */
static long days_of(int ymd)
{
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static const char *date_str(sw_arena *a, int ymd)
{
    return sw_printf(a, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100, ymd % 100);
}

/* What is being judged, for the message. */
typedef struct judged {
    const y_node *at;        /* where to report */
    const y_node *value;     /* the runtime scalar (NULL for a default) */
    const char *id;
    const char *subject;     /* "runtime 'nodejs14.x'" */
    bool capped;             /* provider runtime no function inherits: info at most */
} judged;

/* The replacement to suggest for an id ("" when none is newer). */
static const char *successor_of(const char *id, const sw_runtime *row)
{
    const char *s = row && row->successor ? row->successor
                                          : sw_runtime_family_latest(id, strlen(id));
    return s && strcmp(s, id) != 0 ? s : "";
}

/* "move to 'nodejs24.x'", with the SF v3 schema caveat for Node (WS073). */
static const char *advice(sw_ctx *c, const judged *j, const char *succ, const char *verb)
{
    if (!*succ)
        return "no newer runtime of this family is known to slsws yet";
    const char *how = j->value ? sw_printf(c->a, "%s '%s'", verb, succ)
                               : sw_printf(c->a, "set 'runtime: %s' under provider", succ);
    const sw_runtime *sr = sw_runtime_find(succ, strlen(succ));
    if (sw_svc_fw_major(c->svc) == 3 && strncmp(j->id, "nodejs", 6) == 0 && sr &&
        !sr->sf3_enum)
        how = sw_printf(c->a,
                        "%s; SF v3's schema does not list nodejs22.x or nodejs24.x (see "
                        "WS073), so the move comes with an upgrade to SF v4",
                        how);
    return how;
}

/* Reports at j->at. A capped judgement (a provider runtime no function
   inherits) is info at most and says only the state ("is deprecated since
   ...") and what to do with the unused setting; to is the suggested id. */
static sw_diag *say(sw_ctx *c, const judged *j, sw_severity sev, const char *state,
                    const char *to, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static sw_diag *say(sw_ctx *c, const judged *j, sw_severity sev, const char *state,
                    const char *to, const char *fmt, ...)
{
    if (j->capped)
        return sw_report(c, j->at, SW_SEV_INFO,
                         "provider runtime '%s' is used by no function (%s) and %s; %s",
                         j->id,
                         c->svc->nfns ? "each sets its own runtime or an image"
                                      : "the service has none",
                         state,
                         *to ? sw_printf(c->a, "change it to '%s' or remove it", to)
                             : "remove it");
    va_list ap;
    va_start(ap, fmt);
    const char *msg = sw_vprintf(c->a, fmt, ap);
    va_end(ap);
    return sw_report(c, j->at, sev, "%s", msg);
}

/* Offers the replacement as a quick-fix: code may need changes first (WS071). */
static void offer(sw_ctx *c, sw_diag *d, const judged *j, const char *to)
{
    if (!d || !j->value || !*to || j->value->kind != Y_SCALAR)
        return;
    sw_fix *f = sw_fix_new(c, d, false, "change the runtime to '%s'", to);
    if (!sw_fix_scalar(c, f, j->value, to))
        d->fix = NULL;
}

/* The table id nearest to id (edit distance 2 at most). Ties go to the
   runtimes still deployable on the judging date ("nodejs20" is as close to
   the 2016 "nodejs" as to "nodejs20.x"); a remaining tie ("nodejs19.x" is
   as close to 16.x as to 18.x) gives NULL, and the family's newest runtime
   is suggested instead. */
static const char *nearest_id(const char *id, int now)
{
    int bestd = 3;
    for (size_t i = 0; i < sw_runtime_count; i++) {
        int d = sw_edit_distance(id, sw_runtime_table[i].id, true);
        if (d < bestd)
            bestd = d;
    }
    const char *any = NULL, *live = NULL;
    int nany = 0, nlive = 0;
    for (size_t i = 0; bestd <= 2 && i < sw_runtime_count; i++) {
        const sw_runtime *r = &sw_runtime_table[i];
        if (sw_edit_distance(id, r->id, true) != bestd)
            continue;
        any = r->id;
        nany++;
        if (!r->block_update || now < r->block_update) {
            live = r->id;
            nlive++;
        }
    }
    return nany == 1 ? any : nlive == 1 ? live : NULL;
}

static void judge(sw_ctx *c, const judged *j)
{
    size_t len = strlen(j->id);
    sw_rt_class cls = sw_runtime_classify(j->id, len);
    if (cls == SW_RT_UNKNOWN) {
        const char *near = nearest_id(j->id, c->opts->as_of);
        const char *fam = sw_runtime_family_latest(j->id, len);
        const char *hint = near ? sw_printf(c->a, "; did you mean '%s'?", near)
                           : fam ? sw_printf(c->a, "; the newest of its family is '%s'", fam)
                                 : "";
        sw_diag *d = say(c, j, SW_SEV_ERROR, "is not an AWS Lambda runtime identifier",
                         near ? near : "",
                         "unknown runtime '%s': not an AWS Lambda runtime identifier%s", j->id,
                         hint);
        if (d)
            d->tags &= ~SW_TAG_DEPRECATED; /* a typo, not a deprecation */
        offer(c, d, j, near ? near : "");
        return;
    }
    if (cls == SW_RT_NEWER) {
        sw_diag *nd = say(c, j, SW_SEV_INFO, "is newer than slsws's runtime data", "",
            "%s is newer than slsws's runtime data (checked %s): its deprecation dates "
            "are not known",
            j->subject, sw_runtime_checked);
        if (nd)
            nd->tags &= ~SW_TAG_DEPRECATED;
        return;
    }
    const sw_runtime *r = sw_runtime_find(j->id, len);
    if (!r)
        return;
    int now = c->opts->as_of;
    const char *succ = successor_of(j->id, r);
    sw_arena *a = c->a;
    sw_diag *d = NULL;
    if (r->block_update && now >= r->block_update) {
        const char *when = !r->block_create || r->block_create == r->block_update
            ? sw_printf(a, "creating and updating functions on it since %s",
                        date_str(a, r->block_update))
            : sw_printf(a, "updating functions on it since %s (creating them since %s)",
                        date_str(a, r->block_update), date_str(a, r->block_create));
        d = say(c, j, SW_SEV_ERROR,
                sw_printf(a, "can no longer be deployed since %s", date_str(a, r->block_update)),
                succ,
                "%s can no longer be deployed: AWS Lambda blocks %s, so deploys fail; %s",
                j->subject, when, advice(c, j, succ, "move to"));
    } else if (r->block_create && now >= r->block_create) {
        d = say(c, j, SW_SEV_WARNING,
                sw_printf(a, "is deprecated (creating functions on it is blocked since %s)",
                          date_str(a, r->block_create)),
                succ,
                "%s is deprecated: new functions and new stages can no longer be created "
                "since %s; existing ones still update until %s; %s",
                j->subject, date_str(a, r->block_create),
                r->block_update ? date_str(a, r->block_update) : "AWS announces a date",
                advice(c, j, succ, "move to"));
    } else if (r->deprecated && now >= r->deprecated) {
        d = say(c, j, SW_SEV_WARNING,
                sw_printf(a, "is deprecated since %s", date_str(a, r->deprecated)), succ,
                "%s is deprecated since %s (no more security patches): creating functions "
                "on it is blocked from %s and updating them from %s; %s",
                j->subject, date_str(a, r->deprecated),
                r->block_create ? date_str(a, r->block_create) : "a date to be announced",
                r->block_update ? date_str(a, r->block_update) : "a date to be announced",
                advice(c, j, succ, "move to"));
    } else if (r->deprecated && days_of(r->deprecated) - days_of(now) <= INFO_WINDOW) {
        d = say(c, j, SW_SEV_INFO,
                sw_printf(a, "will be deprecated on %s", date_str(a, r->deprecated)), succ,
                "%s will be deprecated on %s (in %ld days): creating functions on it is "
                "blocked from %s and updating them from %s; %s",
                j->subject, date_str(a, r->deprecated), days_of(r->deprecated) - days_of(now),
                r->block_create ? date_str(a, r->block_create) : "a date to be announced",
                r->block_update ? date_str(a, r->block_update) : "a date to be announced",
                advice(c, j, succ, "plan a move to"));
    }
    offer(c, d, j, succ);
}

/* The runtime nodes judged so far (one node reached from several
   functions through aliases or merges is judged once): open addressing,
   sized for every function's node and the provider's. */
typedef struct nodeset {
    const y_node **v;
    uint32_t mask;
} nodeset;

static nodeset nodeset_new(sw_arena *a, uint32_t n)
{
    uint32_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    return (nodeset){sw_alloc(a, sizeof(const y_node *) * cap), cap - 1};
}

/* Whether x is in s; adds it when add is set. */
static bool nodeset_has(nodeset *s, const y_node *x, bool add)
{
    uint32_t h = (uint32_t)((uintptr_t)x >> 4) * 2654435761u & s->mask;
    for (; s->v[h]; h = (h + 1) & s->mask)
        if (s->v[h] == x)
            return true;
    if (add)
        s->v[h] = x;
    return false;
}

static void check_ws070(sw_ctx *c)
{
    const sw_service *svc = c->svc;
    if (!svc->root)
        return;
    nodeset done = nodeset_new(c->a, svc->nfns + 1);
    bool inherits = svc->functions_partial;
    for (uint32_t i = 0; i < svc->nfns; i++) {
        const sw_function *fn = &svc->fns[i];
        if (!fn->node) {
            inherits = true; /* unknown content: it may inherit */
            continue;
        }
        if (fn->image)
            continue;
        const y_node *rt = y_deref(fn->runtime);
        if (!rt || (rt->kind == Y_SCALAR && y_scalar_type(rt) == Y_T_NULL)) {
            inherits = true;
            continue;
        }
        const char *id = y_known_str(rt);
        if (!id || nodeset_has(&done, rt, true))
            continue;
        judged j = {rt, rt, id, sw_printf(c->a, "runtime '%s'", id), false};
        judge(c, &j);
    }
    const y_node *prt = y_deref(y_get(svc->provider, "runtime"));
    bool prt_set = prt && !(prt->kind == Y_SCALAR && y_scalar_type(prt) == Y_T_NULL);
    if (prt_set) {
        const char *id = y_known_str(prt);
        if (!id || nodeset_has(&done, prt, false))
            return;
        judged j = {prt, prt, id, sw_printf(c->a, "runtime '%s'", id), !inherits};
        judge(c, &j);
        return;
    }
    /* No runtime anywhere for some function: the Framework's default. */
    if (!inherits || !svc->fwversion)
        return;
    const char *def = sw_default_runtime(svc);
    if (!def)
        return;
    judged j = {y_deref(svc->fwversion), NULL, def,
                sw_printf(c->a, "default runtime '%s' (no runtime is set, so SF v%d uses it)",
                          def, sw_svc_fw_major(svc)),
                false};
    judge(c, &j);
}

const sw_rule sw_ws070 = {
    .code = "WS070",
    .name = "runtime-lifecycle",
    .summary = "Lambda runtime deprecated, blocked or unknown as of the judging date",
    .severity = SW_SEV_ERROR,
    .flags = SW_RULE_DEPRECATION,
    .check = check_ws070,
};
