/*
 * The route-key rules, WS010-WS013 (RULES.md F6, F18): reserved `$` keys
 * that are not predefined routes, characters CloudFormation refuses in the
 * logical ID Serverless builds from the key, duplicate keys, and distinct
 * keys whose logical IDs collide. Only known route strings are judged.
 */
#include "../rule.h"
#include "../strmap.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const predefined[] = {"$connect", "$disconnect", "$default", NULL};

/* ---- WS010 ---- */

static void check_ws010(sw_ctx *c)
{
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        const char *r = e->route_str;
        if (!r || r[0] != '$')
            continue;
        const char *canon = NULL;
        bool exact = false;
        for (int k = 0; predefined[k]; k++) {
            if (strcmp(r, predefined[k]) == 0)
                exact = true;
            else if (strcasecmp(r, predefined[k]) == 0)
                canon = predefined[k];
        }
        if (exact)
            continue;
        if (canon) {
            sw_diag *d = sw_report(c, e->route, 0,
                                   "route '%s' is not a predefined route: keys are "
                                   "case-sensitive and '$' is reserved; use '%s'",
                                   r, canon);
            sw_fix *f = sw_fix_new(c, d, true, "use '%s'", canon);
            if (!sw_fix_scalar(c, f, e->route, canon))
                d->fix = NULL;
        } else {
            sw_diag *d = sw_report(c, e->route, 0,
                                   "route '%s' starts with '$', which API Gateway reserves for "
                                   "$connect, $disconnect and $default: the deploy fails; drop "
                                   "the '$' (clients must send the new key)",
                                   r);
            sw_fix *f = sw_fix_new(c, d, false, "rename the route to '%s'", r + 1);
            if (!r[1] || !sw_fix_scalar(c, f, e->route, r + 1))
                d->fix = NULL;
        }
    }
}

/* ---- logical IDs (F6) ---- */

/* SF's getNormalizedWebsocketsRouteKey: five characters are spelled out
   (every occurrence from v2; v1 replaced only the first of each). */
static const char *logical_id(sw_arena *a, const char *route, bool v1)
{
    static const char chars[] = "$/-_.";
    static const char *const sub[] = {"S", "Slash", "Dash", "Underscore", "Period"};
    if (!strpbrk(route, chars))
        return route; /* nothing to spell out (the usual route): no copy */
    /* two passes: the length, then the text (one exact allocation) */
    char *out = NULL;
    size_t len = 0;
    for (int pass = 0; pass < 2; pass++) {
        bool done[5] = {false};
        size_t o = 0;
        for (const char *p = route; *p; p++) {
            const char *rep = NULL;
            const char *at = strchr(chars, *p);
            int k = at ? (int)(at - chars) : -1; /* (*p is never the NUL) */
            if (k >= 0 && !(v1 && done[k]))
                rep = sub[k], done[k] = true;
            if (!rep) {
                if (out)
                    out[o] = *p;
                o++;
                continue;
            }
            size_t l = strlen(rep);
            if (out)
                memcpy(out + o, rep, l);
            o += l;
        }
        len = o;
        if (!out)
            out = sw_alloc(a, len + 1);
    }
    out[len] = 0;
    return out;
}

static bool fw_v1_only(const sw_service *s)
{
    return sw_svc_fw_major(s) == 1;
}

/* ---- WS011 ---- */

