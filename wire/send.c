/* send.c: the reply's bytes onto the connection: the HTTP head in HTTP mode, the
 * body, a closing newline, under one deadline, then a graceful close. */
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "base/limits.h"
#include "base/util.h"
#include "wire/reply.h"

/* Write all of iov. On a socket, sendmsg(MSG_NOSIGNAL) turns a vanished client
 * into -EPIPE instead of a SIGPIPE death, so the caller can still exit 111. */
/* A client that stops reading must not hold this process (and its memory) for
 * long: on a socket each send may block only until LIMIT_REPLY_MS after the first,
 * through SO_SNDTIMEO set to what is left (EAGAIN past it). */
static int send_deadline(int fd, long long deadline) {
        long long left = deadline - now_ms();
        struct timeval tv = { left / 1000, (left % 1000) * 1000 };

        if (left <= 0)
                return -EAGAIN;
        return setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ? -errno : 0;
}

static int write_iov(int fd, struct iovec *iov, size_t n) {
        long long deadline = now_ms() + LIMIT_REPLY_MS;
        bool sock = true;

        while (n > 0) {
                ssize_t k;

                if (sock) {
                        struct msghdr m = { .msg_iov = iov, .msg_iovlen = n };
                        int r = send_deadline(fd, deadline);

                        if (r == -ENOTSOCK) {
                                sock = false;
                                continue;
                        }
                        if (r < 0)
                                return r;
                        k = sendmsg(fd, &m, MSG_NOSIGNAL);
                        if (k < 0 && errno == ENOTSOCK) {
                                sock = false;
                                continue;
                        }
                } else
                        k = writev(fd, iov, (int)n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return -errno;
                if (k == 0)
                        return -EIO;
                for (; n > 0 && (size_t)k >= iov->iov_len; iov++, n--)
                        k -= (ssize_t)iov->iov_len;
                if (n > 0) {
                        iov->iov_base = (char *)iov->iov_base + k;
                        iov->iov_len -= (size_t)k;
                }
        }
        return 0;
}

/* Send our FIN, then read and discard until the client closes: close() on a
 * socket with unread input sends an RST, and an RST can make the client's
 * kernel drop reply bytes it has not yet read (RFC 1122 4.2.2.13). Bounded
 * by LIMIT_LINGER_MS so a silent client costs at most that. */
void reply_linger(int fd) {
        long long deadline = now_ms() + LIMIT_LINGER_MS;
        char junk[4096];

        if (shutdown(fd, SHUT_WR) < 0)
                return;         /* ENOTSOCK (pipe, file) or ENOTCONN: nothing to drain */
        for (;;) {
                struct pollfd pfd = { .fd = fd, .events = POLLIN };
                long long left = deadline - now_ms();
                ssize_t k;
                int p;

                if (left <= 0)
                        return;
                p = poll(&pfd, 1, (int)left);
                if (p < 0 && errno == EINTR)
                        continue;
                if (p <= 0)
                        return;
                k = recv(fd, junk, sizeof(junk), MSG_DONTWAIT);
                if (k < 0 && (errno == EINTR || errno == EAGAIN))
                        continue;
                if (k <= 0)
                        return;
        }
}

int reply_send(struct reply *r, int fd, int http_status) {
        char head[256];
        struct iovec iov[3];
        size_t n = 0;
        int ret;

        if (!r->buf)
                return -EINVAL;
        if (r->len > r->cap)
                return -E2BIG;  /* overflowed: never send a cut-off body */
        if (r->mode == MODE_HTTP) {
                const char *reason = http_status == 200 ? "OK" : "";
                int k;

                if (http_status < 100 || http_status > 999)
                        return -EINVAL;
                if (http_status != 200)
                        reason = reply_http_reason(http_status);
                /* Content-Length counts the body's trailing "\n". */
                k = snprintf(head, sizeof(head),
                             "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                             "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
                             http_status, reason, r->len + 1,
                             http_status == 503 ? "Retry-After: 1\r\n" : "");
                iov[n++] = (struct iovec) { .iov_base = head, .iov_len = (size_t)k };
        }
        iov[n++] = (struct iovec) { .iov_base = r->buf, .iov_len = r->len };
        iov[n++] = (struct iovec) { .iov_base = (char *)"\n", .iov_len = 1 };
        ret = write_iov(fd, iov, n);
        if (ret < 0)
                return ret;
        reply_linger(fd);
        return 0;
}
