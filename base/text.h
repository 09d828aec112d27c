/* text.h: byte-level text rules shared by the parser and the reply encoder. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <stdint.h>

/* Bytes that may hold NULs: decoded JSON strings, a program's stdin. */
struct blob {
        char *data;             /* NUL-terminated, may hold NULs before len */
        size_t len;
};

/* The value of a hex digit, or -1. */
int text_hex_digit(unsigned char c);

/* Length of the well-formed UTF-8 sequence at p (1 for ASCII), or minus the length
 * of its maximal invalid subpart (at least 1). */
int text_utf8_seq(const unsigned char *p, const unsigned char *end);
/* Write code point cp (at most U+10FFFF, not a surrogate) to d as UTF-8; its
 * length, 1 to 4. */
size_t text_put_utf8(char *d, uint32_t cp);

/* The offset of the first bracket of a JSON text nested deeper than max (strings
 * skipped, nothing else checked), or -1. One pass, for the reader to refuse
 * before its tokenizer, which closes a bracket by walking up from the last
 * token: n*n/2 steps on a text nested n deep. */
ssize_t text_json_too_deep(const char *buf, size_t len, unsigned max);
