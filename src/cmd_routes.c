/*
 * `slsws routes`: the WebSocket API of each service at a glance. Collects
 * the inputs as `check` does (files, directories searched for service
 * files, `-`), runs the analysis without rules, reads each service's route
 * map (routemap.h) and prints it as an aligned table, JSON or one Mermaid
 * flowchart per service.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cli.h"
#include "cliopt.h"
#include "fsutil.h"
#include "routemap.h"
#include "strmap.h"
#include "utf8.h"

typedef enum { R_TABLE, R_JSON, R_MERMAID } r_format;

static const char routes_usage[] =
    "usage: slsws routes [options] [PATH...]\n"
    "\n"
    "Shows each service's WebSocket API: its name and route selection expression\n"
    "(or the external API it adds routes to), and every route with its function,\n"
    "handler (source file and line of the export), authorizer and identity source.\n"
    "PATH is as for check: a serverless.yml, serverless.yaml or serverless.json file,\n"
    "a directory searched for them, or - for stdin (default: .). Routes come\n"
    "$connect, $disconnect, $default, then the others sorted. A value slsws cannot\n"
    "resolve is shown as written and marked unknown.\n"
    "\n"
    "options:\n"
    "  --format FORMAT        table (default), json or mermaid\n"
    "  --stage NAME           the stage variables and the default API name use (default:\n"
    "                         provider.stage, else dev)\n"
    "  --region NAME          the region variables resolve for\n"
    "  --param KEY=VALUE      a ${param:KEY} value (repeatable)\n"
    "  --env                  let ${env:...} read the environment (default: its fallback)\n"
    "  --isolated             a missing ${file(...)} counts as unknown\n"
    "  --no-sources           do not read handler files (no file, export or line)\n"
    "  --stdin-filename NAME  the name to report for - (default: serverless.yml)\n"
    "\n"
    "formats:\n"
    "  table    per file a heading (the API's name and route selection expression),\n"
    "           then the columns ROUTE, FUNCTION, HANDLER (with the file and line of\n"
    "           its export, or what is missing), AUTHORIZER and IDENTITY SOURCE; '-'\n"
    "           is none and '(unknown)' follows a value shown as written\n"
    "  json     {\"version\": 1, \"services\": [...]}, an object per file (keys in\n"
    "           README.md); a value slsws cannot know is {\"unresolved\": TEXT}\n"
    "  mermaid  a flowchart per file, each opening with a '%% PATH' comment line\n"
    "\n"
    "exit status: 0 done; 1 some file has a YAML syntax error: what was read before\n"
    "it is shown and stderr names the line; 2 usage error or unreadable path.\n";

static int usage_error(const char *fmt, const char *arg)
{
    return sw_usage_error("routes", fmt, arg);
}

/* ---- table ---- */

/* A value for a terminal: control characters escaped, "(unknown)" added. */
static const char *cell(sw_arena *m, sw_rval v)
{
    if (!v.s)
        return "-";
    sw_buf b = {0};
    for (const unsigned char *p = (const unsigned char *)v.s; *p; p++) {
        if (*p == '\n') sw_buf_puts(&b, "\\n");
        else if (*p == '\t') sw_buf_puts(&b, "\\t");
        else if (*p < 0x20 || *p == 0x7f) sw_buf_printf(&b, "\\x%02x", *p);
        else sw_buf_putc(&b, (char)*p);
    }
    if (v.unknown)
        sw_buf_puts(&b, " (unknown)");
    const char *out = sw_strdup(m, b.len ? sw_buf_cstr(&b) : "");
    sw_buf_release(&b);
    return out;
}

static const char *handler_cell(sw_arena *m, const sw_route *r)
{
    const char *h = cell(m, r->handler);
    if (strcmp(r->status, "found") == 0)
        return sw_printf(m, "%s (%s:%u)", h, cell(m, (sw_rval){r->file, false}), r->line);
    if (strcmp(r->status, "file") == 0)
        return sw_printf(m, "%s (%s)", h, cell(m, (sw_rval){r->file, false}));
    if (strcmp(r->status, "no-export") == 0)
        return sw_printf(m, "%s (no '%s' in %s)", h, cell(m, (sw_rval){r->export, false}),
                         cell(m, (sw_rval){r->file, false}));
    if (strcmp(r->status, "no-file") == 0)
        return sw_printf(m, "%s (no source file)", h);
    return h;
}

