/*
 * The language server's main loop (LSP.md): lifecycle and error hygiene,
 * document sync (full and incremental), coalescing of edit bursts (all
 * waiting messages are read before anything is analysed, so only the newest
 * version is), diagnostics publishing and settings. The same analysis as
 * `slsws check` runs underneath.
 */
#include "server.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cli.h"

/* ---- documents ---- */


lsp_doc *lsp_doc_find(lsp_server *s, const char *uri)
{
    for (lsp_doc *d = s->docs; d; d = d->next)
        if (strcmp(d->uri, uri) == 0)
            return d;
    return NULL;
}

lsp_doc *lsp_doc_of(lsp_server *s, json_t *params)
{
    const char *uri =
        json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    return uri ? lsp_doc_find(s, uri) : NULL;
}

static void analysis_free(lsp_analysis *a)
{
    if (!a)
        return;
    sw_analysis_free(&a->an);
    free(a->text);
    free(a);
}

static void doc_free(lsp_doc *d)
{
    lsp_doc_forget_includes(d);
    if (d->configured)
        sw_config_free(&d->cfg);
    if (d->good != d->cur)
        analysis_free(d->good);
    analysis_free(d->cur);
    free(d->uri);
    free(d->path);
    free(d->text);
    free(d);
}

static int today(void);
static void log_message(lsp_server *s, int type, const char *msg);

/* The document's options: its .slsws.yml (found upward from its file, as
   the CLI finds it) with the editor's settings on top. A bad .slsws.yml is
   reported once and then treated as absent. */
static void configure(lsp_server *s, lsp_doc *d)
{
    if (!d->configured) {
        memset(&d->cfg, 0, sizeof d->cfg);
        memset(d->cfg.sev, -1, sizeof d->cfg.sev);
        char *dir = d->path ? strdup(d->path) : NULL;
        char *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash)
            *slash = 0;
        char *path = dir && *dir ? sw_config_find(dir) : NULL;
        char err[1024];
        if (path && sw_config_load(path, &d->cfg, err, sizeof err) != 0) {
            char msg[1200];
            snprintf(msg, sizeof msg, "slsws: invalid configuration, ignored: %s", err);
            log_message(s, 1, msg);
            memset(d->cfg.sev, -1, sizeof d->cfg.sev);
        }
        free(path);
        free(dir);
        d->configured = true;
    }
    for (size_t i = 0; i < sw_nrules; i++)
        d->sev[i] = s->sev[i] >= 0 ? s->sev[i] : d->cfg.sev[i];
    d->opts.sev = d->sev;
    d->opts.as_of = s->opts.as_of ? s->opts.as_of : d->cfg.as_of ? d->cfg.as_of : today();
    /* handler paths are relative to the service file's directory: a
       buffer with no file behind it (untitled:) has none */
    d->opts.no_sources = s->opts.no_sources || !d->path;
}

lsp_analysis *lsp_doc_analysis(lsp_server *s, lsp_doc *d)
{
    if (!d->dirty && d->cur)
        return d->cur;
    configure(s, d);
    lsp_analysis *a = sw_xrealloc(NULL, sizeof *a);
    a->text = sw_xrealloc(NULL, d->len + 1);
    memcpy(a->text, d->text, d->len);
    a->text[d->len] = 0;
    sw_analyze(&a->an, d->path ? d->path : d->uri, a->text, d->len, &d->opts);
    s->analyses++;
    if (!a->an.doc->truncated) {
        if (d->good != d->cur)
            analysis_free(d->good);
        analysis_free(d->cur);
        d->good = NULL;
    } else if (d->cur && !d->cur->an.doc->truncated) {
        if (d->good)
            analysis_free(d->good);
        d->good = d->cur;
    } else {
        analysis_free(d->cur);
    }
    d->cur = a;
    d->dirty = false;
    return a;
}

lsp_analysis *lsp_doc_nav(lsp_server *s, lsp_doc *d)
{
    lsp_analysis *a = lsp_doc_analysis(s, d);
    return a->an.doc->truncated && d->good ? d->good : a;
}

/* ---- messages ---- */

static void send(lsp_server *s, json_t *msg)
{
    sw_rpc_write(&s->rpc, msg);
    json_decref(msg);
}

static void reply(lsp_server *s, json_t *id, json_t *result)
{
    send(s, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id,
                      "result", result ? result : json_null()));
}

static void reply_error(lsp_server *s, json_t *id, int code, const char *msg)
{
    send(s, json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id",
                      id ? id : json_null(), "error", "code", code, "message", msg));
}

