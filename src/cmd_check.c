/*
 * `slsws check`: parses the options, has the run planned and run
 * (check_run.h: files, directories searched for service files, `-` for
 * stdin, one analysis per file, in -j worker processes printed in the same
 * order), prints the summary or the JSON and SARIF documents and turns the
 * findings into the exit status (CLI.md). A long run on a terminal shows a
 * progress line (progress.h).
 */
#include <jansson.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check_run.h"
#include "cli.h"
#include "cliopt.h"
#include "fsutil.h"
#include "handlers.h"
#include "output.h"
#include "parallel.h"

static const char check_usage[] =
    "usage: slsws check [options] [PATH...]\n"
    "\n"
    "PATH is a serverless.yml, serverless.yaml or serverless.json file, a directory\n"
    "searched for them (node_modules and .serverless are skipped), or - for stdin.\n"
    "A handler source (.js .mjs .cjs .ts .mts .cts .py) lints the services above it\n"
    "whose handlers use it, each service once per run.\n"
    "\n"
    "options:\n"
    "  --format FORMAT        text (default), concise, json, sarif (SARIF 2.1.0) or github\n"
    "                         (GitHub Actions annotations)\n"
    "  --select CODES         only these rules (codes, names or code prefixes, comma-separated)\n"
    "  --ignore CODES         not these rules\n"
    "  --fail-level LEVEL     exit 1 when a finding is at least error (default), warning or info\n"
    "  --exit-zero            exit 0 even when findings reach the fail level\n"
    "  --as-of YYYY-MM-DD     judge runtime dates as of this day (default: today)\n"
    "  --stdin-filename NAME  the name to report for - (default: serverless.yml)\n"
    "  --config FILE          use this configuration instead of the nearest .slsws.yml\n"
    "  --stage NAME           the stage variables resolve for (default: the fallback, else\n"
    "                         provider.stage, else dev)\n"
    "  --region NAME          the region variables resolve for\n"
    "  --param KEY=VALUE      a ${param:KEY} value (repeatable)\n"
    "  --env                  let ${env:...} read the environment (default: its fallback)\n"
    "  --isolated             a missing ${file(...)} is unknown rather than an error (for\n"
    "                         stdin and files lifted out of their project)\n"
    "  --no-sources           skip handler source analysis\n"
    "  --no-cache             do not read or write the cache of handler-file facts\n"
    "                         ($SLSWS_CACHE_DIR, else $XDG_CACHE_HOME/slsws)\n"
    "  --fix                  apply the safe fixes in place, then report what is left;\n"
    "                         with - the fixed text goes to stdout instead of the report\n"
    "  --diff                 print what --fix would change as a unified diff, change\n"
    "                         nothing; exit 1 when there is a diff\n"
    "  --color WHEN           auto (default), always or never; NO_COLOR turns auto off\n"
    "  -j, --jobs N           lint in N processes at once (default: the number of CPUs;\n"
    "                         the output is the same whatever N)\n"
    "  --quiet                no summary line in the text and github formats (and no\n"
    "                         progress line on a terminal)\n";

static int usage_error(const char *fmt, const char *arg)
{
    return sw_usage_error("check", fmt, arg);
}

/* Applies a comma-separated list of codes, names or code prefixes. */
static int apply_list(const char *list, signed char *mark, signed char value)
{
    char *copy = strdup(list), *save = NULL;
    int rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        size_t n = strlen(tok);
        while (n && tok[n - 1] == ' ')
            tok[--n] = 0;
        if (!n)
            continue;
        bool hit = false;
        for (size_t i = 0; i < sw_nrules; i++) {
            const sw_rule *r = sw_rules[i];
            if (strcasecmp(tok, "ALL") == 0 || strcmp(tok, r->name) == 0 ||
                strncasecmp(r->code, tok, n) == 0) {
                mark[i] = value;
                hit = true;
            }
        }
        if (!hit) {
            rc = usage_error("unknown rule '%s' (see 'slsws rules')", tok);
            break;
        }
    }
    free(copy);
    return rc;
}

static const char *path_of(const json_t *diag)
{
    return json_string_value(json_object_get(diag, "path"));
}

