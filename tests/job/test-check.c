/* test-check.c: drives the built-in checkers (job/check*.c) for
 * tests/job/checkers.bats; prints one JSON line.
 *
 *   test-check CHECKER GOT WANT
 *
 * CHECKER is lines, exact, tokens, unordered or float:ABS:REL; GOT and WANT are
 * files (any bytes, any size) standing for the program's output and the expected
 * output. Prints {"match":true|false,"message":"..."}; exit 0, 1 when the checker
 * failed (with {"error":...}), 2 on bad usage.
 *
 * Built by `make build/test-check` under ASan and UBSan.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "job/check.h"
#include "tests/harness.h"

/* The whole file, in a buffer of exactly its size (ASan sees a read past it). */
static int slurp(const char *path, struct check_text *ret) {
        size_t len = 0, cap = 1 << 16;
        char *buf = malloc(cap), *exact;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t n;

        if (fd < 0 || !buf)
                return -errno;
        while ((n = read(fd, buf + len, cap - len)) > 0) {
                len += (size_t)n;
                if (len == cap) {
                        char *more = realloc(buf, cap *= 2);

                        if (!more)
                                return -ENOMEM;
                        buf = more;
                }
        }
        close(fd);
        if (n < 0)
                return -errno;
        exact = malloc(len ? len : 1);
        if (!exact)
                return -ENOMEM;
        memcpy(exact, buf, len);
        free(buf);
        *ret = (struct check_text) { exact, len };
        return 0;
}

static int parse_kind(const char *s, struct checker *c) {
        static const char *const names[_CHECKER_MAX] = {
                [CHECKER_LINES] = "lines", [CHECKER_EXACT] = "exact", [CHECKER_TOKENS] = "tokens",
                [CHECKER_FLOAT] = "float", [CHECKER_UNORDERED] = "unordered",
        };

        *c = (struct checker) { .kind = CHECKER_LINES };
        if (sscanf(s, "float:%lf:%lf", &c->abs, &c->rel) == 2) {
                c->kind = CHECKER_FLOAT;
                return 0;
        }
        for (int k = 0; k < _CHECKER_MAX; k++)
                if (k != CHECKER_FLOAT && strcmp(s, names[k]) == 0) {
                        c->kind = (enum checker_kind)k;
                        return 0;
                }
        return -EINVAL;
}

int main(int argc, char **argv) {
        struct check_text got, want;
        struct checker c;
        char msg[200];
        int r;

        if (argc != 4 || parse_kind(argv[1], &c) < 0) {
                fprintf(stderr, "usage: test-check lines|exact|tokens|unordered|float:ABS:REL GOT WANT\n");
                return 2;
        }
        if (slurp(argv[2], &got) < 0 || slurp(argv[3], &want) < 0) {
                fprintf(stderr, "test-check: cannot read the files\n");
                return 2;
        }
        r = check_output(&c, got, want, msg, sizeof(msg));
        if (r < 0) {
                printf("{\"error\":");
                put_str(strerror(-r));
                printf("}\n");
                return 1;
        }
        printf("{\"match\":%s,\"message\":", r ? "true" : "false");
        put_str(msg);
        printf("}\n");
        free((void *)got.s);
        free((void *)want.s);
        return 0;
}