static void log_message(lsp_server *s, int type, const char *msg)
{
    send(s, json_pack("{s:s,s:s,s:{s:i,s:s}}", "jsonrpc", "2.0", "method",
                      "window/logMessage", "params", "type", type, "message", msg));
}

static void clear_diagnostics(lsp_server *s, const char *uri);

void lsp_doc_forget_includes(lsp_doc *d)
{
    for (uint32_t i = 0; i < d->ninc_uris; i++)
        free(d->inc_uris[i]);
    free(d->inc_uris);
    d->inc_uris = NULL;
    d->ninc_uris = 0;
}

static void clear_diagnostics(lsp_server *s, const char *uri)
{
    send(s, json_pack("{s:s,s:s,s:{s:s,s:[]}}", "jsonrpc", "2.0", "method",
                      "textDocument/publishDiagnostics", "params", "uri", uri,
                      "diagnostics"));
}

/* ---- settings ---- */

static int today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Settings: {"asOf": "YYYY-MM-DD", "rules": {"WS070": "off"|"info"|...},
   "noSources": bool}, from initializationOptions or the "slsws" section
   of workspace/didChangeConfiguration. Unknown entries are logged. */
static void apply_settings(lsp_server *s, json_t *cfg)
{
    memset(s->sev, -1, sizeof s->sev);
    s->opts.as_of = 0;
    s->opts.no_sources = false;
    if (!json_is_object(cfg))
        return;
    json_t *v = json_object_get(cfg, "asOf");
    int y, m, dd;
    if (json_is_string(v) && sscanf(json_string_value(v), "%4d-%2d-%2d", &y, &m, &dd) == 3)
        s->opts.as_of = y * 10000 + m * 100 + dd;
    s->opts.no_sources = json_is_true(json_object_get(cfg, "noSources"));
    json_t *rules = json_object_get(cfg, "rules");
    const char *key;
    json_t *val;
    json_object_foreach(rules, key, val)
    {
        const sw_rule *r = sw_rule_find(key);
        int sev = json_is_string(val) ? sw_sev_parse(json_string_value(val)) : -1;
        if (!r || sev < 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "slsws: ignoring setting rules.%s (unknown rule or severity)", key);
            log_message(s, 2, msg);
            continue;
        }
        s->sev[sw_rule_index(r)] = (signed char)sev;
    }
}

/* ---- handlers ---- */

static void did_open(lsp_server *s, json_t *p)
{
    json_t *td = json_object_get(p, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    const char *text = json_string_value(json_object_get(td, "text"));
    if (!uri || !text)
        return;
    lsp_doc *d = lsp_doc_find(s, uri);
    if (!d) {
        d = sw_xrealloc(NULL, sizeof *d);
        memset(d, 0, sizeof *d);
        d->uri = strdup(uri);
        d->path = lsp_uri_to_path(uri);
        d->next = s->docs;
        s->docs = d;
    }
    d->len = 0;
    lsp_doc_replace(d, 0, 0, text, json_string_length(json_object_get(td, "text")));
    d->version = json_integer_value(json_object_get(td, "version"));
    d->dirty = d->unpublished = true;
}

static void did_change(lsp_server *s, json_t *p)
{
    json_t *td = json_object_get(p, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    lsp_doc *d = uri ? lsp_doc_find(s, uri) : NULL;
    if (!d)
        return;
    json_t *changes = json_object_get(p, "contentChanges"), *c;
    size_t i;
    json_array_foreach(changes, i, c)
    {
        json_t *text = json_object_get(c, "text"), *range = json_object_get(c, "range");
        if (!json_is_string(text))
            continue;
        const char *t = json_string_value(text);
        size_t n = json_string_length(text);
        if (!range) {
            lsp_doc_replace(d, 0, d->len, t, n);
            continue;
        }
        json_int_t l0, c0, l1, c1;
        if (!lsp_get_pos(json_object_get(range, "start"), &l0, &c0) ||
            !lsp_get_pos(json_object_get(range, "end"), &l1, &c1))
            continue;
        size_t a = lsp_text_offset(s, d->text, d->len, l0, c0);
        size_t b = lsp_text_offset(s, d->text, d->len, l1, c1);
        if (b < a)
            b = a;
        lsp_doc_replace(d, a, b, t, n);
    }
    json_t *v = json_object_get(td, "version");
    if (json_is_integer(v))
        d->version = json_integer_value(v);
    d->dirty = d->unpublished = true;
}

static void did_close(lsp_server *s, json_t *p)
{
    const char *uri = json_string_value(json_object_get(json_object_get(p, "textDocument"), "uri"));
    if (!uri)
        return;
    for (lsp_doc **pp = &s->docs; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->uri, uri) == 0) {
            lsp_doc *d = *pp;
            *pp = d->next;
            clear_diagnostics(s, d->uri);
            for (uint32_t i = 0; i < d->ninc_uris; i++)
                clear_diagnostics(s, d->inc_uris[i]);
            doc_free(d);
            return;
        }
    }
}