static const char *auth_cell(sw_arena *m, const sw_route *r)
{
    if (!r->auth)
        return "-";
    if (r->whole.s)
        return cell(m, r->whole);
    if (r->arn.s && r->arn.unknown && r->name.s) /* an intrinsic arn beside a name */
        return sw_printf(m, "%s: %s", cell(m, r->name), cell(m, r->arn));
    if (r->arn.s)
        return cell(m, r->arn);
    if (r->name.s)
        return r->fn_missing ? sw_printf(m, "%s (no such function)", cell(m, r->name))
                             : cell(m, r->name);
    return "(no name or arn)";
}

static const char *ids_cell(sw_arena *m, const sw_route *r)
{
    if (!r->auth || r->whole.s)
        return "-";
    const char *s = "";
    for (uint32_t i = 0; i < r->nids; i++)
        s = sw_printf(m, "%s%s%s", s, i ? ", " : "", cell(m, r->ids[i]));
    return r->ids_default ? sw_printf(m, "%s (default)", s) : *s ? s : "-";
}

static size_t width(const char *s)
{
    size_t w = 0, n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = sw_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!k) {
            w++, i++;
            continue;
        }
        w += (size_t)sw_cp_width(cp);
        i += k;
    }
    return w;
}

static const char *heading(sw_arena *m, const sw_routemap *s)
{
    if (!s->api)
        return sw_printf(m, "%s: no websocket routes", s->path);
    if (s->external.s && !s->external.unknown)
        return sw_printf(m, "%s: external API %s (its name and route selection expression are "
                            "set where it was created)", s->path, cell(m, s->external));
    if (s->external.s) /* Serverless ignores name and expression if it names an API */
        return sw_printf(m, "%s: external API %s if that names one, else API %s, route "
                            "selection expression %s", s->path, cell(m, s->external),
                         cell(m, s->name), cell(m, s->rse));
    return sw_printf(m, "%s: API %s, route selection expression %s", s->path,
                     cell(m, s->name), cell(m, s->rse));
}

static void print_table(sw_arena *m, const sw_routemap *s, bool first)
{
    if (!first)
        putchar('\n');
    puts(heading(m, s));
    if (s->partial)
        puts("note: part of 'functions' is a value slsws cannot resolve: routes may be missing");
    if (!s->n)
        return;
    enum { NC = 5 };
    static const char *const head[NC] = {"ROUTE", "FUNCTION", "HANDLER", "AUTHORIZER",
                                         "IDENTITY SOURCE"};
    const char **c = sw_alloc(m, sizeof *c * NC * (s->n + 1));
    for (int k = 0; k < NC; k++)
        c[k] = head[k];
    for (uint32_t i = 0; i < s->n; i++) {
        const sw_route *r = &s->r[i];
        const char **row = c + NC * (i + 1);
        row[0] = r->key.s ? cell(m, r->key) : "(no route)";
        row[1] = cell(m, (sw_rval){r->fn->name, false});
        row[2] = handler_cell(m, r);
        row[3] = auth_cell(m, r);
        row[4] = ids_cell(m, r);
    }
    size_t w[NC] = {0};
    for (uint32_t i = 0; i <= s->n; i++)
        for (int k = 0; k < NC; k++)
            if (width(c[NC * i + k]) > w[k])
                w[k] = width(c[NC * i + k]);
    putchar('\n');
    for (uint32_t i = 0; i <= s->n; i++) {
        for (int k = 0; k < NC; k++) {
            const char *v = c[NC * i + k];
            fputs(v, stdout);
            if (k + 1 < NC)
                for (size_t p = width(v); p < w[k] + 2; p++)
                    putchar(' ');
        }
        putchar('\n');
    }
}

/* ---- json ---- */

/* A JSON string, invalid UTF-8 replaced by U+FFFD. */
static json_t *jstr(const char *s)
{
    size_t n = strlen(s);
    if (sw_utf8_check(s, n) == n)
        return json_string(s);
    sw_buf b = {0};
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = sw_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k)
            sw_buf_add(&b, s + i, k), i += k;
        else
            sw_buf_puts(&b, "\xef\xbf\xbd"), i++;
    }
    json_t *j = json_string(sw_buf_cstr(&b));
    sw_buf_release(&b);
    return j;
}

