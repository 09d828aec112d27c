/* reply.c: encode replies as JSON into one fixed reservation and write them to
 * the connection; the only writer to it. Whatever bytes a program printed, the
 * body is valid JSON: this file must never emit a byte sequence that is not,
 * and never sends a body that overflowed (-E2BIG instead of truncated JSON). */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "base/limits.h"
#include "wire/reply.h"
#include "base/text.h"
#include "base/util.h"

/* The one table of our failures: wire code (PROTOCOL.md, Errors), HTTP status
 * and its reason phrase (RFC 9110 names; 413 was "Payload Too Large"). */
static const struct {
        const char *code;
        int http;
        const char *reason;
} err_table[_ERR_MAX] = {
        [ERR_BAD_REQUEST]      = { "bad_request", 400, "Bad Request" },
        [ERR_NOT_FOUND]        = { "bad_request", 404, "Not Found" },
        [ERR_METHOD]           = { "bad_request", 405, "Method Not Allowed" },
        [ERR_LENGTH_REQUIRED]  = { "bad_request", 411, "Length Required" },
        [ERR_UNKNOWN_LANGUAGE] = { "unknown_language", 400, "Bad Request" },
        [ERR_TOO_LARGE]        = { "too_large", 413, "Content Too Large" },
        [ERR_TIMEOUT]          = { "timeout", 408, "Request Timeout" },
        [ERR_BUSY]             = { "busy", 503, "Service Unavailable" },
        [ERR_INTERNAL]         = { "internal", 500, "Internal Server Error" },
        [ERR_GONE]             = { "bad_request", 400, "Bad Request" },
};

static const char *const status_names[_STATUS_MAX] = {
        [STATUS_RE] = "RE", [STATUS_SG] = "SG", [STATUS_TO] = "TO", [STATUS_ML] = "ML",
        [STATUS_OL] = "OL", [STATUS_EL] = "EL", [STATUS_XX] = "XX",
};

/* Realtime signals are named by the kernel's numbering (SIGRTMIN+0 = 32), not
 * by the libc's SIGRTMIN (34 in glibc, 35 in musl): the wire name must not
 * depend on which libc the program or the executor was built with. */
