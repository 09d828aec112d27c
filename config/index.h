/* index.h: the runtime index, the build-time summary of lang.d a request reads, and
 * the one reader of the runtime files' line format. */
#pragma once
#include <stdio.h>
#include "config/conf.h"
#include "config/lang.h"

/* Words on one line: NAME VERSION in the versions file, three more in the index. */
#define INDEX_WORDS 5

/* Every language of l as one index line to f. */
int index_write(FILE *f, const struct langs *l);

/* The index at path into ret: name, version, aliases, extensions and whether it
 * compiles (n_compile 1), no command lines (lang_load_one reads those). */
int index_load(const char *path, struct langs *ret, struct problem *p);

/* Open a runtime file (the index, or the versions file learn-versions wrote) for
 * index_next; c->buf is malloc'd and the words point into it. */
int index_open(const char *path, struct conf *c, struct problem *p);
/* The next line that has words: 1 with them in w[INDEX_WORDS] and their count in
 * *ret_n (c->line its number), 0 at the end, -E2BIG for more than INDEX_WORDS. */
int index_next(struct conf *c, char **w, size_t *ret_n);
