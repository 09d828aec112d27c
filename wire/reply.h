/* reply.h: the reply: its body built in one buffer (encode.c), the bodies of each
 * kind (reply.c), and sending it (send.c). With frame.c's "100 Continue" and the
 * watch's probe (watch.c), the wire layer is the only writer to the connection.
 * Whatever bytes a program printed, the reply is valid JSON. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"
#include "config/lang.h"
#include "wire/message.h"
#include "base/outcome.h"

/* The reply body under construction, in one fixed reservation of LIMIT_REPLY_BYTES. */
struct reply {
        char *buf;
        size_t len, cap;
        enum mode mode;
        bool base64;                    /* output_encoding: base64 */
};

int reply_init(struct reply *r, enum mode mode);

/* Appenders for the body. */
void reply_raw(struct reply *r, const char *s);
void reply_bytes(struct reply *r, const void *s, size_t n);    /* already JSON: as they are */
void reply_str(struct reply *r, const char *s, size_t len);   /* a JSON string, invalid UTF-8 -> U+FFFD */
void reply_int(struct reply *r, long long v);
void reply_base64(struct reply *r, const char *s, size_t len);     /* RFC 4648, padded */
/* `"name":{...stage fields...}` (name NULL: just the object), for compile, run, tests[i]. */
void reply_stage(struct reply *r, const char *name, const struct outcome *o);
/* `,"code":...` to `"stderr_truncated"`: a stage's fields but its output (the
 * stream's exit event carries them; its output came as data). */
void reply_stage_fields(struct reply *r, const struct outcome *o);
/* One entry of "tests": the stage's fields, then "passed", "verdict" and
 * "checker_message" (reply_verdict's, which the stream's exit event shares). */
void reply_test(struct reply *r, const struct outcome *o, const struct verdict_info *v);
void reply_verdict(struct reply *r, const struct verdict_info *v);

/* Bodies built whole. */
void reply_error(struct reply *r, enum err err, const char *message);
void reply_runtimes(struct reply *r, const struct langs *l);
/* limits: the backend that enforces memory and process limits ("cgroup-v1",
 * "rlimit-only", or "none" when jobs are refused). */
void reply_health(struct reply *r, unsigned free_slots, unsigned slots, const char *limits);

/* The HTTP status an error maps to, and a status's reason phrase ("" if none). */
int reply_http_status(enum err err);
const char *reply_http_reason(int http_status);

/* Write the reply (HTTP head when in HTTP mode, then body and, in raw mode, "\n")
 * to fd and close the connection gracefully. 0, or -errno if it could not be written. */
int reply_send(struct reply *r, int fd, int http_status);

/* After the last byte: our FIN, then the client's bytes drained until it closes,
 * at most LIMIT_LINGER_MS, so that close() sends no RST that drops our reply. */
void reply_linger(int fd);
/* The wire code of an error ("bad_request", ...). */
const char *reply_error_code(enum err err);

/* Wire strings. */
const char *reply_status_name(enum status s);   /* NULL for STATUS_OK */
const char *reply_signal_name(int sig);
