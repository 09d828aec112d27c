/* message.h: one message as read off the connection: its framing, what it asks
 * for, and (for an execute) the request itself, decoded and validated. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"
#include "base/request.h"

enum mode { MODE_RAW, MODE_HTTP };
enum op { OP_EXECUTE, OP_RUNTIMES, OP_HEALTH };

struct message {
        enum mode mode;
        enum op op;
        bool output_base64;     /* output_encoding: base64, for the reply's encoder */
        struct request req;     /* OP_EXECUTE */
};

/* Read one message from fd: raw JSON or HTTP framing, under LIMIT_REQUEST_MS and
 * LIMIT_REQUEST_BYTES. Sets m->mode as soon as it is known, so even a failure
 * can be answered in the client's framing, and m->op from the HTTP route.
 * Answers `100 Continue` on out_fd. *ret_body is the JSON object to parse
 * (raw mode, or POST /api/v2/execute), or NULL for an HTTP GET route. */
int request_read(int fd, int out_fd, struct message *m, char **ret_body,
                 size_t *ret_len, struct problem *p);

/* Decode a JSON request body (in place) into m; names the field on error. */
int request_parse(char *body, size_t len, struct message *m, struct problem *p);
