/* ws.c: one WebSocket connection after its handshake, the server's (the executor)
 * or the client's (the CLI's live run over http://): RFC 6455's framing by
 * libwslay's event API, on a non-blocking fd. It never parses HTTP, never blocks
 * (the waits of the connection's end are ws-close.c's), and never closes the fd,
 * which is the caller's.
 *
 * libwslay and libnettle are loaded with dlopen (ws-lib.c), and neither is linked:
 * linking them cost every connection ~0.2 ms before main(), on the WebSocket path
 * or not. Measured on {"op":"runtimes"} piped into coderun-exec, runs interleaved,
 * medians: 0.79 ms unlinked, 0.98 ms with both linked (3000 runs each; wslay alone
 * +0.06, nettle alone +0.13), and 0.93 against 1.18 ms on a busier machine (5000
 * runs); unlinked with this code in, 0.93 ms: nothing. dlopen at run time costs a
 * WebSocket connection ~0.1 ms (wslay) and ~0.2 ms (nettle), once.
 *
 * Memory: wslay reassembles one message at a time, refused past max_message
 * before its bytes are read (twice that for a moment: it copies the frames into
 * one buffer); a message in tiny frames costs wslay ~100 bytes per frame besides,
 * bounded by WS_FRAGMENTS_MAX. Writes are the caller's, seen in
 * ws_backlog; pongs, which wslay queues by itself, are bounded by WS_QUEUE_MAX. */
#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "base/text.h"
#include "base/util.h"
#include "base/ws-conn.h"

/* Frames in one message: a browser sends one, websockets one per fragment the
 * application gives it; 1024 cost wslay's bookkeeping ~100 KiB at most. */
#define WS_FRAGMENTS_MAX 1024
/* Messages waiting to be written past which we stop reading: each ping read
 * queues a pong, so a peer that floods pings and reads nothing would otherwise
 * grow our queue by ~100 bytes per 6 it sends. */
#define WS_QUEUE_MAX 1024
/* RFC 6455 5.5: a control frame's payload is at most 125 bytes, 2 of a close's
 * for its code. */
#define WS_REASON_MAX 123

static bool throttled(const struct ws *w) {
        return w->lib.want_write(w->ctx) && w->lib.get_queued_msg_count(w->ctx) >= WS_QUEUE_MAX;
}

/* wslay's read: pending bytes first, then the fd. WOULDBLOCK ends wslay_event_recv's
 * loop for now; CALLBACK_FAILURE ends the connection (io_err or eof says why). */
static ssize_t on_recv(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, int flags,
                       void *user) {
        struct ws *w = user;

        (void)flags;
        if (w->pending_off < w->pending_len) {
                size_t n = w->pending_len - w->pending_off;

                if (n > len)
                        n = len;
                memcpy(buf, w->pending + w->pending_off, n);
                w->pending_off += n;
                return (ssize_t)n;
        }
        if (throttled(w)) {
                w->lib.set_error(ctx, WSLAY_ERR_WOULDBLOCK);
                return -1;
        }
        for (;;) {
                ssize_t k = read(w->fd, buf, len);

                if (k > 0)
                        return k;
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                        w->lib.set_error(ctx, WSLAY_ERR_WOULDBLOCK);
                        return -1;
                }
                if (k == 0)
                        w->eof = true;
                else
                        w->io_err = -errno;
                w->lib.set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
                return -1;
        }
}

/* wslay's write. MSG_NOSIGNAL: a vanished peer is -EPIPE, not a SIGPIPE death;
 * MSG_MORE when wslay says a frame's payload follows its header. */
static ssize_t on_send(wslay_event_context_ptr ctx, const uint8_t *data, size_t len, int flags,
                       void *user) {
        struct ws *w = user;

        for (;;) {
                ssize_t k = w->not_socket ? write(w->fd, data, len)
                            : send(w->fd, data, len, MSG_NOSIGNAL |
                                   (flags & WSLAY_MSG_MORE ? MSG_MORE : 0));

                if (k > 0)
                        return k;
                if (k < 0 && errno == ENOTSOCK && !w->not_socket) {
                        w->not_socket = true;
                        continue;
                }
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                        w->lib.set_error(ctx, WSLAY_ERR_WOULDBLOCK);
                        return -1;
                }
                w->io_err = k < 0 ? -errno : -EIO;
                w->lib.set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
                return -1;
        }
}