static void check_ws011(sw_ctx *c)
{
    bool v1 = fw_v1_only(c->svc);
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        const char *r = e->route_str;
        if (!r)
            continue;
        const char *id = logical_id(c->a, r, v1);
        const char *bad = NULL;
        for (const char *p = id; *p; p++)
            if (!isalnum((unsigned char)*p)) {
                bad = p;
                break;
            }
        if (bad && v1 && strchr("$/-_.", *bad)) {
            sw_report(c, e->route, 0,
                      "route '%s' repeats '%c': Serverless 1.x spells out only its first "
                      "occurrence, so the logical ID '%sWebsocketsRoute' keeps the others and "
                      "CloudFormation rejects it as non-alphanumeric; use each of $ / _ . - "
                      "at most once, or upgrade Serverless",
                      r, *bad, id);
        } else if (bad) {
            char shown[16];
            if (*bad == ' ')
                strcpy(shown, "space");
            else if ((unsigned char)*bad >= 0x80)
                strcpy(shown, "non-ASCII");
            else
                snprintf(shown, sizeof shown, "'%c'", *bad);
            sw_report(c, e->route, 0,
                      "route '%s' has a %s character: Serverless builds the CloudFormation "
                      "logical ID '%sWebsocketsRoute' from it, which CloudFormation rejects "
                      "as non-alphanumeric; use letters, digits and $ / _ . - only",
                      r, shown, id);
        } else if (strlen(id) + strlen("WebsocketsRoute") > 255) {
            sw_report(c, e->route, 0,
                      "route '%.40s...' makes a CloudFormation logical ID longer than 255 "
                      "characters; shorten the route key",
                      r);
        }
    }
}

/* ---- WS012 and WS013: one pass that pairs routes by key and by logical ID ---- */

static void check_ws012(sw_ctx *c)
{
    if (c->svc->functions_partial)
        return;
    sw_strmap first = {0};
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        if (!e->route_str)
            continue;
        const sw_wsevent *f = sw_strmap_get(&first, e->route_str);
        if (!f) {
            sw_strmap_put(&first, e->route_str, (void *)e);
            continue;
        }
        sw_diag *d;
        if (f->fn == e->fn)
            d = sw_report(c, e->route, SW_SEV_INFO,
                          "route '%s' is declared twice in function '%s'; remove the "
                          "repeat",
                          e->route_str, e->fn->name);
        else
            d = sw_report(c, e->route, 0,
                          "route '%s' is already handled by function '%s': Serverless "
                          "keeps only one integration (the last one wins); keep one "
                          "handler",
                          e->route_str, f->fn->name);
        sw_add_related(c, d, f->route, "first declared here");
    }
    sw_strmap_free(&first);
}

static void check_ws013(sw_ctx *c)
{
    if (c->svc->functions_partial)
        return;
    bool v1 = fw_v1_only(c->svc);
    sw_strmap first = {0};
    for (uint32_t i = 0; i < c->svc->nws; i++) {
        const sw_wsevent *e = c->svc->ws[i];
        if (!e->route_str)
            continue;
        const char *id = logical_id(c->a, e->route_str, v1);
        const sw_wsevent *f = sw_strmap_get(&first, id);
        if (!f) {
            sw_strmap_put(&first, id, (void *)e);
            continue;
        }
        if (strcmp(e->route_str, f->route_str) == 0)
            continue; /* the same key twice is WS012 */
        sw_diag *d = sw_report(c, e->route, 0,
                               "routes '%s' and '%s' both become the logical ID "
                               "'%sWebsocketsRoute': Serverless merges them into one "
                               "route and one handler is lost; rename one",
                               f->route_str, e->route_str, id);
        sw_add_related(c, d, f->route, "'%s' declared here", f->route_str);
    }
    sw_strmap_free(&first);
}

const sw_rule sw_ws010 = {
    .code = "WS010", .name = "route-reserved-prefix",
    .summary = "route starting with '$' that is not $connect, $disconnect or $default",
    .severity = SW_SEV_ERROR, .flags = SW_RULE_FIXABLE, .check = check_ws010,
};
const sw_rule sw_ws011 = {
    .code = "WS011", .name = "route-invalid-characters",
    .summary = "route key whose logical ID CloudFormation rejects",
    .severity = SW_SEV_ERROR, .check = check_ws011,
};
const sw_rule sw_ws012 = {
    .code = "WS012", .name = "route-duplicate",
    .summary = "the same route key declared more than once",
    .severity = SW_SEV_ERROR, .check = check_ws012,
};
const sw_rule sw_ws013 = {
    .code = "WS013", .name = "route-logical-id-collision",
    .summary = "different route keys that normalize to the same logical ID",
    .severity = SW_SEV_ERROR, .check = check_ws013,
};
