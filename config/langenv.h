/* langenv.h: the environment a language's run stage gets, batch or streaming. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "config/lang.h"

/* The most words lang_run_env can give: every env word and every stream_env word,
 * none replacing another. An out[] of LANG_RUN_ENV_MAX + 1 always suffices. */
#define LANG_RUN_ENV_MAX (2 * LIMIT_ENV)

/* Into out[] (cap pointers, the NULL that ends them included) l's env, and in a
 * streaming run each stream_env word too, replacing env's words of its NAME. The
 * pointers are l's strings: nothing is allocated. The count of words, or -E2BIG
 * when they and the NULL do not fit in cap. */
int lang_run_env(const struct lang *l, bool stream, char **out, size_t cap);
