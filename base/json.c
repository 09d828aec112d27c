/* json.c: strict JSON on top of jsmn, the one file that compiles jsmn's code; the
 * server reads its requests with it, the CLI the server's replies. jsmn only
 * tokenizes: it accepts `[1 2]`, `{"a":1,}`, `tru`, `01`, raw control bytes and bad
 * UTF-8, stops at a NUL as if the text ended, and calls a bare top-level number
 * truncated. So every byte between tokens is checked against the grammar here,
 * and strings are decoded by json_decode alone. Nothing here reads past len or
 * knows what the text is for: the top-level value may be of any type, and callers
 * check which. */
#include <limits.h>
#include <stdbool.h>
#include <jsmn.h>
#include "base/json.h"
#include "base/limits.h"
#include "base/text.h"
#include "base/util.h"

/* Requests nest 5 deep and replies 4; the cap bounds json_walk's recursion, which
 * 8 MiB of brackets would otherwise drive past the stack. */
#define JSON_DEPTH_MAX 32

/* json_type passes these three through; primitives it tells apart by their text. */
_Static_assert(JSON_OBJECT == (int)JSMN_OBJECT && JSON_ARRAY == (int)JSMN_ARRAY &&
               JSON_STRING == (int)JSMN_STRING, "json_type mirrors jsmntype_t");

struct json {
        char *buf;
        size_t len;
        int n;
        jsmntok_t tok[];        /* LIMIT_JSON_TOKENS */
};

static int json_bad(struct problem *p, size_t pos, const char *what) {
        return problem(p, ERR_BAD_REQUEST, "invalid JSON at byte %zu: %s", pos, what);
}

static void json_skip_ws(const struct json *j, size_t *pos) {
        while (*pos < j->len && (j->buf[*pos] == ' ' || j->buf[*pos] == '\t' ||
                                 j->buf[*pos] == '\n' || j->buf[*pos] == '\r'))
                (*pos)++;
}

/* Whitespace, then the byte c. */
static bool json_expect(const struct json *j, size_t *pos, char c) {
        json_skip_ws(j, pos);
        if (*pos >= j->len || j->buf[*pos] != c)
                return false;
        (*pos)++;
        return true;
}

static size_t json_digits(const char *s, size_t n, size_t *k) {
        size_t from = *k;

        while (*k < n && s[*k] >= '0' && s[*k] <= '9')
                (*k)++;
        return *k - from;
}

/* jsmn takes any run of printable bytes starting with t, f, n, - or a digit. */
static bool json_primitive_ok(const char *s, size_t n) {
        size_t k = 0;

        if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5)) ||
            (n == 4 && !memcmp(s, "null", 4)))
                return true;
        if (k < n && s[k] == '-')
                k++;
        if (k < n && s[k] == '0')
                k++;
        else if (k >= n || s[k] < '1' || s[k] > '9' || json_digits(s, n, &k) == 0)
                return false;
        if (k < n && s[k] == '.' && (k++, json_digits(s, n, &k) == 0))
                return false;
        if (k < n && (s[k] == 'e' || s[k] == 'E')) {
                k++;
                if (k < n && (s[k] == '+' || s[k] == '-'))
                        k++;
                if (json_digits(s, n, &k) == 0)
                        return false;
        }
        return k == n;
}

