/* index.c: the runtime index (coderun.conf's `runtimes`, build/runtimes), one line
 * per offered language:
 *     NAME VERSION compiled|interpreted ALIASES EXTENSIONS
 * with the lists comma-separated, "-" when empty; and the one reader of that line
 * format, which also reads the versions file (`NAME VERSION`, learn-versions) at
 * build time. tools/lang-index writes the index then, after lang_load_all()
 * (langcheck.c) checked every lang.d file and learn-versions found the installed
 * toolchains. A request reads this one file instead of all of lang.d, then only its
 * own language's file (lang_load_one): with 56 lang.d files, reading and checking
 * them all took 2.2 ms per request. */
#include "config/conf.h"
#include "config/index.h"
#include "base/util.h"

static void put_list(FILE *f, char *const *v, size_t n) {
        fputc(' ', f);
        if (n == 0)
                fputc('-', f);
        for (size_t i = 0; i < n; i++)
                fprintf(f, "%s%s", i ? "," : "", v[i]);
}

int index_write(FILE *f, const struct langs *l) {
        for (size_t i = 0; i < l->n; i++) {
                const struct lang *g = &l->list[i];

                fprintf(f, "%s %s %s", g->name, g->version,
                        g->n_compile > 0 ? "compiled" : "interpreted");
                put_list(f, g->aliases, g->n_aliases);
                put_list(f, g->extensions, g->n_extensions);
                fputc('\n', f);
        }
        return fflush(f) == 0 && !ferror(f) ? 0 : -EIO;
}

/* "a,b,c" into v (in place), "-" as none. */
static int split_list(char *s, char **v, size_t max, size_t *ret_n) {
        size_t n = 0;

        if (!streq(s, "-"))
                for (char *w = s; w; n++) {
                        if (n == max || *w == '\0')
                                return -EINVAL;
                        v[n] = w;
                        w = strchr(w, ',');
                        if (w)
                                *w++ = '\0';
                }
        *ret_n = n;
        return 0;
}

int index_open(const char *path, struct conf *c, struct problem *p) {
        int r = conf_open(path, c);

        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s: %s%s", path, strerror(-r),
                               r == -ENOENT ? " (made by `make build/runtimes`)" : "");
        return 0;
}

int index_next(struct conf *c, char **w, size_t *ret_n) {
        while (*c->next) {
                char *s = c->next, *end = strchr(s, '\n');
                int r;

                if (end)
                        *end = '\0';
                c->line++;
                c->next = end ? end + 1 : s + strlen(s);
                r = conf_words(s, w, INDEX_WORDS, ret_n);
                if (r < 0)
                        return r;
                if (*ret_n > 0)
                        return 1;
        }
        return 0;
}

int index_load(const char *path, struct langs *ret, struct problem *p) {
        char *w[INDEX_WORDS];
        struct conf c;
        size_t n;
        int r;

        r = index_open(path, &c, p);
        if (r < 0)
                return r;
        /* c.buf lives as long as the request: the strings point into it. */
        ret->n = 0;
        while ((r = index_next(&c, w, &n)) != 0) {
                struct lang *g = &ret->list[ret->n];

                if (ret->n == LIMIT_LANGS)
                        return problem(p, ERR_INTERNAL, "%s:%u: more than %d languages",
                                       path, c.line, LIMIT_LANGS);
                memset(g, 0, sizeof(*g));
                if (r < 0 || n != 5 || (!streq(w[2], "compiled") && !streq(w[2], "interpreted")) ||
                    split_list(w[3], g->aliases, LANG_ALIASES, &g->n_aliases) < 0 ||
                    split_list(w[4], g->extensions, LANG_EXTENSIONS, &g->n_extensions) < 0)
                        return problem(p, ERR_INTERNAL, "%s:%u: expected NAME VERSION "
                                       "compiled|interpreted ALIASES EXTENSIONS (make build/runtimes)",
                                       path, c.line);
                g->name = w[0];
                g->version = w[1];
                g->n_compile = streq(w[2], "compiled");
                ret->n++;
        }
        return 0;
}
