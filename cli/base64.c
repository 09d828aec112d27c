/* base64.c: RFC 4648 base64 with padding, both ways. Decoding refuses anything
 * not exactly what an encoder writes, so a server that ignored output_encoding
 * (and sent text) is caught instead of printing garbage. */
#include <errno.h>
#include "cli/base64.h"

static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_len(size_t n) {
        return (n + 2) / 3 * 4;
}

void base64_encode(const unsigned char *in, size_t n, char *out) {
        size_t i = 0;

        for (; i + 3 <= n; i += 3) {
                unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
                *out++ = alphabet[v >> 18];
                *out++ = alphabet[v >> 12 & 63];
                *out++ = alphabet[v >> 6 & 63];
                *out++ = alphabet[v & 63];
        }
        if (i < n) {
                unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0);
                *out++ = alphabet[v >> 18];
                *out++ = alphabet[v >> 12 & 63];
                *out++ = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
                *out++ = '=';
        }
}

static int value_of(char c) {
        if (c >= 'A' && c <= 'Z')
                return c - 'A';
        if (c >= 'a' && c <= 'z')
                return c - 'a' + 26;
        if (c >= '0' && c <= '9')
                return c - '0' + 52;
        return c == '+' ? 62 : c == '/' ? 63 : -1;
}

int base64_decode(char *s, size_t len, size_t *ret_len) {
        size_t w = 0;

        if (len % 4 != 0)
                return -EINVAL;
        for (size_t r = 0; r < len; r += 4) {
                bool last = r + 4 == len;
                int pad = last && s[r + 3] == '=' ? (s[r + 2] == '=' ? 2 : 1) : 0;
                unsigned v = 0;

                for (int k = 0; k < 4 - pad; k++) {
                        int d = value_of(s[r + k]);
                        if (d < 0)
                                return -EINVAL;
                        v = v << 6 | (unsigned)d;
                }
                v <<= 6 * pad;
                /* Bits an encoder leaves zero under the padding must be zero. */
                if ((pad == 1 && (v & 0xff)) || (pad == 2 && (v & 0xffff)))
                        return -EINVAL;
                s[w++] = (char)(v >> 16);
                if (pad < 2)
                        s[w++] = (char)(v >> 8 & 0xff);
                if (pad < 1)
                        s[w++] = (char)(v & 0xff);
        }
        *ret_len = w;
        return 0;
}
