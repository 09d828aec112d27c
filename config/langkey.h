/* langkey.h: the keys of a lang.d file and the check of each one's value. */
#pragma once
#include <stdbool.h>
#include "base/err.h"
#include "config/config.h"
#include "config/lang.h"

/* A lang.d key's index: its bit in a set of seen keys. The stage limits' keys come
 * last, one per row of base/stagelimit.h's table, in the table's order. */
enum lang_key {
        LANG_KEY_NAME, LANG_KEY_ALIASES, LANG_KEY_EXTENSIONS, LANG_KEY_VERSION, LANG_KEY_FILE,
        LANG_KEY_COMPILE, LANG_KEY_RUN, LANG_KEY_ENV, LANG_KEY_STREAM_ENV, LANG_KEY_ETC,
        LANG_KEY_PACKAGES,
        LANG_KEY_LIMIT,                 /* + the row */
        LANG_KEYS = LANG_KEY_LIMIT + STAGE_LIMITS,
};

/* One key = value line of a lang.d file, as its key's check sees it. */
struct lang_line {
        struct lang *lang;              /* what the file said so far */
        const struct config *cfg;       /* the maxima no limit may raise */
        const char *stem;               /* the file's NAME, which "name" must repeat */
        const char *where;              /* "dir/NAME.conf:LINE", for messages */
};

/* key's index, or -1 if lang.d has no such key. */
int lang_key_find(const char *key);
const char *lang_key_name(enum lang_key k);

/* Check value (edited in place) and set key k of line->lang from it. */
int lang_key_set(const struct lang_line *line, enum lang_key k, char *value, struct problem *p);

/* s is 1..max bytes of [a-z0-9] and the bytes of extra: names, aliases, packages. */
bool lang_word_ok(const char *s, const char *extra, size_t max);
