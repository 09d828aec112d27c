/* stream-out.c: stream events onto the connection, as they happen. Each event is
 * framed (an NDJSON line, an SSE event, a WebSocket text message) and written at
 * once as far as the socket takes it without blocking; the rest waits in a queue
 * the stage's poll loop flushes. Past LIMIT_STREAM_QUEUE_BYTES the sink holds the
 * program's output in its pipe, so a slow reader slows the program and never
 * grows the executor; a client that takes nothing for LIMIT_REPLY_MS is gone. */
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include "base/limits.h"
#include "base/queue.h"
#include "base/util.h"
#include "wire/stream.h"
#include "base/ws.h"

static const char ndjson_head[] =
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nX-Accel-Buffering: no\r\n"
        "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";
static const char sse_head[] =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Accel-Buffering: no\r\n"
        "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";

int stream_init(struct stream_sink *s, struct reply *result, const struct message *m, int in, int out) {
        struct stat st;
        int r;

        *s = (struct stream_sink) {
                .sink = { &stream_ops }, .mode = m->mode,
                .in = in, .out = out, .test = -1, .stage = "run",
                .framing = m->op == OP_CONNECT ? FRAMING_WS :
                           m->accept == ACCEPT_SSE ? FRAMING_SSE : FRAMING_NDJSON,
                .last_write_ms = now_ms(), .ping_ms = LIMIT_STREAM_PING_MS,
        };
        s->sock = fstat(out, &st) == 0 && S_ISSOCK(st.st_mode);
        /* Events are small writes that must leave at once: Nagle would hold one back
         * until the client acknowledged the last, which a delayed ACK puts off by up
         * to 40 ms. Not a TCP socket (a unix one, a pipe): nothing to turn off. */
        if (s->sock)
                (void)setsockopt(out, IPPROTO_TCP, TCP_NODELAY, &(int) { 1 }, sizeof(int));
        s->in_sock = fstat(in, &st) == 0 && S_ISSOCK(st.st_mode);
        s->head_due = m->mode == MODE_HTTP && m->op != OP_CONNECT;
        /* A raw client knows it asked for a stream: every error is an event. */
        s->started = m->mode == MODE_RAW;
        s->last_progress_ms = s->last_write_ms;
        batch_init(&s->batch, result, in, m->mode);
        r = reply_init(&s->ev, MODE_RAW);
        if (r < 0)
                return r;
        stream_encoding(s, m->output_base64);
        return 0;
}

void stream_encoding(struct stream_sink *s, bool base64) {
        s->ev.base64 = base64;
}

bool stream_started(const struct stream_sink *s) {
        return s->started;
}

size_t stream_backlog(const struct stream_sink *s) {
        const char *unused;

        return s->framing == FRAMING_WS ? (s->ws ? ws_backlog(s->ws) : 0)
                                        : queue_pending(&s->q, &unused);
}

/* As much of the queue as the connection takes now. Not a socket (a pipe, a
 * file: a local run): plain blocking writes. A failed write is a client gone:
 * the queue is dropped, and the next poll sees the connection's error. */
void stream_write(struct stream_sink *s) {
        if (s->framing == FRAMING_WS) {
                /* Whatever the library wants written, control frames too: a ping has
                 * no payload, so the backlog does not count it. */
                if (s->ws && ws_events(s->ws) & POLLOUT && ws_pump(s->ws, POLLOUT, NULL, NULL) >= 0)
                        s->last_progress_ms = now_ms();
                return;
        }
        for (;;) {
                const char *data;
                size_t len = queue_pending(&s->q, &data);
                ssize_t n;

                if (len == 0)
                        return;
                n = s->sock ? send(s->out, data, len, MSG_DONTWAIT | MSG_NOSIGNAL)
                            : write(s->out, data, len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0 && errno == EAGAIN)
                        return;
                if (n <= 0) {
                        queue_clear(&s->q);
                        return;
                }
                queue_take(&s->q, (size_t)n);
                s->last_progress_ms = now_ms();
        }
}

/* An event in parts (iov[0..n)), framed and queued, then written as far as it goes.
 * Queued parts are copied once; a WebSocket message must be one buffer, so there
 * they are joined in s->ev first. */
