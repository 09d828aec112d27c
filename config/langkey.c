/* langkey.c: one `key = value` line of a lang.d file into struct lang: the table of
 * keys, each with its check, and the small alphabets names, files and env words
 * must keep to. The stage limits' keys come from base/stagelimit.h's table; a
 * lang.d file may lower a server maximum, never raise it. */
#include "config/conf.h"
#include "config/langkey.h"
#include "config/lookup.h"
#include "base/util.h"

#define LANG_EXTENSION_MAX 16

/* Names and aliases are matched against request strings and name files: a small
 * alphabet keeps them from ever meaning a path, a quote or an escape. */
bool lang_word_ok(const char *s, const char *extra, size_t max) {
        size_t n = 0;

        for (; s[n]; n++)
                if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
                      strchr(extra, s[n])))
                        return false;
        return n >= 1 && n <= max;
}

/* One entry file name: a single path segment, nothing a shell or a path could read
 * as more than a name. */
static bool file_ok(const char *s) {
        size_t n = strlen(s);

        if (n < 1 || n > LIMIT_FILE_NAME_BYTES || streq(s, ".") || streq(s, ".."))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                      (s[i] >= '0' && s[i] <= '9') || strchr("._-", s[i])))
                        return false;
        return true;
}

static bool env_ok(const char *s) {
        const char *eq = strchr(s, '=');

        if (!eq || eq == s || (s[0] >= '0' && s[0] <= '9'))
                return false;
        for (const char *c = s; c < eq; c++)
                if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                      (*c >= '0' && *c <= '9') || *c == '_'))
                        return false;
        return true;
}

/* argv[0] must be absolute: the sandbox has no PATH search we would trust. A list
 * placeholder (lookup.h) becomes many words, so it must be a word of its own, and
 * one a line bounds a command at LIMIT_ARGV words plus one list: else -EDOM.
 * {compile_args} too is a word of its own, once, and only where extra is given
 * (compile; it is set when there): else -EPROTO. */
static int set_argv(char *value, char **argv, size_t *ret_n, bool *extra) {
        static const char *const lists[] = LOOKUP_LISTS;
        bool had_list = false, had_extra = false;
        size_t n;
        int r;

        r = conf_words(value, argv, LIMIT_ARGV, &n);
        if (r < 0)
                return r;
        if (n == 0 || argv[0][0] != '/')
                return -EINVAL;
        for (size_t i = 0; i < n; i++) {
                if (strstr(argv[i], LOOKUP_COMPILE_ARGS)) {
                        if (!extra || had_extra || !streq(argv[i], LOOKUP_COMPILE_ARGS))
                                return -EPROTO;
                        had_extra = true;
                }
                for (size_t l = 0; l < ELEMENTSOF(lists); l++) {
                        if (!strstr(argv[i], lists[l]))
                                continue;
                        if (had_list || !streq(argv[i], lists[l]))
                                return -EDOM;
                        had_list = true;
                }
        }
        argv[n] = NULL;
        *ret_n = n;
        if (extra)
                *extra = had_extra;
        return 0;
}

static int key_name(const struct lang_line *ln, char *value, struct problem *p) {
        if (!streq(value, ln->stem))
                return problem(p, ERR_INTERNAL, "%s: name \"%.40s\" must be the file's name, %s",
                               ln->where, value, ln->stem);
        ln->lang->name = value;
        return 0;
}

static int key_aliases(const struct lang_line *ln, char *value, struct problem *p) {
        struct lang *l = ln->lang;

        if (conf_words(value, l->aliases, LANG_ALIASES, &l->n_aliases) < 0)
                return problem(p, ERR_INTERNAL, "%s: more than %d aliases", ln->where, LANG_ALIASES);
        for (size_t i = 0; i < l->n_aliases; i++)
                if (!lang_word_ok(l->aliases[i], "+#.-", LANG_NAME_MAX))
                        return problem(p, ERR_INTERNAL, "%s: alias \"%.40s\" is not [a-z0-9+#.-]{1,%d}",
                                       ln->where, l->aliases[i], LANG_NAME_MAX);
        return 0;
}

/* Only listed for clients (the CLI picks a language by a file's ending); the same
 * small alphabet keeps them plain words. */
