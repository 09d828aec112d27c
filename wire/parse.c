/* parse.c: request_parse, the body's fields checked as docs/protocol.md describes
 * them and stored in struct request (the stage limits' fields named by
 * base/stagelimit.h), file contents decoded and file names validated. Every error
 * names the field. It never touches the file system and never looks a language
 * up: later stages get well-formed values and judge only what they own. */
#include <stdio.h>
#include "base/json.h"
#include "base/limits.h"
#include "base/stagelimit.h"
#include "wire/message.h"
#include "base/text.h"
#include "base/util.h"

/* Language names are [a-z0-9-]{1,32} (lang.d's rule); versions get the same bound. */
#define PARSE_NAME_BYTES 32

/* The stage limits come first, in stage_limit_table's order, so a limit field's
 * index is its row there and in req->limits. Their names are the table's wire
 * names, which no static initializer can read: request_parse copies them in. */
enum { F_LANGUAGE = STAGE_LIMITS, F_VERSION, F_FILES, F_SOURCE, F_STDIN, F_ARGS, F_TESTS,
       F_OUTPUT_ENCODING, F_OP, _F_MAX };
static const char *request_fields[_F_MAX] = {
        [F_LANGUAGE] = "language", [F_VERSION] = "version", [F_FILES] = "files",
        [F_SOURCE] = "source", [F_STDIN] = "stdin", [F_ARGS] = "args", [F_TESTS] = "tests",
        [F_OUTPUT_ENCODING] = "output_encoding", [F_OP] = "op",
};

static const char *const file_fields[] = { "name", "content", "encoding" };
enum { FILE_NAME, FILE_CONTENT, FILE_ENCODING };
static const char *const test_fields[] = { "stdin", "args", "expected_output" };
enum { TEST_STDIN, TEST_ARGS, TEST_EXPECTED };
static const char *const encodings[] = { "utf8", "base64", "hex" };
enum { ENC_UTF8, ENC_BASE64, ENC_HEX };
static const char *const output_encodings[] = { "utf8", "base64" };
static const char *const ops[] = { "runtimes" };

#define BIT(f) (1u << (f))

static int parse_bad(struct problem *p, const char *at, const char *what) {
        return problem(p, ERR_BAD_REQUEST, "%s: %s", at, what);
}

static int parse_oom(struct problem *p) {
        problem(p, ERR_INTERNAL, "out of memory parsing the request");
        return -ENOMEM;
}

/* Which of names[] the key is; unknown and repeated keys are refused. obj names
 * the object for the message ("" at the top). */
static int parse_key(const struct json *j, int key, const char *const *names, size_t n,
                     unsigned *seen, const char *obj, struct problem *p) {
        const char *sep = *obj ? ": " : "";
        struct blob k;
        size_t f;

        (void)json_string(j, key, &k);  /* json_parse made sure keys are strings */
        for (f = 0; f < n; f++)
                if (strlen(names[f]) == k.len && !memcmp(names[f], k.data, k.len))
                        break;
        if (f == n)
                return problem(p, ERR_BAD_REQUEST, "%s%sunknown field \"%.64s\"", obj, sep, k.data);
        if (*seen & BIT(f))
                return problem(p, ERR_BAD_REQUEST, "%s%sduplicate field \"%s\"", obj, sep, names[f]);
        *seen |= BIT(f);
        return (int)f;
}

static int parse_string(const struct json *j, int i, const char *at, struct blob *ret,
                        struct problem *p) {
        if (json_string(j, i, ret) < 0)
                return parse_bad(p, at, "must be a string");
        return 0;
}

/* A string that ends up in argv or a lookup, so without NUL; max > 0 also bounds
 * it to 1..max bytes (language, version). */
static int parse_text(const struct json *j, int i, const char *at, size_t max, char **ret,
                      struct problem *p) {
        struct blob b;

        if (json_string(j, i, &b) < 0)
                return parse_bad(p, at, "must be a string");
        if (memchr(b.data, '\0', b.len))
                return parse_bad(p, at, "must not contain NUL");
        if (max > 0 && (b.len == 0 || b.len > max))
                return problem(p, ERR_BAD_REQUEST, "%s: must be 1 to %zu bytes", at, max);
        *ret = b.data;
        return 0;
}

