/* encode.c: the reply body under construction, in one fixed reservation, and the
 * JSON encoders that append to it. Whatever bytes a program printed, what they
 * append is valid JSON; past the reservation every append is refused and the
 * body is never sent cut off (reply_send: -E2BIG). */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include "base/limits.h"
#include "base/text.h"
#include "base/util.h"
#include "wire/reply.h"

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

void reply_bytes(struct reply *r, const void *s, size_t n) {
        put(r, s, n);
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
void reply_base64(struct reply *r, const char *s, size_t len) {
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
