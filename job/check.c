/* check.c: which checker judges a test, and three of them: lines (the default),
 * exact and tokens, each one pass over both texts; with the helpers the others
 * share (tokens, quoting for messages). It never allocates and never reads past
 * either text: a line or a token of megabytes is only ever walked. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "job/check.h"

/* How much of a line or token a message shows: enough to recognise it, never so
 * much that one message could be most of a reply. */
#define QUOTE_BYTES 40

bool check_space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Blanks that may end a line unseen by lines and unordered: space, tab, CR, FF,
 * VT (a CRLF file is the same text). Not strchr(): it would match NUL. */
static bool is_blank(char c) {
        return c != '\n' && check_space(c);
}

bool check_token(struct check_text t, size_t *pos, const char **ret_s, size_t *ret_len) {
        size_t i = *pos, start;

        while (i < t.len && check_space(t.s[i]))
                i++;
        if (i == t.len) {
                *pos = i;
                return false;
        }
        for (start = i; i < t.len && !check_space(t.s[i]); i++)
                ;
        *ret_s = t.s + start;
        *ret_len = i - start;
        *pos = i;
        return true;
}

const char *check_quote(char *buf, size_t cap, const char *s, size_t n) {
        size_t shown = n, o = 0;

        /* Cut before a UTF-8 continuation byte, so the reply's text shows no U+FFFD
         * that the program did not print. */
        if (shown > QUOTE_BYTES) {
                shown = QUOTE_BYTES;
                while (shown > 0 && ((unsigned char)s[shown] & 0xc0) == 0x80)
                        shown--;
        }
        buf[o++] = '"';
        for (size_t i = 0; i < shown && o + 8 < cap; i++) {
                unsigned char c = (unsigned char)s[i];

                if (c == '"' || c == '\\')
                        o += (size_t)snprintf(buf + o, cap - o, "\\%c", c);
                else if (c == '\n' || c == '\r' || c == '\t')
                        o += (size_t)snprintf(buf + o, cap - o, "\\%c", c == '\n' ? 'n' :
                                              c == '\r' ? 'r' : 't');
                else if (c < 0x20 || c == 0x7f)
                        o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
                else
                        buf[o++] = (char)c;
        }
        (void)snprintf(buf + o, cap - o, shown < n ? "\"..." : "\"");
        return buf;
}

/* The line at *pos without its blanks at the end; false past the text's end. */
static bool next_line(struct check_text t, size_t *pos, const char **ret_s, size_t *ret_len) {
        const char *s = t.s + *pos, *nl;
        size_t n;

        if (*pos >= t.len)
                return false;
        nl = memchr(s, '\n', t.len - *pos);
        n = nl ? (size_t)(nl - s) : t.len - *pos;
        *pos += n + (nl != NULL);
        while (n > 0 && is_blank(s[n - 1]))
                n--;
        *ret_s = s;
        *ret_len = n;
        return true;
}

/* Line by line, each without its blanks at the end; a side that has ended reads
 * as empty lines, so blank lines at the end do not count, nor a last newline. */
static int check_lines(struct check_text got, struct check_text want, char *msg, size_t cap) {
        size_t gp = 0, wp = 0, line = 0;
        char qg[128], qw[128];

        for (;;) {
                const char *g = "", *w = "";
                size_t gn = 0, wn = 0;
                bool more_g = next_line(got, &gp, &g, &gn), more_w = next_line(want, &wp, &w, &wn);

                line++;
                if (!more_g && !more_w)
                        return 1;
                if (gn == wn && memcmp(g, w, gn) == 0)
                        continue;
                snprintf(msg, cap, "line %zu: expected %s, got %s", line,
                         !more_w ? "the end of the output" : check_quote(qw, sizeof(qw), w, wn),
                         !more_g ? "the end of the output" : check_quote(qg, sizeof(qg), g, gn));
                return 0;
        }
}

/* The bytes. The message names the first byte that differs by line and column,
 * and shows each side from a little before it to its line's end. */
static int check_exact(struct check_text got, struct check_text want, char *msg, size_t cap) {
        size_t n = got.len < want.len ? got.len : want.len, i = 0, ls = 0, line = 1, from;
        char qg[128], qw[128];
        const char *e;

        while (i < n && got.s[i] == want.s[i])
                i++;
        if (i == got.len && i == want.len)
                return 1;
        for (size_t k = 0; k < i; k++)
                if (got.s[k] == '\n') {
                        line++;
                        ls = k + 1;
                }
        from = i - ls > 16 ? i - 16 : ls;
        e = i < want.len ? memchr(want.s + i, '\n', want.len - i) : NULL;
        check_quote(qw, sizeof(qw), want.s + from, (e ? (size_t)(e - want.s) + 1 : want.len) - from);
        e = i < got.len ? memchr(got.s + i, '\n', got.len - i) : NULL;
        check_quote(qg, sizeof(qg), got.s + from, (e ? (size_t)(e - got.s) + 1 : got.len) - from);
        snprintf(msg, cap, "line %zu, column %zu: expected %s, got %s%s", line, i - ls + 1,
                 i < want.len || from < i ? qw : "the end of the output",
                 i < got.len || from < i ? qg : "the end of the output",
                 i == got.len ? " (the output ends there)" : i == want.len ?
                 " (the expected output ends there)" : "");
        return 0;
}

/* Whitespace-separated tokens, each compared as bytes. */
static int check_tokens(struct check_text got, struct check_text want, char *msg, size_t cap) {
        size_t gp = 0, wp = 0, k = 0;
        char qg[128], qw[128];

        for (;;) {
                const char *g = NULL, *w = NULL;
                size_t gn = 0, wn = 0;
                bool more_g = check_token(got, &gp, &g, &gn), more_w = check_token(want, &wp, &w, &wn);

                k++;
                if (!more_g && !more_w)
                        return 1;
                if (more_g && more_w && gn == wn && memcmp(g, w, gn) == 0)
                        continue;
                snprintf(msg, cap, "token %zu: expected %s, got %s", k,
                         !more_w ? "the end of the output" : check_quote(qw, sizeof(qw), w, wn),
                         !more_g ? "the end of the output" : check_quote(qg, sizeof(qg), g, gn));
                return 0;
        }
}

int check_output(const struct checker *c, struct check_text got, struct check_text want,
                 char *msg, size_t cap) {
        msg[0] = '\0';
        switch (c->kind) {
        case CHECKER_EXACT:
                return check_exact(got, want, msg, cap);
        case CHECKER_TOKENS:
                return check_tokens(got, want, msg, cap);
        case CHECKER_FLOAT:
                return check_float(c, got, want, msg, cap);
        case CHECKER_UNORDERED:
                return check_unordered(got, want, msg, cap);
        case CHECKER_LINES:
                return check_lines(got, want, msg, cap);
        default:
                return -EINVAL;
        }
}
