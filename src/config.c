/*
 * Finding, reading and applying `.slsws.yml` (see config.h). The file is
 * read with the same YAML document model as a serverless.yml, so errors
 * come with exact positions.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "rule.h"
#include "ydoc.h"
#include "yscalar.h"

int sw_parse_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return -1;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    return y * 10000 + m * 100 + d;
}

void sw_config_free(sw_config *cfg)
{
    for (size_t i = 0; i < cfg->nignore; i++)
        free(cfg->ignore[i]);
    free(cfg->ignore);
    free(cfg->path);
    free(cfg->dir);
    memset(cfg, 0, sizeof *cfg);
}

static int fail(char *err, size_t n, const sw_source *src, const y_node *at, const char *msg,
                const char *arg)
{
    sw_pos p = sw_source_pos(src, at ? at->start : 0, SW_UNIT_CP);
    char what[256];
    snprintf(what, sizeof what, msg, arg);
    snprintf(err, n, "%s:%u:%u: %s", src->path, p.line + 1, p.col + 1, what);
    return -1;
}

static const char *str_of(const y_node *n)
{
    n = y_deref(n);
    return n && n->kind == Y_SCALAR ? n->str : NULL;
}

int sw_config_load(const char *path, sw_config *cfg, char *err, size_t errlen)
{
    memset(cfg, 0, sizeof *cfg);
    memset(cfg->sev, -1, sizeof cfg->sev);
    cfg->fail_level = -1;
    sw_text text;
    if (sw_read_file(path, &text) != 0) {
        snprintf(err, errlen, "%s: cannot read the configuration: %s", path, sw_read_error(errno));
        return -1;
    }
    sw_arena a;
    sw_arena_init(&a);
    sw_source src;
    char *shown = sw_display_path(path);
    sw_source_init(&src, &a, sw_strdup(&a, shown), text.p, text.len);
    free(shown);
    y_doc *doc = y_parse(&a, &src, false);
    int rc = 0;
    const y_node *root = y_deref(doc->root);
    if (doc->nproblems) {
        const y_problem *p = &doc->problems[0];
        sw_pos pos = sw_source_pos(&src, p->start, SW_UNIT_CP);
        snprintf(err, errlen, "%s:%u:%u: %s", src.path, pos.line + 1, pos.col + 1, p->msg);
        rc = -1;
    } else if (root && root->kind != Y_MAP) {
        rc = fail(err, errlen, &src, root, "the configuration must be a mapping%s", "");
    }
    for (uint32_t i = 0; rc == 0 && root && i < root->len; i++) {
        const y_node *k = root->u.map.pairs[i].key, *v = y_deref(root->u.map.pairs[i].val);
        const char *key = str_of(k);
        if (!key) {
            rc = fail(err, errlen, &src, k, "a key must be a string%s", "");
        } else if (strcmp(key, "rules") == 0) {
            if (!v || (v->kind != Y_MAP && !(v->kind == Y_SCALAR && y_scalar_type(v) == Y_T_NULL))) {
                rc = fail(err, errlen, &src, v ? v : k, "'rules' must map codes to %s",
                          "error, warning, info or off");
                break;
            }
            for (uint32_t j = 0; v->kind == Y_MAP && j < v->len && rc == 0; j++) {
                const y_node *rk = v->u.map.pairs[j].key, *rv = v->u.map.pairs[j].val;
                const char *code = str_of(rk), *sev = str_of(rv);
                const sw_rule *r = code ? sw_rule_find(code) : NULL;
                int s = sev ? sw_sev_parse(sev) : -1;
                if (!r)
                    rc = fail(err, errlen, &src, rk, "unknown rule '%s' (see 'slsws rules')",
                              code ? code : "?");
                else if (s < 0)
                    rc = fail(err, errlen, &src, rv ? rv : rk,
                              "unknown severity '%s' (error, warning, info or off)",
                              sev ? sev : "?");
                else
                    cfg->sev[sw_rule_index(r)] = (signed char)s;
            }
        } else if (strcmp(key, "fail-level") == 0) {
            const char *s = str_of(v);
            int lv = s ? sw_sev_parse(s) : -1;
            if (lv <= 0)
                rc = fail(err, errlen, &src, v ? v : k,
                          "unknown fail-level '%s' (error, warning or info)", s ? s : "?");
            else
                cfg->fail_level = lv;
        } else if (strcmp(key, "as-of") == 0) {
            const char *s = str_of(v);
            int d = s ? sw_parse_date(s) : -1;
            if (d < 0)
                rc = fail(err, errlen, &src, v ? v : k, "invalid as-of date '%s' (YYYY-MM-DD)",
                          s ? s : "?");
            else
                cfg->as_of = d;
        } else if (strcmp(key, "ignore-paths") == 0) {
            if (!v || v->kind != Y_SEQ) {
                rc = fail(err, errlen, &src, v ? v : k, "'ignore-paths' must be a list of %s",
                          "globs");
                break;
            }
            cfg->ignore = sw_xrealloc(NULL, sizeof(char *) * (v->len ? v->len : 1));
            for (uint32_t j = 0; j < v->len && rc == 0; j++) {
                const char *g = str_of(v->u.seq.items[j]);
                if (!g || !*g)
                    rc = fail(err, errlen, &src, v->u.seq.items[j],
                              "an ignore-paths entry must be a glob string%s", "");
                else
                    cfg->ignore[cfg->nignore++] = strdup(g);
            }
        } else {
            static const char *const known[] = {"rules", "fail-level", "ignore-paths", "as-of", NULL};
            const char *near = sw_nearest(key, known, 3);
            char msg[160];
            snprintf(msg, sizeof msg, "unknown key '%%s'%s%s%s", near ? " (did you mean '" : "",
                     near ? near : "", near ? "'?)" : " (rules, fail-level, ignore-paths, as-of)");
            rc = fail(err, errlen, &src, k, msg, key);
        }
    }
    sw_arena_free(&a);
    sw_text_release(&text);
    if (rc == 0) {
        cfg->path = strdup(path);
        const char *slash = strrchr(path, '/');
        cfg->dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    } else {
        sw_config_free(cfg);
    }
    return rc;
}

char *sw_config_find(const char *dir)
{
    char cur[PATH_MAX];
    if (!realpath(dir, cur))
        return NULL;
    for (;;) {
        char cand[PATH_MAX + 16];
        struct stat st;
        snprintf(cand, sizeof cand, "%s/.slsws.yml", strcmp(cur, "/") == 0 ? "" : cur);
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode))
            return strdup(cand);
        snprintf(cand, sizeof cand, "%s/.git", strcmp(cur, "/") == 0 ? "" : cur);
        if (stat(cand, &st) == 0)
            return NULL; /* the repository root: look no further */
        char *slash = strrchr(cur, '/');
        if (!slash || slash == cur) {
            if (strcmp(cur, "/") == 0)
                return NULL;
            strcpy(cur, "/");
            continue;
        }
        *slash = 0;
    }
}

bool sw_config_ignores(const sw_config *cfg, const char *file)
{
    if (!cfg->nignore)
        return false;
    char abs[PATH_MAX], base[PATH_MAX];
    if (!realpath(file, abs) || !realpath(cfg->dir, base))
        return false;
    size_t n = strlen(base);
    const char *rel = strncmp(abs, base, n) == 0 && abs[n] == '/' ? abs + n + 1 : abs;
    for (size_t i = 0; i < cfg->nignore; i++) {
        const char *g = cfg->ignore[i];
        /* a glob ending in a slash, or in slash-star-star, covers a whole directory */
        size_t gl = strlen(g);
        if ((gl > 1 && g[gl - 1] == '/' && strncmp(rel, g, gl) == 0) ||
            (gl > 3 && strcmp(g + gl - 3, "/**") == 0 && strncmp(rel, g, gl - 2) == 0))
            return true;
        if (fnmatch(g, rel, 0) == 0)
            return true;
    }
    return false;
}
