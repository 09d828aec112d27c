/* base64.h: RFC 4648 base64 with padding, the protocol's encoding for binary file
 * contents (sent) and for program output (received). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* Bytes base64_encode writes for n input bytes (no NUL). */
size_t base64_len(size_t n);
void base64_encode(const unsigned char *in, size_t n, char *out);
/* Decode s[0..len) in place (the result is never longer); -EINVAL on a byte
 * outside the alphabet, bad padding or a length not a multiple of 4. */
int base64_decode(char *s, size_t len, size_t *ret_len);