static int key_extensions(const struct lang_line *ln, char *value, struct problem *p) {
        struct lang *l = ln->lang;

        if (conf_words(value, l->extensions, LANG_EXTENSIONS, &l->n_extensions) < 0)
                return problem(p, ERR_INTERNAL, "%s: more than %d extensions",
                               ln->where, LANG_EXTENSIONS);
        for (size_t i = 0; i < l->n_extensions; i++)
                if (!lang_word_ok(l->extensions[i], "+#._-", LANG_EXTENSION_MAX))
                        return problem(p, ERR_INTERNAL, "%s: extension \"%.40s\" is not "
                                       "[a-z0-9+#._-]{1,%d}", ln->where, l->extensions[i],
                                       LANG_EXTENSION_MAX);
        return 0;
}

/* Run only by tools/learn-versions at build time; checked here so a typo shows in
 * every test run, not as a silently missing language. */
static int key_version(const struct lang_line *ln, char *value, struct problem *p) {
        char *words[LIMIT_ARGV];
        size_t n;

        if (conf_words(value, words, LIMIT_ARGV, &n) < 0 || n == 0 || words[0][0] != '/')
                return problem(p, ERR_INTERNAL, "%s: version must be a command line "
                               "of at most %d words starting with an absolute path",
                               ln->where, LIMIT_ARGV);
        return 0;
}

static int key_file(const struct lang_line *ln, char *value, struct problem *p) {
        if (!file_ok(value))
                return problem(p, ERR_INTERNAL, "%s: file \"%.40s\" is not one plain file name",
                               ln->where, value);
        ln->lang->file = value;
        return 0;
}

static int bad_command(const struct lang_line *ln, const char *key, int r, struct problem *p) {
        if (r == -EDOM)
                return problem(p, ERR_INTERNAL, "%s: %s: {sources}, {others} and {siblings} must "
                               "each be a word of its own, one of them a line", ln->where, key);
        if (r == -EPROTO)
                return problem(p, ERR_INTERNAL, "%s: %s: {compile_args} must be a word of its "
                               "own, once, in a compile command only", ln->where, key);
        return problem(p, ERR_INTERNAL, "%s: %s must be a command line of 1..%d words "
                       "starting with an absolute path", ln->where, key, LIMIT_ARGV);
}

static int key_compile(const struct lang_line *ln, char *value, struct problem *p) {
        int r = set_argv(value, ln->lang->compile, &ln->lang->n_compile, &ln->lang->compile_args);

        if (r < 0)
                return bad_command(ln, "compile", r, p);
        return 0;
}

static int key_run(const struct lang_line *ln, char *value, struct problem *p) {
        int r = set_argv(value, ln->lang->run, &ln->lang->n_run, NULL);

        if (r < 0)
                return bad_command(ln, "run", r, p);
        return 0;
}

/* env and stream_env: the same words under the same check, so a streaming run's
 * environment can hold nothing a batch run's could not. */
static int env_words(const struct lang_line *ln, const char *key, char *value, char **words,
                     size_t *ret_n, struct problem *p) {
        size_t n;

        if (conf_words(value, words, LIMIT_ENV, &n) < 0)
                return problem(p, ERR_INTERNAL, "%s: more than %d %s words", ln->where, LIMIT_ENV, key);
        words[n] = NULL;
        for (size_t i = 0; i < n; i++)
                if (!env_ok(words[i]))
                        return problem(p, ERR_INTERNAL, "%s: %s word \"%.40s\" is not NAME=value",
                                       ln->where, key, words[i]);
        *ret_n = n;
        return 0;
}

static int key_env(const struct lang_line *ln, char *value, struct problem *p) {
        return env_words(ln, "env", value, ln->lang->env, &ln->lang->n_env, p);
}

/* What a runtime needs to write as the program does when its output is a pipe
 * (langenv.c adds it to env in a streaming run only). */
static int key_stream_env(const struct lang_line *ln, char *value, struct problem *p) {
        return env_words(ln, "stream_env", value, ln->lang->stream_env, &ln->lang->n_stream_env, p);
}

/* Bound read-only into the job's /etc (sandbox/mount.c): one plain name each, never
 * a path that could climb out of /etc. */
