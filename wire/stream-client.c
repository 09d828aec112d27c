/* stream-client.c: the client's side of a stream while a stage runs: what to poll
 * for (its events, room to write ours, the next ping), and what it sent, turned
 * into calls on the stage's control: typed stdin, stdin_close, signals, resize.
 * Raw TCP clients send one JSON object per line (and a half-close is
 * stdin_close); WebSocket clients one per text message (stream-ws.c); HTTP
 * streams take nothing after the body. A malformed or unknown client event is a
 * fault: the client is told why and the run ends, nothing it sent is dropped
 * unseen. It never reads more than the stdin queue has room for. */
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include "base/json.h"
#include "base/limits.h"
#include "base/util.h"
#include "wire/stream.h"
#include "base/ws.h"

#define STREAM(x) ((struct stream_sink *)((char *)(x) - offsetof(struct stream_sink, sink)))

/* Read the client only while the stdin queue has room for a message of any size. */
#define ROOM_TO_READ ((size_t)LIMIT_CLIENT_MESSAGE_BYTES)

static const struct {
        const char *name;
        int sig;
} signals[] = {
        { "SIGINT", SIGINT }, { "SIGTERM", SIGTERM }, { "SIGKILL", SIGKILL },
        { "SIGQUIT", SIGQUIT }, { "SIGHUP", SIGHUP }, { "SIGUSR1", SIGUSR1 },
        { "SIGUSR2", SIGUSR2 },
};

static int string_member(struct stream_sink *s, const struct json *j, const char *key,
                         struct blob *ret) {
        int v = json_member(j, 0, key);

        if (v < 0 || json_string(j, v, ret) < 0)
                return stream_client_fault(s, ERR_BAD_REQUEST, 4002, "Notified Error",
                                           "client event: \"%s\" must be a string", key);
        return 0;
}

static int on_data(struct stream_sink *s, struct stage_ctl *ctl, const struct json *j) {
        struct blob stream, data;
        long n;

        if (string_member(s, j, "stream", &stream) < 0 || string_member(s, j, "data", &data) < 0)
                return -EPROTO;
        if (!streq(stream.data, "stdin"))
                return stream_client_fault(s, ERR_BAD_REQUEST, 4004, "Can only write to stdin",
                                           "client event: data: only \"stdin\" is writable");
        n = ctl->ops->input(ctl, data.data, data.len);
        if (n == -ENOMEM)
                return stream_client_fault(s, ERR_INTERNAL, 1011, "Internal Error",
                                           "out of memory for typed stdin");
        if (n == -EPERM)
                return stream_client_fault(s, ERR_BAD_REQUEST, 4002, "Notified Error",
                                           "client event: data: a run with tests takes no typed "
                                           "stdin (each test has its own)");
        if (n == -EPIPE)
                return stream_client_fault(s, ERR_BAD_REQUEST, 4002, "Notified Error",
                                           "client event: data after stdin_close");
        return 0;
}

static int on_signal(struct stream_sink *s, struct stage_ctl *ctl, const struct json *j) {
        struct blob name;

        if (string_member(s, j, "signal", &name) < 0)
                return -EPROTO;
        for (size_t i = 0; i < ELEMENTSOF(signals); i++)
                if (streq(name.data, signals[i].name)) {
                        int r = ctl->ops->signal(ctl, signals[i].sig);

                        return r == -EAGAIN ? stream_client_fault(s, ERR_BAD_REQUEST, 4002,
                                              "Notified Error", "client event: signals faster "
                                              "than the program can be sent them") : 0;
                }
        return stream_client_fault(s, ERR_BAD_REQUEST, 4005, "Invalid signal",
                                   "client event: signal: one of SIGINT, SIGTERM, SIGKILL, "
                                   "SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2");
}

static int on_resize(struct stream_sink *s, struct stage_ctl *ctl, const struct json *j) {
        long long rows, cols;

        if (json_int(j, json_member(j, 0, "rows"), &rows) < 0 ||
            json_int(j, json_member(j, 0, "cols"), &cols) < 0 ||
            rows < 1 || rows > 1000 || cols < 1 || cols > 1000)
                return stream_client_fault(s, ERR_BAD_REQUEST, 4002, "Notified Error",
                                           "client event: resize: rows and cols must be "
                                           "integers in 1..1000");
        /* A run without a terminal has no size to set: nothing is lost. */
        (void)ctl->ops->resize(ctl, (unsigned)rows, (unsigned)cols);
        return 0;
}

/* Each event's fields, exactly: a typo must not pass for an event that did nothing. */
static const struct {
        const char *type;
        int fields;             /* members, type included */
        int (*handle)(struct stream_sink *s, struct stage_ctl *ctl, const struct json *j);
} events[] = {
        { "data", 3, on_data },
        { "stdin_close", 1, NULL },
        { "signal", 2, on_signal },
        { "resize", 3, on_resize },
};