static int parse_enum(const struct json *j, int i, const char *at, const char *const *names,
                      size_t n, int *ret, struct problem *p) {
        char list[64] = "";
        struct blob b;

        if (json_string(j, i, &b) == 0)
                for (size_t k = 0; k < n; k++)
                        if (streq(b.data, names[k]) && strlen(names[k]) == b.len) {
                                *ret = (int)k;
                                return 0;
                        }
        for (size_t k = 0; k < n; k++)
                snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s\"%s\"",
                         k == 0 ? "" : k + 1 == n ? " or " : ", ", names[k]);
        return problem(p, ERR_BAD_REQUEST, "%s: must be %s", at, list);
}

static int parse_limit(const struct json *j, int i, const char *at, long long *ret,
                       struct problem *p) {
        long long v;

        if (json_int(j, i, &v) < 0 || v < -1)
                return parse_bad(p, at, "must be an integer >= 0 or -1");
        *ret = v;
        return 0;
}

/* An args array, NULL-terminated for execve. */
static int parse_args(const struct json *j, int arr, const char *at, char ***ret_args,
                      size_t *ret_n, struct problem *p) {
        _cleanup_free_ char **args = NULL;
        char el[48];
        int k, e, r;

        if (json_type(j, arr) != JSON_ARRAY)
                return parse_bad(p, at, "must be an array of strings");
        if (json_size(j, arr) > LIMIT_ARGS)
                return problem(p, ERR_BAD_REQUEST, "%s: more than %d args", at, LIMIT_ARGS);
        args = calloc((size_t)json_size(j, arr) + 1, sizeof(*args));
        if (!args)
                return parse_oom(p);
        JSON_FOREACH_ELEMENT(j, arr, k, e) {
                snprintf(el, sizeof(el), "%s[%d]", at, k);
                r = parse_text(j, e, el, 0, &args[k], p);
                if (r < 0)
                        return r;
        }
        *ret_n = (size_t)json_size(j, arr);
        *ret_args = TAKE_PTR(args);
        return 0;
}

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
        /* The entry file's name lands in the compile command: "-o..." would be an
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

static int parse_file(const struct json *j, int obj, int idx, struct file *file,
                      struct problem *p) {
        char where[32], at[48];
        unsigned seen = 0;
        int k, key, f, r, enc = ENC_UTF8;

        snprintf(where, sizeof(where), "files[%d]", idx);
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
static int parse_unique(const struct request *req, struct problem *p) {
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
                               "files[%d].name: conflicts with files[%d].name (a file cannot also be a folder)" :
                               "files[%d].name: duplicate of files[%d].name",
                               a->idx > b->idx ? a->idx : b->idx, a->idx > b->idx ? b->idx : a->idx);
        }
        return 0;
}

static int parse_files(const struct json *j, int arr, struct request *req, struct problem *p) {
        int k, e, r;

        if (json_type(j, arr) != JSON_ARRAY)
                return parse_bad(p, "files", "must be an array of objects");
        if (json_size(j, arr) < 1 || json_size(j, arr) > LIMIT_FILES)
                return problem(p, ERR_BAD_REQUEST, "files: must hold 1 to %d files", LIMIT_FILES);
        req->files = calloc((size_t)json_size(j, arr), sizeof(*req->files));
        if (!req->files)
                return parse_oom(p);
        req->n_files = (size_t)json_size(j, arr);
        JSON_FOREACH_ELEMENT(j, arr, k, e) {
                r = parse_file(j, e, k, &req->files[k], p);
                if (r < 0)
                        return r;
        }
        return parse_unique(req, p);
}

/* A test's absent stdin and args stay NULL here; parse_check fills in the request's. */
static int parse_test(const struct json *j, int obj, int idx, struct test *t,
                      struct problem *p) {
        char where[32], at[48];
        unsigned seen = 0;
        int k, key, f, r;

        snprintf(where, sizeof(where), "tests[%d]", idx);
        if (json_type(j, obj) != JSON_OBJECT)
                return parse_bad(p, where, "must be an object");
        JSON_FOREACH_MEMBER(j, obj, k, key) {
                f = parse_key(j, key, test_fields, ELEMENTSOF(test_fields), &seen, where, p);
                if (f < 0)
                        return f;
                snprintf(at, sizeof(at), "%s.%s", where, test_fields[f]);
                if (f == TEST_STDIN)
                        r = parse_string(j, key + 1, at, &t->stdin, p);
                else if (f == TEST_ARGS)
                        r = parse_args(j, key + 1, at, &t->args, &t->n_args, p);
                else
                        r = parse_string(j, key + 1, at, &t->expected, p);
                if (r < 0)
                        return r;
                t->has_expected |= f == TEST_EXPECTED;
        }
        return 0;
}

