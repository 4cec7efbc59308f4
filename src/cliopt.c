/*
 * Command-line parsing shared by the subcommands (see cliopt.h).
 */
#include "cliopt.h"

#include <stdio.h>
#include <string.h>

int sw_usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fputs("slsws: ", stderr);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'slsws %s --help'.\n", cmd);
    return 2;
}

bool sw_is_opt(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == 0 || a[n] == '=');
}

const char *sw_opt_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=')
        return a + n + 1;
    if (strcmp(a, name) == 0 && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

bool sw_analysis_opt(const char *cmd, int argc, char **argv, int *i, sw_opts *o,
                     sw_paths *params, int *rc)
{
    const char *a = argv[*i], *v;
    if (sw_is_opt(a, "--stage") || sw_is_opt(a, "--region")) {
        bool stage = a[2] == 's';
        if (!(v = sw_opt_value(argc, argv, i, stage ? "--stage" : "--region")) || !*v)
            *rc = sw_usage_error(cmd, "%s needs a value", a);
        else if (stage)
            o->stage = v;
        else
            o->region = v;
    } else if (sw_is_opt(a, "--param")) {
        if (!(v = sw_opt_value(argc, argv, i, "--param")))
            *rc = sw_usage_error(cmd, "%s needs a value", a);
        else if (!strchr(v, '=') || v[0] == '=')
            *rc = sw_usage_error(cmd, "invalid --param '%s' (use KEY=VALUE)", v);
        else
            sw_paths_push(params, v);
    } else if (strcmp(a, "--env") == 0) {
        o->env = true;
    } else if (strcmp(a, "--isolated") == 0) {
        o->isolated = true;
    } else if (strcmp(a, "--no-sources") == 0) {
        o->no_sources = true;
    } else {
        return false;
    }
    return true;
}
