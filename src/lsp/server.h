/*
 * The language server's shared state and the helpers its feature files use:
 * open documents with their newest analysis (for diagnostics and fixes) and
 * their last analysis that parsed to the end (for navigation while a syntax
 * error is being typed), the negotiated position encoding, and settings.
 */
#ifndef SW_LSP_SERVER_H
#define SW_LSP_SERVER_H

#include <jansson.h>
#include <stdbool.h>

#include "../analysis.h"
#include "../buf.h"
#include "../config.h"
#include "rpc.h"

typedef struct lsp_analysis {
    char *text;              /* the bytes this analysis read (owned) */
    sw_analysis an;
} lsp_analysis;

typedef struct lsp_doc {
    char *uri, *path;
    char *text;              /* the current text, edits applied */
    size_t len, cap;
    json_int_t version;
    bool dirty;              /* edited since the last analysis */
    bool unpublished;        /* its newest diagnostics are not published yet (a
                                request may have analysed it in between) */
    lsp_analysis *cur;       /* newest analysis */
    lsp_analysis *good;      /* last one not cut short by a syntax error, when cur is */
    char **inc_uris;         /* included files we published diagnostics for */
    uint32_t ninc_uris;
    bool configured;         /* cfg and opts are settled */
    sw_config cfg;           /* its .slsws.yml (cfg.path NULL when none) */
    signed char sev[256];    /* .slsws.yml under the editor's settings */
    sw_opts opts;
    struct lsp_doc *next;
} lsp_doc;

typedef struct lsp_server {
    sw_rpc rpc;
    bool initialized, shutdown;
    bool watch;              /* the client registers file watchers for us */
    sw_unit unit;            /* SW_UNIT_UTF16 or SW_UNIT_BYTE (utf-8) */
    lsp_doc *docs;
    signed char sev[256];    /* the editor's settings per rule: -1 unset, 0 off, else a severity */
    sw_opts opts;            /* the editor's as-of (0: unset) and noSources */
    unsigned long analyses;  /* for tests and the benchmark */
    sw_buf out;              /* a message being written, reused */
} lsp_server;

int sw_lsp_serve(int in, int out);

/* documents */
lsp_doc *lsp_doc_find(lsp_server *s, const char *uri);
/* The open document a request's params.textDocument.uri names, or NULL. */
lsp_doc *lsp_doc_of(lsp_server *s, json_t *params);
/* The newest analysis, run now when the document was edited since. */
lsp_analysis *lsp_doc_analysis(lsp_server *s, lsp_doc *d);
/* The analysis for navigation: the newest that parsed to the end. */
lsp_analysis *lsp_doc_nav(lsp_server *s, lsp_doc *d);
/* Forgets the included files the document's diagnostics went to. */
void lsp_doc_forget_includes(lsp_doc *d);

/* positions */
json_t *lsp_range(const lsp_server *s, const sw_source *src, uint32_t start, uint32_t end);
/* Byte offset of an LSP position in src; false when pos is malformed. */
bool lsp_offset(const lsp_server *s, const sw_source *src, json_t *pos, uint32_t *off);
/* Offset of a line/character position in raw text without a line table
   (edits arrive faster than analyses); clamps to the line's end. */
size_t lsp_text_offset(const lsp_server *s, const char *t, size_t len, json_int_t line,
                       json_int_t ch);
/* Replaces [start, end) of the document's text with t[0..n). */
void lsp_doc_replace(lsp_doc *d, size_t start, size_t end, const char *t, size_t n);
/* line and character of an LSP position; false when malformed. */
bool lsp_get_pos(json_t *pos, json_int_t *line, json_int_t *ch);

/* features (features.c, edit.c, handlers.c) */
json_t *lsp_hover(lsp_server *s, json_t *params);
json_t *lsp_definition(lsp_server *s, json_t *params);
json_t *lsp_symbols(lsp_server *s, json_t *params);
json_t *lsp_completion(lsp_server *s, json_t *params);
json_t *lsp_code_actions(lsp_server *s, json_t *params);
json_t *lsp_diagnostic_json(const lsp_server *s, lsp_analysis *a, const lsp_doc *d,
                            const sw_diag *g);

/* diagnostics as JSON bytes (diagjson.c) */
/* The last source whose URI was asked for while writing diagnostics. */
typedef struct lsp_uri_memo {
    const lsp_analysis *a;
    const sw_source *src;
    const char *uri;
    bool ok;                 /* uri is valid UTF-8 */
} lsp_uri_memo;
/* g as an LSP Diagnostic, appended to b; memo may be NULL. */
void lsp_diagnostic_write(struct sw_buf *b, const lsp_server *s, lsp_analysis *a,
                          const lsp_doc *d, const sw_diag *g, lsp_uri_memo *memo);
/* Publishes the document's diagnostics (analysing it first when it was
   edited), and those of the files it includes through ${file()} under
   those files' URIs; an include that no longer has any gets an empty list. */
void lsp_publish(lsp_server *s, lsp_doc *d);
/* An LSP Range of src[start, end), appended to b. */
void lsp_range_write(struct sw_buf *b, const lsp_server *s, const sw_source *src,
                     uint32_t start, uint32_t end);

/* handler: values (handlers.c). off is a byte offset in a's document. */
/* The export a `handler:` value at off names (a Location), the handler
   file's start when it lacks that export; NULL otherwise. */
json_t *lsp_handler_definition(const lsp_server *s, lsp_analysis *a, uint32_t off);
/* Hover text on a `handler:` key or value at off: the file and the
   function, or what is missing. false when off is not on one. */
bool lsp_handler_hover(lsp_analysis *a, uint32_t off, struct sw_buf *out, uint32_t *start,
                       uint32_t *end);
/* Completion items `path/file.export` for the runtime of function fn (NULL:
   the provider's), replacing src[start, end), appended to arr. */
void lsp_handler_complete(const lsp_server *s, lsp_analysis *a, const char *fn,
                          const sw_source *src, uint32_t start, uint32_t end, json_t *arr);
/* The file at path (absolute) changed on disk or was saved: when it is a
   handler source or a package.json, the open services it may concern are
   marked for a new check. */
void lsp_handler_file_changed(lsp_server *s, const char *path);

/* URIs */
char *lsp_uri_to_path(const char *uri);  /* malloc'd; NULL when not a file: URI */
/* The file: URI of a path (made absolute, "." and ".." folded), in a. */
const char *lsp_path_uri(sw_arena *a, const char *path);
/* The URI of a source of an analysis: the document's own, an included
   file's or a handler file's (allocated in the analysis arena). */
const char *lsp_source_uri(lsp_analysis *a, const lsp_doc *d, const sw_source *src);

#endif