static json_t *initialize(lsp_server *s, json_t *p)
{
    json_t *enc = json_object_get(json_object_get(json_object_get(p, "capabilities"), "general"),
                                  "positionEncodings");
    json_t *e;
    size_t i;
    s->watch = json_is_true(json_object_get(
        json_object_get(json_object_get(json_object_get(p, "capabilities"), "workspace"),
                        "didChangeWatchedFiles"),
        "dynamicRegistration"));
    s->unit = SW_UNIT_UTF16;
    json_array_foreach(enc, i, e)
        if (json_is_string(e) && strcmp(json_string_value(e), "utf-8") == 0)
            s->unit = SW_UNIT_BYTE;
    apply_settings(s, json_object_get(p, "initializationOptions"));
    return json_pack(
        "{s:{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:{s:[s,s,s,s,s],s:b},s:b,s:b,s:{s:[s]}},"
        "s:{s:s,s:s}}",
        "capabilities", "positionEncoding", s->unit == SW_UNIT_BYTE ? "utf-8" : "utf-16",
        "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
        "hoverProvider", 1, "completionProvider", "triggerCharacters", "$", ":", " ", "-",
        ".", "resolveProvider", 0, "definitionProvider", 1, "documentSymbolProvider", 1,
        "codeActionProvider", "codeActionKinds", "quickfix", "serverInfo", "name", "slsws",
        "version", SW_VERSION);
}

static bool is_config_uri(const char *uri)
{
    size_t n = uri ? strlen(uri) : 0;
    return n >= 11 && strcmp(uri + n - 11, "/.slsws.yml") == 0;
}

/* A service that includes the file at uri through ${file()} is checked
   again (the resolver reads included files from disk). */
static void recheck_includers(lsp_server *s, const char *path)
{
    for (lsp_doc *d = s->docs; d; d = d->next) {
        const sw_resolver *r = d->cur ? &d->cur->an.res : NULL;
        for (uint32_t i = 0; r && i < r->ninc; i++) {
            char *abs = realpath(r->inc[i]->path, NULL);
            bool same = abs && strcmp(abs, path) == 0;
            free(abs);
            if (same) {
                d->dirty = d->unpublished = true;
                break;
            }
        }
    }
}

static void file_changed(lsp_server *s, const char *uri, bool *config)
{
    char *path = uri ? lsp_uri_to_path(uri) : NULL;
    if (!path)
        return;
    *config |= is_config_uri(uri);
    recheck_includers(s, path);
    lsp_handler_file_changed(s, path);
    free(path);
}

/* Watched files changed, or a document was saved in the editor. A
   .slsws.yml among them: every open document settles its configuration
   again. */
static void files_changed(lsp_server *s, json_t *p)
{
    bool config = false;
    json_t *changes = json_object_get(p, "changes"), *c;
    size_t i;
    json_array_foreach(changes, i, c)
        file_changed(s, json_string_value(json_object_get(c, "uri")), &config);
    file_changed(s, json_string_value(json_object_get(json_object_get(p, "textDocument"), "uri")),
                 &config);
    if (!config)
        return;
    for (lsp_doc *d = s->docs; d; d = d->next) {
        if (d->configured)
            sw_config_free(&d->cfg);
        d->configured = false;
        d->dirty = d->unpublished = true;
    }
}

/* Asks the client to tell us about changes to .slsws.yml, to files a
   service may include, and to handler sources and package.json, when it
   can. */
static void register_watchers(lsp_server *s)
{
    send(s, json_pack("{s:s,s:s,s:s,s:{s:[{s:s,s:s,s:{s:[{s:s}]}}]}}", "jsonrpc", "2.0", "id",
                      "slsws-watch", "method", "client/registerCapability", "params",
                      "registrations", "id", "slsws-config", "method",
                      "workspace/didChangeWatchedFiles", "registerOptions", "watchers",
                      "globPattern",
                      "**/{.slsws.yml,*.yml,*.yaml,*.json,*.tfstate,*.js,*.mjs,*.cjs,*.ts,*.mts,"
                      "*.cts,*.py}"));
}

typedef json_t *(*request_fn)(lsp_server *, json_t *);
static const struct { const char *method; request_fn fn; } requests[] = {
    {"textDocument/hover", lsp_hover},
    {"textDocument/definition", lsp_definition},
    {"textDocument/documentSymbol", lsp_symbols},
    {"textDocument/completion", lsp_completion},
    {"textDocument/codeAction", lsp_code_actions},
};

