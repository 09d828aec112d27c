/* json.h: a strict JSON reader on jsmn, for the server's requests and the CLI's
 * replies alike. json_parse accepts exactly one value of any type and nothing
 * after it, checks every byte jsmn lets through, and decodes every string in
 * place. It knows nothing of requests or replies and never allocates per value. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"
#include "base/text.h"

/* What a token is. Numbers are one type: json_int tells integers apart. */
enum json_type {
        JSON_OBJECT = 1,
        JSON_ARRAY,
        JSON_STRING,
        JSON_NUMBER,
        JSON_TRUE,
        JSON_FALSE,
        JSON_NULL,
};

/* Tokens index a parsed text: 0 is the top-level value, an object's keys each
 * precede their value. One malloc: free() the struct json when done. */
struct json;

/* Parse and check buf[0..len), decoding its strings in place (buf is changed).
 * Errors fill p, naming a byte offset where there is one: bad_request, too_large
 * (over LIMIT_JSON_TOKENS values or INT_MAX bytes), internal (-ENOMEM). A text
 * of whitespace alone is -ENODATA, so that a caller may word "nothing" itself. */
int json_parse(char *buf, size_t len, struct json **ret_json, struct problem *p);

enum json_type json_type(const struct json *j, int i);
/* Members of an object or elements of an array; 0 for other tokens. */
int json_size(const struct json *j, int i);
/* The token after value i and everything nested in it. */
int json_next(const struct json *j, int i);
/* The value of the first member of object obj whose decoded key is key, or -1
 * (also when obj is -1 or not an object). */
int json_member(const struct json *j, int obj, const char *key);
/* A string's decoded text, NUL-terminated; it may hold NULs (\u0000) before len.
 * -EINVAL when i is not a string. */
int json_string(const struct json *j, int i, struct blob *ret);
/* A JSON integer (no fraction or exponent): -EINVAL when i is anything else,
 * -ERANGE beyond +-LLONG_MAX. */
int json_int(const struct json *j, int i, long long *ret);
/* true or false; -EINVAL for anything else, null included. */
int json_bool(const struct json *j, int i, bool *ret);
/* A number's text as sent, not NUL-terminated (for a caller that reads fractions);
 * -EINVAL when i is not a number. */
int json_number_text(const struct json *j, int i, const char **ret, size_t *ret_len);

/* for (each member): key is a key token, key + 1 its value. */
#define JSON_FOREACH_MEMBER(j, obj, k, key)                                     \
        for ((k) = 0, (key) = (obj) + 1; (k) < json_size(j, obj);               \
             (k)++, (key) = json_next(j, (key) + 1))
#define JSON_FOREACH_ELEMENT(j, arr, k, e)                                      \
        for ((k) = 0, (e) = (arr) + 1; (k) < json_size(j, arr);                 \
             (k)++, (e) = json_next(j, e))
