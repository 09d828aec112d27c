/* harness.h: what the unit harnesses share: printing a JSON string and the names of
 * enum err. Test code, included by one harness each (static functions). */
#pragma once
#include <stdio.h>
#include <string.h>
#include "base/err.h"

static const char *const err_names[_ERR_MAX] = {
        [ERR_BAD_REQUEST] = "bad_request",
        [ERR_NOT_FOUND] = "not_found",
        [ERR_METHOD] = "method",
        [ERR_LENGTH_REQUIRED] = "length_required",
        [ERR_UNKNOWN_LANGUAGE] = "unknown_language",
        [ERR_TOO_LARGE] = "too_large",
        [ERR_TIMEOUT] = "timeout",
        [ERR_BUSY] = "busy",
        [ERR_INTERNAL] = "internal",
        [ERR_GONE] = "gone",
};

/* len bytes of s as a JSON string; control bytes and DEL as \u00XX. */
static inline void put_string(const char *s, size_t len) {
        putchar('"');
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)s[i];

                if (c == '"' || c == '\\')
                        printf("\\%c", c);
                else if (c < 0x20 || c == 0x7f)
                        printf("\\u%04x", c);
                else
                        putchar(c);
        }
        putchar('"');
}

static inline void put_str(const char *s) {
        put_string(s, strlen(s));
}
