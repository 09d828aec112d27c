/* frame.c: frame one request off the connection, raw JSON or HTTP/1.x, into
 * one buffer under one deadline and one byte cap. It counts braces but never
 * parses JSON (request_parse does), writes nothing to the client but
 * "100 Continue", and never prints or exits. */
#include <poll.h>
#include <strings.h>
#include "base/limits.h"
#include "base/util.h"
#include "wire/head.h"
#include "wire/message.h"

/* Headers, then a body of up to LIMIT_REQUEST_BYTES right after them, then a NUL. */
#define BUF_BYTES ((size_t)LIMIT_HTTP_HEADER_BYTES + LIMIT_REQUEST_BYTES + 1)

static const char continue_100[] = "HTTP/1.1 100 Continue\r\n\r\n";

struct conn {
        int fd;
        long long deadline;     /* now_ms() by which the whole request must be in */
        char *buf;
        size_t len;
};

static bool is_blank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* One read() into buf, up to cap bytes in all: 1 with new bytes, 0 at EOF.
 * poll() before every read so that the deadline covers the whole request, not
 * each read: a client dripping a byte a second still runs out of time. poll()
 * reports regular files and pipes as readable, so stdin redirected from a file
 * takes the same path as a socket. */
static int conn_fill(struct conn *c, size_t cap, struct problem *p) {
        for (;;) {
                struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
                long long left = c->deadline - now_ms();
                ssize_t n;
                int r;

                if (left <= 0)
                        return problem(p, ERR_TIMEOUT, "request not complete within %d ms",
                                       LIMIT_REQUEST_MS);
                r = poll(&pfd, 1, (int)left);
                if (r < 0 && errno != EINTR)
                        return problem(p, ERR_INTERNAL, "poll: %s", strerror(errno));
                if (r <= 0)
                        continue;       /* EINTR or timeout: the deadline check decides */
                n = read(c->fd, c->buf + c->len, cap - c->len);
                if (n < 0) {
                        /* EAGAIN: the fd is non-blocking and poll() raced another reader. */
                        if (errno == EINTR || errno == EAGAIN)
                                continue;
                        return problem(p, ERR_BAD_REQUEST, "reading the request: %s",
                                       strerror(errno));
                }
                c->len += (size_t)n;
                return n > 0;
        }
}

/* Drop leading blanks until the first other byte is in buf[0]; it picks the
 * framing. Blanks are dropped as they come, so they cannot fill the buffer. */
static int conn_start(struct conn *c, struct problem *p) {
        for (;;) {
                size_t i = 0;
                int r;

                while (i < c->len && is_blank(c->buf[i]))
                        i++;
                if (i < c->len) {
                        c->len -= i;
                        memmove(c->buf, c->buf + i, c->len);
                        return 0;
                }
                c->len = 0;
                r = conn_fill(c, LIMIT_HTTP_HEADER_BYTES, p);
                if (r < 0)
                        return r;
                if (r == 0)
                        return problem(p, ERR_BAD_REQUEST, "empty request");
        }
}

/* Bytes read past the request (buf[from..len)), copied: the request's own
 * buffer is cut at its end. */
static int keep_rest(struct conn *c, size_t from, struct message *m, struct problem *p) {
        if (from >= c->len)
                return 0;
        m->rest = malloc(c->len - from);
        if (!m->rest) {
                problem(p, ERR_INTERNAL, "out of memory");
                return -ENOMEM;
        }
        memcpy(m->rest, c->buf + from, c->len - from);
        m->n_rest = c->len - from;
        return 0;
}

/* Raw mode: read until the top-level object closes and not a byte further, so
 * `nc host 7070 < request.json` gets its reply without half-closing. Strings are
 * tracked only so braces and quotes inside them do not count; request_parse
 * rejects whatever else is wrong, such as `{]`. */