static int parse_tests(const struct json *j, int arr, struct request *req, struct problem *p) {
        int k, e, r;

        if (json_type(j, arr) != JSON_ARRAY)
                return parse_bad(p, "tests", "must be an array of objects");
        if (json_size(j, arr) < 1 || json_size(j, arr) > LIMIT_TESTS)
                return problem(p, ERR_BAD_REQUEST, "tests: must hold 1 to %d tests", LIMIT_TESTS);
        req->tests = calloc((size_t)json_size(j, arr), sizeof(*req->tests));
        if (!req->tests)
                return parse_oom(p);
        req->n_tests = (size_t)json_size(j, arr);
        JSON_FOREACH_ELEMENT(j, arr, k, e) {
                r = parse_test(j, e, k, &req->tests[k], p);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int parse_member(const struct json *j, int v, int f, unsigned seen,
                        struct message *m, struct problem *p) {
        struct request *req = &m->req;
        const char *at = request_fields[f];
        int r, e;

        if (f < STAGE_LIMITS)
                return parse_limit(j, v, at, &req->limits[f], p);
        switch (f) {
        case F_LANGUAGE:
                return parse_text(j, v, at, PARSE_NAME_BYTES, &req->language, p);
        case F_VERSION:
                return parse_text(j, v, at, PARSE_NAME_BYTES, &req->version, p);
        case F_FILES:
        case F_SOURCE:
                if (seen & BIT(F_FILES) && seen & BIT(F_SOURCE))
                        return problem(p, ERR_BAD_REQUEST, "\"files\" and \"source\" exclude each other");
                if (f == F_FILES)
                        return parse_files(j, v, req, p);
                req->files = calloc(1, sizeof(*req->files));
                if (!req->files)
                        return parse_oom(p);
                req->n_files = 1;
                return parse_string(j, v, at, &req->files[0].content, p);
        case F_STDIN:
                return parse_string(j, v, at, &req->stdin, p);
        case F_ARGS:
                return parse_args(j, v, at, &req->args, &req->n_args, p);
        case F_TESTS:
                return parse_tests(j, v, req, p);
        case F_OUTPUT_ENCODING:
                r = parse_enum(j, v, at, output_encodings, ELEMENTSOF(output_encodings), &e, p);
                m->output_base64 = r == 0 && e == 1;
                return r;
        default:
                /* The runtime list has its own HTTP route; only raw mode needs "op". */
                if (m->mode != MODE_RAW)
                        return parse_bad(p, at, "only allowed in raw mode (use GET /api/v2/runtimes)");
                r = parse_enum(j, v, at, ops, ELEMENTSOF(ops), &e, p);
                if (r == 0)
                        m->op = OP_RUNTIMES;
                return r;
        }
}

/* What only the whole object can tell: required fields, op alone, test defaults. */
static int parse_check(struct request *req, unsigned seen, struct problem *p) {
        if (seen & BIT(F_OP))
                return seen == BIT(F_OP) ? 0 : parse_bad(p, "op", "\"runtimes\" takes no other field");
        if (!req->language)
                return parse_bad(p, "language", "required");
        if (!req->files)
                return parse_bad(p, "files", "required (or \"source\")");
        for (size_t k = 0; k < req->n_tests; k++) {
                struct test *t = &req->tests[k];

                if (!t->stdin.data)
                        t->stdin = req->stdin;
                if (!t->args) {
                        t->args = req->args;
                        t->n_args = req->n_args;
                }
        }
        return 0;
}

int request_parse(char *body, size_t len, struct message *m, struct problem *p) {
        struct request *req = &m->req;
        _cleanup_free_ struct json *j = NULL;
        unsigned seen = 0;
        int k, key, f, r;

        r = json_parse(body, len, &j, p);
        if (r == -ENODATA || (r == 0 && json_type(j, 0) != JSON_OBJECT))
                return problem(p, ERR_BAD_REQUEST, "the request must be a JSON object");
        if (r < 0)
                return r;
        req->version = (char *)"*";
        req->stdin = (struct blob){ (char *)"", 0 };
        for (k = 0; k < STAGE_LIMITS; k++) {
                request_fields[k] = stage_limit_table[k].wire;
                req->limits[k] = -1;
        }
        JSON_FOREACH_MEMBER(j, 0, k, key) {
                f = parse_key(j, key, request_fields, ELEMENTSOF(request_fields), &seen, "", p);
                if (f < 0)
                        return f;
                r = parse_member(j, key + 1, f, seen, m, p);
                if (r < 0)
                        return r;
        }
        return parse_check(req, seen, p);
}
