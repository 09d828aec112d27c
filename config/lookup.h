/* lookup.h: finding a request's language and building its command lines. */
#pragma once
#include "config/lang.h"

/* Find name (or alias) at version ("*", exact, or a prefix ending at a dot);
 * NULL with a message in p when there is none. */
const struct lang *lookup_language(const struct langs *l, const char *name,
                                   const char *version, struct problem *p);

/* Expand {file} and {stem} for the entry file into ret_argv, NULL-ended: at most max
 * words (-E2BIG), so ret_argv needs max + 1 slots. Expanded words are malloc'd. */
int lookup_argv(const char *const *tmpl, size_t n, const char *file,
                char **ret_argv, size_t max);