int stream_client_message(struct stream_sink *s, struct stage_ctl *ctl, char *buf, size_t len) {
        _cleanup_free_ struct json *j = NULL;
        struct problem p;
        struct blob type;

        if (json_parse(buf, len, &j, &p) < 0 || json_type(j, 0) != JSON_OBJECT)
                return stream_client_fault(s, ERR_BAD_REQUEST, 4002, "Notified Error",
                                           "client event: not a JSON object");
        if (string_member(s, j, "type", &type) < 0)
                return -EPROTO;
        if (streq(type.data, "init"))
                return stream_client_fault(s, ERR_BAD_REQUEST, 4000, "Already Initialized",
                                           "client event: init: the run has begun");
        for (size_t i = 0; i < ELEMENTSOF(events); i++) {
                if (!streq(type.data, events[i].type))
                        continue;
                if (json_size(j, 0) != events[i].fields)
                        return stream_client_fault(s, ERR_BAD_REQUEST, 4002, "Notified Error",
                                                   "client event: %s: wrong or unknown fields",
                                                   events[i].type);
                if (!events[i].handle) {
                        ctl->ops->input_close(ctl);
                        return 0;
                }
                return events[i].handle(s, ctl, j);
        }
        return stream_client_fault(s, ERR_BAD_REQUEST, 4002, "Notified Error",
                                   "client event: unknown type \"%.32s\"", type.data);
}

/* Raw: bytes of NDJSON client events; each complete line is one event. */
static int raw_bytes(struct stream_sink *s, struct stage_ctl *ctl, const char *buf, size_t n) {
        if (!s->line) {
                s->line = malloc(LIMIT_CLIENT_MESSAGE_BYTES + 1);
                if (!s->line)
                        return stream_client_fault(s, ERR_INTERNAL, 0, NULL, "out of memory");
        }
        for (size_t i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                        if (s->line_len == LIMIT_CLIENT_MESSAGE_BYTES)
                                return stream_client_fault(s, ERR_TOO_LARGE, 0, NULL,
                                                           "client event over %u bytes",
                                                           LIMIT_CLIENT_MESSAGE_BYTES);
                        s->line[s->line_len++] = buf[i];
                        continue;
                }
                s->line[s->line_len] = '\0';
                if (s->line[strspn(s->line, " \t\r")] != '\0' &&
                    stream_client_message(s, ctl, s->line, s->line_len) < 0)
                        return -EPROTO;
                s->line_len = 0;
        }
        return 0;
}

/* What the client sent: WebSocket messages, or raw lines and the half-close that
 * ends the program's stdin. */
enum watch_verdict stream_client_read(struct stream_sink *s, struct stage_ctl *ctl) {
        char buf[65536];
        ssize_t n;
        int r;

        if (s->framing == FRAMING_WS) {
                r = stream_ws_pump(s, ctl, POLLIN);
                return r == -EPROTO ? WATCH_FAULT : r < 0 ? WATCH_GONE : WATCH_GO_ON;
        }
        n = read(s->in, buf, sizeof(buf));
        if (n < 0)
                return errno == EINTR || errno == EAGAIN ? WATCH_GO_ON : WATCH_GONE;
        if (n > 0)
                return raw_bytes(s, ctl, buf, (size_t)n) < 0 ? WATCH_FAULT : WATCH_GO_ON;
        s->client_eof = true;
        /* A close looks like a half-close until written to: probe now, not in 500 ms,
         * so a client that left is seen at once. */
        s->last_write_ms = now_ms() - LIMIT_PROBE_MS;
        /* A last line without its newline is still an event. */
        if (s->line_len > 0 && raw_bytes(s, ctl, "\n", 1) < 0)
                return WATCH_FAULT;
        ctl->ops->input_close(ctl);
        return WATCH_GO_ON;
}

static bool reads_events(const struct stream_sink *s) {
        return s->mode == MODE_RAW || s->framing == FRAMING_WS;
}