static void print_json(check_run *r)
{
    /* files come in argument order; CLI.md wants diagnostics sorted by path
       (each file's own list is already sorted, and the sort below is stable) */
    json_t *sorted = sw_json_sorted(r->jdiags, path_of);
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(root, "diagnostics", sorted);
    json_t *sum = json_object();
    json_object_set_new(sum, "files", json_integer(r->files));
    json_object_set_new(sum, "errors", json_integer(r->errors));
    json_object_set_new(sum, "warnings", json_integer(r->warnings));
    json_object_set_new(sum, "infos", json_integer(r->infos));
    json_object_set_new(root, "summary", sum);
    char *s = json_dumps(root, JSON_INDENT(2));
    puts(s);
    free(s);
    json_decref(root);
}

static const char *plural(unsigned n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

int sw_cmd_check(int argc, char **argv)
{
    /* a short-lived run: freed blocks stay in the heap for the next rule's
       tables to reuse, instead of going back to the kernel and being
       faulted in (and zeroed) again */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    check_opts o = {.format = F_TEXT, .fail_level = -1, .stdin_name = "serverless.yml"};
    memset(o.selected, 1, sizeof o.selected);
    sw_opts ao = {0}; /* the analysis options (cliopt.h) */
    sw_paths params = {0};
    const char *color = "auto";
    sw_paths paths = {0};
    int rc = 0;
    for (int i = 0; i < argc && !rc; i++) {
        const char *a = argv[i], *v;
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            sw_paths_push(&paths, a);
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                sw_paths_push(&paths, argv[i]);
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(check_usage, stdout);
            sw_paths_free(&paths);
            return 0;
        } else if (sw_is_opt(a, "--format")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--format"))) rc = usage_error("%s needs a value", a);
            else if (strcmp(v, "text") == 0) o.format = F_TEXT;
            else if (strcmp(v, "concise") == 0) o.format = F_CONCISE;
            else if (strcmp(v, "json") == 0) o.format = F_JSON;
            else if (strcmp(v, "sarif") == 0) o.format = F_SARIF;
            else if (strcmp(v, "github") == 0) o.format = F_GITHUB;
            else rc = usage_error("unknown format '%s' (text, concise, json, sarif or github)", v);
        } else if (sw_is_opt(a, "--select")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--select"))) rc = usage_error("%s needs a value", a);
            else {
                if (!o.select_seen)
                    memset(o.selected, 0, sizeof o.selected);
                o.select_seen = true;
                rc = apply_list(v, o.selected, 1);
            }
        } else if (sw_is_opt(a, "--ignore")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--ignore"))) rc = usage_error("%s needs a value", a);
            else rc = apply_list(v, o.ignored, 1);
        } else if (sw_is_opt(a, "--fail-level")) {
            int s;
            if (!(v = sw_opt_value(argc, argv, &i, "--fail-level"))) rc = usage_error("%s needs a value", a);
            else if ((s = sw_sev_parse(v)) <= 0) rc = usage_error("unknown fail level '%s' (error, warning or info)", v);
            else o.fail_level = s;
        } else if (sw_is_opt(a, "--as-of")) {
            int d;
            if (!(v = sw_opt_value(argc, argv, &i, "--as-of"))) rc = usage_error("%s needs a value", a);
            else if ((d = sw_parse_date(v)) < 0) rc = usage_error("invalid date '%s' (use YYYY-MM-DD)", v);
            else o.as_of = d;
        } else if (sw_analysis_opt("check", argc, argv, &i, &ao, &params, &rc)) {
            /* --stage, --region, --param, --env, --isolated, --no-sources */
        } else if (sw_is_opt(a, "--config")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--config"))) rc = usage_error("%s needs a value", a);
            else o.config = v;
        } else if (sw_is_opt(a, "--stdin-filename")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--stdin-filename"))) rc = usage_error("%s needs a value", a);
            else o.stdin_name = v;
        } else if (sw_is_opt(a, "--color")) {
            if (!(v = sw_opt_value(argc, argv, &i, "--color"))) rc = usage_error("%s needs a value", a);
            else if (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
                rc = usage_error("unknown colour mode '%s' (auto, always or never)", v);
            else color = v;
        } else if (sw_is_opt(a, "--jobs") || strncmp(a, "-j", 2) == 0) {
            char *e = NULL;
            unsigned long n = 0;
            if (a[1] == 'j' && a[2]) v = a + 2;
            else if (a[1] == 'j') v = i + 1 < argc ? argv[++i] : NULL;
            else v = sw_opt_value(argc, argv, &i, "--jobs");
            if (v && *v >= '0' && *v <= '9')
                n = strtoul(v, &e, 10);
            if (!v) rc = usage_error("%s needs a value", a);
            else if (n < 1 || n > 1024 || *e)
                rc = usage_error("invalid number of jobs '%s' (1 to 1024)", v);
            else o.jobs = (unsigned)n;
        } else if (strcmp(a, "--no-cache") == 0) {
            sw_handlers_no_disk_cache();   /* handlers.h: no disk cache of handler facts */
        } else if (strcmp(a, "--exit-zero") == 0) {
            o.exit_zero = true;
        } else if (strcmp(a, "--fix") == 0) {
            o.fix = true;
        } else if (strcmp(a, "--diff") == 0) {
            o.fix = o.diff = true; /* --diff alone means --fix --diff, as in ruff */
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o.quiet = true;
        } else {
            rc = usage_error("unknown option '%s'", a);
        }
    }
    for (size_t i = 0; !rc && o.fix && !o.diff && paths.n > 1 && i < paths.n; i++)
        if (strcmp(paths.v[i], "-") == 0)
            rc = usage_error("--fix prints the fixed text of '%s' on stdout, so it must be the "
                             "only PATH", "-");
    if (rc) {
        sw_paths_free(&paths);
        sw_paths_free(&params);
        return rc;
    }
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    o.color = strcmp(color, "always") == 0 ||
              (strcmp(color, "auto") == 0 && !(nc && *nc) &&
               !(term && strcmp(term, "dumb") == 0) && isatty(STDOUT_FILENO));
    if (o.format == F_JSON || o.format == F_SARIF || o.format == F_GITHUB)
        o.color = false;
    if (!paths.n)
        sw_paths_push(&paths, ".");
    if (!o.jobs)
        o.jobs = sw_par_cpus();
    for (size_t i = 0; i < paths.n; i++)
        if (strcmp(paths.v[i], "-") == 0)
            o.jobs = 1; /* stdin is read by the process that owns it */

    check_run r = {.o = &o};
    r.an.no_sources = ao.no_sources;
    r.an.stage = ao.stage;
    r.an.region = ao.region;
    r.an.params = (const char *const *)params.v;
    r.an.nparams = params.n;
    r.an.env = ao.env;
    r.an.isolated = ao.isolated;
    r.owners = sw_owners_new(&r.an);
    if (o.format == F_JSON || o.format == F_SARIF)
        r.jdiags = json_array();
    sw_progress_init(&r.progress, o.quiet);
    for (size_t i = 0; i < paths.n && !rc; i++)
        rc = sw_check_plan(&r, paths.v[i]); /* 2: the last task stops the run */
    sw_owners_free(r.owners);
    rc = sw_check_run(&r, o.jobs);
    sw_progress_clear(&r.progress);
    sw_check_release(&r);
    sw_paths_free(&paths);
    sw_paths_free(&params);
    if (rc) {
        json_decref(r.jdiags);
        return rc;
    }
    if (o.diff || r.replaced) { /* --fix printed diffs or fixed text, not a report */
        json_decref(r.jdiags);
        return (o.diff ? r.changed : r.failed) && !o.exit_zero ? 1 : 0;
    }
    if (o.format == F_JSON) {
        print_json(&r);
        json_decref(r.jdiags);
    } else if (o.format == F_SARIF) {
        sw_sarif_print(stdout, r.jdiags);
        json_decref(r.jdiags);
    } else if ((o.format == F_TEXT || o.format == F_GITHUB) && !o.quiet) {
        if (r.errors + r.warnings + r.infos == 0)
            printf("no findings in %u %s\n", r.files, plural(r.files, "file", "files"));
        else
            printf("%u %s, %u %s, %u %s in %u %s\n", r.errors,
                   plural(r.errors, "error", "errors"), r.warnings,
                   plural(r.warnings, "warning", "warnings"), r.infos,
                   plural(r.infos, "info", "infos"), r.files,
                   plural(r.files, "file", "files"));
    }
    return r.failed && !o.exit_zero ? 1 : 0;
}
