/* conf.h: the one text format of coderun's config and lang.d files:
 * `key = value` lines, `#` comments, blank lines. Reads, never interprets. */
#pragma once
#include <stddef.h>

struct conf {
        char *buf;              /* whole file, edited in place */
        char *next;             /* next line to read */
        unsigned line;
};

/* Read a file of at most LIMIT_CONFIG_BYTES; buf is malloc'd. */
int conf_open(const char *path, struct conf *ret);
int conf_open_at(int dir_fd, const char *name, struct conf *ret);
/* Next key/value pair: 1, 0 at the end, -EINVAL on a line without `=`. */
int conf_next(struct conf *c, char **ret_key, char **ret_value);
/* Split value on blanks into at most max words; -E2BIG if more. */
int conf_words(char *value, char **words, size_t max, size_t *ret_n);
/* Parse a non-negative decimal integer; -EINVAL otherwise. */
int conf_number(const char *value, long long *ret);
