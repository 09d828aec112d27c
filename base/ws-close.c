/* ws-close.c: the end of a WebSocket connection: what is queued written out, the
 * closing handshake awaited, then our FIN and the drain until the peer's (ws.h
 * says why each waits). It never closes the fd, which is the caller's. */
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include "base/util.h"
#include "base/ws-conn.h"

int ws_flush(struct ws *w, long long deadline_ms) {
        while (w->lib.want_write(w->ctx)) {
                struct pollfd pfd = { .fd = w->fd, .events = POLLOUT };
                long long left = deadline_ms - now_ms();
                int r;

                if (w->eof || w->io_err < 0)
                        return ws_failed(w, 0);
                r = w->lib.send(w->ctx);
                if (r != 0)
                        return ws_failed(w, r);
                if (!w->lib.want_write(w->ctx))
                        break;
                if (left <= 0)
                        return -ETIMEDOUT;
                r = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
                if (r < 0 && errno != EINTR)
                        return -errno;
        }
        return 0;
}

int ws_await_close(struct ws *w, long long deadline_ms) {
        short revents = 0;

        for (;;) {
                int r = ws_pump(w, revents, NULL, NULL);
                struct pollfd pfd = { .fd = w->fd };
                long long left = deadline_ms - now_ms();

                /* -EPIPE: the handshake is done, or the peer has gone. */
                if (r == -EPIPE || w->lib.get_close_received(w->ctx))
                        return 0;
                if (r < 0)
                        return r;
                if (left <= 0)
                        return -ETIMEDOUT;
                pfd.events = ws_events(w);
                if (poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left) < 0 && errno != EINTR)
                        return -errno;
                revents = pfd.revents;
        }
}

int ws_linger(struct ws *w, long long deadline_ms) {
        char junk[4096];

        if (shutdown(w->fd, SHUT_WR) < 0)
                return errno == ENOTSOCK ? 0 : -errno;
        for (;;) {
                struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
                long long left = deadline_ms - now_ms();
                ssize_t k;

                if (left <= 0)
                        return -ETIMEDOUT;
                if (poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left) < 0 && errno != EINTR)
                        return -errno;
                k = read(w->fd, junk, sizeof(junk));
                if (k == 0)
                        return 0;
                if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                        return -errno;
        }
}
