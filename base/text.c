/* text.c: the one definition of well-formed UTF-8 and of a hex digit, so that what
 * the parser accepts and what the encoder replaces cannot drift apart; and the
 * UTF-8 encoding of a code point, which the JSON reader's \u escapes decode to. */
#include "base/text.h"

int text_hex_digit(unsigned char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        c |= 0x20;
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* RFC 3629 table 3-7 and Unicode 15 ch. 3.9 ("U+FFFD Substitution of Maximal
 * Subparts"). The lead byte fixes the range of the second byte, which is what
 * rejects overlongs (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points
 * above U+10FFFF (F4 90..BF, F5..FF). */
int text_utf8_seq(const unsigned char *p, const unsigned char *end) {
        unsigned char c = p[0], lo = 0x80, hi = 0xbf;
        int n;

        if (c < 0x80)
                return 1;
        if (c >= 0xc2 && c <= 0xdf)
                n = 2;
        else if (c >= 0xe0 && c <= 0xef) {
                n = 3;
                lo = c == 0xe0 ? 0xa0 : 0x80;
                hi = c == 0xed ? 0x9f : 0xbf;
        } else if (c >= 0xf0 && c <= 0xf4) {
                n = 4;
                lo = c == 0xf0 ? 0x90 : 0x80;
                hi = c == 0xf4 ? 0x8f : 0xbf;
        } else
                return -1;
        for (int i = 1; i < n; i++) {
                if (p + i >= end || p[i] < lo || p[i] > hi)
                        return -i;
                lo = 0x80;
                hi = 0xbf;
        }
        return n;
}

size_t text_put_utf8(char *d, uint32_t cp) {
        if (cp < 0x80) {
                d[0] = (char)cp;
                return 1;
        }
        if (cp < 0x800) {
                d[0] = (char)(0xc0 | cp >> 6);
                d[1] = (char)(0x80 | (cp & 0x3f));
                return 2;
        }
        if (cp < 0x10000) {
                d[0] = (char)(0xe0 | cp >> 12);
                d[1] = (char)(0x80 | (cp >> 6 & 0x3f));
                d[2] = (char)(0x80 | (cp & 0x3f));
                return 3;
        }
        d[0] = (char)(0xf0 | cp >> 18);
        d[1] = (char)(0x80 | (cp >> 12 & 0x3f));
        d[2] = (char)(0x80 | (cp >> 6 & 0x3f));
        d[3] = (char)(0x80 | (cp & 0x3f));
        return 4;
}

ssize_t text_json_too_deep(const char *buf, size_t len, unsigned max) {
        unsigned depth = 0;
        bool in_string = false;

        for (size_t i = 0; i < len; i++) {
                char c = buf[i];

                if (in_string) {
                        if (c == '\\')
                                i++;
                        else if (c == '"')
                                in_string = false;
                } else if (c == '"') {
                        in_string = true;
                } else if (c == '{' || c == '[') {
                        if (depth++ >= max)
                                return (ssize_t)i;
                } else if ((c == '}' || c == ']') && depth > 0) {
                        depth--;
                }
        }
        return -1;
}