static json_t *jval(sw_rval v)
{
    if (!v.s)
        return json_null();
    if (v.unknown)
        return json_pack("{s:o}", "unresolved", jstr(v.s));
    return jstr(v.s);
}

static json_t *jopt(const char *s) { return s ? jstr(s) : json_null(); }

static json_t *route_json(const sw_route *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "route", jval(r->key));
    json_object_set_new(o, "function", jstr(r->fn->name));
    json_object_set_new(o, "handler", jval(r->handler));
    json_object_set_new(o, "handlerStatus", jstr(r->status));
    json_object_set_new(o, "file", jopt(r->file));
    json_object_set_new(o, "export", jopt(r->export));
    json_object_set_new(o, "line", r->line ? json_integer(r->line) : json_null());
    json_t *a = json_null();
    if (r->auth && r->whole.s) {
        a = jval(r->whole);
    } else if (r->auth) {
        a = json_object();
        json_object_set_new(a, "name", jval(r->name));
        json_object_set_new(a, "function", jopt(r->auth_fn));
        json_object_set_new(a, "arn", jval(r->arn));
        json_t *ids = json_array();
        for (uint32_t i = 0; i < r->nids; i++)
            json_array_append_new(ids, jval(r->ids[i]));
        json_object_set_new(a, "identitySource", ids);
        json_object_set_new(a, "defaultIdentitySource", json_boolean(r->ids_default));
    }
    json_object_set_new(o, "authorizer", a);
    json_object_set_new(o, "event", json_pack("{s:o,s:i}", "path", jstr(r->at_path), "line",
                                              (int)r->at_line));
    return o;
}

static json_t *service_json(const sw_routemap *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", jstr(s->path));
    json_t *api = json_null();
    if (s->api) {
        bool ext = s->external.s && !s->external.unknown;
        api = json_object();
        json_object_set_new(api, "name", ext ? json_null() : jval(s->name));
        json_object_set_new(api, "routeSelectionExpression", ext ? json_null() : jval(s->rse));
        json_object_set_new(api, "external", jval(s->external));
    }
    json_object_set_new(o, "api", api);
    json_object_set_new(o, "partial", json_boolean(s->partial));
    json_object_set_new(o, "truncated", json_boolean(s->truncated));
    json_t *rs = json_array();
    for (uint32_t i = 0; i < s->n; i++)
        json_array_append_new(rs, route_json(&s->r[i]));
    json_object_set_new(o, "routes", rs);
    return o;
}

/* ---- mermaid ---- */

/* A label for `["..."]` or `|"..."|`: entity codes for what Mermaid would
   read as markup, spaces for control characters. */
static void mm_text(sw_buf *b, const char *s)
{
    /* Mermaid strips the ';' of `style...:...#...;` lines: keep ':' out of them */
    bool colon = strstr(s, "style") || strstr(s, "classDef");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sw_buf_puts(b, "#quot;"); break;
        case '#': sw_buf_puts(b, "#35;"); break;
        case '<': sw_buf_puts(b, "#lt;"); break;
        case '>': sw_buf_puts(b, "#gt;"); break;
        case '&': sw_buf_puts(b, "#amp;"); break;
        case '`': sw_buf_puts(b, "#96;"); break;
        case ':': sw_buf_puts(b, colon ? "#58;" : ":"); break;
        default: sw_buf_putc(b, *p < 0x20 || *p == 0x7f ? ' ' : (char)*p);
        }
    }
}

/* A quoted label of lines joined by <br/>. */
static void mm_label(sw_buf *b, const char *l1, const char *l2)
{
    sw_buf_putc(b, '"');
    mm_text(b, l1);
    if (l2) {
        sw_buf_puts(b, "<br/>");
        mm_text(b, l2);
    }
    sw_buf_putc(b, '"');
}

