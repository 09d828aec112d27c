/* check-float.c: the float checker. Tokens as the tokens checker reads them; two
 * tokens that are both numbers match when within abs of each other or within rel
 * of the expected value, any other pair when their bytes are equal. NaN equals
 * nothing, not even NaN; an infinity equals only the infinity of its sign; a
 * number beyond a double's range is compared as its text, since every such number
 * would read as the same infinity. One pass: a token is copied only to give
 * strtod its NUL, into the stack when it is short. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "job/check.h"

/* A number token up to this long is copied to the stack; a longer one (a million
 * digits) to the heap, once. */
#define NUMBER_STACK_BYTES 128

static bool digit(char c) {
        return c >= '0' && c <= '9';
}

/* Whether s[0..n) is a decimal number: [+-] then digits with at most one point
 * (a digit on either side), then [eE][+-]digits; or inf, infinity or nan in any
 * case. Hex floats and nan(...) are text here, as judges' checkers treat them. */
static bool number_syntax(const char *s, size_t n) {
        size_t i = 0, digits = 0;

        if (i < n && (s[i] == '+' || s[i] == '-'))
                i++;
        if ((n - i == 3 && !strncasecmp(s + i, "inf", 3)) ||
            (n - i == 8 && !strncasecmp(s + i, "infinity", 8)) ||
            (n - i == 3 && !strncasecmp(s + i, "nan", 3)))
                return true;
        for (; i < n && digit(s[i]); i++)
                digits++;
        if (i < n && s[i] == '.')
                for (i++; i < n && digit(s[i]); i++)
                        digits++;
        if (digits == 0)
                return false;
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
                i++;
                if (i < n && (s[i] == '+' || s[i] == '-'))
                        i++;
                if (i == n || !digit(s[i]))
                        return false;
                while (i < n && digit(s[i]))
                        i++;
        }
        return i == n;
}

static bool is_nan(const char *s, size_t n) {
        if (n > 0 && (s[0] == '+' || s[0] == '-'))
                s++, n--;
        return n == 3 && !strncasecmp(s, "nan", 3);
}

/* s[0..n)'s value: 1 a number, 0 text (not a number, or one beyond a double's
 * range), -ENOMEM. */
static int number(const char *s, size_t n, double *ret) {
        char small[NUMBER_STACK_BYTES];
        _cleanup_free_ char *big = NULL;
        char *z = small;

        if (!number_syntax(s, n))
                return 0;
        if (n >= sizeof(small)) {
                big = malloc(n + 1);
                if (!big)
                        return -ENOMEM;
                z = big;
        }
        memcpy(z, s, n);
        z[n] = '\0';
        errno = 0;
        *ret = strtod(z, NULL);
        /* Overflow reads as an infinity: 1e400 is not inf, and not 1e401 either.
         * Underflow keeps its value (0 or a denormal), within any abs of 0. */
        if (errno == ERANGE && isinf(*ret))
                return 0;
        return 1;
}

/* Whether g is within the tolerances of w; inf - inf would be NaN, so infinities
 * are compared as values. */
static bool close_enough(double g, double w, double abs_tol, double rel_tol) {
        double d;

        if (isnan(g) || isnan(w))
                return false;
        if (isinf(g) || isinf(w))
                return g == w;
        d = fabs(g - w);        /* may overflow to inf: then far from everything */
        return d <= abs_tol || d <= rel_tol * fabs(w);
}

int check_float(const struct checker *c, struct check_text got, struct check_text want,
                char *msg, size_t cap) {
        size_t gp = 0, wp = 0, k = 0, gn = 0, wn = 0;
        const char *g = NULL, *w = NULL;
        char qg[128], qw[128];
        bool more_g, more_w;

        for (;;) {
                double gv = 0, wv = 0;
                int rg, rw;

                more_g = check_token(got, &gp, &g, &gn);
                more_w = check_token(want, &wp, &w, &wn);
                k++;
                if (!more_g && !more_w)
                        return 1;
                if (!more_g || !more_w)
                        break;
                /* The same bytes are the same number, but for NaN: no strtod for the
                 * tokens of a right answer (~50 ms a MB of numbers on a busy 2-core
                 * machine, make bench's "float, as +N"). */
                if (gn == wn && memcmp(g, w, gn) == 0 && !is_nan(g, gn))
                        continue;
                rg = number(g, gn, &gv);
                rw = rg < 0 ? rg : number(w, wn, &wv);
                if (rg < 0 || rw < 0)
                        return -ENOMEM;
                if (rg && rw) {
                        if (close_enough(gv, wv, c->abs, c->rel))
                                continue;
                        check_quote(qg, sizeof(qg), g, gn);
                        check_quote(qw, sizeof(qw), w, wn);
                        if (isnan(gv) || isnan(wv))
                                snprintf(msg, cap, "token %zu: %s differs from %s (NaN equals "
                                         "nothing)", k, qg, qw);
                        else
                                snprintf(msg, cap, "token %zu: %s differs from %s by more than "
                                         "abs %g and rel %g", k, qg, qw, c->abs, c->rel);
                        return 0;
                }
                /* A number against text, or text against text: the bytes. */
                if (gn == wn && memcmp(g, w, gn) == 0)
                        continue;
                break;
        }
        snprintf(msg, cap, "token %zu: expected %s, got %s", k,
                 !more_w ? "the end of the output" : check_quote(qw, sizeof(qw), w, wn),
                 !more_g ? "the end of the output" : check_quote(qg, sizeof(qg), g, gn));
        return 0;
}