static int read_raw(struct conn *c, struct message *m, char **ret_body, size_t *ret_len,
                    struct problem *p) {
        size_t pos = 0, depth = 0, end = 0;
        bool in_string = false, escaped = false;
        int r;

        while (end == 0) {
                for (; pos < c->len && end == 0; pos++) {
                        char ch = c->buf[pos];

                        if (escaped)
                                escaped = false;
                        else if (in_string && ch == '\\')
                                escaped = true;
                        else if (in_string)
                                in_string = ch != '"';
                        else if (ch == '"')
                                in_string = true;
                        else if (ch == '{' || ch == '[')
                                depth++;
                        else if ((ch == '}' || ch == ']') && --depth == 0)
                                end = pos + 1;
                }
                if (end > 0)
                        break;
                if (c->len >= LIMIT_REQUEST_BYTES)
                        return problem(p, ERR_TOO_LARGE, "request over %u bytes", LIMIT_REQUEST_BYTES);
                r = conn_fill(c, LIMIT_REQUEST_BYTES, p);
                if (r < 0)
                        return r;
                if (r == 0)
                        return problem(p, ERR_BAD_REQUEST,
                                       "connection closed before the JSON object was complete");
        }
        /* What came after the object: client events of a streaming run, or
         * trailing bytes request_trailing refuses once the request is parsed. */
        r = keep_rest(c, end, m, p);
        if (r < 0)
                return r;
        c->buf[end] = '\0';
        *ret_body = c->buf;
        *ret_len = end;
        return 0;
}

/* Read up to the empty line ending the header section; return its offset past
 * that line. Bare LF line ends are accepted (RFC 9112 2.2). A control byte fails
 * at once, so a TLS hello or a binary probe gets its 400 without a wait. */
static int read_head(struct conn *c, size_t *ret_end, struct problem *p) {
        size_t i = 0;
        int r;

        for (;;) {
                for (; i < c->len; i++) {
                        unsigned char ch = (unsigned char)c->buf[i];

                        if ((ch < ' ' && ch != '\t' && ch != '\r' && ch != '\n') || ch == 0x7f)
                                return problem(p, ERR_BAD_REQUEST,
                                               "control byte 0x%02x in the HTTP header section", ch);
                        /* buf[0] is not blank, so an LF has at least one byte before it. */
                        if (ch == '\n' && (c->buf[i - 1] == '\n' ||
                                           (c->buf[i - 1] == '\r' && i >= 2 && c->buf[i - 2] == '\n'))) {
                                *ret_end = i + 1;
                                return 0;
                        }
                }
                if (c->len >= LIMIT_HTTP_HEADER_BYTES)
                        return problem(p, ERR_TOO_LARGE, "HTTP header section over %u bytes",
                                       LIMIT_HTTP_HEADER_BYTES);
                r = conn_fill(c, LIMIT_HTTP_HEADER_BYTES, p);
                if (r < 0)
                        return r;
                if (r == 0)
                        return problem(p, ERR_BAD_REQUEST,
                                       "connection closed before the HTTP headers were complete");
        }
}

/* Cut the next line off *cur in place, without its LF or the CR before it.
 * The header section ends in an LF, so one is always found before it ends. */
static char *cut_line(char **cur, const char *end) {
        char *line = *cur, *lf = memchr(line, '\n', (size_t)(end - line));

        *lf = '\0';
        if (lf > line && lf[-1] == '\r')
                lf[-1] = '\0';
        *cur = lf + 1;
        return line;
}

/* GET /api/v2/connect: the handshake's headers as RFC 6455 4.2.1 asks; frames
 * the client sent right after the head are kept for the WebSocket. */
static int websocket_head(struct conn *c, size_t end, const struct head *h, struct message *m,
                          char **ret_body, size_t *ret_len, struct problem *p) {
        if (!h->http11 || !h->upgrade_websocket || !h->connection_upgrade)
                return problem(p, ERR_BAD_REQUEST, "/api/v2/connect is a WebSocket: it needs "
                               "HTTP/1.1 with Upgrade: websocket and Connection: Upgrade");
        if (!h->ws_version_13)
                return problem(p, ERR_BAD_REQUEST, "Sec-WebSocket-Version must be 13");
        if (h->bad_ws_key || !h->ws_key[0])
                return problem(p, ERR_BAD_REQUEST, "Sec-WebSocket-Key: missing or malformed");
        memcpy(m->ws_key, h->ws_key, sizeof(m->ws_key));
        *ret_body = NULL;
        *ret_len = 0;
        return keep_rest(c, end, m, p);
}

