/* lookup.h: finding a request's language and building its command lines. */
#pragma once
#include "base/request.h"
#include "config/lang.h"

/* The placeholders of a lang.d command line that stand for a list of the request's
 * source files (lookup.c has what each holds). Each must be a word of its own, and a
 * command line holds one at most (langkey.c checks both), so a list adds at most
 * LIMIT_SOURCES words to a command of LIMIT_ARGV. */
#define LOOKUP_LISTS { "{sources}", "{others}", "{siblings}" }
/* Where a compile command takes the request's compile_args: a word of its own, at
 * most once, in compile lines only (langkey.c); a command without it refuses them. */
#define LOOKUP_COMPILE_ARGS "{compile_args}"
#define LOOKUP_ARGV_MAX (LIMIT_ARGV + LIMIT_SOURCES)

/* Find name (or alias) at version ("*", exact, or a prefix ending at a dot);
 * NULL with a message in p when there is none. */
const struct lang *lookup_language(const struct langs *l, const char *name,
                                   const char *version, struct problem *p);

/* lang's command tmpl (n words) for the request's files (files[0] the entry; a NULL
 * name is lang->file, as job/files.c writes it) into ret_argv, NULL-ended: {file} and
 * {stem} expanded, list placeholders replaced by their files, {compile_args} by the
 * n_extra words of extra, each one word as it is (a caller adds n_extra to
 * max, so that they never take the sources' room). Returns the number of
 * words, at most max (-E2BIG past it), so ret_argv needs max + 1 slots. Every word is
 * malloc'd; lookup_argv_free() frees them. */
int lookup_argv(const struct lang *lang, const char *const *tmpl, size_t n,
                const struct file *files, size_t n_files, char *const *extra, size_t n_extra,
                char **ret_argv, size_t max);
void lookup_argv_free(char **argv, size_t n);
