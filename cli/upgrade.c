/* upgrade.c: the client's side of the WebSocket handshake (RFC 6455 4.1): a fresh
 * key, the GET that asks for the upgrade, and the answer: a 101 is checked (its
 * Sec-WebSocket-Accept must be the key's, so no cache or proxy that did not
 * understand the upgrade passes for the server), anything else is a refusal whose
 * body the caller reads (the executor's is its JSON error). Nothing here prints. */
#include <poll.h>
#include <stdio.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "base/util.h"
#include "cli/base64.h"
#include "cli/bounds.h"
#include "cli/http.h"
#include "cli/net.h"
#include "cli/upgrade.h"
#include "base/ws.h"

#define KEY_BYTES   16                  /* RFC 6455 4.1: a random 16-byte value, */
#define KEY_LEN     24                  /* base64-encoded */
#define HEAD_BYTES  16384               /* an answer's head; the executor's is ~130 */
#define BODY_BYTES  (1u << 20)          /* a refusal's body: an error, a proxy's page */

/* Whether header name's value in head[0..end) lists token (any case). */
static bool lists(const char *head, const char *end, const char *name, const char *token) {
        const char *v = http_header(head, end, name);
        size_t n = strlen(token);

        for (; v && *v && *v != '\r'; v += strcspn(v, ",\r"), v += *v == ',') {
                v += strspn(v, " \t");
                if (strncasecmp(v, token, n) == 0 && strchr(" \t,\r", v[n]))
                        return true;
        }
        return false;
}

static int make_key(char key[KEY_LEN + 1]) {
        unsigned char raw[KEY_BYTES];

        if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
                return -errno;
        base64_encode(raw, sizeof(raw), key);
        key[KEY_LEN] = '\0';
        return 0;
}

/* Read into buf[0..cap) until the head's end (want 0), or until want bytes or
 * the connection's end, whichever is first (a refusal's body). */
static int read_until(int fd, char *buf, size_t cap, size_t *len, size_t want,
                      long long deadline) {
        for (;;) {
                ssize_t n;
                int r;

                buf[*len] = '\0';
                if (want ? *len >= want : strstr(buf, "\r\n\r\n") != NULL)
                        return 0;
                if (*len + 1 >= cap)
                        return want ? 0 : -EFBIG;       /* a body past the cap is cut */
                n = recv(fd, buf + *len, cap - 1 - *len, 0);
                if (n == 0 || (n < 0 && errno == ECONNRESET && want))
                        return want ? 0 : -EPROTO;
                if (n > 0) {
                        *len += (size_t)n;
                        continue;
                }
                if (errno != EAGAIN && errno != EINTR)
                        return -errno;
                r = net_wait(fd, POLLIN, deadline);
                if (r < 0)
                        return r;
        }
}

/* Where a refusal's body ends: its Content-Length (an HTTP/1.1 answer may keep
 * the connection open after it), else the connection's end. */
static size_t body_end(const char *head, const char *end, size_t at) {
        const char *cl = http_header(head, end, "Content-Length");
        unsigned long long n = cl ? strtoull(cl, NULL, 10) : BODY_BYTES;

        return at + (n < BODY_BYTES ? (size_t)n : BODY_BYTES);
}

/* The 101's headers (RFC 6455 4.1, the client's steps 2-4 for the answer). */
static int check_101(const char *head, const char *end, const char *key, const char *server,
                     struct failure *f) {
        char want[WS_ACCEPT_LEN + 1];
        const char *got = http_header(head, end, "Sec-WebSocket-Accept");
        int r = ws_accept_value(key, want);

        if (r == -ELIBACC || r == -ELIBBAD)
                return fail_set(f, CLI_EXIT_USAGE, "a live run over http:// needs libnettle8 "
                                "and libwslay1 (or --no-stream: a batch run)");
        if (r < 0)
                return fail_set(f, CLI_EXIT_USAGE, "the WebSocket key: %s", strerror(-r));
        if (!lists(head, end, "Upgrade", "websocket") || !lists(head, end, "Connection", "upgrade"))
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s answered 101 without "
                                "\"Upgrade: websocket\" and \"Connection: Upgrade\"", server);
        if (!got || strncmp(got, want, WS_ACCEPT_LEN) != 0 ||
            !strchr(" \t\r", got[WS_ACCEPT_LEN]))
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s answered the WebSocket "
                                "handshake with a Sec-WebSocket-Accept that is not our key's",
                                server);
        return 0;
}

/* The answer's head, then a refusal's body or a 101's checks. */
static int answer(int fd, const char *key, const char *server, long long deadline,
                  struct upgraded *ret, struct failure *f) {
        _cleanup_free_ char *buf = malloc(BODY_BYTES);
        const char *end;
        size_t len = 0, at;
        int r;

        if (!buf)
                return fail_set(f, CLI_EXIT_USAGE, "out of memory");
        r = read_until(fd, buf, HEAD_BYTES, &len, 0, deadline);
        if (r == -ETIMEDOUT)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s did not answer the WebSocket "
                                "handshake within %d s", server, CLI_UPGRADE_MS / 1000);
        if (r == -EPROTO)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s closed the connection during the "
                                "WebSocket handshake", server);
        if (r == 0 && strncmp(buf, "HTTP/1.", 7) != 0)
                r = -EPROTO;
        if (r < 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s: no HTTP answer to the WebSocket "
                                "handshake: %s", server, strerror(-r));
        end = strstr(buf, "\r\n\r\n");
        at = (size_t)(end + 4 - buf);
        snprintf(ret->status, sizeof(ret->status), "%.*s", (int)strcspn(buf, "\r"), buf);
        ret->refused = strncmp(buf + 8, " 101 ", 5) != 0;
        if (!ret->refused) {
                r = check_101(buf, end + 2, key, server, f);
                if (r < 0)
                        return r;
        } else if ((r = read_until(fd, buf, BODY_BYTES, &len, body_end(buf, end + 2, at),
                                   deadline)) < 0) {
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s refused the WebSocket (%s), and "
                                "its answer's body could not be read: %s", server, ret->status,
                                strerror(-r));
        }
        /* buf is NUL-terminated at len: rest is too. */
        ret->rest.len = len - at;
        memmove(buf, buf + at, ret->rest.len + 1);
        ret->rest.data = TAKE_PTR(buf);
        return 0;
}

int upgrade(int fd, const char *host, const char *server, struct upgraded *ret,
            struct failure *f) {
        long long deadline = now_ms() + CLI_UPGRADE_MS;
        char key[KEY_LEN + 1], req[512];
        int n, r;

        *ret = (struct upgraded){0};
        if (make_key(key) < 0)
                return fail_set(f, CLI_EXIT_USAGE, "the WebSocket key: getrandom: %m");
        n = snprintf(req, sizeof(req), "GET /api/v2/connect HTTP/1.1\r\nHost: %s\r\n"
                     "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n", host, key);
        if (n < 0 || (size_t)n >= sizeof(req))
                return fail_set(f, CLI_EXIT_USAGE, "server name too long: %s", host);
        r = net_send_all(fd, req, (size_t)n, deadline);
        if (r < 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s: the WebSocket handshake: %s",
                                server, strerror(-r));
        return answer(fd, key, server, deadline, ret, f);
}
