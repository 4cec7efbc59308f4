/*
 * Content-Length framing over file descriptors (see rpc.h).
 */
#include "rpc.h"

#include <errno.h>
#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../arena.h"

void sw_rpc_init(sw_rpc *r, int in, int out)
{
    memset(r, 0, sizeof *r);
    r->in = in;
    r->out = out;
}

void sw_rpc_free(sw_rpc *r)
{
    free(r->buf);
    r->buf = NULL;
}

/* Reads more bytes into the buffer; false at end of input. */
static bool fill(sw_rpc *r)
{
    if (r->eof)
        return false;
    if (r->off > 0 && r->off == r->len) {
        r->off = r->len = 0;
    } else if (r->off > (1 << 20)) {
        memmove(r->buf, r->buf + r->off, r->len - r->off);
        r->len -= r->off;
        r->off = 0;
    }
    if (r->cap - r->len < 65536) {
        r->cap = r->cap ? r->cap * 2 : 131072;
        r->buf = sw_xrealloc(r->buf, r->cap);
    }
    for (;;) {
        ssize_t n = read(r->in, r->buf + r->len, r->cap - r->len);
        if (n > 0) {
            r->len += (size_t)n;
            return true;
        }
        if (n < 0 && errno == EINTR)
            continue;
        r->eof = true;
        return false;
    }
}

/* One header line (without CRLF) into line, false at end of input. Of a
   longer line, the end is kept (a header may follow junk, see below). */
static bool read_line(sw_rpc *r, char *line, size_t cap)
{
    size_t n = 0;
    for (;;) {
        while (r->off < r->len) {
            char c = r->buf[r->off++];
            if (c == '\n') {
                if (n && line[n - 1] == '\r')
                    n--;
                line[n] = 0;
                return true;
            }
            if (n + 1 >= cap) {
                memmove(line, line + n - 64, 64);
                n = 64;
            }
            line[n++] = c ? c : '?'; /* a NUL in junk must not end the line early */
        }
        if (!fill(r))
            return false;
    }
}

/* Skips (when out is NULL) or copies n body bytes. */
static bool read_body(sw_rpc *r, char *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        if (r->off == r->len && !fill(r))
            return false;
        size_t k = r->len - r->off;
        if (k > n - got)
            k = n - got;
        if (out)
            memcpy(out + got, r->buf + r->off, k);
        r->off += k;
        got += k;
    }
    return true;
}

rpc_status sw_rpc_read_body(sw_rpc *r, char **body_out, size_t *n)
{
    char line[1024];
    long long length = -1;
    bool any = false;
    *body_out = NULL;
    *n = 0;
    for (;;) {
        if (!read_line(r, line, sizeof line))
            return RPC_EOF;
        if (!line[0]) {
            if (!any)
                continue; /* stray blank lines between messages */
            break;
        }
        any = true;
        /* A header after other bytes on its line ends the rest of a body
           whose Content-Length was too short (or other junk): the message
           starts there, so that one bad frame does not lose every later
           one. */
        const char *h = line;
        while (*h && strncasecmp(h, "Content-Length:", 15) != 0)
            h++;
        if (*h) {
            char *end;
            errno = 0;
            long long v = strtoll(h + 15, &end, 10);
            while (*end == ' ' || *end == '\t')
                end++;
            length = (*end == 0 && v >= 0 && errno == 0) ? v : -2;
        }
    }
    if (length < 0)
        return RPC_BAD_HEADER;
    if ((size_t)length > SW_RPC_MAX_BODY)
        return read_body(r, NULL, (size_t)length) ? RPC_TOO_BIG : RPC_EOF;
    char *body = malloc((size_t)length + 1);
    if (!body)
        return read_body(r, NULL, (size_t)length) ? RPC_TOO_BIG : RPC_EOF;
    if (!read_body(r, body, (size_t)length)) {
        free(body);
        return RPC_EOF;
    }
    body[length] = 0;
    *body_out = body;
    *n = (size_t)length;
    return RPC_OK;
}

rpc_status sw_rpc_read(sw_rpc *r, json_t **msg)
{
    char *body;
    size_t n;
    *msg = NULL;
    rpc_status st = sw_rpc_read_body(r, &body, &n);
    if (st != RPC_OK)
        return st;
    json_error_t err;
    /* a document may hold NUL characters: VS Code sends them as \u0000 */
    *msg = json_loadb(body, n, JSON_ALLOW_NUL, &err);
    free(body);
    return *msg ? RPC_OK : RPC_BAD_JSON;
}

bool sw_rpc_pending(sw_rpc *r)
{
    if (r->off < r->len)
        return true;
    if (r->eof)
        return false;
    struct pollfd p = {.fd = r->in, .events = POLLIN};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP));
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

bool sw_rpc_write_raw(sw_rpc *r, const char *body, size_t n)
{
    char head[64];
    int h = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    /* one write when it fits in one: the client wakes once per message */
    struct iovec v[2] = {{head, (size_t)h}, {(void *)body, n}};
    ssize_t k;
    do
        k = writev(r->out, v, 2);
    while (k < 0 && errno == EINTR);
    if (k < 0)
        return false;
    size_t done = (size_t)k;
    if (done < (size_t)h)
        return write_all(r->out, head + done, (size_t)h - done) && write_all(r->out, body, n);
    done -= (size_t)h;
    return write_all(r->out, body + done, n - done);
}

bool sw_rpc_write(sw_rpc *r, json_t *msg)
{
    char *body = json_dumps(msg, JSON_COMPACT);
    if (!body)
        return false;
    bool ok = sw_rpc_write_raw(r, body, strlen(body));
    free(body);
    return ok;
}