#define RT_BASE 32
#define RT(n) [RT_BASE + n] = "SIGRTMIN+" #n
static const char *const signal_names[RT_BASE + 33] = {
        [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
        [SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
        [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
        [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
#ifdef SIGSTKFLT
        [SIGSTKFLT] = "SIGSTKFLT",
#endif
        [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP",
        [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
        [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
        [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH",
        [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR", [SIGSYS] = "SIGSYS",
        RT(0), RT(1), RT(2), RT(3), RT(4), RT(5), RT(6), RT(7), RT(8), RT(9), RT(10),
        RT(11), RT(12), RT(13), RT(14), RT(15), RT(16), RT(17), RT(18), RT(19), RT(20),
        RT(21), RT(22), RT(23), RT(24), RT(25), RT(26), RT(27), RT(28), RT(29), RT(30),
        RT(31), RT(32),
};

int reply_init(struct reply *r, enum mode mode) {
        /* NORESERVE: only the pages written are ever backed, so a small reply
         * costs a few pages however large the reservation. */
        void *p = mmap(NULL, LIMIT_REPLY_BYTES, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
                return -errno;
        *r = (struct reply) { .buf = p, .cap = LIMIT_REPLY_BYTES, .mode = mode };
        return 0;
}

/* Make room for n more bytes. On overflow len becomes SIZE_MAX and stays past
 * cap: every later append is refused and reply_send returns -E2BIG. Only a whole-body writer
 * (reply_error) or the caller setting len = 0 starts over. */
static bool room(struct reply *r, size_t n) {
        if (r->len > r->cap || n > r->cap - r->len) {
                r->len = SIZE_MAX;
                return false;
        }
        return true;
}

static void put(struct reply *r, const void *s, size_t n) {
        if (room(r, n)) {
                memcpy(r->buf + r->len, s, n);
                r->len += n;
        }
}

void reply_raw(struct reply *r, const char *s) {
        put(r, s, strlen(s));
}

void reply_int(struct reply *r, long long v) {
        char tmp[24];
        int n = snprintf(tmp, sizeof(tmp), "%lld", v);

        put(r, tmp, (size_t)n);
}

/* True when none of 8 bytes needs attention: each is in 0x20..0x7f and none is
 * '"' or '\\'. Bit tricks from "Bit Twiddling Hacks" (haszero, hasless): each
 * term says exactly whether some byte matches, so their OR is exact too. */
static bool plain8(uint64_t w) {
        const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');

        return !((((w - ones * 0x20) & ~w) | w | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs);
}

/* Encode [p, stop) into o, which has room for 6 bytes per input byte plus 3:
 * a sequence starting before stop may end up to 3 bytes after it (within end). */
static const unsigned char *encode(char **po, const unsigned char *p,
                                   const unsigned char *stop, const unsigned char *end) {
        static const char hex[] = "0123456789abcdef";
        static const char short_esc[32] = {
                ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r',
        };
        char *o = *po;

        while (p < stop) {
                uint64_t w;
                unsigned char c;
                int n;

                /* The fast path: runs of plain ASCII move 8 bytes at a time. */
                while (stop - p >= 8) {
                        memcpy(&w, p, 8);
                        if (!plain8(w))
                                break;
                        memcpy(o, &w, 8);
                        o += 8;
                        p += 8;
                }
                if (p == stop)
                        break;
                c = *p;
                if (c < 0x20 && short_esc[c]) {
                        *o++ = '\\';
                        *o++ = short_esc[c];
                        p++;
                } else if (c < 0x20) {
                        memcpy(o, "\\u00", 4);
                        o[4] = hex[c >> 4];
                        o[5] = hex[c & 15];
                        o += 6;
                        p++;
                } else if (c == '"' || c == '\\') {
                        *o++ = '\\';
                        *o++ = (char)c;
                        p++;
                } else if (c < 0x80) {
                        *o++ = (char)c;
                        p++;
                } else if ((n = text_utf8_seq(p, end)) > 0) {
                        memcpy(o, p, (size_t)n);
                        o += n;
                        p += n;
                } else {
                        memcpy(o, "\xef\xbf\xbd", 3);   /* U+FFFD */
                        o += 3;
                        p += -n;
                }
        }
        *po = o;
        return p;
}

void reply_str(struct reply *r, const char *s, size_t len) {
        const size_t chunk = 1u << 16;
        const unsigned char *p = (const unsigned char *)s;
        const unsigned char *end = len ? p + len : p;   /* s may be NULL when empty */

        put(r, "\"", 1);
        while (p < end) {
                size_t n = (size_t)(end - p) < chunk ? (size_t)(end - p) : chunk;
                char *o;

                /* Reserve the worst case per chunk, not per byte, so the hot
                 * loop has no bounds checks: \u00XX is 6 bytes. */
                if (!room(r, 6 * n + 3))
                        return;
                o = r->buf + r->len;
                p = encode(&o, p, p + n, end);
                r->len = (size_t)(o - r->buf);
        }
        put(r, "\"", 1);
}

/* Program output as a base64 string (RFC 4648, padded), for output_encoding. */
static void put_base64(struct reply *r, const char *s, size_t len) {
        static const char tab[] =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const unsigned char *p = (const unsigned char *)s;
        size_t i = 0;
        char *o;

        if (!room(r, (len + 2) / 3 * 4 + 2))
                return;
        o = r->buf + r->len;
        *o++ = '"';
        for (; len - i >= 3; i += 3) {
                uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
                *o++ = tab[v >> 18];
                *o++ = tab[(v >> 12) & 63];
                *o++ = tab[(v >> 6) & 63];
                *o++ = tab[v & 63];
        }
        if (len - i > 0) {
                uint32_t v = (uint32_t)p[i] << 16 | (len - i > 1 ? (uint32_t)p[i + 1] << 8 : 0);
                *o++ = tab[v >> 18];
                *o++ = tab[(v >> 12) & 63];
                *o++ = len - i > 1 ? tab[(v >> 6) & 63] : '=';
                *o++ = '=';
        }
        *o++ = '"';
        r->len = (size_t)(o - r->buf);
}

static void put_output(struct reply *r, const char *key, const struct capture *c) {
        reply_raw(r, key);
        if (r->base64)
                put_base64(r, c->buf, c->len);
        else
                reply_str(r, c->buf, c->len);
}

static void put_name(struct reply *r, const char *key, const char *name) {
        reply_raw(r, key);
        if (name)
                reply_str(r, name, strlen(name));
        else
                reply_raw(r, "null");
}

static void put_num(struct reply *r, const char *key, long long v, bool null) {
        reply_raw(r, key);
        if (null)
                reply_raw(r, "null");
        else
                reply_int(r, v);
}

/* The stage's fields, the object left open for the caller to close. */
static void stage_open(struct reply *r, const char *name, const struct outcome *o) {
        if (name) {
                reply_str(r, name, strlen(name));
                reply_raw(r, ":");
        }
        reply_raw(r, "{");
        put_output(r, "\"stdout\":", &o->out);
        put_output(r, ",\"stderr\":", &o->err);
        put_output(r, ",\"output\":", &o->all);
        put_num(r, ",\"code\":", o->code, o->sig != 0 || o->code < 0);
        put_name(r, ",\"signal\":", reply_signal_name(o->sig));
        put_name(r, ",\"status\":", reply_status_name(o->status));
        put_name(r, ",\"message\":", o->message[0] ? o->message : NULL);
        put_num(r, ",\"cpu_time\":", o->cpu_ms, false);
        put_num(r, ",\"wall_time\":", o->wall_ms, false);
        put_num(r, ",\"memory\":", o->memory, o->memory < 0);
        reply_raw(r, o->out.truncated ? ",\"stdout_truncated\":true" : ",\"stdout_truncated\":false");
        reply_raw(r, o->err.truncated ? ",\"stderr_truncated\":true" : ",\"stderr_truncated\":false");
}

void reply_stage(struct reply *r, const char *name, const struct outcome *o) {
        stage_open(r, name, o);
        reply_raw(r, "}");
}

void reply_test(struct reply *r, const struct outcome *o, int passed) {
        stage_open(r, NULL, o);
        reply_raw(r, passed < 0 ? ",\"passed\":null}" : passed ? ",\"passed\":true}" :
                  ",\"passed\":false}");
}

/* The whole-body writers start over, dropping anything half built (and an
 * overflow): fail() may come after a result was partly encoded or overflowed. */
void reply_error(struct reply *r, enum err err, const char *message) {
        if ((unsigned)err >= _ERR_MAX)
                err = ERR_INTERNAL;
        r->len = 0;
        reply_raw(r, "{\"error\":\"");
        reply_raw(r, err_table[err].code);
        reply_raw(r, "\",\"message\":");
        message = message ? message : "";
        reply_str(r, message, strlen(message));
        reply_raw(r, "}");
}

void reply_runtimes(struct reply *r, const struct langs *l) {
        r->len = 0;
        reply_raw(r, "[");
        for (size_t i = 0; i < l->n; i++) {
                const struct lang *g = &l->list[i];

                reply_raw(r, i ? ",{\"language\":" : "{\"language\":");
                reply_str(r, g->name, strlen(g->name));
                reply_raw(r, ",\"version\":");
                reply_str(r, g->version ? g->version : "", g->version ? strlen(g->version) : 0);
                reply_raw(r, ",\"aliases\":[");
                for (size_t a = 0; a < g->n_aliases; a++) {
                        if (a)
                                reply_raw(r, ",");
                        reply_str(r, g->aliases[a], strlen(g->aliases[a]));
                }
                reply_raw(r, "]");
                /* Omitted, not [], for a language whose lang.d file names none: the
                 * list's shape stays Piston's for every language without them. */
                for (size_t e = 0; e < g->n_extensions; e++) {
                        reply_raw(r, e ? "," : ",\"extensions\":[");
                        reply_str(r, g->extensions[e], strlen(g->extensions[e]));
                }
                if (g->n_extensions > 0)
                        reply_raw(r, "]");
                reply_raw(r, g->n_compile > 0 ? ",\"compiled\":true}" : ",\"compiled\":false}");
        }
        reply_raw(r, "]");
}

void reply_health(struct reply *r, unsigned free_slots, unsigned slots, const char *limits) {
        r->len = 0;
        reply_raw(r, "{\"ok\":true,\"slots\":");
        reply_int(r, slots);
        reply_raw(r, ",\"free_slots\":");
        reply_int(r, free_slots);
        reply_raw(r, ",\"limits\":");
        reply_str(r, limits, strlen(limits));
        reply_raw(r, "}");
}

int reply_http_status(enum err err) {
        return (unsigned)err < _ERR_MAX ? err_table[err].http : 500;
}

const char *reply_status_name(enum status s) {
        return (unsigned)s < _STATUS_MAX ? status_names[s] : NULL;
}

const char *reply_signal_name(int sig) {
        return sig > 0 && (size_t)sig < ELEMENTSOF(signal_names) ? signal_names[sig] : NULL;
}

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
static void linger_drain(int fd) {
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
                for (size_t i = 0; i < ELEMENTSOF(err_table); i++)
                        if (err_table[i].http == http_status)
                                reason = err_table[i].reason;
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
        linger_drain(fd);
        return 0;
}