static int key_etc(const struct lang_line *ln, char *value, struct problem *p) {
        struct lang *l = ln->lang;

        if (conf_words(value, l->etc, LANG_ETC, &l->n_etc) < 0)
                return problem(p, ERR_INTERNAL, "%s: more than %d etc entries", ln->where, LANG_ETC);
        l->etc[l->n_etc] = NULL;
        for (size_t i = 0; i < l->n_etc; i++)
                if (!file_ok(l->etc[i]))
                        return problem(p, ERR_INTERNAL, "%s: etc entry \"%.40s\" is not one "
                                       "plain name under /etc", ln->where, l->etc[i]);
        return 0;
}

/* For tools/install-languages only: the executor installs nothing. */
static int key_packages(const struct lang_line *ln, char *value, struct problem *p) {
        char *words[LIMIT_ARGV];
        size_t n;

        if (conf_words(value, words, LIMIT_ARGV, &n) < 0 || n == 0)
                return problem(p, ERR_INTERNAL, "%s: packages must list 1..%d Debian packages",
                               ln->where, LIMIT_ARGV);
        for (size_t i = 0; i < n; i++)
                if (!lang_word_ok(words[i], "+.-", 64))
                        return problem(p, ERR_INTERNAL, "%s: package \"%.40s\" is not a "
                                       "Debian package name", ln->where, words[i]);
        return 0;
}

/* The keys before LANG_KEY_LIMIT, in enum lang_key order. */
static const struct {
        const char *name;
        int (*set)(const struct lang_line *ln, char *value, struct problem *p);
} keys[LANG_KEY_LIMIT] = {
        [LANG_KEY_NAME] = { "name", key_name },
        [LANG_KEY_ALIASES] = { "aliases", key_aliases },
        [LANG_KEY_EXTENSIONS] = { "extensions", key_extensions },
        [LANG_KEY_VERSION] = { "version", key_version },
        [LANG_KEY_FILE] = { "file", key_file },
        [LANG_KEY_COMPILE] = { "compile", key_compile },
        [LANG_KEY_RUN] = { "run", key_run },
        [LANG_KEY_ENV] = { "env", key_env },
        [LANG_KEY_STREAM_ENV] = { "stream_env", key_stream_env },
        [LANG_KEY_ETC] = { "etc", key_etc },
        [LANG_KEY_PACKAGES] = { "packages", key_packages },
};

/* Which limit of the language's defaults is above the server's maximum, or NULL. */
static const struct stage_limit *above_max(const struct lang *l, const struct config *cfg,
                                           long long *ret_max) {
        for (size_t i = 0; i < STAGE_LIMITS; i++) {
                const struct stage_limit *row = &stage_limit_table[i];
                long long max = stage_limit_get(row, &cfg->compile_max, &cfg->run_max);

                if (stage_limit_get(row, &l->compile_def, &l->run_def) > max) {
                        *ret_max = max;
                        return row;
                }
        }
        return NULL;
}

/* The server's maxima bound every request; a language may ask for less by default,
 * never for more: refused, not clamped, so the file's author sees the mistake. */
static int key_limit(const struct lang_line *ln, const struct stage_limit *row, char *value,
                     struct problem *p) {
        const struct stage_limit *over;
        long long v, max;

        if (config_stage_value(row, value, &v) < 0)
                return problem(p, ERR_INTERNAL, "%s: %s = %.32s is not a valid limit",
                               ln->where, row->lang_key, value);
        stage_limit_set(row, &ln->lang->compile_def, &ln->lang->run_def, v);
        over = above_max(ln->lang, ln->cfg, &max);
        if (over)
                return problem(p, ERR_INTERNAL, "%s: %s = %.32s is above the server's "
                               "%s = %lld: lang.d may lower a limit, never raise it",
                               ln->where, row->lang_key, value, over->conf_max_key, max);
        return 0;
}

const char *lang_key_name(enum lang_key k) {
        return k < LANG_KEY_LIMIT ? keys[k].name : stage_limit_table[k - LANG_KEY_LIMIT].lang_key;
}

int lang_key_find(const char *key) {
        for (int k = 0; k < LANG_KEYS; k++)
                if (streq(key, lang_key_name(k)))
                        return k;
        return -1;
}

int lang_key_set(const struct lang_line *line, enum lang_key k, char *value, struct problem *p) {
        if (k < LANG_KEY_LIMIT)
                return keys[k].set(line, value, p);
        return key_limit(line, &stage_limit_table[k - LANG_KEY_LIMIT], value, p);
}
