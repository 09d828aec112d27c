/* test-ws.c: base/ws.h against a peer the project did not write, for
 * tests/wire/ws.bats. Built under ASan and UBSan by the Makefile's build/test-ws
 * rule. It listens on 127.0.0.1 only, never any other address, and serves one
 * connection; its HTTP is the least a handshake needs, not the server's.
 *
 *   test-ws accept KEY         print ws_accept_value(KEY), or "error ERRNO-NAME"
 *   test-ws serve PORT [MAX]   print "listening", take one client, answer its
 *                              handshake, then echo each text message, except
 *                              "close:CODE" (a close with CODE) and "big:N" (N
 *                              bytes of text back); print "pending N" (bytes read
 *                              past the head), "flushed N backlog=M" when a
 *                              backlog past 1 MiB was flushed, and at the end one line
 *                              "end RESULT code=PEER'S-CLOSE-CODE close_sent=0|1".
 * Exit 0 when the connection finished (-EPIPE), 1 on a bad handshake, 3 when the
 * pump failed otherwise (RESULT names the errno), 4 past its 30 s deadline. */
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <strings.h>
#include <sys/socket.h>
#include "base/util.h"
#include "base/ws.h"

#define HEAD_MAX (16u << 10)
#define DEADLINE_MS 30000
#define BIG_MAX (64u << 20)     /* big:N is at most 64 MiB */
#define FLUSH_AT (1u << 20)     /* a backlog past 1 MiB is flushed before reading on */

/* errno names for the lines the suite reads. */
static const char *errname(int e) {
        switch (e) {
        case EPIPE: return "EPIPE";
        case EINVAL: return "EINVAL";
        case ECONNRESET: return "ECONNRESET";
        case ETIMEDOUT: return "ETIMEDOUT";
        case ENOMEM: return "ENOMEM";
        case ELIBACC: return "ELIBACC";
        case ELIBBAD: return "ELIBBAD";
        case EIO: return "EIO";
        default: return "other";
        }
}

static int on_text(void *u, const char *buf, size_t len) {
        struct ws *w = u;
        char cmd[32];

        if (len < sizeof(cmd)) {
                memcpy(cmd, buf, len);
                cmd[len] = '\0';
                if (strncmp(cmd, "close:", 6) == 0)
                        return ws_send_close(w, (unsigned)strtoul(cmd + 6, NULL, 10), "asked");
                if (strncmp(cmd, "big:", 4) == 0) {
                        size_t n = strtoul(cmd + 4, NULL, 10);
                        _cleanup_free_ char *big = n <= BIG_MAX ? malloc(n ? n : 1) : NULL;

                        if (!big)
                                return -ENOMEM;
                        memset(big, 'x', n);
                        return ws_send_text(w, big, n);
                }
        }
        return ws_send_text(w, buf, len);
}

/* One accepted connection on 127.0.0.1:port, or -1. */
static int accept_one(unsigned port) {
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        _cleanup_close_ int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct pollfd pfd;
        int one = 1, sndbuf = 64 << 10, fd;

        if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
            bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0)
                return -1;
        printf("listening\n");
        fflush(stdout);
        pfd = (struct pollfd) { .fd = l, .events = POLLIN };
        if (poll(&pfd, 1, DEADLINE_MS) != 1)
                return -1;
        fd = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        /* A small send buffer, as a slow peer's would be: a big message then
         * meets EAGAIN on loopback, and the flush path runs. */
        if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) < 0) {
                close(fd);
                return -1;
        }
        return fd;
}

/* Read up to the blank line; *len is all that was read, *head_len the head's. */
static int read_head(int fd, char *buf, size_t *len, size_t *head_len) {
        *len = 0;
        while (*len < HEAD_MAX) {
                char *end;
                ssize_t k = read(fd, buf + *len, HEAD_MAX - *len);

                if (k <= 0)
                        return -1;
                *len += (size_t)k;
                buf[*len] = '\0';
                end = strstr(buf, "\r\n\r\n");
                if (end) {
                        *head_len = (size_t)(end + 4 - buf);
                        return 0;
                }
        }
        return -1;
}