/* The code unit of `\uXXXX` at s[k], or -1. */
static long json_u16(const char *s, size_t k, size_t end) {
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

/* Decode string token t in place and NUL-terminate it where its closing quote
 * was; t->end then marks the decoded end. The output never outgrows the input
 * (an escape of 2, 6 or 12 bytes yields 1, <= 3 or 4), so w never passes r. */
static int json_decode(struct json *j, jsmntok_t *t, struct problem *p) {
        static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
        char *s = j->buf;
        size_t r = (size_t)t->start, w = r, end = (size_t)t->end;

        while (r < end) {
                unsigned char c = (unsigned char)s[r];
                const char *e;
                long cp, lo;

                if (c < 0x20)
                        return json_bad(p, r, "control character in a string");
                if (c >= 0x80) {
                        int n = text_utf8_seq((const unsigned char *)s + r,
                                              (const unsigned char *)s + end);
                        if (n < 0)
                                return json_bad(p, r, "invalid UTF-8");
                        memmove(s + w, s + r, n);
                        r += n;
                        w += n;
                } else if (c != '\\')
                        s[w++] = s[r++];
                else if (r + 1 < end && (e = memchr(esc_in, s[r + 1], sizeof(esc_in) - 1))) {
                        s[w++] = esc_out[e - esc_in];
                        r += 2;
                } else {
                        cp = json_u16(s, r, end);
                        if (cp < 0)
                                return json_bad(p, r, "bad escape");
                        if (cp >= 0xdc00 && cp <= 0xdfff)
                                return json_bad(p, r, "lone low surrogate");
                        if (cp >= 0xd800 && cp <= 0xdbff) {
                                lo = json_u16(s, r + 6, end);
                                if (lo < 0xdc00 || lo > 0xdfff)
                                        return json_bad(p, r, "lone high surrogate");
                                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                                r += 6;
                        }
                        r += 6;
                        w += text_put_utf8(s + w, (uint32_t)cp);
                }
        }
        s[w] = '\0';
        t->end = (int)w;
        return 0;
}

/* Check token *i and the text from *pos to its end against the JSON grammar,
 * then step past both. Every byte is either inside a token (checked by
 * json_decode or json_primitive_ok) or between tokens (checked here), so what
 * jsmn let through is valid JSON once this returns 0 for the root. */
static int json_walk(struct json *j, int *i, size_t *pos, int depth, struct problem *p) {
        jsmntok_t *t;
        bool obj;

        json_skip_ws(j, pos);
        if (*i >= j->n)
                return json_bad(p, *pos, "expected a value");
        t = &j->tok[(*i)++];
        switch (t->type) {
        case JSMN_STRING:
                if ((size_t)t->start != *pos + 1)
                        return json_bad(p, *pos, "expected a value");
                *pos = (size_t)t->end + 1;
                return json_decode(j, t, p);
        case JSMN_PRIMITIVE:
                if ((size_t)t->start != *pos)
                        return json_bad(p, *pos, "expected a value");
                *pos = (size_t)t->end;
                if (!json_primitive_ok(j->buf + t->start, (size_t)(t->end - t->start)))
                        return json_bad(p, (size_t)t->start, "not a number, true, false or null");
                return 0;
        case JSMN_OBJECT:
        case JSMN_ARRAY:
                break;
        default:
                return json_bad(p, *pos, "expected a value");
        }
        if ((size_t)t->start != *pos)
                return json_bad(p, *pos, "expected a value");
        if (depth >= JSON_DEPTH_MAX)
                return json_bad(p, *pos, "nested too deeply");
        obj = t->type == JSMN_OBJECT;
        (*pos)++;
        for (int k = 0; k < t->size; k++) {
                int r;

                if (k > 0 && !json_expect(j, pos, ','))
                        return json_bad(p, *pos, obj ? "expected ',' or '}'" : "expected ',' or ']'");
                if (obj) {
                        json_skip_ws(j, pos);
                        if (*i >= j->n || j->tok[*i].type != JSMN_STRING)
                                return json_bad(p, *pos, "expected a string key");
                        r = json_walk(j, i, pos, depth + 1, p);
                        if (r < 0)
                                return r;
                        if (!json_expect(j, pos, ':'))
                                return json_bad(p, *pos, "expected ':'");
                }
                r = json_walk(j, i, pos, depth + 1, p);
                if (r < 0)
                        return r;
        }
        if (!json_expect(j, pos, obj ? '}' : ']') || *pos != (size_t)t->end)
                return json_bad(p, *pos, obj ? "expected ',' or '}'" : "expected ',' or ']'");
        return 0;
}

/* The top-level value's kind, for messages: an object is still the "JSON object"
 * clients of the server have always read about; a number, true, false or null is
 * a "value". */
static const char *json_what(const struct json *j) {
        if (j->n == 0)
                return "string";        /* jsmn made no token for a string it could not end */
        switch (j->tok[0].type) {
        case JSMN_OBJECT:
                return "object";
        case JSMN_ARRAY:
                return "array";
        case JSMN_STRING:
                return "string";
        default:
                return "value";
        }
}

static int json_trailing(const struct json *j, struct problem *p) {
        return problem(p, ERR_BAD_REQUEST, "trailing bytes after the JSON %s", json_what(j));
}

/* jsmn over the whole text, its failures turned into messages. In strict mode jsmn
 * wants a byte after a primitive, so a text that is one bare number, true, false
 * or null comes back "truncated" with no token: that token is made here, to the
 * end of the text, and json_walk checks its spelling like any other. */
static int json_tokenize(struct json *j, struct problem *p) {
        jsmn_parser parser;
        int r;

        jsmn_init(&parser);
        r = jsmn_parse(&parser, j->buf, j->len, j->tok, LIMIT_JSON_TOKENS);
        j->n = (int)parser.toknext;
        if (r == JSMN_ERROR_NOMEM)
                return problem(p, ERR_TOO_LARGE, "more than %u JSON values", LIMIT_JSON_TOKENS);
        /* Whatever jsmn stumbled on, after a complete first value it is extra. */
        if (r < 0 && j->n > 0 && j->tok[0].end >= 0)
                return json_trailing(j, p);
        if (r == JSMN_ERROR_PART && j->n == 0 && j->buf[parser.pos] != '"') {
                j->tok[0] = (jsmntok_t){ .type = JSMN_PRIMITIVE, .start = (int)parser.pos,
                                         .end = (int)j->len, .size = 0, .parent = -1 };
                j->n = 1;
                return 0;
        }
        if (r == JSMN_ERROR_PART)
                return problem(p, ERR_BAD_REQUEST, "truncated JSON: the %s is not complete",
                               json_what(j));
        if (r < 0)
                return json_bad(p, parser.pos, "unexpected character");
        return 0;
}

int json_parse(char *buf, size_t len, struct json **ret_json, struct problem *p) {
        _cleanup_free_ struct json *j = NULL;
        const char *nul;
        ssize_t deep;
        size_t pos = 0;
        int i = 0, r;

        /* jsmn's offsets are ints. */
        if (len > INT_MAX)
                return problem(p, ERR_TOO_LARGE, "JSON text over %d bytes", INT_MAX);
        /* jsmn would take a NUL for the end of the text. */
        nul = memchr(buf, '\0', len);
        if (nul)
                return json_bad(p, (size_t)(nul - buf), "NUL byte");
        deep = text_json_too_deep(buf, len, JSON_DEPTH_MAX);
        if (deep >= 0)
                return json_bad(p, (size_t)deep, "nested too deeply");
        j = malloc(sizeof(*j) + LIMIT_JSON_TOKENS * sizeof(j->tok[0]));
        if (!j) {
                problem(p, ERR_INTERNAL, "out of memory for JSON tokens");
                return -ENOMEM;
        }
        j->buf = buf;
        j->len = len;
        r = json_tokenize(j, p);
        if (r < 0)
                return r;
        if (j->n == 0) {
                json_bad(p, len, "expected a value");
                return -ENODATA;
        }
        r = json_walk(j, &i, &pos, 0, p);
        if (r < 0)
                return r;
        json_skip_ws(j, &pos);
        if (pos != len || i != j->n)
                return json_trailing(j, p);
        *ret_json = TAKE_PTR(j);
        return 0;
}

enum json_type json_type(const struct json *j, int i) {
        const jsmntok_t *t = &j->tok[i];

        if (t->type != JSMN_PRIMITIVE)
                return (enum json_type)t->type;
        /* json_walk let through only numbers and these three words. */
        switch (j->buf[t->start]) {
        case 't':
                return JSON_TRUE;
        case 'f':
                return JSON_FALSE;
        case 'n':
                return JSON_NULL;
        default:
                return JSON_NUMBER;
        }
}

int json_size(const struct json *j, int i) {
        return j->tok[i].type == JSMN_OBJECT || j->tok[i].type == JSMN_ARRAY ? j->tok[i].size : 0;
}

int json_next(const struct json *j, int i) {
        int k = i + 1;

        /* Containers' ends are still positions in the text; nested tokens start before. */
        if (j->tok[i].type == JSMN_OBJECT || j->tok[i].type == JSMN_ARRAY)
                while (k < j->n && j->tok[k].start < j->tok[i].end)
                        k++;
        return k;
}

int json_member(const struct json *j, int obj, const char *key) {
        size_t n = strlen(key);
        int k, m;

        if (obj < 0 || j->tok[obj].type != JSMN_OBJECT)
                return -1;
        /* Keys are decoded strings: their length is the decoded one. */
        JSON_FOREACH_MEMBER(j, obj, k, m)
                if ((size_t)(j->tok[m].end - j->tok[m].start) == n &&
                    !memcmp(j->buf + j->tok[m].start, key, n))
                        return m + 1;
        return -1;
}

int json_string(const struct json *j, int i, struct blob *ret) {
        const jsmntok_t *t = &j->tok[i];

        if (t->type != JSMN_STRING)
                return -EINVAL;
        ret->data = j->buf + t->start;
        ret->len = (size_t)(t->end - t->start);
        return 0;
}

int json_int(const struct json *j, int i, long long *ret) {
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
                        return -EINVAL;         /* a fraction or an exponent */
                if (v > ((unsigned long long)LLONG_MAX - (unsigned)(s[k] - '0')) / 10)
                        return -ERANGE;
                v = v * 10 + (unsigned)(s[k] - '0');
        }
        *ret = neg ? -(long long)v : (long long)v;
        return 0;
}

int json_number_text(const struct json *j, int i, const char **ret, size_t *ret_len) {
        const jsmntok_t *t = &j->tok[i];

        if (json_type(j, i) != JSON_NUMBER)
                return -EINVAL;
        *ret = j->buf + t->start;
        *ret_len = (size_t)(t->end - t->start);
        return 0;
}

int json_bool(const struct json *j, int i, bool *ret) {
        enum json_type t = json_type(j, i);

        if (t != JSON_TRUE && t != JSON_FALSE)
                return -EINVAL;
        *ret = t == JSON_TRUE;
        return 0;
}
