/* test-json.c: run json_parse() on stdin and print what it made of it, for
 * tests/base/json.bats. It only reports; it never judges. The value is printed
 * back from json_type and the accessors alone (never from the text), so a type
 * told wrong shows: true, false, null; an integer as json_int read it, `range`
 * beyond long long, `number` for a fraction or an exponent. An accessor that
 * disagrees with json_type prints `!NAME`. Each argument is a key, looked up in
 * the top-level value with json_member: one `KEY: value` (or `absent`) line each.
 * An error prints `ERRNO err: message`. Built under ASan and UBSan by
 * `make build/test-json`; stdin is copied to a buffer of exactly its length, so
 * a read past the end is caught. */
#include <stdio.h>
#include "base/json.h"
#include "base/util.h"
#include "tests/harness.h"

static void put_value(const struct json *j, int i);

/* The accessors must refuse every type but their own. */
static void check_accessors(const struct json *j, int i, enum json_type t) {
        struct blob s;
        long long v;
        bool b;
        int r;

        if ((json_string(j, i, &s) == 0) != (t == JSON_STRING))
                printf("!string");
        r = json_int(j, i, &v);
        if (r != -EINVAL && t != JSON_NUMBER)
                printf("!int");
        r = json_bool(j, i, &b);
        if ((r == 0) != (t == JSON_TRUE || t == JSON_FALSE) || (r == 0 && b != (t == JSON_TRUE)))
                printf("!bool");
        if (t != JSON_OBJECT && t != JSON_ARRAY && json_size(j, i) != 0)
                printf("!size");
}

static void put_number(const struct json *j, int i) {
        long long v;
        int r = json_int(j, i, &v);

        if (r == 0)
                printf("%lld", v);
        else
                printf(r == -ERANGE ? "range" : "number");
}

static void put_container(const struct json *j, int i, bool obj) {
        struct blob key;
        int k, e;

        putchar(obj ? '{' : '[');
        if (obj)
                JSON_FOREACH_MEMBER(j, i, k, e) {
                        if (k)
                                putchar(',');
                        if (json_string(j, e, &key) < 0)
                                printf("!key");
                        else
                                put_string(key.data, key.len);
                        putchar(':');
                        put_value(j, e + 1);
                }
        else
                JSON_FOREACH_ELEMENT(j, i, k, e) {
                        if (k)
                                putchar(',');
                        put_value(j, e);
                }
        putchar(obj ? '}' : ']');
}

static void put_value(const struct json *j, int i) {
        enum json_type t = json_type(j, i);
        struct blob s;

        check_accessors(j, i, t);
        switch (t) {
        case JSON_OBJECT:
        case JSON_ARRAY:
                put_container(j, i, t == JSON_OBJECT);
                break;
        case JSON_STRING:
                json_string(j, i, &s);
                /* The decoded text must end in the NUL json.h promises. */
                put_string(s.data, s.len);
                if (s.data[s.len] != '\0')
                        printf("!nul");
                break;
        case JSON_NUMBER:
                put_number(j, i);
                break;
        case JSON_TRUE:
                printf("true");
                break;
        case JSON_FALSE:
                printf("false");
                break;
        case JSON_NULL:
                printf("null");
                break;
        default:
                printf("!type%d", (int)t);
        }
}

static const char *errno_name(int r) {
        return r == -EINVAL ? "EINVAL" : r == -ENODATA ? "ENODATA" :
               r == -ENOMEM ? "ENOMEM" : "other";
}

/* All of stdin in a buffer of exactly its length. */
static char *read_all(size_t *ret_len) {
        _cleanup_free_ char *tmp = NULL;
        size_t len = 0, cap = 0, n;
        char *exact;

        do {
                if (len == cap) {
                        char *t = realloc(tmp, cap = cap ? cap * 2 : 4096);
                        if (!t)
                                return NULL;
                        tmp = t;
                }
                n = fread(tmp + len, 1, cap - len, stdin);
                len += n;
        } while (n > 0);
        exact = malloc(len ? len : 1);
        if (exact && len)
                memcpy(exact, tmp, len);
        *ret_len = len;
        return exact;
}

int main(int argc, char **argv) {
        _cleanup_free_ struct json *j = NULL;
        _cleanup_free_ char *buf = NULL;
        struct problem p = { .message = "" };
        size_t len;
        int r;

        buf = read_all(&len);
        if (!buf) {
                fprintf(stderr, "test-json: out of memory\n");
                return 2;
        }
        r = json_parse(buf, len, &j, &p);
        if (r < 0) {
                printf("%s %s: %s\n", errno_name(r), err_names[p.err], p.message);
                return 0;
        }
        put_value(j, 0);
        putchar('\n');
        for (int a = 1; a < argc; a++) {
                int v = json_member(j, 0, argv[a]);

                printf("%s: ", argv[a]);
                if (v < 0)
                        printf("absent");
                else
                        put_value(j, v);
                putchar('\n');
        }
        return 0;
}
