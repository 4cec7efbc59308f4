/*
 * The sarif format: one SARIF 2.1.0 log for the whole run, in the shape
 * GitHub code scanning accepts (ECOSYSTEM.md section 2). tool.driver.rules
 * lists every registered rule in registry order, so a result's ruleIndex is
 * the rule's registry index in every log; each rule carries its summary, the
 * first paragraph of its page and the whole embedded page as help. URIs are
 * relative to the current directory (file: URIs for files outside it),
 * columns are code points (columnKind says so: the Microsoft SDK reads a log
 * without columnKind as UTF-16), ends are exclusive.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rule.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* json_string refuses invalid UTF-8: messages quote user text, so clean it */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    return j ? j : json_string("(text that is not valid UTF-8)");
}

static json_t *jtext(const char *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", jstr(s));
    return o;
}

static const char *level_of(sw_severity s)
{
    switch (s) {
    case SW_SEV_ERROR: return "error";
    case SW_SEV_WARNING: return "warning";
    case SW_SEV_INFO: return "note";
    default: return "none";
    }
}

/* Removes "." segments and folds "dir/.." pairs; a leading ".." stays. */
static void normalize(char *p)
{
    bool abs = p[0] == '/';
    char **segs = malloc(sizeof *segs * (strlen(p) / 2 + 2)); /* a segment and its '/' */
    size_t n = 0, lead = 0; /* lead: leading ".." segments kept */
    for (char *save = NULL, *s = strtok_r(p, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (strcmp(s, ".") == 0)
            continue;
        if (strcmp(s, "..") == 0 && n > lead) {
            n--;
            continue;
        }
        if (strcmp(s, "..") == 0 && abs)
            continue; /* "/.." is "/" */
        if (strcmp(s, "..") == 0)
            lead++;
        segs[n++] = s;
    }
    sw_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (abs || i)
            sw_buf_putc(&b, '/');
        sw_buf_puts(&b, segs[i]);
    }
    if (!b.len)
        sw_buf_putc(&b, abs ? '/' : '.');
    memcpy(p, sw_buf_cstr(&b), b.len + 1); /* never longer than the input */
    sw_buf_release(&b);
    free(segs);
}

/* Percent-encodes everything but the unreserved characters, the sub-delims,
   '@' and '/': ':' too, so a relative path never reads as a scheme. */
static void encode(sw_buf *b, const char *s)
{
    static const char keep[] = "-._~!$&'()*+,;=@/";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr(keep, *p))
            sw_buf_putc(b, (char)*p);
        else
            sw_buf_printf(b, "%%%02X", *p);
    }
}

/* The artifact URI of a displayed path: relative when the file lies below
   the current directory, else an absolute file: URI. */
static json_t *artifact(const char *path)
{
    char cwd[4096];
    bool have_cwd = getcwd(cwd, sizeof cwd) != NULL;
    sw_buf uri = {0};
    char *rel = strdup(path);
    normalize(rel);
    bool outside = path[0] == '/' || strncmp(rel, "../", 3) == 0 || strcmp(rel, "..") == 0;
    if (!outside || (!have_cwd && path[0] != '/')) {
        encode(&uri, rel);
    } else {
        sw_buf full = {0};
        if (path[0] == '/')
            sw_buf_puts(&full, path);
        else
            sw_buf_printf(&full, "%s/%s", cwd, path);
        char *abs = strdup(sw_buf_cstr(&full));
        normalize(abs);
        size_t n = have_cwd ? strlen(cwd) : 0;
        if (n > 1 && strncmp(abs, cwd, n) == 0 && abs[n] == '/') {
            encode(&uri, abs + n + 1);
        } else {
            sw_buf_puts(&uri, "file://");
            encode(&uri, abs);
        }
        free(abs);
        sw_buf_release(&full);
    }
    json_t *o = json_object();
    json_object_set_new(o, "uri", json_string(sw_buf_cstr(&uri)));
    free(rel);
    sw_buf_release(&uri);
    return o;
}

static json_t *region(const sw_source *src, uint32_t start, uint32_t end)
{
    sw_range r = sw_diag_range(src, start, end);
    json_t *o = json_object();
    json_object_set_new(o, "startLine", json_integer(r.line));
    json_object_set_new(o, "startColumn", json_integer(r.col));
    json_object_set_new(o, "endLine", json_integer(r.end_line));
    json_object_set_new(o, "endColumn", json_integer(r.end_col));
    return o;
}

static json_t *location(const sw_source *src, uint32_t start, uint32_t end)
{
    json_t *phys = json_object(), *loc = json_object();
    json_object_set_new(phys, "artifactLocation", artifact(src->path));
    json_object_set_new(phys, "region", region(src, start, end));
    json_object_set_new(loc, "physicalLocation", phys);
    return loc;
}

