/* parse.c: request_parse, the body's fields checked as docs/protocol.md describes
 * them and stored in struct request (the stage limits' fields named by
 * base/stagelimit.h); the files are parse-files.c's, the shared checks
 * parse-fields.c's. Every error names the field. It never touches the file
 * system and never looks a language up: later stages get well-formed values and
 * judge only what they own. */
#include <stdio.h>
#include "base/json.h"
#include "base/limits.h"
#include "base/stagelimit.h"
#include "wire/message.h"
#include "base/text.h"
#include "base/util.h"
#include "wire/parse-fields.h"

/* Language names are [a-z0-9-]{1,32} (lang.d's rule); versions get the same bound. */
#define PARSE_NAME_BYTES 32

/* The stage limits come first, in stage_limit_table's order, so a limit field's
 * index is its row there and in req->limits. Their names are the table's wire
 * names, which no static initializer can read: request_parse copies them in. */
enum { F_LANGUAGE = STAGE_LIMITS, F_VERSION, F_FILES, F_SOURCE, F_STDIN, F_ARGS, F_TESTS,
       F_OUTPUT_ENCODING, F_STREAM, F_TTY, F_TYPE, F_OP, F_CHECKER, F_STOP_ON_FAILURE,
       F_COMPILE_ARGS, F_INTERACTOR, _F_MAX };
static const char *request_fields[_F_MAX] = {
        [F_LANGUAGE] = "language", [F_VERSION] = "version", [F_FILES] = "files",
        [F_SOURCE] = "source", [F_STDIN] = "stdin", [F_ARGS] = "args", [F_TESTS] = "tests",
        [F_OUTPUT_ENCODING] = "output_encoding", [F_STREAM] = "stream", [F_TTY] = "tty",
        [F_TYPE] = "type", [F_OP] = "op", [F_CHECKER] = "checker",
        [F_STOP_ON_FAILURE] = "stop_on_failure", [F_COMPILE_ARGS] = "compile_args",
        [F_INTERACTOR] = "interactor",
};
_Static_assert(_F_MAX <= 32, "a field's bit fits in unsigned");

static const char *const test_fields[] = { "stdin", "args", "expected_output", "checker" };
enum { TEST_STDIN, TEST_ARGS, TEST_EXPECTED, TEST_CHECKER };
static const char *const output_encodings[] = { "utf8", "base64" };
static const char *const ops[] = { "runtimes" };
static const char *const init_types[] = { "init" };

static int parse_bool(const struct json *j, int v, const char *at, bool *ret, struct problem *p) {
        return json_bool(j, v, ret) < 0 ? parse_bad(p, at, "must be true or false") : 0;
}

/* An args array, NULL-terminated for execve: at most max strings, each at most
 * bytes long (1..bytes) when bytes > 0. */
static int parse_argv(const struct json *j, int arr, const char *at, int max, size_t bytes,
                      char ***ret_args, size_t *ret_n, struct problem *p) {
        _cleanup_free_ char **args = NULL;
        char el[48];
        int k, e, r;

        if (json_type(j, arr) != JSON_ARRAY)
                return parse_bad(p, at, "must be an array of strings");
        if (json_size(j, arr) > max)
                return problem(p, ERR_BAD_REQUEST, "%s: more than %d args", at, max);
        args = calloc((size_t)json_size(j, arr) + 1, sizeof(*args));
        if (!args)
                return parse_oom(p);
        JSON_FOREACH_ELEMENT(j, arr, k, e) {
                snprintf(el, sizeof(el), "%s[%d]", at, k);
                r = parse_text(j, e, el, bytes, &args[k], p);
                if (r < 0)
                        return r;
        }
        *ret_n = (size_t)json_size(j, arr);
        *ret_args = TAKE_PTR(args);
        return 0;
}