static int emit(struct stream_sink *s, const char *type, const struct iovec *iov, size_t n) {
        int r = 0;

        if (s->head_due) {
                r = queue_push(&s->q, s->framing == FRAMING_SSE ? sse_head : ndjson_head,
                               s->framing == FRAMING_SSE ? sizeof(sse_head) - 1 : sizeof(ndjson_head) - 1);
                s->head_due = false;
                s->started = true;
        }
        if (s->framing == FRAMING_WS) {
                for (size_t i = 1; i < n; i++)
                        reply_bytes(&s->ev, iov[i].iov_base, iov[i].iov_len);
                if (s->ev.len > s->ev.cap)
                        return -E2BIG;
                r = s->ws ? ws_send_text(s->ws, s->ev.buf, s->ev.len) : -ENOTCONN;
        } else {
                char head[32];
                int k = snprintf(head, sizeof(head), "event: %s\ndata: ", type);

                /* SSE: the JSON holds no line break (the encoder escapes them), so the
                 * event is one data line. */
                if (s->framing == FRAMING_SSE)
                        r = r < 0 ? r : queue_push(&s->q, head, (size_t)k);
                for (size_t i = 0; i < n; i++)
                        r = r < 0 ? r : queue_push(&s->q, iov[i].iov_base, iov[i].iov_len);
                r = r < 0 ? r : queue_push(&s->q, s->framing == FRAMING_SSE ? "\n\n" : "\n",
                                           s->framing == FRAMING_SSE ? 2 : 1);
        }
        s->last_write_ms = now_ms();
        stream_write(s);
        return r;
}

/* The event in s->ev. */
int stream_emit(struct stream_sink *s, const char *type) {
        if (s->ev.len > s->ev.cap)
                return -E2BIG;
        return emit(s, type, &(struct iovec) { s->ev.buf, s->ev.len }, 1);
}

/* The last event: s->ev holds its head; the batch reply, whole, follows without
 * being copied into it (it may be megabytes), then the closing brace. */
int stream_emit_done(struct stream_sink *s, const struct reply *result) {
        if (s->ev.len > s->ev.cap || result->len > result->cap)
                return -E2BIG;
        return emit(s, "done", (struct iovec[]) { { s->ev.buf, s->ev.len },
                    { result->buf, result->len }, { (char *)"}", 1 } }, 3);
}

/* Everything queued onto the connection, or the deadline passes. */
static int flush(struct stream_sink *s, long long deadline) {
        if (s->framing == FRAMING_WS)
                return s->ws ? ws_flush(s->ws, deadline) : 0;
        while (stream_backlog(s) > 0) {
                struct pollfd pfd = { .fd = s->out, .events = POLLOUT };
                long long left = deadline - now_ms();

                if (left <= 0)
                        return -ETIMEDOUT;
                if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
                        return -errno;
                if (pfd.revents & (POLLERR | POLLHUP))
                        return -EPIPE;
                stream_write(s);
        }
        return 0;
}

int stream_finish(struct stream_sink *s) {
        long long deadline = now_ms() + LIMIT_REPLY_MS;
        int r;

        if (s->framing == FRAMING_WS && s->ws && !ws_close_sent(s->ws))
                (void)ws_send_close(s->ws, 4999, "Job Completed");
        r = flush(s, deadline);
        /* The client's close frame before our FIN (ws.h says why), within the time
         * it has to take the reply. */
        if (r == 0 && s->framing == FRAMING_WS && s->ws)
                (void)ws_await_close(s->ws, deadline);
        if (s->framing == FRAMING_WS && s->ws)
                (void)ws_linger(s->ws, now_ms() + LIMIT_LINGER_MS);
        else
                reply_linger(s->out);
        return r;
}

/* The error event, once: after done or an earlier error the client knows. */
static int error_event(struct stream_sink *s, const struct problem *p) {
        const char *code = reply_error_code(p->err);

        if (s->finished)
                return 0;
        s->finished = true;
        s->ev.len = 0;
        reply_raw(&s->ev, "{\"type\":\"error\",\"error\":\"");
        reply_raw(&s->ev, code);
        reply_raw(&s->ev, "\",\"message\":");
        reply_str(&s->ev, p->message, strlen(p->message));
        reply_raw(&s->ev, "}");
        return stream_emit(s, "error");
}

/* A WebSocket's close frame, once; its reason is Piston's few words (a close
 * reason holds at most 123 bytes: the error event said the rest). */
static void ws_close(struct stream_sink *s, unsigned code, const char *reason) {
        if (s->framing == FRAMING_WS && s->ws && !ws_close_sent(s->ws))
                (void)ws_send_close(s->ws, code, reason);
}

int stream_fail(struct stream_sink *s, const struct problem *p) {
        int r = error_event(s, p);

        ws_close(s, 4002, "Notified Error");
        return r;
}

int stream_client_fault(struct stream_sink *s, enum err err, unsigned ws_code, const char *ws_reason,
                        const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(s->fault.message, sizeof(s->fault.message), fmt, ap);
        va_end(ap);
        s->fault.err = err;
        (void)error_event(s, &s->fault);
        ws_close(s, ws_code, ws_reason);
        return -EPROTO;
}
