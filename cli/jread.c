/* jread.c: strict JSON on jsmn for the CLI. base/json.c is the server's reader,
 * but it reads requests: only objects at the top, and no way to tell true, false
 * and null apart, which every reply holds. jsmn only tokenizes (it takes `[1 2]`,
 * `tru`, raw control bytes and bad UTF-8), so every byte between tokens is checked
 * here and strings are decoded by jread_decode alone; the UTF-8 rules are the
 * server's own (base/text.c). Nothing here reads past len. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <jsmn.h>
#include "base/text.h"
#include "base/util.h"
#include "cli/jread.h"

/* A reply holds a few dozen tokens per stage and at most 64 tests; a runtime list
 * about 20 per language. 65536 is far above both and costs 1.3 MB. */
#define JREAD_TOKENS (1u << 16)
/* Replies nest 4 deep; the cap bounds jread_walk's recursion. */
#define JREAD_DEPTH_MAX 32

_Static_assert(JREAD_OBJECT == (int)JSMN_OBJECT && JREAD_ARRAY == (int)JSMN_ARRAY &&
               JREAD_STRING == (int)JSMN_STRING && JREAD_PRIMITIVE == (int)JSMN_PRIMITIVE,
               "jread_type mirrors jsmntype_t");

struct jread {
        char *buf;
        size_t len;
        int n;
        jsmntok_t tok[];
};

static void skip_ws(const struct jread *j, size_t *pos) {
        while (*pos < j->len && (j->buf[*pos] == ' ' || j->buf[*pos] == '\t' ||
                                 j->buf[*pos] == '\n' || j->buf[*pos] == '\r'))
                (*pos)++;
}

static bool expect(const struct jread *j, size_t *pos, char c) {
        skip_ws(j, pos);
        if (*pos >= j->len || j->buf[*pos] != c)
                return false;
        (*pos)++;
        return true;
}

static size_t digits(const char *s, size_t n, size_t *k) {
        size_t from = *k;

        while (*k < n && s[*k] >= '0' && s[*k] <= '9')
                (*k)++;
        return *k - from;
}

static bool primitive_ok(const char *s, size_t n) {
        size_t k = 0;

        if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5)) ||
            (n == 4 && !memcmp(s, "null", 4)))
                return true;
        if (k < n && s[k] == '-')
                k++;
        if (k < n && s[k] == '0')
                k++;
        else if (k >= n || s[k] < '1' || s[k] > '9' || digits(s, n, &k) == 0)
                return false;
        if (k < n && s[k] == '.' && (k++, digits(s, n, &k) == 0))
                return false;
        if (k < n && (s[k] == 'e' || s[k] == 'E')) {
                k++;
                if (k < n && (s[k] == '+' || s[k] == '-'))
                        k++;
                if (digits(s, n, &k) == 0)
                        return false;
        }
        return k == n;
}

/* The code unit of `\uXXXX` at s[k], or -1. */
static long u16_at(const char *s, size_t k, size_t end) {
        long v = 0;

        if (k + 6 > end || s[k] != '\\' || s[k + 1] != 'u')
                return -1;
        for (size_t d = k + 2; d < k + 6; d++) {
                int h = text_hex_digit((unsigned char)s[d]);
                if (h < 0)
                        return -1;
                v = v << 4 | h;
        }
        return v;
}

static size_t put_utf8(char *d, uint32_t cp) {
        if (cp < 0x80) {
                d[0] = (char)cp;
                return 1;
        }
        if (cp < 0x800) {
                d[0] = (char)(0xc0 | cp >> 6);
                d[1] = (char)(0x80 | (cp & 0x3f));
                return 2;
        }
        if (cp < 0x10000) {
                d[0] = (char)(0xe0 | cp >> 12);
                d[1] = (char)(0x80 | (cp >> 6 & 0x3f));
                d[2] = (char)(0x80 | (cp & 0x3f));
                return 3;
        }
        d[0] = (char)(0xf0 | cp >> 18);
        d[1] = (char)(0x80 | (cp >> 12 & 0x3f));
        d[2] = (char)(0x80 | (cp >> 6 & 0x3f));
        d[3] = (char)(0x80 | (cp & 0x3f));
        return 4;
}

