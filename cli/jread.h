/* jread.h: a strict JSON reader for the server's replies. jread_parse accepts one
 * value and nothing after it, checks every byte jsmn lets through, and decodes
 * every string in place (escapes, \uXXXX and surrogate pairs). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

enum jread_type { JREAD_OBJECT = 1, JREAD_ARRAY, JREAD_STRING, JREAD_PRIMITIVE };

/* Tokens index the text: 0 is the top-level value, an object's keys each precede
 * their value. One malloc: free() it when done. */
struct jread;

/* Parse buf[0..len) (changed: strings are decoded in place); -EBADMSG when it is
 * not valid JSON, -E2BIG over the token cap, -ENOMEM. */
int jread_parse(char *buf, size_t len, struct jread **ret);

enum jread_type jread_type(const struct jread *j, int i);
/* Members of an object or elements of an array; 0 for other tokens. */
int jread_size(const struct jread *j, int i);
/* The token after value i and everything nested in it. */
int jread_next(const struct jread *j, int i);
/* The value of member key of object obj, or -1 (also when obj is not an object). */
int jread_member(const struct jread *j, int obj, const char *key);

/* A string's decoded bytes, NUL-terminated (it may hold NULs); -EINVAL otherwise. */
int jread_string(const struct jread *j, int i, char **ret, size_t *ret_len);
/* A JSON integer; -EINVAL for anything else, -ERANGE beyond long long. */
int jread_int(const struct jread *j, int i, long long *ret);
int jread_bool(const struct jread *j, int i, bool *ret);
bool jread_null(const struct jread *j, int i);

#define JREAD_FOREACH_ELEMENT(j, arr, k, e)                                     \
        for ((k) = 0, (e) = (arr) + 1; (k) < jread_size(j, arr);                \
             (k)++, (e) = jread_next(j, e))
