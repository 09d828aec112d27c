/* parse-program.c: a judge's program as the request sends it: a checker program
 * ({"type":"program", ...} in "checker") or the "interactor". Either is its own
 * language, version and files, with stage limits of its own under the request's
 * field names; it is stored as a struct request of which only those are set, so
 * the job layer resolves its limits and writes its files as it does the
 * solution's. Every error names the field. */
#include <stdio.h>
#include "base/stagelimit.h"
#include "base/util.h"
#include "wire/parse-fields.h"

/* As the request's (parse.c): [a-z0-9-]{1,32}, and versions the same bound. */
#define PROGRAM_NAME_BYTES 32

/* The stage limits first, in stage_limit_table's order (as in parse.c). */
enum { P_LANGUAGE = STAGE_LIMITS, P_VERSION, P_FILES, P_SOURCE, P_TYPE, _P_MAX };

int parse_program(const struct json *j, int obj, const char *at, bool typed,
                  struct request **ret, struct problem *p) {
        const char *names[_P_MAX] = {
                [P_LANGUAGE] = "language", [P_VERSION] = "version", [P_FILES] = "files",
                [P_SOURCE] = "source", [P_TYPE] = "type",
        };
        struct request *prog;
        char field[64];
        unsigned seen = 0;
        int k, key, f, r;

        if (json_type(j, obj) != JSON_OBJECT)
                return parse_bad(p, at, "must be an object");
        /* The request's from the start, as its other fields' memory is: freed with it. */
        prog = *ret = calloc(1, sizeof(*prog));
        if (!prog)
                return parse_oom(p);
        prog->version = (char *)"*";
        for (k = 0; k < STAGE_LIMITS; k++) {
                names[k] = stage_limit_table[k].wire;
                prog->limits[k] = -1;
        }
        /* Only a checker's object has a type (its caller read it: "program"). */
        JSON_FOREACH_MEMBER(j, obj, k, key) {
                f = parse_key(j, key, names, typed ? _P_MAX : P_TYPE, &seen, at, p);
                if (f < 0)
                        return f;
                snprintf(field, sizeof(field), "%s.%s", at, names[f]);
                if (f < STAGE_LIMITS)
                        r = parse_limit(j, key + 1, field, &prog->limits[f], p);
                else if (f == P_LANGUAGE || f == P_VERSION)
                        r = parse_text(j, key + 1, field, PROGRAM_NAME_BYTES,
                                       f == P_LANGUAGE ? &prog->language : &prog->version, p);
                else if ((f == P_FILES || f == P_SOURCE) && seen & BIT(P_FILES) && seen & BIT(P_SOURCE))
                        return problem(p, ERR_BAD_REQUEST, "%s: \"files\" and \"source\" exclude "
                                       "each other", at);
                else if (f == P_FILES)
                        r = parse_files(j, key + 1, field, prog, p);
                else if (f == P_SOURCE)
                        r = parse_source(j, key + 1, field, prog, p);
                else
                        r = 0;
                if (r < 0)
                        return r;
        }
        snprintf(field, sizeof(field), "%s.language", at);
        if (!prog->language)
                return parse_bad(p, field, "required");
        snprintf(field, sizeof(field), "%s.files", at);
        if (!prog->files)
                return parse_bad(p, field, "required (or \"source\")");
        return 0;
}
