/* parse-checker.c: a request's "checker" and a test's: a built-in's name, or an
 * object {"type": NAME} (float's with "abs" and "rel"; a checker program's with
 * its language and files, parse-program.c's). A checker program is the request's
 * alone: it is compiled once, before any test runs, so a test may not bring one of
 * its own. Every error names the field. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "base/util.h"
#include "wire/parse-fields.h"

/* A tolerance's text: more digits than a double holds are no more precise. */
#define TOLERANCE_BYTES 64

/* In enum checker_kind's order. */
static const char *const checker_names[_CHECKER_MAX] = {
        [CHECKER_LINES] = "lines", [CHECKER_EXACT] = "exact", [CHECKER_TOKENS] = "tokens",
        [CHECKER_FLOAT] = "float", [CHECKER_UNORDERED] = "unordered",
        [CHECKER_PROGRAM] = "program",
};
static const char *const float_fields[] = { "type", "abs", "rel" };
enum { FLOAT_TYPE, FLOAT_ABS, FLOAT_REL };

/* A built-in's name, or "program"; "float" and "program", which need more than a
 * name, only as an object's type. */
static int parse_name(const struct json *j, int v, const char *at, bool object,
                      enum checker_kind *ret, struct problem *p) {
        struct blob b;

        if (json_string(j, v, &b) < 0)
                return parse_bad(p, at, object ? "must be a string" :
                                 "must be a string or an object with a \"type\"");
        for (int k = 0; k < _CHECKER_MAX; k++)
                if (streq(b.data, checker_names[k]) && strlen(checker_names[k]) == b.len) {
                        if (k == CHECKER_FLOAT && !object)
                                return parse_bad(p, at, "\"float\" needs its tolerances: "
                                                 "{\"type\":\"float\",\"abs\":A,\"rel\":R}");
                        if (k == CHECKER_PROGRAM && !object)
                                return parse_bad(p, at, "a checker program is an object: "
                                                 "{\"type\":\"program\",\"language\":...,"
                                                 "\"files\":[...]}");
                        *ret = (enum checker_kind)k;
                        return 0;
                }
        return parse_bad(p, at, "must be \"lines\", \"exact\", \"tokens\", \"unordered\", "
                         "\"float\" or \"program\" (these two as the type of an object)");
}

/* A finite number >= 0; NaN and infinities cannot be written in JSON, and 1e999
 * reads as one: refused too. */
static int parse_tolerance(const struct json *j, int v, const char *at, double *ret,
                           struct problem *p) {
        char buf[TOLERANCE_BYTES + 1];
        const char *s;
        size_t n;
        double d;

        if (json_number_text(j, v, &s, &n) < 0 || n > TOLERANCE_BYTES)
                return parse_bad(p, at, "must be a number >= 0 (at most 64 characters)");
        memcpy(buf, s, n);
        buf[n] = '\0';
        d = strtod(buf, NULL);
        if (!isfinite(d) || d < 0)
                return parse_bad(p, at, "must be a finite number >= 0");
        *ret = d;
        return 0;
}

/* {"type": NAME, ...}: the type first, since it says which other keys there may be. */
static int parse_object(const struct json *j, int obj, const char *at, struct checker *c,
                        struct request **ret_prog, struct problem *p) {
        int type = json_member(j, obj, "type"), k, key, f, r;
        unsigned seen = 0, tolerances = 0;
        char field[64];

        snprintf(field, sizeof(field), "%s.type", at);
        if (type < 0)
                return parse_bad(p, at, "an object needs a \"type\"");
        r = parse_name(j, type, field, true, &c->kind, p);
        if (r < 0)
                return r;
        if (c->kind == CHECKER_PROGRAM && !ret_prog)
                return parse_bad(p, at, "a checker program is the request's \"checker\", "
                                 "compiled once for every test; a test may name a built-in one");
        if (c->kind == CHECKER_PROGRAM)
                return parse_program(j, obj, at, true, ret_prog, p);
        JSON_FOREACH_MEMBER(j, obj, k, key) {
                f = parse_key(j, key, float_fields, c->kind == CHECKER_FLOAT ? 3 : 1, &seen, at, p);
                if (f < 0)
                        return f;
                snprintf(field, sizeof(field), "%s.%s", at, float_fields[f]);
                if (f == FLOAT_ABS || f == FLOAT_REL) {
                        r = parse_tolerance(j, key + 1, field, f == FLOAT_ABS ? &c->abs : &c->rel, p);
                        if (r < 0)
                                return r;
                        tolerances++;
                }
        }
        if (c->kind == CHECKER_FLOAT && tolerances == 0)
                return parse_bad(p, at, "float needs \"abs\", \"rel\" or both");
        return 0;
}

int parse_checker(const struct json *j, int v, const char *at, struct checker *ret,
                  struct request **ret_prog, struct problem *p) {
        *ret = (struct checker) { .kind = CHECKER_LINES };
        if (json_type(j, v) == JSON_OBJECT)
                return parse_object(j, v, at, ret, ret_prog, p);
        return parse_name(j, v, at, false, &ret->kind, p);
}
