/* event.c: the events of a live run, both ways. Client events are exactly the
 * protocol's fields (the server refuses any other); server events are read
 * leniently where the protocol may grow (an unknown type, an extra field) and
 * strictly where we act on them. */
#include <stdio.h>
#include "base/text.h"
#include "base/util.h"
#include "cli/base64.h"
#include "cli/event.h"

size_t event_data(struct body *q, const char *s, size_t n, bool final, bool *replaced) {
        const unsigned char *p = (const unsigned char *)s, *end = p + n;
        _cleanup_free_ char *text = malloc(3 * n + 1);
        size_t len = 0;

        if (!text) {
                q->over = true;
                return n;
        }
        while (p < end) {
                int k = text_utf8_seq(p, end);

                if (k < 0 && !final && p - k == end)
                        break;          /* the rest of the character is still to come */
                if (k < 0) {
                        len += text_put_utf8(text + len, 0xfffd);
                        *replaced = true;
                        p -= k;
                        continue;
                }
                memcpy(text + len, p, (size_t)k);
                len += (size_t)k;
                p += k;
        }
        if (len > 0) {
                body_put_raw(q, "{\"type\":\"data\",\"stream\":\"stdin\",\"data\":");
                body_put_str(q, text, len);
                body_put_raw(q, "}\n");
        }
        return (size_t)((const char *)p - s);
}

void event_stdin_close(struct body *q) {
        body_put_raw(q, "{\"type\":\"stdin_close\"}\n");
}

void event_signal(struct body *q, const char *name) {
        body_put_raw(q, "{\"type\":\"signal\",\"signal\":\"");
        body_put_raw(q, name);
        body_put_raw(q, "\"}\n");
}

void event_resize(struct body *q, unsigned rows, unsigned cols) {
        char line[96];

        snprintf(line, sizeof(line), "{\"type\":\"resize\",\"rows\":%u,\"cols\":%u}\n", rows, cols);
        body_put_raw(q, line);
}

static int bad(struct failure *f, const char *what) {
        return fail_set(f, CLI_EXIT_UNREACHABLE, "the server's stream has %s", what);
}

/* A member that must be a string; NULL when it is absent or is not one. */
static const char *str(const struct json *j, const char *key) {
        struct blob b;

        return json_string(j, json_member(j, 0, key), &b) < 0 ? NULL : b.data;
}

static int parse_data(const struct json *j, bool base64, struct event *e, struct failure *f) {
        const char *stream = str(j, "stream");
        struct blob b;

        if (!stream || json_string(j, json_member(j, 0, "data"), &b) < 0)
                return bad(f, "a data event without its stream or data");
        if (!streq(stream, "stdout") && !streq(stream, "stderr"))
                return bad(f, "a data event for a stream but stdout and stderr");
        e->to_stderr = streq(stream, "stderr");
        e->data.data = b.data;
        e->data.len = b.len;
        if (base64 && base64_decode(b.data, b.len, &e->data.len) < 0)
                return bad(f, "a data event that is not base64");
        return 0;
}

int event_parse(char *line, size_t len, bool base64, struct event *ret, struct failure *f) {
        struct event e = { .type = EVENT_OTHER };
        const char *type, *stage;
        struct problem p;
        int r = 0;

        if (json_parse(line, len, &e.json, &p) < 0 || json_type(e.json, 0) != JSON_OBJECT) {
                free(e.json);
                return bad(f, "a line that is not a JSON object");
        }
        type = str(e.json, "type");
        if (!type)
                r = bad(f, "an event without a type");
        else if (streq(type, "data")) {
                e.type = EVENT_DATA;
                r = parse_data(e.json, base64, &e, f);
        } else if (streq(type, "stage")) {
                stage = str(e.json, "stage");
                e.type = EVENT_STAGE;
                e.compile = stage && streq(stage, "compile");
        } else if (streq(type, "done")) {
                int obj = json_member(e.json, 0, "result");

                e.type = EVENT_DONE;
                r = obj < 0 ? bad(f, "a done event without its result") :
                              reply_from(e.json, obj, base64, &e.result, f);
        } else if (streq(type, "error")) {
                e.type = EVENT_ERROR;
                e.result.error = str(e.json, "error");
                e.result.message = str(e.json, "message");
                if (!e.result.error)
                        r = bad(f, "an error event without its error");
        }
        if (r < 0) {
                free(e.json);
                return r;
        }
        *ret = e;
        return 0;
}
