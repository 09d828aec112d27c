/* reply.c: the execute reply into struct result. Unknown members are skipped (a
 * newer server may add some); a known member of the wrong type, output that is
 * not the base64 we asked for, or a reply with neither an error nor a stage is
 * refused: nothing is shown from a reply we do not understand. */
#include <stdio.h>
#include "base/util.h"
#include "cli/base64.h"
#include "base/json.h"
#include "cli/reply.h"

static int bad(struct failure *f, const char *where, const char *what) {
        return fail_set(f, CLI_EXIT_UNREACHABLE, "the server's reply is not a coderun reply: "
                        "%s%s", where, what);
}

/* Member key of obj as a string or null (NULL); -EINVAL for another type. */
static int opt_str(const struct json *j, int obj, const char *key, const char **ret) {
        int v = json_member(j, obj, key);
        struct blob s;

        if (v < 0 || json_type(j, v) == JSON_NULL) {
                *ret = NULL;
                return 0;
        }
        if (json_string(j, v, &s) < 0)
                return -EINVAL;
        *ret = s.data;
        return 0;
}

/* Member key of obj as an integer, or -1 for null or absent. */
static int opt_int(const struct json *j, int obj, const char *key, long long *ret) {
        int v = json_member(j, obj, key);

        if (v < 0 || json_type(j, v) == JSON_NULL) {
                *ret = -1;
                return 0;
        }
        return json_int(j, v, ret) < 0 || *ret < 0 ? -EINVAL : 0;
}

static int output(const struct json *j, int obj, const char *key, bool base64,
                  struct bytes *ret, const char *where, struct failure *f) {
        char what[64];
        int v = json_member(j, obj, key);
        struct blob s;

        snprintf(what, sizeof(what), ".%s", key);
        if (v < 0) {
                *ret = (struct bytes){ .data = (char *)"", .len = 0 };
                return 0;
        }
        if (json_string(j, v, &s) < 0)
                return bad(f, where, strcat(what, " is not a string"));
        *ret = (struct bytes){ .data = s.data, .len = s.len };
        if (base64 && base64_decode(ret->data, ret->len, &ret->len) < 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "the server's reply: %s.%s is not "
                                "base64 (a server without output_encoding? try --encoding utf8)",
                                where, key);
        return 0;
}

static int parse_stage(const struct json *j, int obj, bool base64, const char *where,
                       struct stage *s, struct failure *f) {
        bool passed;
        int v, r;

        if (json_type(j, obj) != JSON_OBJECT)
                return bad(f, where, " is not an object");
        *s = (struct stage){ .present = true, .passed = -1 };
        r = output(j, obj, "stdout", base64, &s->out, where, f);
        if (r >= 0)
                r = output(j, obj, "stderr", base64, &s->err, where, f);
        if (r >= 0)
                r = output(j, obj, "output", base64, &s->both, where, f);
        if (r < 0)
                return r;
        if (opt_str(j, obj, "signal", &s->signal) < 0 || opt_str(j, obj, "status", &s->status) < 0 ||
            opt_str(j, obj, "message", &s->message) < 0 ||
            opt_str(j, obj, "verdict", &s->verdict) < 0 ||
            opt_str(j, obj, "checker_message", &s->checker_message) < 0)
                return bad(f, where, " has a signal, status, message, verdict or checker_message "
                           "that is not a string");
        if (opt_int(j, obj, "code", &s->code) < 0 || opt_int(j, obj, "cpu_time", &s->cpu_ms) < 0 ||
            opt_int(j, obj, "wall_time", &s->wall_ms) < 0 || opt_int(j, obj, "memory", &s->memory) < 0)
                return bad(f, where, " has a code, time or memory that is not a whole number");
        s->has_code = s->code >= 0;
        v = json_member(j, obj, "passed");
        if (v >= 0 && json_type(j, v) != JSON_NULL) {
                if (json_bool(j, v, &passed) < 0)
                        return bad(f, where, ".passed is not true, false or null");
                s->passed = passed;
        }
        return 0;
}

/* A test's "checker" or "interactor": the judge program's own run. Only its time is
 * shown; its stderr begins checker_message, which the test has already. */
static int parse_judge(const struct json *j, int obj, const char *where, struct stage *s,
                       struct failure *f) {
        static const char *const keys[] = { "checker", "interactor" };

        for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
                int v = json_member(j, obj, keys[i]);

                if (v < 0 || json_type(j, v) == JSON_NULL)
                        continue;
                if (json_type(j, v) != JSON_OBJECT || s->judge.present)
                        return bad(f, where, " has a checker or interactor that is not one object");
                if (opt_int(j, v, "cpu_time", &s->judge.cpu_ms) < 0 ||
                    opt_int(j, v, "wall_time", &s->judge.wall_ms) < 0)
                        return bad(f, where, "'s checker or interactor has a time that is not a "
                                   "whole number");
                s->judge.present = true;
                s->judge.interactor = i == 1;
        }
        return 0;
}

static int parse_tests(const struct json *j, int arr, bool base64, struct result *res,
                       struct failure *f) {
        char where[32];
        int k, e, r;

        if (json_type(j, arr) != JSON_ARRAY)
                return bad(f, "tests", " is not an array");
        res->tests = calloc((size_t)json_size(j, arr) + 1, sizeof(res->tests[0]));
        if (!res->tests)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "out of memory for the reply");
        JSON_FOREACH_ELEMENT(j, arr, k, e) {
                snprintf(where, sizeof(where), "tests[%d]", k);
                r = parse_stage(j, e, base64, where, &res->tests[k], f);
                if (r >= 0)
                        r = parse_judge(j, e, where, &res->tests[k], f);
                if (r < 0)
                        return r;
                res->n_tests++;
        }
        return 0;
}

int reply_from(const struct json *j, int obj, bool base64, struct result *ret,
               struct failure *f) {
        struct result res = {0};
        int v, r;

        if (json_type(j, obj) != JSON_OBJECT)
                return bad(f, "the reply", " is not an object");
        if (opt_str(j, obj, "error", &res.error) < 0 || opt_str(j, obj, "message", &res.message) < 0 ||
            opt_str(j, obj, "language", &res.language) < 0 || opt_str(j, obj, "version", &res.version) < 0)
                return bad(f, "the reply", " has an error, message, language or version that is not a string");
        if (res.error) {
                *ret = res;
                return 0;
        }
        v = json_member(j, obj, "compile");
        if (v >= 0 && (r = parse_stage(j, v, base64, "compile", &res.compile, f)) < 0)
                return r;
        v = json_member(j, obj, "run");
        if (v >= 0 && (r = parse_stage(j, v, base64, "run", &res.run, f)) < 0)
                return r;
        v = json_member(j, obj, "tests");
        if (v >= 0 && (r = parse_tests(j, v, base64, &res, f)) < 0)
                return r;
        if (!res.run.present && !res.tests && !res.compile.present)
                return bad(f, "the reply", " has no error, compile, run or tests");
        *ret = res;
        return 0;
}

int reply_parse(char *buf, size_t len, bool base64, struct result *ret, struct failure *f) {
        _cleanup_free_ struct json *j = NULL;
        struct problem p;
        int r;

        /* The reader's own message names a byte of the reply: of no use to the user. */
        r = json_parse(buf, len, &j, &p);
        if (r < 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "the server's reply is not %s",
                                p.err == ERR_TOO_LARGE ? "within the CLI's token limit"
                                                       : "valid JSON");
        /* The strings point into buf, which outlives j. */
        return reply_from(j, 0, base64, ret, f);
}