json_t *sw_sarif_result(const sw_diag *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "ruleId", json_string(d->rule->code));
    json_object_set_new(o, "ruleIndex", json_integer(sw_rule_index(d->rule)));
    json_object_set_new(o, "level", json_string(level_of(d->sev)));
    json_object_set_new(o, "message", jtext(d->msg));
    json_t *locs = json_array();
    json_array_append_new(locs, location(d->src, d->start, d->end));
    json_object_set_new(o, "locations", locs);
    if (d->nrel) {
        json_t *rel = json_array();
        for (uint32_t i = 0; i < d->nrel; i++) {
            json_t *l = json_object();
            json_object_set_new(l, "id", json_integer(i + 1));
            json_t *at = location(d->rel[i].src, d->rel[i].start, d->rel[i].end);
            json_object_set(l, "physicalLocation", json_object_get(at, "physicalLocation"));
            json_decref(at);
            json_object_set_new(l, "message", jtext(d->rel[i].msg));
            json_array_append_new(rel, l);
        }
        json_object_set_new(o, "relatedLocations", rel);
    }
    if (d->fix && d->fix->safe) {
        /* what --fix would apply: byte edits of the finding's own file */
        json_t *reps = json_array();
        for (uint32_t i = 0; i < d->fix->n; i++) {
            const sw_edit *e = &d->fix->edits[i];
            json_t *rep = json_object();
            json_object_set_new(rep, "deletedRegion", region(d->src, e->start, e->end));
            json_object_set_new(rep, "insertedContent", jtext(e->text));
            json_array_append_new(reps, rep);
        }
        json_t *change = json_object(), *changes = json_array();
        json_object_set_new(change, "artifactLocation", artifact(d->src->path));
        json_object_set_new(change, "replacements", reps);
        json_array_append_new(changes, change);
        json_t *fix = json_object(), *fixes = json_array();
        json_object_set_new(fix, "description", jtext(d->fix->title));
        json_object_set_new(fix, "artifactChanges", changes);
        json_array_append_new(fixes, fix);
        json_object_set_new(o, "fixes", fixes);
    }
    return o;
}

static bool starts_block(const char *line)
{
    return strncmp(line, "- ", 2) == 0 || strncmp(line, "* ", 2) == 0 ||
           strncmp(line, "```", 3) == 0 || line[0] == '|' || line[0] == '#' ||
           (line[0] >= '0' && line[0] <= '9' && line[1] == '.' && line[2] == ' ');
}

/* The opening paragraph of the page's "What it checks" section (up to a
   blank line or a list, table or code block), its lines joined; the
   summary when the page has no such section. */
static json_t *full_description(const sw_rule *r, const char *page)
{
    const char *p = page ? strstr(page, "\n## What it checks\n") : NULL;
    if (!p)
        return jtext(r->summary);
    p = strchr(p + 1, '\n') + 1;
    while (*p == '\n')
        p++;
    sw_buf b = {0};
    while (*p && *p != '\n' && !starts_block(p)) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        while (n && p[n - 1] == ' ')
            n--;
        if (b.len)
            sw_buf_putc(&b, ' ');
        sw_buf_add(&b, p, n);
        p = eol ? eol + 1 : p + strlen(p);
        while (*p == ' ')
            p++;
    }
    json_t *o = jtext(b.len ? sw_buf_cstr(&b) : r->summary);
    sw_buf_release(&b);
    return o;
}

static json_t *rule_descriptor(const sw_rule *r)
{
    const char *page = sw_rule_doc(r->code);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(r->code));
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "shortDescription", jtext(r->summary));
    json_object_set_new(o, "fullDescription", full_description(r, page));
    if (page) {
        json_t *help = json_object();
        json_object_set_new(help, "text", jstr(page));
        json_object_set_new(help, "markdown", jstr(page));
        json_object_set_new(o, "help", help);
    }
    json_t *cfg = json_object();
    json_object_set_new(cfg, "level", json_string(level_of(r->severity)));
    json_object_set_new(o, "defaultConfiguration", cfg);
    return o;
}

static const char *uri_of(const json_t *result)
{
    const json_t *loc = json_array_get(json_object_get(result, "locations"), 0);
    return json_string_value(json_object_get(
        json_object_get(json_object_get(loc, "physicalLocation"), "artifactLocation"), "uri"));
}

void sw_sarif_print(FILE *out, json_t *results)
{
    /* files come in argument order, each one's findings sorted: sort by URI,
       stably, so the log does not depend on the order of the arguments */
    json_t *sorted = sw_json_sorted(results, uri_of);

    json_t *rules = json_array();
    for (size_t i = 0; i < sw_nrules; i++)
        json_array_append_new(rules, rule_descriptor(sw_rules[i]));
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("slsws"));
    json_object_set_new(driver, "version", json_string(SW_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(SW_VERSION));
    json_object_set_new(driver, "rules", rules);
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);
    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    json_object_set_new(run, "results", sorted);
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *log = json_object();
    json_object_set_new(log, "$schema", json_string(SARIF_SCHEMA));
    json_object_set_new(log, "version", json_string("2.1.0"));
    json_object_set_new(log, "runs", runs);
    char *s = json_dumps(log, JSON_INDENT(2));
    fputs(s, out);
    fputc('\n', out);
    free(s);
    json_decref(log);
}
