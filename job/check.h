/* check.h: the built-in checkers, which judge a test's output against its expected
 * output (check.c: lines, exact, tokens; check-float.c: float; check-sort.c:
 * unordered). They run in the executor, on the captured output, so each is one
 * pass or a sort: no recursion, no fixed buffer a token or a line could overflow,
 * memory bounded by the two texts. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/request.h"

/* One side of the comparison: bytes that may hold NULs, not NUL-terminated. */
struct check_text {
        const char *s;
        size_t len;
};

/* 1 when got matches want under c, 0 when not (msg, cap bytes, says where and
 * why), <0 when we could not judge (unordered's line tables: -ENOMEM). */
int check_output(const struct checker *c, struct check_text got, struct check_text want,
                 char *msg, size_t cap);

/* Shared by the checkers' files. */

/* Whitespace between tokens: the C locale's isspace, NUL not among it. */
bool check_space(char c);
/* The next token at or after *pos in t: its start and length; false at the end. */
bool check_token(struct check_text t, size_t *pos, const char **ret_s, size_t *ret_len);
/* s[0..n) quoted for a message into buf (at least 64 bytes): at most 40 bytes of it,
 * cut at a character and marked "..." when longer, control bytes escaped. */
const char *check_quote(char *buf, size_t cap, const char *s, size_t n);

int check_float(const struct checker *c, struct check_text got, struct check_text want,
                char *msg, size_t cap);
int check_unordered(struct check_text got, struct check_text want, char *msg, size_t cap);
