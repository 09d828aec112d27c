/* message.h: one message as read off the connection: its framing, what it asks
 * for, and (for an execute) the request itself, decoded and validated. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"
#include "base/request.h"

enum mode { MODE_RAW, MODE_HTTP };
enum op { OP_EXECUTE, OP_RUNTIMES, OP_HEALTH, OP_CONNECT };
/* The reply's framing an HTTP client asked for with Accept. */
enum accept { ACCEPT_JSON, ACCEPT_NDJSON, ACCEPT_SSE };

struct message {
        enum mode mode;
        enum op op;
        enum accept accept;
        bool output_base64;     /* output_encoding: base64, for the reply's encoder */
        bool ws_init;           /* the request came as a WebSocket's init message */
        char ws_key[32];        /* OP_CONNECT: Sec-WebSocket-Key */
        char *rest;             /* bytes read past the request: client events (raw
                                   stream) or WebSocket frames (OP_CONNECT) */
        size_t n_rest;
        struct request req;     /* OP_EXECUTE, OP_CONNECT */
};

/* Read one message from fd: raw JSON or HTTP framing, under LIMIT_REQUEST_MS and
 * LIMIT_REQUEST_BYTES. Sets m->mode as soon as it is known, so even a failure
 * can be answered in the client's framing, and m->op from the HTTP route.
 * Answers `100 Continue` on out_fd. *ret_body is the JSON object to parse
 * (raw mode, or POST /api/v2/execute), or NULL for an HTTP GET route. */
int request_read(int fd, int out_fd, struct message *m, char **ret_body,
                 size_t *ret_len, struct problem *p);

/* Decode a JSON request body (in place) into m; names the field on error. A
 * WebSocket's init (m->ws_init) carries "type": "init" besides the fields. */
int request_parse(char *body, size_t len, struct message *m, struct problem *p);

/* After the parse: bytes past a raw request that is no stream are refused
 * (frame.c: only the framing knows what they were). */
int request_trailing(const struct message *m, struct problem *p);
