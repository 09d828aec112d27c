/* langenv.c: a language's run-stage environment: env alone, or in a streaming run
 * env with stream_env's words set over it. It never allocates and never copies a
 * string: out[] points into the struct lang, which outlives the stage. */
#include <errno.h>
#include <string.h>
#include "config/langenv.h"

/* Whether a and b set the same variable: their bytes up to and with the '=' (both
 * passed langkey.c's check, so each has one after a NAME), so PATH never matches
 * PATHEXT. */
static bool same_name(const char *a, const char *b) {
        size_t n = strcspn(a, "=");

        return strncmp(a, b, n + 1) == 0;
}

int lang_run_env(const struct lang *l, bool stream, char **out, size_t cap) {
        size_t n = 0;

        if (l->n_env >= cap)
                return -E2BIG;
        for (size_t i = 0; i < l->n_env; i++)
                out[n++] = l->env[i];
        for (size_t s = 0; stream && s < l->n_stream_env; s++) {
                char *word = l->stream_env[s];
                bool replaced = false;

                /* Every word of the NAME, not the first only: a program may read the
                 * environment itself rather than through getenv's first match. A later
                 * stream_env word of a NAME replaces an earlier one, as setenv would. */
                for (size_t i = 0; i < n; i++)
                        if (same_name(out[i], word)) {
                                out[i] = word;
                                replaced = true;
                        }
                if (replaced)
                        continue;
                if (n + 1 >= cap)
                        return -E2BIG;
                out[n++] = word;
        }
        out[n] = NULL;
        return (int)n;
}
