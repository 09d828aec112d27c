/* request.h: one request as read off the connection, decoded and validated.
 * All strings point into the request buffer, decoded in place, NUL-terminated. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"

enum mode { MODE_RAW, MODE_HTTP };
enum op { OP_EXECUTE, OP_RUNTIMES, OP_HEALTH };

/* Per-stage limits as sent; -1 means "server default". */
enum limit_kind {
        LIM_COMPILE_TIMEOUT, LIM_RUN_TIMEOUT,
        LIM_COMPILE_CPU, LIM_RUN_CPU,
        LIM_COMPILE_MEMORY, LIM_RUN_MEMORY,
        _LIM_MAX,
};

struct blob {
        char *data;             /* NUL-terminated, may hold NULs before len */
        size_t len;
};

struct file {
        char *name;             /* NULL: the language's default name */
        struct blob content;
};

struct test {
        struct blob stdin;
        char **args;
        size_t n_args;
        struct blob expected;
        bool has_expected;
};

struct request {
        enum mode mode;
        enum op op;
        char *language;
        char *version;          /* "*" when absent */
        struct file *files;
        size_t n_files;
        struct blob stdin;
        char **args;
        size_t n_args;
        long long limits[_LIM_MAX];
        struct test *tests;     /* NULL: a single run */
        size_t n_tests;
        bool output_base64;
};

/* Read one request from fd: raw JSON or HTTP framing, under LIMIT_REQUEST_MS and
 * LIMIT_REQUEST_BYTES. Sets req->mode as soon as it is known, so even a failure
 * can be answered in the client's framing, and req->op from the HTTP route.
 * Answers `100 Continue` on out_fd. *ret_body is the JSON object to parse
 * (raw mode, or POST /api/v2/execute), or NULL for an HTTP GET route. */
int request_read(int fd, int out_fd, struct request *req, char **ret_body,
                 size_t *ret_len, struct problem *p);

/* Decode a JSON request body (in place) into req; names the field on error. */
int request_parse(char *body, size_t len, struct request *req, struct problem *p);