/* The Sec-WebSocket-Key header's value, trimmed, in place. */
static char *find_key(char *head) {
        for (char *line = strstr(head, "\r\n"); line; line = strstr(line, "\r\n")) {
                char *v, *e;

                line += 2;
                if (strncasecmp(line, "Sec-WebSocket-Key:", 18) != 0)
                        continue;
                for (v = line + 18; *v == ' ' || *v == '\t'; v++)
                        ;
                for (e = v; *e && *e != '\r' && *e != ' ' && *e != '\t'; e++)
                        ;
                *e = '\0';
                return v;
        }
        return NULL;
}

static int handshake(int fd, char *buf, size_t *len, size_t *head_len) {
        char accept[WS_ACCEPT_LEN + 1], reply[256];
        char *key;
        int n;

        if (read_head(fd, buf, len, head_len) < 0)
                return -1;
        buf[*head_len - 2] = '\0';      /* the pending bytes after the head stay intact */
        key = find_key(buf);
        if (!key || ws_accept_value(key, accept) < 0) {
                (void)write_all(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", 47);
                return -1;
        }
        n = snprintf(reply, sizeof(reply), "HTTP/1.1 101 Switching Protocols\r\n"
                     "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
        return write_all(fd, reply, (size_t)n);
}

static int serve(unsigned port, size_t max) {
        static char buf[HEAD_MAX + 1];
        long long deadline = now_ms() + DEADLINE_MS;
        _cleanup_close_ int fd = accept_one(port);
        struct ws *w = NULL;
        size_t len, head_len;
        int r;

        if (fd < 0 || handshake(fd, buf, &len, &head_len) < 0)
                return 1;
        printf("pending %zu\n", len - head_len);
        r = ws_new(fd, max, buf + head_len, len - head_len, &w);
        if (r < 0) {
                printf("end ws_new:%s\n", errname(-r));
                return 3;
        }
        r = ws_pump(w, 0, on_text, w);         /* the pending bytes, which poll cannot see */
        while (r == 0) {
                struct pollfd pfd = { .fd = fd, .events = ws_events(w) };
                long long left = deadline - now_ms();

                if (left <= 0) {
                        r = -ETIMEDOUT;
                        break;
                }
                if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR) {
                        r = -errno;
                        break;
                }
                r = ws_pump(w, pfd.revents, on_text, w);
                /* As a server watching ws_backlog would: past a bound, wait for it. */
                if (r == 0 && ws_backlog(w) > FLUSH_AT) {
                        size_t before = ws_backlog(w);

                        r = ws_flush(w, now_ms() + 10000);
                        printf("flushed %zu backlog=%zu\n", before, ws_backlog(w));
                }
        }
        printf("end %s code=%d close_sent=%d\n", errname(-r), ws_close_code_received(w),
               ws_close_sent(w));
        if (r == -EPIPE)
                (void)ws_linger(w, now_ms() + 5000);
        ws_free(w);
        return r == -EPIPE ? 0 : r == -ETIMEDOUT ? 4 : 3;
}

int main(int argc, char **argv) {
        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc == 3 && streq(argv[1], "accept")) {
                char out[WS_ACCEPT_LEN + 1];
                int r = ws_accept_value(argv[2], out);

                if (r < 0) {
                        printf("error %s\n", errname(-r));
                        return 1;
                }
                printf("%s\n", out);
                return 0;
        }
        if ((argc == 3 || argc == 4) && streq(argv[1], "serve"))
                return serve((unsigned)strtoul(argv[2], NULL, 10),
                             argc == 4 ? strtoul(argv[3], NULL, 10) : (2u << 20));
        fprintf(stderr, "usage: test-ws accept KEY | test-ws serve PORT [MAX]\n");
        return 2;
}
