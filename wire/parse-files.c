/* parse-files.c: the request's files: each name checked so it stays inside the work
 * dir and means the same to every tool, each content decoded (utf8, base64,
 * hex) in place, no two names the same and none another's folder. */
#include <stdio.h>
#include <stdlib.h>
#include "base/limits.h"
#include "base/text.h"
#include "base/util.h"
#include "wire/parse-fields.h"

static const char *const file_fields[] = { "name", "content", "encoding" };
enum { FILE_NAME, FILE_CONTENT, FILE_ENCODING };
static const char *const encodings[] = { "utf8", "base64", "hex" };
enum { ENC_UTF8, ENC_BASE64, ENC_HEX };

/* A file name must stay inside the work dir and mean the same to every tool:
 * relative, '/'-separated, no empty, "." or ".." segment, no control bytes. */
static int parse_path(const struct json *j, int i, const char *at, char **ret,
                      struct problem *p) {
        size_t seg = 0, depth = 0;
        struct blob b;

        if (json_string(j, i, &b) < 0)
                return parse_bad(p, at, "must be a string");
        if (b.len == 0)
                return parse_bad(p, at, "must not be empty");
        if (b.len > LIMIT_PATH_BYTES)
                return problem(p, ERR_BAD_REQUEST, "%s: longer than %d bytes", at, LIMIT_PATH_BYTES);
        if (b.data[0] == '/')
                return parse_bad(p, at, "must be a relative path");
        /* Every source's name lands in the compile command: "-o..." would be an
         * option, and "@opts" makes gcc, g++ and javac read options from ./opts. */
        if (b.data[0] == '-' || b.data[0] == '@')
                return parse_bad(p, at, "must not start with '-' or '@'");
        for (size_t k = 0; k <= b.len; k++) {
                unsigned char c = k < b.len ? (unsigned char)b.data[k] : '/';

                if (c == '\0')
                        return parse_bad(p, at, "must not contain NUL");
                if (c < 0x20 || c == 0x7f)
                        return parse_bad(p, at, "must not contain control characters");
                if (c != '/')
                        continue;
                if (k == seg)
                        return parse_bad(p, at, "must not have empty segments (\"//\" or a trailing \"/\")");
                if (k - seg == 2 && !memcmp(b.data + seg, "..", 2))
                        return parse_bad(p, at, "must be a relative path without \"..\"");
                if (k - seg == 1 && b.data[seg] == '.')
                        return parse_bad(p, at, "must not have \".\" segments");
                if (k - seg > LIMIT_FILE_NAME_BYTES)
                        return problem(p, ERR_BAD_REQUEST, "%s: has a segment over %d bytes",
                                       at, LIMIT_FILE_NAME_BYTES);
                if (k < b.len && ++depth > LIMIT_PATH_DEPTH)
                        return problem(p, ERR_BAD_REQUEST, "%s: nested in more than %d folders",
                                       at, LIMIT_PATH_DEPTH);
                seg = k + 1;
        }
        *ret = b.data;
        return 0;
}

