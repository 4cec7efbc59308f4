/*
 * libFuzzer target: the whole check pipeline (src/analysis.h sw_analyze)
 * on the input as <work>/serverless.yml (serverless.json when it starts
 * with '{'), handler sources on: the work directory holds the handler
 * sources, package.json files and includable files of the tests. Every
 * finding's spans are checked, every output format renders it, and when
 * a safe fix is offered, `--fix` runs and must never make the text
 * unparsable.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "buf.h"
#include "fix.h"
#include "harness.h"
#include "output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    static char path[PATH_MAX], jpath[PATH_MAX];
    static signed char sev[256];
    if (!path[0]) {
        snprintf(path, sizeof path, "%s/serverless.yml", fz_workdir());
        snprintf(jpath, sizeof jpath, "%s/serverless.json", fz_workdir());
        memset(sev, -1, sizeof sev);
    }
    const char *file = size && data[0] == '{' ? jpath : path;
    sw_opts opts = {.as_of = 20261123, .sev = sev};
    char *text = malloc(size ? size : 1);
    memcpy(text, data, size);

    sw_analysis an;
    sw_analyze(&an, file, text, size, &opts);
    bool fixable = false;
    sw_buf b = {0};
    for (uint32_t i = 0; i < an.diags.n; i++) {
        const sw_diag *d = &an.diags.v[i];
        fz_check_diag(d);
        if (d->fix && d->fix->safe && d->src == &an.src)
            fixable = true;
        sw_fmt_concise(&b, d, false);
        sw_fmt_text(&b, d, true);
        sw_fmt_github(&b, d);
        json_decref(sw_diag_json(d));
        json_decref(sw_sarif_result(d));
    }
    sw_buf_release(&b);
    bool parsed = !an.doc->truncated;
    sw_analysis_free(&an);

    if (fixable && parsed) {
        sw_fixed fx;
        sw_fix_text(file, text, size, &opts, &fx);
        FZ_CHECK(!fx.broke[0], "a safe fix (%s) makes the text unparsable", fx.broke);
        sw_buf diff = {0};
        sw_fix_diff(&diff, "serverless.yml", text, size, fx.text, fx.len);
        sw_buf_release(&diff);
        free(fx.text);
    }
    free(text);
    return 0;
}
