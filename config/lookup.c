/* lookup.c: a request's language among the loaded ones (name or alias, version by
 * "*", exact or dotted prefix) and its command lines for the entry file. Never
 * passes a command to a shell: {file} and {stem} are replaced inside argv words. */
#include "config/lookup.h"
#include "base/util.h"

/* "3" and "3.11" match "3.11.2"; "3.1" does not: a prefix must end at a dot. */
static bool version_match(const char *have, const char *want) {
        size_t n = strlen(want);

        if (streq(want, "*") || streq(want, have))
                return true;
        return n > 0 && strncmp(have, want, n) == 0 && have[n] == '.';
}

const struct lang *lookup_language(const struct langs *l, const char *name,
                                   const char *version, struct problem *p) {
        if (!version)
                version = "*";
        for (size_t i = 0; i < l->n; i++) {
                const struct lang *g = &l->list[i];
                bool named = streq(g->name, name);

                for (size_t a = 0; !named && a < g->n_aliases; a++)
                        named = streq(g->aliases[a], name);
                if (!named)
                        continue;
                if (version_match(g->version, version))
                        return g;
                problem(p, ERR_UNKNOWN_LANGUAGE, "%s has no version %.40s (installed: %s)",
                        g->name, version, g->version);
                return NULL;
        }
        problem(p, ERR_UNKNOWN_LANGUAGE, "unknown language \"%.40s\"", name);
        return NULL;
}

static size_t count(const char *s, const char *what) {
        size_t n = 0;

        for (s = strstr(s, what); s; s = strstr(s + strlen(what), what))
                n++;
        return n;
}

/* tmpl with every {file} and {stem} replaced; NULL (and no allocation) when it has none. */
static int expand(const char *tmpl, const char *file, size_t file_len,
                  const char *stem, size_t stem_len, char **ret) {
        size_t n_file = count(tmpl, "{file}"), n_stem = count(tmpl, "{stem}");
        char *out, *o;

        if (n_file == 0 && n_stem == 0) {
                *ret = NULL;
                return 0;
        }
        /* No overflow: a word is under LIMIT_CONFIG_BYTES and file under LIMIT_PATH_BYTES. */
        out = malloc(strlen(tmpl) + n_file * file_len + n_stem * stem_len + 1);
        if (!out)
                return -ENOMEM;
        for (o = out; *tmpl;) {
                if (strncmp(tmpl, "{file}", 6) == 0) {
                        o = mempcpy(o, file, file_len);
                        tmpl += 6;
                } else if (strncmp(tmpl, "{stem}", 6) == 0) {
                        o = mempcpy(o, stem, stem_len);
                        tmpl += 6;
                } else
                        *o++ = *tmpl++;
        }
        *o = '\0';
        *ret = out;
        return 0;
}

/* At most max words: ret_argv needs room for max + 1 pointers, the NULL included.
 * Expanded words are malloc'd, the others point at tmpl's. The stem drops the last
 * extension of the last path segment ("src/Main.java" -> "src/Main"); a leading dot
 * is no extension (".bashrc" stays). */
int lookup_argv(const char *const *tmpl, size_t n, const char *file,
                char **ret_argv, size_t max) {
        size_t file_len = strlen(file), stem_len = file_len;
        const char *base = strrchr(file, '/'), *dot;

        if (n > max)
                return -E2BIG;
        if (file_len > LIMIT_PATH_BYTES)
                return -ENAMETOOLONG;
        base = base ? base + 1 : file;
        dot = strrchr(base, '.');
        if (dot && dot > base)
                stem_len = (size_t)(dot - file);

        for (size_t i = 0; i < n; i++) {
                char *w;
                int r = expand(tmpl[i], file, file_len, file, stem_len, &w);

                if (r < 0) {
                        for (size_t j = 0; j < i; j++)
                                if (ret_argv[j] != tmpl[j])
                                        free(ret_argv[j]);
                        return r;
                }
                ret_argv[i] = w ? w : (char *)tmpl[i];
        }
        ret_argv[n] = NULL;
        return 0;
}