static void print_mermaid(sw_arena *m, const sw_routemap *s, bool first)
{
    sw_buf b = {0};
    if (!first)
        sw_buf_putc(&b, '\n');
    sw_buf_printf(&b, "%%%% %s\nflowchart LR\n", cell(m, (sw_rval){s->path, false}));
    if (s->partial)
        sw_buf_puts(&b, "    %% part of 'functions' is a value slsws cannot resolve: routes "
                        "may be missing\n");
    if (!s->api) {
        sw_buf_puts(&b, "    none[");
        mm_label(&b, sw_printf(m, "%s: no websocket routes", s->path), NULL);
        sw_buf_puts(&b, "]\n");
        fwrite(b.p, 1, b.len, stdout);
        sw_buf_release(&b);
        return;
    }
    sw_buf_puts(&b, "    client([\"client\"])\n    api[");
    if (s->external.s && !s->external.unknown)
        mm_label(&b, "external API", cell(m, s->external));
    else if (s->external.s)
        mm_label(&b, sw_printf(m, "external API %s", cell(m, s->external)),
                 sw_printf(m, "else %s, %s", cell(m, s->name), cell(m, s->rse)));
    else
        mm_label(&b, cell(m, s->name), cell(m, s->rse));
    sw_buf_puts(&b, "]\n");
    /* nodes: one per function, one per distinct authorizer (ids + 1 in the maps) */
    uint32_t *fnode = sw_alloc(m, sizeof *fnode * (s->nfns + 1));
    uint32_t *fid = sw_alloc(m, sizeof *fid * (s->n + 1)), *aid = sw_alloc(m, sizeof *aid * (s->n + 1));
    uint32_t nf = 0, na = 0;
    sw_strmap auths = {0};
    for (uint32_t i = 0; i < s->n; i++) {
        const sw_route *r = &s->r[i];
        uint32_t *k = &fnode[r->fn - s->fns];
        if (!*k) {
            *k = ++nf;
            sw_buf_printf(&b, "    f%u[", nf - 1);
            mm_label(&b, r->fn->name, handler_cell(m, r));
            sw_buf_puts(&b, "]\n");
        }
        fid[i] = *k - 1;
        if (!r->auth)
            continue;
        const char *who = auth_cell(m, r), *ids = ids_cell(m, r);
        const char *akey = sw_printf(m, "%s\n%s", who, ids);
        uintptr_t a = (uintptr_t)sw_strmap_get(&auths, akey);
        if (!a) {
            a = ++na;
            sw_strmap_put(&auths, akey, (void *)a);
            sw_buf_printf(&b, "    a%u{{", na - 1);
            mm_label(&b, sw_printf(m, "authorizer %s", who),
                     strcmp(ids, "-") ? sw_printf(m, "identity source: %s", ids) : NULL);
            sw_buf_puts(&b, "}}\n");
        }
        aid[i] = (uint32_t)a - 1;
    }
    sw_strmap_free(&auths);
    sw_buf_puts(&b, "    client --> api\n");
    for (uint32_t i = 0; i < s->n; i++) {
        const sw_route *r = &s->r[i];
        const char *key = r->key.s ? cell(m, r->key) : "(no route)";
        sw_buf_puts(&b, "    api -->|");
        mm_label(&b, key, NULL);
        sw_buf_printf(&b, "| f%u\n", fid[i]);
        if (r->auth) {
            sw_buf_puts(&b, "    api -.->|");
            mm_label(&b, sw_printf(m, "authorize %s", key), NULL);
            sw_buf_printf(&b, "| a%u\n", aid[i]);
        }
    }
    fwrite(b.p, 1, b.len, stdout);
    sw_buf_release(&b);
}

/* ---- the command ---- */

typedef struct rrun {
    r_format format;
    sw_opts an;
    const char *stdin_name;
    json_t *services;
    unsigned shown;
    bool truncated;
} rrun;

static void show_text(rrun *r, const char *display, const char *text, size_t len)
{
    sw_analysis an;
    sw_analyze(&an, display, text, len, &r->an);
    sw_routemap s = {0};
    sw_routemap_read(&s, &an, &r->an);
    if (s.truncated) {
        r->truncated = true;
        uint32_t line = 0;
        for (uint32_t i = 0; i < an.doc->nproblems; i++)
            if (an.doc->problems[i].kind == Y_ERR_SYNTAX || an.doc->problems[i].kind == Y_ERR_DEPTH) {
                line = sw_source_line_of(&an.src, an.doc->problems[i].start) + 1;
                break;
            }
        fprintf(stderr, "slsws: '%s' does not parse past line %u: only the routes before it "
                        "are shown (see 'slsws check')\n", display, line);
    }
    switch (r->format) {
    case R_TABLE: print_table(&an.arena, &s, r->shown == 0); break;
    case R_JSON: json_array_append_new(r->services, service_json(&s)); break;
    case R_MERMAID: print_mermaid(&an.arena, &s, r->shown == 0); break;
    }
    fflush(stdout);
    r->shown++;
    sw_analysis_free(&an);
}

