/* stream-ws.c: the stream over a WebSocket (GET /api/v2/connect, Piston's
 * protocol): the 101 answer, the init message that carries the request (within
 * LIMIT_REQUEST_MS, else close 4001), and the client's messages while the job
 * runs. Messages that came with init, before the job could take them, wait in
 * s->early. Framing, masking, fragments and control frames are base/ws.c's. */
#include <poll.h>
#include <stdio.h>
#include "base/json.h"
#include "base/limits.h"
#include "base/util.h"
#include "wire/stream.h"
#include "base/ws.h"

/* The longest message: init carries the whole request. */
#define WS_MAX_MESSAGE ((size_t)LIMIT_REQUEST_BYTES)

int stream_ws_accept(struct stream_sink *s, const struct message *m, struct problem *p) {
        char accept[WS_ACCEPT_LEN + 1], head[160];
        int n, r;

        if (ws_accept_value(m->ws_key, accept) < 0)
                return problem(p, ERR_BAD_REQUEST, "Sec-WebSocket-Key: not the base64 of 16 bytes");
        r = ws_new(s->out, WS_MAX_MESSAGE, m->rest, m->n_rest, &s->ws);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "the WebSocket: %s", strerror(-r));
        n = snprintf(head, sizeof(head), "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
        r = write_all(s->out, head, (size_t)n);
        if (r < 0)
                return problem(p, ERR_GONE, "writing the WebSocket handshake: %s", strerror(-r));
        s->started = true;
        return 0;
}

struct init_wait {
        struct stream_sink *s;
        char *body;
        size_t len;
};

/* Keep a message that came before the job ran, length-prefixed. */
static int keep_early(struct stream_sink *s, const char *buf, size_t len) {
        char *e;

        if (s->early_len + sizeof(len) + len > 2 * (size_t)LIMIT_CLIENT_MESSAGE_BYTES)
                return -ENOBUFS;
        e = realloc(s->early, s->early_len + sizeof(len) + len);
        if (!e)
                return -ENOMEM;
        memcpy(e + s->early_len, &len, sizeof(len));
        memcpy(e + s->early_len + sizeof(len), buf, len);
        s->early = e;
        s->early_len += sizeof(len) + len;
        return 0;
}

static int on_init_text(void *u, const char *buf, size_t len) {
        struct init_wait *w = u;

        if (w->body)
                return keep_early(w->s, buf, len);
        w->body = malloc(len + 1);
        if (!w->body)
                return -ENOMEM;
        memcpy(w->body, buf, len);
        w->body[len] = '\0';
        w->len = len;
        return 0;
}

/* Whether the first message is not some other client event (Piston answers those
 * with 4003); whether it is a good request is request_parse's to say. */
static bool is_init(const char *body, size_t len) {
        _cleanup_free_ char *copy = malloc(len + 1);
        _cleanup_free_ struct json *j = NULL;
        struct problem p;
        struct blob type;
        int t;

        if (!copy)
                return true;
        memcpy(copy, body, len);
        copy[len] = '\0';
        if (json_parse(copy, len, &j, &p) < 0 || json_type(j, 0) != JSON_OBJECT)
                return true;
        t = json_member(j, 0, "type");
        return t < 0 || json_string(j, t, &type) < 0 || streq(type.data, "init");
}

int stream_ws_init(struct stream_sink *s, char **ret_body, size_t *ret_len, struct problem *p) {
        long long deadline = now_ms() + LIMIT_REQUEST_MS;
        struct init_wait w = { .s = s };
        /* Frames that came with the handshake are no news to poll: pump them first. */
        int r = ws_pump(s->ws, 0, on_init_text, &w);

        while (!w.body && r >= 0) {
                struct pollfd pfd = { .fd = s->in, .events = ws_events(s->ws) };
                long long left = deadline - now_ms();

                if (left <= 0) {
                        (void)ws_send_close(s->ws, 4001, "Initialization Timeout");
                        s->finished = true;
                        return problem(p, ERR_TIMEOUT, "no init message within %d ms",
                                       LIMIT_REQUEST_MS);
                }
                if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
                        return problem(p, ERR_INTERNAL, "poll: %s", strerror(errno));
                r = ws_pump(s->ws, pfd.revents, on_init_text, &w);
        }
        if (!w.body) {
                s->finished = true;
                return problem(p, ERR_GONE, "the WebSocket ended before init: %s", strerror(-r));
        }
        if (r == -ENOBUFS) {
                free(w.body);
                return problem(p, ERR_TOO_LARGE, "client messages over %u bytes before the run",
                               2 * LIMIT_CLIENT_MESSAGE_BYTES);
        }
        if (!is_init(w.body, w.len)) {
                free(w.body);
                r = stream_client_fault(s, ERR_BAD_REQUEST, 4003, "Not yet initialized",
                                        "the first message must be {\"type\":\"init\", ...}");
                *p = s->fault;
                return r;
        }
        *ret_body = w.body;
        *ret_len = w.len;
        return 0;
}

struct pump {
        struct stream_sink *s;
        struct stage_ctl *ctl;
};

static int on_text(void *u, const char *buf, size_t len) {
        struct pump *pu = u;
        char *copy = malloc(len + 1);
        int r;

        /* Parsing decodes in place: the library's buffer is its own. */
        if (!copy)
                return -ENOMEM;
        memcpy(copy, buf, len);
        copy[len] = '\0';
        r = stream_client_message(pu->s, pu->ctl, copy, len);
        free(copy);
        return r;
}

int stream_ws_pump(struct stream_sink *s, struct stage_ctl *ctl, short revents) {
        struct pump pu = { s, ctl };
        int r;

        if (!s->ws)
                return -EPIPE;
        r = ws_pump(s->ws, revents, on_text, &pu);
        if (s->fault.message[0])
                return -EPROTO;
        if (r == -ENOMEM || r == -EIO)
                return stream_client_fault(s, ERR_INTERNAL, 1011, "Internal Error",
                                           "reading the WebSocket: %s", strerror(-r));
        return r < 0 ? -EPIPE : 0;
}