/* A close of our own for what the peer sent, and no more reading: wslay then
 * writes the close and the connection is finished, as after its own 1002. */
static void refuse(struct ws *w, uint16_t code) {
        (void)w->lib.queue_close(w->ctx, code, NULL, 0);
        w->lib.shutdown_read(w->ctx);
        w->close_queued = true;
}

/* Before a data frame's payload is read: binary is refused at once (1003), not
 * buffered first; too many frames in one message are refused as too big (1009). */
static void on_frame_start(wslay_event_context_ptr ctx,
                           const struct wslay_event_on_frame_recv_start_arg *arg, void *user) {
        struct ws *w = user;

        (void)ctx;
        if (wslay_is_ctrl_frame(arg->opcode))
                return;
        if (arg->opcode == WSLAY_BINARY_FRAME) {
                refuse(w, WSLAY_CODE_UNSUPPORTED_DATA);
                return;
        }
        w->frames = arg->opcode == WSLAY_CONTINUATION_FRAME ? w->frames + 1 : 1;
        if (w->frames > WS_FRAGMENTS_MAX)
                refuse(w, WSLAY_CODE_MESSAGE_TOO_BIG);
}

/* A whole message. wslay has checked its UTF-8 and answered pings and closes. */
static void on_message(wslay_event_context_ptr ctx, const struct wslay_event_on_msg_recv_arg *arg,
                       void *user) {
        struct ws *w = user;
        int r;

        (void)ctx;
        if (arg->opcode != WSLAY_TEXT_FRAME || w->close_queued || w->text_err != 0 || !w->on_text)
                return;
        r = w->on_text(w->u, (const char *)arg->msg, arg->msg_length);
        if (r < 0) {
                w->text_err = r;
                w->lib.shutdown_read(w->ctx);
        }
}

/* A client masks every frame it sends (RFC 6455 5.3) with a key "derived from a
 * strong source of entropy"; getrandom blocks only before the kernel's pool is
 * ready, long before a user types. */
static int on_genmask(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, void *user) {
        struct ws *w = user;

        if (getrandom(buf, len, 0) != (ssize_t)len) {
                w->lib.set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
                return -1;
        }
        return 0;
}

static int make(int fd, size_t max_message, const char *pending, size_t n, bool client,
                struct ws **ret) {
        const struct wslay_event_callbacks cb = {
                .recv_callback = on_recv,
                .send_callback = on_send,
                .genmask_callback = client ? on_genmask : NULL,
                .on_frame_recv_start_callback = on_frame_start,
                .on_msg_recv_callback = on_message,
        };
        _cleanup_free_ struct ws *w = NULL;
        int flags, r;

        if (fd < 0 || max_message == 0 || (n > 0 && !pending))
                return -EINVAL;
        w = calloc(1, sizeof(*w) + n);
        if (!w)
                return -ENOMEM;
        r = ws_lib_wslay(&w->lib);
        if (r < 0)
                return r;
        flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
                return -errno;
        w->fd = fd;
        if (n > 0)
                memcpy(w->pending, pending, n);
        w->pending_len = n;
        if ((client ? w->lib.client_init : w->lib.server_init)(&w->ctx, &cb, w) != 0)
                return -ENOMEM;
        w->lib.set_max_recv_msg_length(w->ctx, max_message);
        *ret = TAKE_PTR(w);
        return 0;
}

int ws_new(int fd, size_t max_message, const char *pending, size_t n, struct ws **ret) {
        return make(fd, max_message, pending, n, false, ret);
}

int ws_new_client(int fd, size_t max_message, const char *pending, size_t n, struct ws **ret) {
        return make(fd, max_message, pending, n, true, ret);
}

