/* index.h: the runtime index, the build-time summary of lang.d a request reads. */
#pragma once
#include <stdio.h>
#include "config/lang.h"

/* Every language of l as one index line to f. */
int index_write(FILE *f, const struct langs *l);

/* The index at path into ret: name, version, aliases, extensions and whether it
 * compiles (n_compile 1), no command lines (lang_load_one reads those). */
int index_load(const char *path, struct langs *ret, struct problem *p);