static int parse_args(const struct json *j, int arr, const char *at, char ***ret_args,
                      size_t *ret_n, struct problem *p) {
        return parse_argv(j, arr, at, LIMIT_ARGS, 0, ret_args, ret_n, p);
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
                else if (f == TEST_CHECKER)
                        r = parse_checker(j, key + 1, at, &t->checker, NULL, p);
                else
                        r = parse_string(j, key + 1, at, &t->expected, p);
                if (r < 0)
                        return r;
                t->has_expected |= f == TEST_EXPECTED;
                t->has_checker |= f == TEST_CHECKER;
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
                        return parse_files(j, v, "files", req, p);
                return parse_source(j, v, at, req, p);
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
        case F_STREAM:
                return parse_bool(j, v, at, &req->stream, p);
        case F_CHECKER:
                return parse_checker(j, v, at, &req->checker, &req->checker_program, p);
        case F_INTERACTOR:
                return parse_program(j, v, at, false, &req->interactor, p);
        case F_STOP_ON_FAILURE:
                return parse_bool(j, v, at, &req->stop_on_failure, p);
        case F_COMPILE_ARGS:
                req->has_compile_args = true;
                return parse_argv(j, v, at, LIMIT_COMPILE_ARGS, LIMIT_COMPILE_ARG_BYTES,
                                  &req->compile_args, &req->n_compile_args, p);
        case F_TTY:
                return parse_bool(j, v, at, &req->tty, p);
        case F_TYPE:
                /* Piston's WebSocket names its first message; nothing else has one. */
                if (!m->ws_init)
                        return parse_bad(p, at, "only a WebSocket's init message has a type");
                return parse_enum(j, v, at, init_types, ELEMENTSOF(init_types), &e, p);
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

/* Streaming: asked for in the body, by Accept, or by coming over a WebSocket. */
static int parse_stream(struct message *m, unsigned seen, struct problem *p) {
        struct request *req = &m->req;

        if (m->ws_init && !(seen & BIT(F_TYPE)))
                return parse_bad(p, "type", "required in a WebSocket's first message (\"init\")");
        if ((m->ws_init || m->accept != ACCEPT_JSON) && seen & BIT(F_STREAM) && !req->stream)
                return parse_bad(p, "stream", "false contradicts how the request came (a "
                                 "WebSocket or a streaming Accept)");
        req->stream = req->stream || m->ws_init || m->accept != ACCEPT_JSON;
        req->interactive = req->stream && (m->mode == MODE_RAW || m->ws_init);
        if (req->tty && !req->interactive)
                return parse_bad(p, "tty", req->stream ? "needs a client that can type: raw TCP "
                                 "or the WebSocket (an HTTP stream only listens)" :
                                 "only for streaming runs (\"stream\": true)");
        if (req->tty && req->tests)
                return parse_bad(p, "tty", "a run with tests has no terminal");
        return 0;
}

/* What only the whole object can tell: required fields, op alone, test defaults. */
static int parse_check(struct message *m, unsigned seen, struct problem *p) {
        struct request *req = &m->req;
        int r;

        if (seen & BIT(F_OP))
                return seen == BIT(F_OP) ? 0 : parse_bad(p, "op", "\"runtimes\" takes no other field");
        if (!req->language)
                return parse_bad(p, "language", "required");
        if (!req->files)
                return parse_bad(p, "files", "required (or \"source\")");
        r = parse_stream(m, seen, p);
        if (r < 0)
                return r;
        /* Judging fields without tests would be silently meaningless. */
        if (!req->tests && seen & (BIT(F_CHECKER) | BIT(F_STOP_ON_FAILURE) | BIT(F_INTERACTOR)))
                return parse_bad(p, seen & BIT(F_CHECKER) ? "checker" : seen & BIT(F_INTERACTOR) ?
                                 "interactor" : "stop_on_failure",
                                 "only with \"tests\" (it judges their runs)");
        /* An interactor's exit code is the verdict: a checker would judge nothing. */
        if (req->interactor && seen & BIT(F_CHECKER))
                return parse_bad(p, "checker", "not with an \"interactor\" (its exit code is "
                                 "the verdict)");
        for (size_t k = 0; k < req->n_tests; k++) {
                struct test *t = &req->tests[k];
                char at[48];

                snprintf(at, sizeof(at), "tests[%zu].checker", k);
                if (t->has_checker && req->interactor)
                        return parse_bad(p, at, "not with an \"interactor\" (its exit code is "
                                         "the verdict)");
                if (t->has_checker && !t->has_expected)
                        return parse_bad(p, at, "needs an expected_output to judge against");
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
        return parse_check(m, seen, p);
}
