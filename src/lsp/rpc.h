/*
 * JSON-RPC over stdio with LSP's Content-Length framing. Reading is
 * buffered so the server can ask whether another message is already
 * waiting (to coalesce bursts of edits). Bad framing, bad JSON and huge
 * bodies are reported to the caller, which answers and goes on; only end
 * of input ends the reader.
 */
#ifndef SW_LSP_RPC_H
#define SW_LSP_RPC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define SW_RPC_MAX_BODY ((size_t)64 * 1024 * 1024)

typedef enum {
    RPC_OK,          /* *msg holds a JSON object or array */
    RPC_EOF,         /* input ended */
    RPC_BAD_JSON,    /* the body was not JSON: answer -32700 */
    RPC_BAD_HEADER,  /* no usable Content-Length: the header block was skipped */
    RPC_TOO_BIG      /* the body exceeded SW_RPC_MAX_BODY and was skipped */
} rpc_status;

typedef struct sw_rpc {
    int in, out;
    char *buf;
    size_t len, off, cap;
    bool eof;
} sw_rpc;

void sw_rpc_init(sw_rpc *r, int in, int out);
void sw_rpc_free(sw_rpc *r);
rpc_status sw_rpc_read(sw_rpc *r, json_t **msg);
/* The next message's body, unparsed: malloc'd and NUL-terminated (*body,
   *n bytes) when RPC_OK. */
rpc_status sw_rpc_read_body(sw_rpc *r, char **body, size_t *n);
/* True when another message (or part of one) is already waiting. */
bool sw_rpc_pending(sw_rpc *r);
/* Writes msg (not stolen). Returns false when the output is gone. */
bool sw_rpc_write(sw_rpc *r, json_t *msg);
/* Writes a message body already serialised (n bytes of JSON). */
bool sw_rpc_write_raw(sw_rpc *r, const char *body, size_t n);

#endif