void ws_free(struct ws *w) {
        if (!w)
                return;
        w->lib.context_free(w->ctx);
        free(w);
}

/* wslay's queueing errors as ours. */
static int queued(int r) {
        switch (r) {
        case 0:
                return 0;
        case WSLAY_ERR_NO_MORE_MSG:
                return -EPIPE;
        case WSLAY_ERR_NOMEM:
                return -ENOMEM;
        default:
                return -EINVAL;
        }
}

int ws_send_text(struct ws *w, const char *buf, size_t len) {
        const struct wslay_event_msg m = { WSLAY_TEXT_FRAME, (const uint8_t *)buf, len };

        if (len > 0 && !buf)
                return -EINVAL;
        return queued(w->lib.queue_msg(w->ctx, &m));
}

/* RFC 6455 7.4: 1004-1006 and 1015 are never sent, 1012-2999 are not ours to use. */
static bool sendable(unsigned code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
               (code >= 3000 && code <= 4999);
}

static bool utf8_valid(const char *s, size_t len) {
        const unsigned char *p = (const unsigned char *)s, *end;

        if (len == 0)
                return true;    /* s may be NULL, and NULL + 0 is undefined */
        for (end = p + len; p < end;) {
                int k = text_utf8_seq(p, end);

                if (k < 0)
                        return false;
                p += k;
        }
        return true;
}

int ws_send_close(struct ws *w, unsigned code, const char *reason) {
        size_t len = reason ? strlen(reason) : 0;
        int r;

        if (!sendable(code) || len > WS_REASON_MAX || !utf8_valid(reason, len))
                return -EINVAL;
        r = queued(w->lib.queue_close(w->ctx, (uint16_t)code, (const uint8_t *)reason, len));
        if (r == 0)
                w->close_queued = true;
        return r;
}

int ws_send_ping(struct ws *w) {
        const struct wslay_event_msg m = { WSLAY_PING, NULL, 0 };

        return queued(w->lib.queue_msg(w->ctx, &m));
}

size_t ws_backlog(const struct ws *w) {
        return w->lib.get_queued_msg_length(w->ctx);
}

short ws_events(const struct ws *w) {
        short ev = 0;

        if (w->eof || w->io_err < 0)
                return 0;
        if (w->lib.want_read(w->ctx) && !throttled(w))
                ev |= POLLIN;
        if (w->lib.want_write(w->ctx))
                ev |= POLLOUT;
        return ev;
}

int ws_failed(const struct ws *w, int r) {
        if (w->io_err < 0)
                return w->io_err;
        if (w->eof)
                return -EPIPE;
        return r == WSLAY_ERR_NOMEM ? -ENOMEM : -EIO;
}

int ws_pump(struct ws *w, short revents, int (*on_text)(void *u, const char *buf, size_t len),
            void *u) {
        bool readable = revents & (POLLIN | POLLERR | POLLHUP);
        int r;

        if (w->eof || w->io_err < 0)
                return ws_failed(w, 0);
        w->on_text = on_text;
        w->u = u;
        if (w->lib.want_read(w->ctx) && (readable || w->pending_off < w->pending_len)) {
                r = w->lib.recv(w->ctx);
                if (r != 0)
                        return ws_failed(w, r);
        }
        w->on_text = NULL;
        if (w->lib.want_write(w->ctx)) {
                r = w->lib.send(w->ctx);
                if (r != 0)
                        return ws_failed(w, r);
        }
        if (w->text_err < 0) {
                r = w->text_err;
                w->text_err = 1;        /* returned: on_message still hands on nothing */
                return r;
        }
        if (!w->lib.want_read(w->ctx) && !w->lib.want_write(w->ctx))
                return -EPIPE;
        return 0;
}

bool ws_close_sent(const struct ws *w) {
        return w->lib.get_close_sent(w->ctx);
}

int ws_close_code_received(const struct ws *w) {
        uint16_t code;

        if (!w->lib.get_close_received(w->ctx))
                return 0;
        code = w->lib.get_status_code_received(w->ctx);
        return code == WSLAY_CODE_NO_STATUS_RCVD ? 0 : code;
}
