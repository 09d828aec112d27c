/* http.h: the CLI's HTTP framing (http.c), for servers named http://HOST[:PORT]: the
 * HTTP API that nginx and any HTTP balancer pass on. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "cli/load.h"

/* server with "http://" stripped (and one trailing "/"), into hostport[cap]: 1; 0
 * when server is no http:// URL; -EINVAL for one with another path, or too long. */
int http_split(const char *server, char *hostport, size_t cap);

/* The request as HTTP/1.0 (one request, the server closes): the runtime list is
 * GET /api/v2/runtimes (runtimes true), a run POST /api/v2/execute with body as its
 * Content-Length body. *ret is malloc'd. */
int http_request(const char *host, bool runtimes, const char *body, size_t len,
                 struct bytes *ret);

/* The body of an HTTP reply in place (after its head); -EPROTO when it is no HTTP
 * reply or its Content-Length does not match. Any status: an error body is the
 * executor's JSON error, which the caller reads as it does in raw mode. */
int http_body(struct bytes *reply);

/* The value of header name (any case) in head[0..end), or NULL: it runs to the
 * line's CRLF. head's lines end in CRLF, its status line first. */
const char *http_header(const char *head, const char *end, const char *name);
