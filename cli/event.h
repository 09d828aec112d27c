/* event.h: a live run's events (docs/protocol.md, "Streaming and interactive
 * runs"): the client's, written as NDJSON lines onto a send queue, and the
 * server's, read one line at a time. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/json.h"
#include "cli/body.h"
#include "cli/fail.h"
#include "cli/reply.h"

/* Typed bytes s[0..n) as a data event. A UTF-8 character cut at the end is held
 * back for the next call (unless final): the return is how many bytes were
 * taken. Bytes that are not UTF-8, which a JSON string cannot carry, become
 * U+FFFD and set *replaced. Needs 3n + 64 bytes of room. */
size_t event_data(struct body *q, const char *s, size_t n, bool final, bool *replaced);
void event_stdin_close(struct body *q);
/* name is one of the protocol's signals, e.g. "SIGINT". */
void event_signal(struct body *q, const char *name);
void event_resize(struct body *q, unsigned rows, unsigned cols);

enum event_type {
        EVENT_OTHER,                    /* runtime, exit, ping, a type newer than us */
        EVENT_STAGE,
        EVENT_DATA,
        EVENT_DONE,
        EVENT_ERROR,
};

struct event {
        enum event_type type;
        bool compile;                   /* EVENT_STAGE: the compile stage begins */
        bool to_stderr;                 /* EVENT_DATA: stream "stderr" */
        struct bytes data;              /* EVENT_DATA: the bytes, decoded */
        struct result result;           /* EVENT_DONE: the reply; EVENT_ERROR: error, message */
        struct json *json;              /* what result's strings are parsed from: free() it */
};

/* Parse one line (changed in place; result's strings point into it). base64: the
 * request asked for base64 output. Not an event is CLI_EXIT_UNREACHABLE. */
int event_parse(char *line, size_t len, bool base64, struct event *ret, struct failure *f);
