/* net.c: the connection: resolve, connect under a short deadline, send, read until
 * the server closes, all under one long deadline and a byte cap, so a dead or
 * hostile server can neither hang the CLI nor fill its memory. Raw mode needs no
 * half-close: the server reads exactly one JSON object. Nothing here prints. */
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include "base/util.h"
#include "cli/bounds.h"
#include "cli/http.h"
#include "cli/net.h"

/* Split server into host and port (copies in host[NET_HOST_MAX] and port[8]); the port
 * is def when none is given. */
static int split_server(const char *server, const char *def, char *host, char *port) {
        const char *colon, *h = server;
        size_t hl;

        if (server[0] == '[') {
                const char *close = strchr(server, ']');

                if (!close || (close[1] != '\0' && close[1] != ':'))
                        return -EINVAL;
                h = server + 1;
                hl = (size_t)(close - h);
                colon = close[1] == ':' ? close + 1 : NULL;
        } else {
                colon = strrchr(server, ':');
                /* A bare IPv6 address has several colons and no port. */
                if (colon && strchr(server, ':') != colon)
                        colon = NULL;
                hl = colon ? (size_t)(colon - server) : strlen(server);
        }
        if (hl == 0 || hl >= NET_HOST_MAX)
                return -EINVAL;
        memcpy(host, h, hl);
        host[hl] = '\0';
        if (!colon) {
                strcpy(port, def);
                return 0;
        }
        if (strlen(colon + 1) < 1 || strlen(colon + 1) > 5 ||
            colon[1 + strspn(colon + 1, "0123456789")] != '\0' || atoi(colon + 1) < 1 ||
            atoi(colon + 1) > 65535)
                return -EINVAL;
        strcpy(port, colon + 1);
        return 0;
}

int net_wait(int fd, short events, long long deadline) {
        for (;;) {
                struct pollfd p = { .fd = fd, .events = events };
                long long left = deadline - now_ms();
                int r;

                if (left <= 0)
                        return -ETIMEDOUT;
                r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
                if (r < 0 && errno != EINTR)
                        return -errno;
                if (r > 0)
                        return 0;
        }
}

static int connect_one(const struct addrinfo *ai, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        socklen_t sl = sizeof(int);
        int r, err = 0;

        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0)
                return -errno;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
                if (errno != EINPROGRESS)
                        return -errno;
                r = net_wait(fd, POLLOUT, now_ms() + CLI_CONNECT_MS);
                if (r < 0)
                        return r;
                if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0)
                        return -errno;
                if (err)
                        return -err;
        }
        *ret_fd = TAKE_FD(fd);
        return 0;
}

/* Every address of host:port in turn, as a browser would; the first error is the
 * one reported (usually the address the user meant). */
static int connect_server(const char *host, const char *port, int *ret_fd, const char **ret_why) {
        const struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
        struct addrinfo *res = NULL;
        int r, first = 0;

        r = getaddrinfo(host, port, &hints, &res);
        if (r != 0) {
                *ret_why = gai_strerror(r);
                return -EHOSTUNREACH;
        }
        for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
                r = connect_one(ai, ret_fd);
                if (r == 0)
                        break;
                if (!first)
                        first = r;
        }
        freeaddrinfo(res);
        return r < 0 ? first : 0;
}

int net_send_all(int fd, const char *req, size_t len, long long deadline) {
        while (len > 0) {
                ssize_t n = send(fd, req, len, MSG_NOSIGNAL);
                int r;

                if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
                        return 0;
                if (n < 0 && errno != EAGAIN && errno != EINTR)
                        return -errno;
                if (n < 0) {
                        r = net_wait(fd, POLLOUT, deadline);
                        if (r < 0)
                                return r;
                        continue;
                }
                req += n;
                len -= (size_t)n;
        }
        return 0;
}

/* Read until EOF into buf[0..cap). A reset after some bytes ends the reply like
 * EOF would: the parser then judges whether it is complete. */
static int recv_all(int fd, char *buf, size_t cap, size_t *ret_len, long long deadline) {
        size_t len = 0;

        for (;;) {
                ssize_t n;
                int r;

                if (len == cap)
                        return -EFBIG;
                n = recv(fd, buf + len, cap - len, 0);
                if (n == 0 || (n < 0 && errno == ECONNRESET && len > 0))
                        break;
                if (n < 0 && errno != EAGAIN && errno != EINTR)
                        return -errno;
                if (n < 0) {
                        r = net_wait(fd, POLLIN, deadline);
                        if (r < 0)
                                return r;
                        continue;
                }
                len += (size_t)n;
        }
        *ret_len = len;
        return 0;
}

/* One exchange on a connected fd: req out, the whole reply in (mapped, capped). */
static int exchange(int fd, const char *server, const char *req, size_t len, struct bytes *ret,
                    struct failure *f) {
        long long deadline = now_ms() + CLI_EXCHANGE_MS;
        size_t got = 0;
        char *buf;
        int r;

        /* One reservation, touched only as the reply arrives: a fixed cap, no copies. */
        buf = mmap(NULL, CLI_REPLY_BYTES + 1, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (buf == MAP_FAILED)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "no memory for the reply: %s", strerror(errno));
        r = net_send_all(fd, req, len, deadline);
        if (r >= 0)
                r = recv_all(fd, buf, CLI_REPLY_BYTES, &got, deadline);
        if (r == -ETIMEDOUT)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s: no reply within %d minutes",
                                server, CLI_EXCHANGE_MS / 60000);
        if (r == -EFBIG)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s: reply larger than %u MiB",
                                server, CLI_REPLY_BYTES >> 20);
        if (r < 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s: %s", server, strerror(-r));
        if (got == 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s closed the connection without a reply",
                                server);
        buf[got] = '\0';
        ret->data = buf;
        ret->len = got;
        return 0;
}

int net_dial(const char *server, struct net_target *ret, int *ret_fd, struct failure *f) {
        char host[NET_HOST_MAX], port[8];
        const char *why = NULL;
        int web, r;

        web = http_split(server, ret->hostport, sizeof(ret->hostport));
        if (web < 0 || split_server(web ? ret->hostport : server, web ? "80" : CLI_PORT_DEFAULT,
                                    host, port) < 0)
                return fail_set(f, CLI_EXIT_USAGE, "server \"%s\" is not HOST:PORT, [IPv6]:PORT "
                                "or http://HOST[:PORT]", server);
        ret->web = web;
        r = connect_server(host, port, ret_fd, &why);
        if (r == -ETIMEDOUT)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "cannot connect to %s: no answer "
                                "within %d s", server, CLI_CONNECT_MS / 1000);
        if (r < 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "cannot connect to %s: %s "
                                "(is coderun serving there? --server or CODERUN_SERVER name "
                                "another)", server, why ? why : strerror(-r));
        return 0;
}

int net_exchange(const char *server, bool runtimes, const char *req, size_t len,
                 struct bytes *ret, struct failure *f) {
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *framed = NULL;
        struct net_target t;
        struct bytes http;
        int r;

        r = net_dial(server, &t, &fd, f);
        if (r < 0)
                return r;
        if (t.web) {
                r = http_request(t.hostport, runtimes, req, len, &http);
                if (r < 0)
                        return fail_set(f, CLI_EXIT_USAGE, "the HTTP request: %s", strerror(-r));
                framed = (char *)http.data;
                req = http.data;
                len = http.len;
        }
        r = exchange(fd, server, req, len, ret, f);
        if (r < 0 || !t.web)
                return r;
        if (http_body(ret) < 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s: its reply is not HTTP", server);
        return 0;
}
