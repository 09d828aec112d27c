/* parse-fields.c: the checks every field of a request body shares: a key known and
 * given once, a string, a plain text, one of a list of words, a limit. Every
 * error names the field. */
#include <stdio.h>
#include "base/util.h"
#include "wire/parse-fields.h"

int parse_bad(struct problem *p, const char *at, const char *what) {
        return problem(p, ERR_BAD_REQUEST, "%s: %s", at, what);
}

int parse_oom(struct problem *p) {
        problem(p, ERR_INTERNAL, "out of memory parsing the request");
        return -ENOMEM;
}

/* Which of names[] the key is; unknown and repeated keys are refused. obj names
 * the object for the message ("" at the top). */
int parse_key(const struct json *j, int key, const char *const *names, size_t n,
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

int parse_string(const struct json *j, int i, const char *at, struct blob *ret,
                 struct problem *p) {
        if (json_string(j, i, ret) < 0)
                return parse_bad(p, at, "must be a string");
        return 0;
}

/* A string that ends up in argv or a lookup, so without NUL; max > 0 also bounds
 * it to 1..max bytes (language, version). */
int parse_text(const struct json *j, int i, const char *at, size_t max, char **ret,
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

int parse_enum(const struct json *j, int i, const char *at, const char *const *names,
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

int parse_limit(const struct json *j, int i, const char *at, long long *ret,
                struct problem *p) {
        long long v;

        if (json_int(j, i, &v) < 0 || v < -1)
                return parse_bad(p, at, "must be an integer >= 0 or -1");
        *ret = v;
        return 0;
}
