/* check-sort.c: the unordered checker. The output's lines and the expected ones
 * as two multisets: each line without its blanks at the end, blank lines not
 * counted, then both sorted and walked side by side. O(n log n) comparisons, never
 * a line against every other; the tables take 8 bytes a line, at most a line per
 * two bytes of text (a line and its newline). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "job/check.h"

/* A line of one text, as offsets: texts are under LIMIT_OUTPUT_BYTES and
 * LIMIT_REQUEST_BYTES, far below 4 GiB. */
struct line {
        uint32_t off, len;
};

static bool is_blank(char c) {
        return c != '\n' && check_space(c);
}

/* The text's non-blank lines into a new table (*ret, its length *ret_n). */
static int lines_of(struct check_text t, struct line **ret, size_t *ret_n) {
        size_t n = 0, cap = 0, pos = 0;
        struct line *v;

        for (size_t i = 0; i < t.len; i++)
                cap += t.s[i] == '\n';
        v = calloc(cap + 1, sizeof(*v));
        if (!v)
                return -ENOMEM;
        while (pos < t.len) {
                const char *s = t.s + pos, *nl = memchr(s, '\n', t.len - pos);
                size_t len = nl ? (size_t)(nl - s) : t.len - pos, start = pos;

                pos += len + (nl != NULL);
                while (len > 0 && is_blank(s[len - 1]))
                        len--;
                if (len > 0)
                        v[n++] = (struct line) { (uint32_t)start, (uint32_t)len };
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

/* Bytes first, then the shorter first: a line and its prefix sort apart. */
static int line_cmp(const struct line *a, const char *as, const struct line *b, const char *bs) {
        int r = memcmp(as + a->off, bs + b->off, a->len < b->len ? a->len : b->len);

        return r ? r : (a->len > b->len) - (a->len < b->len);
}

static int sort_cmp(const void *a, const void *b, void *base) {
        return line_cmp(a, base, b, base);
}

int check_unordered(struct check_text got, struct check_text want, char *msg, size_t cap) {
        _cleanup_free_ struct line *g = NULL, *w = NULL;
        size_t ng = 0, nw = 0, i = 0, k = 0;
        char q[128];
        int r;

        if (got.len > UINT32_MAX || want.len > UINT32_MAX)
                return -EFBIG;
        r = lines_of(got, &g, &ng);
        if (r >= 0)
                r = lines_of(want, &w, &nw);
        if (r < 0)
                return r;
        qsort_r(g, ng, sizeof(*g), sort_cmp, (void *)got.s);
        qsort_r(w, nw, sizeof(*w), sort_cmp, (void *)want.s);
        while (i < ng && k < nw) {
                r = line_cmp(&g[i], got.s, &w[k], want.s);
                if (r != 0)
                        break;
                i++, k++;
        }
        if (i == ng && k == nw)
                return 1;
        /* The smaller of the two lines where the walks part is the one the other
         * side lacks (or has fewer of). */
        if (k < nw && (i == ng || r > 0))
                snprintf(msg, cap, "expected line %s is missing from the output (%zu lines "
                         "expected, %zu output)", check_quote(q, sizeof(q), want.s + w[k].off,
                         w[k].len), nw, ng);
        else
                snprintf(msg, cap, "output line %s is not expected (%zu lines expected, "
                         "%zu output)", check_quote(q, sizeof(q), got.s + g[i].off, g[i].len),
                         nw, ng);
        return 0;
}