static int parse_base64_value(unsigned char c) {
        if (c >= 'A' && c <= 'Z')
                return c - 'A';
        if (c >= 'a' && c <= 'z')
                return c - 'a' + 26;
        if (c >= '0' && c <= '9')
                return c - '0' + 52;
        return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Strict RFC 4648 base64, decoded in place: the standard alphabet, padding
 * required, no whitespace, unused bits zero, so one text means one content. */
static int parse_base64(struct blob *b) {
        size_t r, w = 0;

        if (b->len % 4)
                return -EINVAL;
        for (r = 0; r < b->len; r += 4) {
                const unsigned char *q = (const unsigned char *)b->data + r;
                bool last = r + 4 == b->len;
                int pad = last && q[3] == '=' ? (q[2] == '=' ? 2 : 1) : 0;
                unsigned long v = 0;

                for (int k = 0; k < 4 - pad; k++) {
                        int d = parse_base64_value(q[k]);
                        if (d < 0)
                                return -EINVAL;
                        v |= (unsigned long)d << (18 - 6 * k);
                }
                if (pad && (v & (pad == 1 ? 0xffu : 0xffffu)))
                        return -EINVAL;
                b->data[w++] = (char)(v >> 16);
                if (pad < 2)
                        b->data[w++] = (char)(v >> 8 & 0xff);
                if (pad < 1)
                        b->data[w++] = (char)(v & 0xff);
        }
        b->data[w] = '\0';
        b->len = w;
        return 0;
}

static int parse_hex(struct blob *b) {
        size_t k;

        if (b->len % 2)
                return -EINVAL;
        for (k = 0; k < b->len; k += 2) {
                int hi = text_hex_digit((unsigned char)b->data[k]);
                int lo = text_hex_digit((unsigned char)b->data[k + 1]);
                if (hi < 0 || lo < 0)
                        return -EINVAL;
                b->data[k / 2] = (char)(hi << 4 | lo);
        }
        b->len /= 2;
        b->data[b->len] = '\0';
        return 0;
}

static int parse_file(const struct json *j, int obj, const char *field, int idx,
                      struct file *file, struct problem *p) {
        char where[64], at[80];
        unsigned seen = 0;
        int k, key, f, r, enc = ENC_UTF8;

        snprintf(where, sizeof(where), "%s[%d]", field, idx);
        if (json_type(j, obj) != JSON_OBJECT)
                return parse_bad(p, where, "must be an object");
        JSON_FOREACH_MEMBER(j, obj, k, key) {
                f = parse_key(j, key, file_fields, ELEMENTSOF(file_fields), &seen, where, p);
                if (f < 0)
                        return f;
                snprintf(at, sizeof(at), "%s.%s", where, file_fields[f]);
                if (f == FILE_NAME)
                        r = parse_path(j, key + 1, at, &file->name, p);
                else if (f == FILE_CONTENT)
                        r = parse_string(j, key + 1, at, &file->content, p);
                else
                        r = parse_enum(j, key + 1, at, encodings, ELEMENTSOF(encodings), &enc, p);
                if (r < 0)
                        return r;
        }
        snprintf(at, sizeof(at), "%s.content", where);
        if (!(seen & BIT(FILE_CONTENT)))
                return parse_bad(p, at, "required");
        if (enc == ENC_BASE64 && parse_base64(&file->content) < 0)
                return parse_bad(p, at, "invalid base64 (RFC 4648 alphabet, padded)");
        if (enc == ENC_HEX && parse_hex(&file->content) < 0)
                return parse_bad(p, at, "invalid hex");
        return 0;
}

struct name_ref {
        const char *name;
        int idx;
};

/* Byte order, except that '/' sorts before any byte a name may hold: then a name
 * sorts right before the names that use it as a folder (see parse_unique). */
static int parse_name_cmp(const void *x, const void *y) {
        const struct name_ref *a = x, *b = y;
        const unsigned char *s = (const unsigned char *)a->name, *t = (const unsigned char *)b->name;

        while (*s && *s == *t)
                s++, t++;
        if (*s != *t)
                return (*s == '/' ? 1 : *s) - (*t == '/' ? 1 : *t);
        return a->idx - b->idx;
}

/* No two files may share a name, and no file may be another's folder ("a" and
 * "a/b"): one sort, then only neighbours need comparing. */
static int parse_unique(const struct request *req, const char *field, struct problem *p) {
        _cleanup_free_ struct name_ref *refs = calloc(req->n_files, sizeof(*refs));
        size_t n = 0;

        if (!refs)
                return parse_oom(p);
        for (size_t k = 0; k < req->n_files; k++)
                if (req->files[k].name)
                        refs[n++] = (struct name_ref){ req->files[k].name, (int)k };
        qsort(refs, n, sizeof(*refs), parse_name_cmp);
        for (size_t k = 1; k < n; k++) {
                const struct name_ref *a = &refs[k - 1], *b = &refs[k];
                size_t len = strlen(a->name);

                if (strncmp(a->name, b->name, len) != 0 || (b->name[len] && b->name[len] != '/'))
                        continue;
                return problem(p, ERR_BAD_REQUEST, b->name[len] ?
                               "%s[%d].name: conflicts with %s[%d].name (a file cannot also be a folder)" :
                               "%s[%d].name: duplicate of %s[%d].name",
                               field, a->idx > b->idx ? a->idx : b->idx, field,
                               a->idx > b->idx ? b->idx : a->idx);
        }
        return 0;
}

int parse_files(const struct json *j, int arr, const char *field, struct request *req,
                struct problem *p) {
        int k, e, r;

        if (json_type(j, arr) != JSON_ARRAY)
                return parse_bad(p, field, "must be an array of objects");
        if (json_size(j, arr) < 1 || json_size(j, arr) > LIMIT_FILES)
                return problem(p, ERR_BAD_REQUEST, "%s: must hold 1 to %d files", field, LIMIT_FILES);
        req->files = calloc((size_t)json_size(j, arr), sizeof(*req->files));
        if (!req->files)
                return parse_oom(p);
        req->n_files = (size_t)json_size(j, arr);
        JSON_FOREACH_ELEMENT(j, arr, k, e) {
                r = parse_file(j, e, field, k, &req->files[k], p);
                if (r < 0)
                        return r;
        }
        return parse_unique(req, field, p);
}

int parse_source(const struct json *j, int v, const char *at, struct request *req,
                 struct problem *p) {
        req->files = calloc(1, sizeof(*req->files));
        if (!req->files)
                return parse_oom(p);
        req->n_files = 1;
        return parse_string(j, v, at, &req->files[0].content, p);
}