/* HTTP mode: request line, headers, then exactly Content-Length body bytes. */
static int read_http(struct conn *c, int out_fd, struct message *m, char **ret_body,
                     size_t *ret_len, struct problem *p) {
        struct head h = {0};
        size_t end = 0, need;
        char *cur = c->buf, *line;
        int r;

        r = read_head(c, &end, p);
        if (r < 0)
                return r;
        /* The request line is never empty (buf[0] is not blank); the first empty
         * line is the one read_head stopped at. */
        for (bool first = true; *(line = cut_line(&cur, c->buf + end)); first = false) {
                /* A lone CR is neither a line end nor a header byte (RFC 9112 2.2). */
                if (strchr(line, '\r'))
                        return problem(p, ERR_BAD_REQUEST, "bare CR in the HTTP header section");
                r = first ? head_request_line(line, m, &h, p) : head_header(line, m, &h, p);
                if (r < 0)
                        return r;
        }
        if (m->op == OP_CONNECT)
                return websocket_head(c, end, &h, m, ret_body, ret_len, p);
        if (m->op != OP_EXECUTE) {
                *ret_body = NULL;
                *ret_len = 0;
                return 0;
        }

        if (h.chunked)
                return problem(p, ERR_LENGTH_REQUIRED,
                               "chunked bodies are refused; send Content-Length");
        if (!h.has_length)
                return problem(p, ERR_LENGTH_REQUIRED, "Content-Length required");
        if (h.bad_length)
                return problem(p, ERR_BAD_REQUEST, "Content-Length must be one plain decimal number");
        /* Decided on the header alone: a body we would refuse is never read. */
        if (h.length > LIMIT_REQUEST_BYTES)
                return problem(p, ERR_TOO_LARGE, "request over %u bytes", LIMIT_REQUEST_BYTES);

        need = end + (size_t)h.length;
        /* curl waits up to a second for this before sending the body; a body that
         * is already here needs none (RFC 9110 10.1.1), and HTTP/1.0 knows none. */
        if (h.expect && h.http11 && c->len < need) {
                r = write_all(out_fd, continue_100, sizeof(continue_100) - 1);
                if (r < 0)
                        return problem(p, ERR_BAD_REQUEST, "writing 100 Continue: %s", strerror(-r));
        }
        while (c->len < need) {
                r = conn_fill(c, need, p);
                if (r < 0)
                        return r;
                if (r == 0)
                        return problem(p, ERR_BAD_REQUEST,
                                       "connection closed after %zu of %llu body bytes",
                                       c->len - end, h.length);
        }
        c->buf[need] = '\0';    /* bytes past Content-Length are ignored */
        *ret_body = c->buf + end;
        *ret_len = (size_t)h.length;
        return 0;
}

int request_read(int fd, int out_fd, struct message *m, char **ret_body,
                 size_t *ret_len, struct problem *p) {
        _cleanup_free_ char *buf = malloc(BUF_BYTES);
        struct conn c = { .fd = fd, .deadline = now_ms() + LIMIT_REQUEST_MS, .buf = buf };
        char *body = NULL;
        size_t len = 0;
        int r;

        if (!buf) {
                problem(p, ERR_INTERNAL, "allocating the request buffer");
                return -ENOMEM;
        }
        r = conn_start(&c, p);
        if (r < 0)
                return r;
        /* Set before reading on, so even a failure is answered in the client's framing. */
        m->mode = buf[0] == '{' ? MODE_RAW : MODE_HTTP;
        if (m->mode == MODE_RAW) {
                m->op = OP_EXECUTE;   /* request_parse switches it for {"op":"runtimes"} */
                r = read_raw(&c, m, &body, &len, p);
        } else
                r = read_http(&c, out_fd, m, &body, &len, p);
        if (r < 0)
                return r;
        *ret_body = body;
        *ret_len = len;
        if (body)
                TAKE_PTR(buf);  /* the body lives in buf until the process exits */
        return 0;
}

int request_trailing(const struct message *m, struct problem *p) {
        if (m->req.stream && m->mode == MODE_RAW)
                return 0;       /* client events, read by the stream */
        for (size_t i = 0; i < m->n_rest; i++)
                if (!is_blank(m->rest[i]))
                        return problem(p, ERR_BAD_REQUEST, "trailing bytes after the JSON object");
        return 0;
}