void stream_client_poll(struct sink *k, struct stage_ctl *ctl, struct client_wait *w) {
        struct stream_sink *s = STREAM(k);
        long long now = now_ms(), due = s->last_write_ms + s->ping_ms;
        size_t backlog = stream_backlog(s);
        short in = 0, out = backlog > 0 ? POLLOUT : 0;

        if (s->mode == MODE_RAW && s->client_eof)
                due = s->last_write_ms + LIMIT_PROBE_MS;   /* the probe, see watch.c */
        if (backlog > 0 && s->last_progress_ms + LIMIT_REPLY_MS < due)
                due = s->last_progress_ms + LIMIT_REPLY_MS;
        if (s->framing == FRAMING_WS && s->ws)
                out |= ws_events(s->ws) & POLLOUT;
        /* The client's events only while a whole one fits in the stdin queue. */
        if (reads_events(s) && !s->client_eof && !s->finished &&
            ctl->ops->input_room(ctl) >= ROOM_TO_READ)
                in = POLLIN;
        else if (!reads_events(s))
                in = POLLRDHUP;         /* HTTP: EOF means gone */
        /* After EOF a pipe or file has nothing more to say (a pipe would report
         * POLLHUP for ever); a socket stays watched for its errors. */
        w->fd[0] = s->client_eof && s->in != s->out ? -1 : s->in;
        w->events[0] = in;
        w->fd[1] = s->out == s->in ? -1 : s->out;
        w->events[1] = out;
        if (s->out == s->in)
                w->events[0] |= out;
        w->timeout_ms = due > now ? (int)(due - now) : 0;
        /* Events that came with the request are no news to poll: handle them now. */
        if (s->early)
                w->timeout_ms = 0;
        w->hold_output = backlog > LIMIT_STREAM_QUEUE_BYTES;
}

/* Silence: a ping (NDJSON, SSE) or ping frame (WebSocket) every stream_ping
 * (coderun.conf) keeps proxies from closing; after a raw half-close, a
 * space every LIMIT_PROBE_MS finds out whether the client is still there. */
static void keepalive(struct stream_sink *s) {
        long long now = now_ms();

        if (s->mode == MODE_RAW && s->client_eof && now - s->last_write_ms >= LIMIT_PROBE_MS) {
                /* Only between events: queued bytes probe as well, and a space
                 * must not land inside a half-written event. */
                s->last_write_ms = now;
                if (s->sock && stream_backlog(s) == 0)
                        (void)send(s->out, " ", 1, MSG_DONTWAIT | MSG_NOSIGNAL);
                return;
        }
        if (now - s->last_write_ms < s->ping_ms)
                return;
        if (s->framing == FRAMING_WS) {
                if (s->ws)
                        (void)ws_send_ping(s->ws);
                s->last_write_ms = now;
                stream_write(s);
                return;
        }
        s->ev.len = 0;
        reply_raw(&s->ev, "{\"type\":\"ping\"}");
        (void)stream_emit(s, "ping");
}

/* Client bytes that came before the job ran (raw: with the request; WebSocket:
 * after init), handled at the first look the running stage gives the client. */
static int early(struct stream_sink *s, struct stage_ctl *ctl) {
        _cleanup_free_ char *buf = TAKE_PTR(s->early);
        size_t len = s->early_len, n;
        int r = 0;

        s->early_len = 0;
        if (s->framing != FRAMING_WS)
                return len > 0 ? raw_bytes(s, ctl, buf, len) : 0;
        /* Length-prefixed messages (stream-ws.c). */
        for (size_t off = 0; r >= 0 && off + sizeof(n) <= len; off += sizeof(n) + n) {
                memcpy(&n, buf + off, sizeof(n));
                r = stream_client_message(s, ctl, buf + off + sizeof(n), n);
        }
        return r;
}

enum watch_verdict stream_client_event(struct sink *k, struct stage_ctl *ctl,
                                       const short revents[2]) {
        struct stream_sink *s = STREAM(k);

        if (s->finished && s->fault.message[0])
                return WATCH_FAULT;
        if (s->early && (early(s, ctl) < 0 || s->finished))
                return WATCH_FAULT;
        if (revents[1] & (POLLERR | POLLHUP) || revents[0] & POLLERR ||
            (revents[0] & POLLHUP && s->in_sock))
                return WATCH_GONE;
        if (!reads_events(s) && revents[0] & POLLRDHUP)
                return WATCH_GONE;
        if (revents[1] & POLLOUT || (s->out == s->in && revents[0] & POLLOUT))
                stream_write(s);
        if (s->framing == FRAMING_WS && s->ws && ws_close_code_received(s->ws) != 0)
                return WATCH_GONE;      /* the client closed: its run ends with it */
        /* A pipe's hang-up (not a socket's: above) is bytes to read to their EOF. */
        if (reads_events(s) && !s->client_eof && revents[0] & (POLLIN | POLLHUP)) {
                enum watch_verdict v = stream_client_read(s, ctl);

                if (v != WATCH_GO_ON)
                        return s->fault.message[0] ? WATCH_FAULT : v;
        }
        if (s->fault.message[0])
                return WATCH_FAULT;
        if (stream_backlog(s) > 0 && now_ms() - s->last_progress_ms > LIMIT_REPLY_MS)
                return WATCH_GONE;      /* it takes nothing: gone, or hostile */
        keepalive(s);
        return WATCH_GO_ON;
}
