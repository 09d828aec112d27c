/* lookup.c: a request's language among the loaded ones (name or alias, version by
 * "*", exact or dotted prefix) and its command lines for the request's files. Never
 * passes a command to a shell: {file} and {stem} are replaced inside argv words, a
 * list placeholder ({sources}, ...) becomes one argv word per file it lists, and
 * {compile_args} one word per compile_arg of the request. */
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

/* tmpl with every {file} and {stem} replaced, in a new string. */
static int expand(const char *tmpl, const char *file, size_t file_len,
                  const char *stem, size_t stem_len, char **ret) {
        size_t n_file = count(tmpl, "{file}"), n_stem = count(tmpl, "{stem}");
        char *out, *o;

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

/* The lists, in LOOKUP_LISTS' order. Every list holds the request's sources in request
 * order: the files whose names end in one of the language's extensions or in the
 * entry's own (clang lists no extension, as c claims .c for clients, yet its sources
 * are .c files). So a header (.h) is no C source. The entry is in the list whatever
 * its name, as it is in {file}.
 *   {sources}   the entry, then the other sources, in any folder: gcc, javac, kotlinc
 *   {others}    the sources but the entry: `{others} {file}` puts the entry last, for
 *               compilers that need a module before its users (ocamlopt, gfortran)
 *   {siblings}  the entry, then the sources in its own folder, not below: a Go
 *               package is one folder, a subfolder another package found by import */
enum list { LIST_SOURCES, LIST_OTHERS, LIST_SIBLINGS, _LIST_MAX };

static int list_of(const char *word) {
        static const char *const lists[] = LOOKUP_LISTS;

        _Static_assert(ELEMENTSOF(lists) == _LIST_MAX, "one name per list");
        for (int i = 0; i < _LIST_MAX; i++)
                if (streq(word, lists[i]))
                        return i;
        return -1;
}

/* A request file's name; NULL is the language's default, as job/files.c writes it. */
static const char *name_of(const struct lang *lang, const struct file *f) {
        return f->name ? f->name : lang->file;
}

/* What follows the last dot of the last segment, or NULL; a leading dot is no
 * extension (".bashrc"), as for {stem}. */
static const char *extension(const char *name) {
        const char *base = strrchr(name, '/'), *dot;

        base = base ? base + 1 : name;
        dot = strrchr(base, '.');
        return dot && dot > base ? dot + 1 : NULL;
}

/* name is "X.ext", X a non-empty last segment (or its start): "dir/.c" is no C file. */
static bool ends_in(const char *name, const char *ext) {
        size_t n = strlen(name), e = strlen(ext);

        return n > e + 1 && name[n - e - 1] == '.' && name[n - e - 2] != '/' &&
               streq(name + n - e, ext);
}

static bool same_folder(const char *a, const char *b) {
        const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
        size_t la = sa ? (size_t)(sa - a) : 0, lb = sb ? (size_t)(sb - b) : 0;

        return la == lb && memcmp(a, b, la) == 0;
}

/* Whether list holds files[i] (i > 0: the entry is files[0]). */
static bool listed(const struct lang *lang, int list, const char *name, const char *entry,
                   const char *entry_ext) {
        bool source = entry_ext && ends_in(name, entry_ext);

        for (size_t e = 0; !source && e < lang->n_extensions; e++)
                source = ends_in(name, lang->extensions[e]);
        return source && (list != LIST_SIBLINGS || same_folder(name, entry));
}

/* ret_argv[*k] = a copy of word, or a full argv's -E2BIG. */
static int put(char **ret_argv, size_t *k, size_t max, const char *word) {
        if (*k >= max)
                return -E2BIG;
        ret_argv[*k] = strdup(word);
        if (!ret_argv[*k])
                return -ENOMEM;
        (*k)++;
        return 0;
}

/* The stem drops the last extension of the last path segment ("src/Main.java" ->
 * "src/Main"). Each word is a copy, so that the caller frees all of them alike. */
int lookup_argv(const struct lang *lang, const char *const *tmpl, size_t n,
                const struct file *files, size_t n_files, char *const *extra, size_t n_extra,
                char **ret_argv, size_t max) {
        const char *file, *ext;
        size_t file_len, stem_len, k = 0;
        bool had_list = false;
        int r = 0;

        if (n_files == 0)
                return -EINVAL;
        file = name_of(lang, &files[0]);
        file_len = strlen(file);
        if (file_len > LIMIT_PATH_BYTES)
                return -ENAMETOOLONG;
        ext = extension(file);
        stem_len = ext ? (size_t)(ext - 1 - file) : file_len;

        for (size_t i = 0; i < n && r == 0; i++) {
                int list = list_of(tmpl[i]);

                /* Never expanded: a compile_arg holding "{file}" stays that text. */
                if (streq(tmpl[i], LOOKUP_COMPILE_ARGS)) {
                        for (size_t e = 0; e < n_extra && r == 0; e++)
                                r = put(ret_argv, &k, max, extra[e]);
                        continue;
                }
                if (list < 0) {
                        r = k < max ? expand(tmpl[i], file, file_len, file, stem_len,
                                             &ret_argv[k]) : -E2BIG;
                        k += r == 0;
                        continue;
                }
                /* langkey.c allows one list a command line: max then bounds it alone. */
                if (had_list) {
                        r = -EINVAL;
                        break;
                }
                had_list = true;
                if (list != LIST_OTHERS)
                        r = put(ret_argv, &k, max, file);
                for (size_t f = 1; f < n_files && r == 0; f++) {
                        const char *name = name_of(lang, &files[f]);

                        if (listed(lang, list, name, file, ext))
                                r = put(ret_argv, &k, max, name);
                }
        }
        if (r < 0) {
                lookup_argv_free(ret_argv, k);
                return r;
        }
        ret_argv[k] = NULL;
        return (int)k;
}

void lookup_argv_free(char **argv, size_t n) {
        for (size_t i = 0; i < n; i++)
                free(argv[i]);
}