/* Returns false when the server should stop (exit). */
static bool handle(lsp_server *s, json_t *msg, int *status)
{
    if (!json_is_object(msg)) {
        reply_error(s, NULL, -32600, "invalid request: a JSON-RPC message is an object");
        return true;
    }
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    if (!method) {
        if (!id) /* a response to something we never sent: nothing to do */
            return true;
        if (!json_object_get(msg, "result") && !json_object_get(msg, "error"))
            reply_error(s, id, -32600, "invalid request: no method");
        return true;
    }
    if (strcmp(method, "exit") == 0) {
        *status = s->shutdown ? 0 : 1;
        return false;
    }
    if (!id) { /* notifications */
        if (!s->initialized || s->shutdown)
            return true;
        if (strcmp(method, "textDocument/didOpen") == 0)
            did_open(s, params);
        else if (strcmp(method, "textDocument/didChange") == 0)
            did_change(s, params);
        else if (strcmp(method, "textDocument/didClose") == 0)
            did_close(s, params);
        else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0 ||
                 strcmp(method, "textDocument/didSave") == 0)
            files_changed(s, params);
        else if (strcmp(method, "workspace/didChangeConfiguration") == 0) {
            /* our section, or the settings themselves when they hold our keys;
               anything else ({} from eglot, other servers' sections, null as a
               pull-model hint) leaves the settings as they are */
            json_t *set = json_object_get(params, "settings");
            json_t *mine = json_object_get(set, "slsws");
            if (!mine && (json_object_get(set, "asOf") || json_object_get(set, "rules") ||
                          json_object_get(set, "noSources")))
                mine = set;
            if (mine) {
                apply_settings(s, mine);
                for (lsp_doc *d = s->docs; d; d = d->next)
                    d->dirty = d->unpublished = true; /* configure() layers them again */
            }
        }
        else if (strcmp(method, "initialized") == 0 && s->watch)
            register_watchers(s);
        /* $/cancelRequest, $/setTrace...: nothing to do */
        return true;
    }
    if (strcmp(method, "initialize") == 0) {
        if (s->initialized) {
            reply_error(s, id, -32600, "initialize was already received");
            return true;
        }
        s->initialized = true;
        reply(s, id, initialize(s, params));
        return true;
    }
    if (!s->initialized) {
        reply_error(s, id, -32002, "server not initialized");
        return true;
    }
    if (s->shutdown) {
        reply_error(s, id, -32600, "server is shutting down");
        return true;
    }
    if (strcmp(method, "shutdown") == 0) {
        s->shutdown = true;
        reply(s, id, NULL);
        return true;
    }
    for (size_t i = 0; i < sizeof requests / sizeof *requests; i++) {
        if (strcmp(method, requests[i].method) == 0) {
            if (!json_is_object(params)) {
                reply_error(s, id, -32602, "invalid params");
                return true;
            }
            reply(s, id, requests[i].fn(s, params));
            return true;
        }
    }
    reply_error(s, id, -32601, "method not found");
    return true;
}

int sw_lsp_serve(int in, int out)
{
    lsp_server s;
    memset(&s, 0, sizeof s);
    sw_rpc_init(&s.rpc, in, out);
    memset(s.sev, -1, sizeof s.sev);
    s.opts.sev = s.sev;
    s.unit = SW_UNIT_UTF16;
    int status = 1;
    for (;;) {
        json_t *msg;
        rpc_status st = sw_rpc_read(&s.rpc, &msg);
        if (st == RPC_EOF)
            break; /* the client went away: as good as exit */
        if (st == RPC_BAD_JSON) {
            reply_error(&s, NULL, -32700, "parse error: the message is not JSON");
        } else if (st == RPC_BAD_HEADER) {
            reply_error(&s, NULL, -32700, "parse error: no valid Content-Length header");
        } else if (st == RPC_TOO_BIG) {
            reply_error(&s, NULL, -32700, "parse error: message larger than 64 MiB skipped");
        } else {
            bool go = handle(&s, msg, &status);
            json_decref(msg);
            if (!go)
                goto done;
        }
        /* coalesce: analyse only when nothing else is waiting */
        if (!sw_rpc_pending(&s.rpc))
            for (lsp_doc *d = s.docs; d; d = d->next)
                if (d->dirty || d->unpublished)
                    lsp_publish(&s, d);
    }
    status = s.shutdown ? 0 : 1;
done:
    while (s.docs) {
        lsp_doc *d = s.docs;
        s.docs = d->next;
        doc_free(d);
    }
    sw_rpc_free(&s.rpc);
    sw_buf_release(&s.out);
    return status;
}