/* Decode string token t in place and NUL-terminate it; t->end then marks the
 * decoded end. An escape of 2, 6 or 12 bytes yields 1, <= 3 or 4, so the write
 * position never passes the read position. */
static int jread_decode(struct jread *j, jsmntok_t *t) {
        static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
        char *s = j->buf;
        size_t r = (size_t)t->start, w = r, end = (size_t)t->end;

        while (r < end) {
                unsigned char c = (unsigned char)s[r];
                const char *e;
                long cp, lo;

                if (c < 0x20)
                        return -EBADMSG;
                if (c >= 0x80) {
                        int n = text_utf8_seq((const unsigned char *)s + r,
                                              (const unsigned char *)s + end);
                        if (n < 0)
                                return -EBADMSG;
                        memmove(s + w, s + r, (size_t)n);
                        r += (size_t)n;
                        w += (size_t)n;
                } else if (c != '\\')
                        s[w++] = s[r++];
                else if (r + 1 < end && (e = memchr(esc_in, s[r + 1], sizeof(esc_in) - 1))) {
                        s[w++] = esc_out[e - esc_in];
                        r += 2;
                } else {
                        cp = u16_at(s, r, end);
                        if (cp < 0 || (cp >= 0xdc00 && cp <= 0xdfff))
                                return -EBADMSG;
                        if (cp >= 0xd800 && cp <= 0xdbff) {
                                lo = u16_at(s, r + 6, end);
                                if (lo < 0xdc00 || lo > 0xdfff)
                                        return -EBADMSG;
                                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                                r += 6;
                        }
                        r += 6;
                        w += put_utf8(s + w, (uint32_t)cp);
                }
        }
        s[w] = '\0';
        t->end = (int)w;
        return 0;
}

/* Check token *i and the text from *pos to its end against the grammar, then step
 * past both: every byte is inside a checked token or checked here. */
static int jread_walk(struct jread *j, int *i, size_t *pos, int depth) {
        jsmntok_t *t;
        bool obj;

        skip_ws(j, pos);
        if (*i >= j->n)
                return -EBADMSG;
        t = &j->tok[(*i)++];
        switch (t->type) {
        case JSMN_STRING:
                if ((size_t)t->start != *pos + 1)
                        return -EBADMSG;
                *pos = (size_t)t->end + 1;
                return jread_decode(j, t);
        case JSMN_PRIMITIVE:
                if ((size_t)t->start != *pos)
                        return -EBADMSG;
                *pos = (size_t)t->end;
                return primitive_ok(j->buf + t->start, (size_t)(t->end - t->start)) ? 0 : -EBADMSG;
        case JSMN_OBJECT:
        case JSMN_ARRAY:
                break;
        default:
                return -EBADMSG;
        }
        if ((size_t)t->start != *pos || depth >= JREAD_DEPTH_MAX)
                return -EBADMSG;
        obj = t->type == JSMN_OBJECT;
        (*pos)++;
        for (int k = 0; k < t->size; k++) {
                int r;

                if (k > 0 && !expect(j, pos, ','))
                        return -EBADMSG;
                if (obj) {
                        skip_ws(j, pos);
                        if (*i >= j->n || j->tok[*i].type != JSMN_STRING)
                                return -EBADMSG;
                        r = jread_walk(j, i, pos, depth + 1);
                        if (r < 0)
                                return r;
                        if (!expect(j, pos, ':'))
                                return -EBADMSG;
                }
                r = jread_walk(j, i, pos, depth + 1);
                if (r < 0)
                        return r;
        }
        if (!expect(j, pos, obj ? '}' : ']') || *pos != (size_t)t->end)
                return -EBADMSG;
        return 0;
}