static int show_path(rrun *r, const char *path)
{
    sw_text text;
    if (strcmp(path, "-") == 0) {
        if (sw_read_stream(stdin, &text) != 0) {
            fprintf(stderr, "slsws: cannot read standard input: %s\n", strerror(errno));
            return 2;
        }
        show_text(r, r->stdin_name, text.p, text.len);
        sw_text_release(&text);
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        sw_paths found = {0};
        if (sw_find_services(path, &found) != 0) {
            fprintf(stderr, "slsws: cannot read directory '%s': %s\n", path, strerror(errno));
            return 2;
        }
        if (!found.n)
            fprintf(stderr, "slsws: no serverless.yml, serverless.yaml or serverless.json "
                            "below '%s'\n", path);
        int rc = 0;
        for (size_t i = 0; i < found.n && !rc; i++)
            rc = show_path(r, found.v[i]);
        sw_paths_free(&found);
        return rc;
    }
    if (sw_read_file(path, &text) != 0) {
        if (errno == EFBIG)
            fprintf(stderr, "slsws: '%s' is larger than %zu MiB; slsws does not read it\n",
                    path, SW_MAX_FILE >> 20);
        else
            fprintf(stderr, "slsws: cannot read '%s': %s\n", path, sw_read_error(errno));
        return 2;
    }
    char *display = sw_display_path(path);
    show_text(r, display, text.p, text.len);
    free(display);
    sw_text_release(&text);
    return 0;
}

int sw_cmd_routes(int argc, char **argv)
{
    static const signed char no_rules[256]; /* the rules are not run */
    rrun r = {.format = R_TABLE, .stdin_name = "serverless.yml"};
    r.an.sev = no_rules;
    sw_paths paths = {0}, params = {0};
    int rc = 0;
    for (int i = 0; i < argc && !rc; i++) {
        const char *a = argv[i], *v;
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            sw_paths_push(&paths, a);
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                sw_paths_push(&paths, argv[i]);
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(routes_usage, stdout);
            sw_paths_free(&paths);
            sw_paths_free(&params);
            return 0;
        } else if (sw_is_opt(a, "--format")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--format"))) rc = usage_error("%s needs a value", a);
            else if (strcmp(v, "table") == 0) r.format = R_TABLE;
            else if (strcmp(v, "json") == 0) r.format = R_JSON;
            else if (strcmp(v, "mermaid") == 0) r.format = R_MERMAID;
            else rc = usage_error("unknown format '%s' (table, json or mermaid)", v);
        } else if (sw_analysis_opt("routes", argc, argv, &i, &r.an, &params, &rc)) {
            /* --stage, --region, --param, --env, --isolated, --no-sources */
        } else if (sw_is_opt(a, "--stdin-filename")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--stdin-filename")) || !*v) rc = usage_error("%s needs a value", a);
            else r.stdin_name = v;
        } else {
            rc = usage_error("unknown option '%s'", a);
        }
    }
    if (!rc) {
        if (!paths.n)
            sw_paths_push(&paths, ".");
        r.an.params = (const char *const *)params.v;
        r.an.nparams = params.n;
        if (r.format == R_JSON)
            r.services = json_array();
        for (size_t i = 0; i < paths.n && !rc; i++)
            rc = show_path(&r, paths.v[i]);
        if (r.format == R_JSON && !rc) {
            json_t *root = json_pack("{s:i,s:O}", "version", 1, "services", r.services);
            char *s = json_dumps(root, JSON_INDENT(2));
            puts(s);
            free(s);
            json_decref(root);
        }
        json_decref(r.services);
    }
    sw_paths_free(&paths);
    sw_paths_free(&params);
    return rc ? rc : r.truncated ? 1 : 0;
}