int jread_parse(char *buf, size_t len, struct jread **ret) {
        _cleanup_free_ struct jread *j = NULL;
        jsmn_parser parser;
        size_t pos = 0;
        int i = 0, r;

        /* jsmn's offsets are ints, and it would take a NUL for the end of the text. */
        if (len > INT_MAX)
                return -E2BIG;
        if (memchr(buf, '\0', len))
                return -EBADMSG;
        j = malloc(sizeof(*j) + JREAD_TOKENS * sizeof(j->tok[0]));
        if (!j)
                return -ENOMEM;
        j->buf = buf;
        j->len = len;
        jsmn_init(&parser);
        r = jsmn_parse(&parser, buf, len, j->tok, JREAD_TOKENS);
        if (r == JSMN_ERROR_NOMEM)
                return -E2BIG;
        if (r <= 0)
                return -EBADMSG;
        j->n = (int)parser.toknext;
        r = jread_walk(j, &i, &pos, 0);
        if (r < 0)
                return r;
        skip_ws(j, &pos);
        if (pos != len || i != j->n)
                return -EBADMSG;
        *ret = TAKE_PTR(j);
        return 0;
}

enum jread_type jread_type(const struct jread *j, int i) {
        return (enum jread_type)j->tok[i].type;
}

int jread_size(const struct jread *j, int i) {
        return j->tok[i].type == JSMN_OBJECT || j->tok[i].type == JSMN_ARRAY ? j->tok[i].size : 0;
}

int jread_next(const struct jread *j, int i) {
        int k = i + 1;

        /* Containers' ends are still positions in the text; nested tokens start before. */
        if (j->tok[i].type == JSMN_OBJECT || j->tok[i].type == JSMN_ARRAY)
                while (k < j->n && j->tok[k].start < j->tok[i].end)
                        k++;
        return k;
}

int jread_member(const struct jread *j, int obj, const char *key) {
        size_t n = strlen(key);
        int k, m;

        if (obj < 0 || j->tok[obj].type != JSMN_OBJECT)
                return -1;
        for (k = 0, m = obj + 1; k < j->tok[obj].size; k++, m = jread_next(j, m + 1))
                if ((size_t)(j->tok[m].end - j->tok[m].start) == n &&
                    !memcmp(j->buf + j->tok[m].start, key, n))
                        return m + 1;
        return -1;
}

int jread_string(const struct jread *j, int i, char **ret, size_t *ret_len) {
        const jsmntok_t *t = &j->tok[i];

        if (t->type != JSMN_STRING)
                return -EINVAL;
        *ret = j->buf + t->start;
        *ret_len = (size_t)(t->end - t->start);
        return 0;
}

static bool is_word(const struct jread *j, int i, const char *w) {
        const jsmntok_t *t = &j->tok[i];
        size_t n = strlen(w);

        return t->type == JSMN_PRIMITIVE && (size_t)(t->end - t->start) == n &&
               !memcmp(j->buf + t->start, w, n);
}

int jread_int(const struct jread *j, int i, long long *ret) {
        const jsmntok_t *t = &j->tok[i];
        const char *s = j->buf + t->start;
        size_t n = (size_t)(t->end - t->start), k;
        unsigned long long v = 0;
        bool neg;

        if (t->type != JSMN_PRIMITIVE || (s[0] != '-' && (s[0] < '0' || s[0] > '9')))
                return -EINVAL;
        neg = s[0] == '-';
        for (k = neg; k < n; k++) {
                if (s[k] < '0' || s[k] > '9')
                        return -EINVAL;
                if (v > ((unsigned long long)LLONG_MAX - (unsigned)(s[k] - '0')) / 10)
                        return -ERANGE;
                v = v * 10 + (unsigned)(s[k] - '0');
        }
        *ret = neg ? -(long long)v : (long long)v;
        return 0;
}

int jread_bool(const struct jread *j, int i, bool *ret) {
        if (is_word(j, i, "true"))
                *ret = true;
        else if (is_word(j, i, "false"))
                *ret = false;
        else
                return -EINVAL;
        return 0;
}

bool jread_null(const struct jread *j, int i) {
        return is_word(j, i, "null");
}
