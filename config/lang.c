/* lang.c: the languages of lang.d: read and check every file, keep those whose
 * toolchain is installed and whose version was learned at build time (lookup.c
 * then finds a request's language in them). It never runs a toolchain
 * (versions come from the runtimes file), never passes a command to a shell, and
 * never clamps: a lang.d file that raises a server maximum is refused. The stage
 * limits' keys come from base/stagelimit.h's table. */
#include <dirent.h>              /* getdents64(2), _GNU_SOURCE: no DIR allocation per request */
#include <fcntl.h>
#include <stdio.h>
#include "config/conf.h"
#include "config/lang.h"
#include "base/util.h"

#define LANG_NAME_MAX   32
#define LANG_VERSION_MAX 32
#define LANG_EXTENSION_MAX 16
#define LANG_FILE_MAX   (LANG_NAME_MAX + sizeof(".conf"))

/* The work dir's path inside the sandbox (mount.h). A command there is built by
 * the compile step, so it cannot be looked for on the host. */
#define BOX_PREFIX "/box/"

/* A key's index is its bit in the set of seen keys; the stage limits' keys come
 * last, one per row of base/stagelimit.h's table, in the table's order. */
enum lang_key {
        KEY_NAME, KEY_ALIASES, KEY_EXTENSIONS, KEY_VERSION, KEY_FILE, KEY_COMPILE, KEY_RUN,
        KEY_ENV, KEY_ETC, KEY_PACKAGES,
        KEY_LIMIT,                      /* + the row */
        _KEY_MAX = KEY_LIMIT + STAGE_LIMITS,
};

static const char *const lang_keys[KEY_LIMIT] = {
        [KEY_NAME] = "name", [KEY_ALIASES] = "aliases",
        [KEY_EXTENSIONS] = "extensions", [KEY_VERSION] = "version",
        [KEY_FILE] = "file", [KEY_COMPILE] = "compile", [KEY_RUN] = "run", [KEY_ENV] = "env",
        [KEY_ETC] = "etc", [KEY_PACKAGES] = "packages",
};

#define KEYS_REQUIRED ((1u << KEY_NAME) | (1u << KEY_VERSION) | (1u << KEY_FILE) | (1u << KEY_RUN))

static const char *key_name(int k) {
        return k < KEY_LIMIT ? lang_keys[k] : stage_limit_table[k - KEY_LIMIT].lang_key;
}

/* The compile stage's limits need a compile stage to apply to. */
static bool compile_limits(unsigned seen) {
        for (size_t i = 0; i < STAGE_LIMITS; i++)
                if (stage_limit_table[i].stage == STAGE_COMPILE && (seen & (1u << (KEY_LIMIT + i))))
                        return true;
        return false;
}

/* The `NAME VERSION` lines tools/learn-versions wrote at build time. */
struct runtimes {
        char *name[LIMIT_LANGS];
        char *version[LIMIT_LANGS];
        size_t n;
};

/* Names and aliases are matched against request strings and name files: a small
 * alphabet keeps them from ever meaning a path, a quote or an escape. */
static bool word_ok(const char *s, const char *extra, size_t max) {
        size_t n = 0;

        for (; s[n]; n++)
                if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
                      strchr(extra, s[n])))
                        return false;
        return n >= 1 && n <= max;
}

static bool version_ok(const char *s) {
        size_t n = strlen(s);

        /* Digits and single dots, a digit at both ends: what learn-versions prints. */
        if (n < 1 || n > LANG_VERSION_MAX || s[0] == '.' || s[n - 1] == '.' || strstr(s, ".."))
                return false;
        return s[strspn(s, "0123456789.")] == '\0';
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

static const char *last_part(const char *path) {
        const char *s = strrchr(path, '/');

        return s && s[1] ? s + 1 : path;
}

static int runtimes_load(const char *path, struct runtimes *rt, char **ret_buf,
                         struct problem *p) {
        _cleanup_free_ char *buf = NULL;
        const char *file = last_part(path);
        struct conf c;
        unsigned line = 0;
        char *s;
        int r;

        r = conf_open(path, &c);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s: %s%s", path, strerror(-r),
                               r == -ENOENT ? " (made by `make build/runtimes`)" : "");
        buf = c.buf;
        rt->n = 0;
        for (s = buf; *s;) {
                char *end = strchr(s, '\n'), *w[5];
                size_t n;

                if (end)
                        *end = '\0';
                line++;
                /* A versions file (learn-versions) has two words a line, the index
                 * (index.c) five: the first two are the same. */
                r = conf_words(s, w, 5, &n);
                s = end ? end + 1 : s + strlen(s);
                if (r == 0 && n == 0)
                        continue;
                if (r < 0 || (n != 2 && n != 5) || !word_ok(w[0], "-", LANG_NAME_MAX) ||
                    !version_ok(w[1]))
                        return problem(p, ERR_INTERNAL, "%s:%u: expected NAME VERSION", file, line);
                for (size_t i = 0; i < rt->n; i++)
                        if (streq(rt->name[i], w[0]))
                                return problem(p, ERR_INTERNAL, "%s:%u: %s listed twice",
                                               file, line, w[0]);
                if (rt->n >= LIMIT_LANGS)
                        return problem(p, ERR_INTERNAL, "%s:%u: more than %d languages",
                                       file, line, LIMIT_LANGS);
                rt->name[rt->n] = w[0];
                rt->version[rt->n++] = w[1];
        }
        *ret_buf = TAKE_PTR(buf);
        return 0;
}

static int name_cmp(const void *a, const void *b) {
        return strcmp(a, b);
}

/* The NAME.conf entries of lang.d, sorted so the runtime list has a stable order.
 * Dot files, editor backups and anything else not ending in .conf are not ours. */
static int list_files(int dfd, const char *dir, char (*names)[LANG_FILE_MAX],
                      size_t *ret_n, struct problem *p) {
        char buf[8192] __attribute__((aligned(8)));
        size_t n = 0;

        for (;;) {
                ssize_t len = getdents64(dfd, buf, sizeof(buf));
                if (len < 0)
                        return problem(p, ERR_INTERNAL, "%s: %s", dir, strerror(errno));
                if (len == 0)
                        break;
                for (ssize_t off = 0; off < len;) {
                        struct dirent64 *d = (struct dirent64 *)(buf + off);
                        size_t l = strlen(d->d_name), stem = l - strlen(".conf");

                        off += d->d_reclen;
                        if (d->d_name[0] == '.' || l <= strlen(".conf") ||
                            !streq(d->d_name + stem, ".conf"))
                                continue;
                        if (stem > LANG_NAME_MAX)
                                return problem(p, ERR_INTERNAL, "%s/%.40s...: name longer than %d",
                                               dir, d->d_name, LANG_NAME_MAX);
                        if (n >= LIMIT_LANGS)
                                return problem(p, ERR_INTERNAL, "%s: more than %d .conf files",
                                               dir, LIMIT_LANGS);
                        memcpy(names[n++], d->d_name, l + 1);
                }
        }
        qsort(names, n, LANG_FILE_MAX, name_cmp);
        *ret_n = n;
        return 0;
}

/* argv[0] must be absolute: the sandbox has no PATH search we would trust. */
static int set_argv(char *value, char **argv, size_t *ret_n) {
        size_t n;
        int r;

        r = conf_words(value, argv, LIMIT_ARGV, &n);
        if (r < 0)
                return r;
        if (n == 0 || argv[0][0] != '/')
                return -EINVAL;
        argv[n] = NULL;
        *ret_n = n;
        return 0;
}

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

/* One key = value line of a lang.d file into l; where names the file:line. */
static int lang_key(struct lang *l, const struct config *cfg, int k, char *value,
                    const char *stem, const char *where, struct problem *p) {
        char *words[LIMIT_ARGV];
        const char *key = key_name(k);
        const struct stage_limit *over;
        long long v, max;
        size_t n;
        int r;

        switch (k) {
        case KEY_NAME:
                if (!streq(value, stem))
                        return problem(p, ERR_INTERNAL, "%s: name \"%.40s\" must be the file's name, %s",
                                       where, value, stem);
                l->name = value;
                return 0;
        case KEY_ALIASES:
                if (conf_words(value, l->aliases, LANG_ALIASES, &l->n_aliases) < 0)
                        return problem(p, ERR_INTERNAL, "%s: more than %d aliases", where, LANG_ALIASES);
                for (size_t i = 0; i < l->n_aliases; i++)
                        if (!word_ok(l->aliases[i], "+#.-", LANG_NAME_MAX))
                                return problem(p, ERR_INTERNAL, "%s: alias \"%.40s\" is not [a-z0-9+#.-]{1,%d}",
                                               where, l->aliases[i], LANG_NAME_MAX);
                return 0;
        case KEY_EXTENSIONS:
                /* Only listed for clients (the CLI picks a language by a file's
                 * ending); the same small alphabet keeps them plain words. */
                if (conf_words(value, l->extensions, LANG_EXTENSIONS, &l->n_extensions) < 0)
                        return problem(p, ERR_INTERNAL, "%s: more than %d extensions",
                                       where, LANG_EXTENSIONS);
                for (size_t i = 0; i < l->n_extensions; i++)
                        if (!word_ok(l->extensions[i], "+#._-", LANG_EXTENSION_MAX))
                                return problem(p, ERR_INTERNAL, "%s: extension \"%.40s\" is not "
                                               "[a-z0-9+#._-]{1,%d}", where, l->extensions[i],
                                               LANG_EXTENSION_MAX);
                return 0;
        case KEY_VERSION:
                /* Run only by tools/learn-versions at build time; checked here so a
                 * typo shows in every test run, not as a silently missing language. */
                r = conf_words(value, words, LIMIT_ARGV, &n);
                if (r < 0 || n == 0 || words[0][0] != '/')
                        return problem(p, ERR_INTERNAL, "%s: version must be a command line "
                                       "of at most %d words starting with an absolute path",
                                       where, LIMIT_ARGV);
                return 0;
        case KEY_FILE:
                if (!file_ok(value))
                        return problem(p, ERR_INTERNAL, "%s: file \"%.40s\" is not one plain file name",
                                       where, value);
                l->file = value;
                return 0;
        case KEY_COMPILE:
        case KEY_RUN:
                r = set_argv(value, k == KEY_RUN ? l->run : l->compile,
                             k == KEY_RUN ? &l->n_run : &l->n_compile);
                if (r < 0)
                        return problem(p, ERR_INTERNAL, "%s: %s must be a command line of 1..%d words "
                                       "starting with an absolute path", where, key, LIMIT_ARGV);
                return 0;
        case KEY_ENV:
                if (conf_words(value, l->env, LIMIT_ENV, &l->n_env) < 0)
                        return problem(p, ERR_INTERNAL, "%s: more than %d env words", where, LIMIT_ENV);
                l->env[l->n_env] = NULL;
                for (size_t i = 0; i < l->n_env; i++)
                        if (!env_ok(l->env[i]))
                                return problem(p, ERR_INTERNAL, "%s: env word \"%.40s\" is not NAME=value",
                                               where, l->env[i]);
                return 0;
        case KEY_ETC:
                /* Bound read-only into the job's /etc (sandbox/mount.c): one plain
                 * name each, never a path that could climb out of /etc. */
                if (conf_words(value, l->etc, LANG_ETC, &l->n_etc) < 0)
                        return problem(p, ERR_INTERNAL, "%s: more than %d etc entries", where, LANG_ETC);
                l->etc[l->n_etc] = NULL;
                for (size_t i = 0; i < l->n_etc; i++)
                        if (!file_ok(l->etc[i]))
                                return problem(p, ERR_INTERNAL, "%s: etc entry \"%.40s\" is not one "
                                               "plain name under /etc", where, l->etc[i]);
                return 0;
        case KEY_PACKAGES:
                /* For tools/install-languages only: the executor installs nothing. */
                if (conf_words(value, words, LIMIT_ARGV, &n) < 0 || n == 0)
                        return problem(p, ERR_INTERNAL, "%s: packages must list 1..%d Debian packages",
                                       where, LIMIT_ARGV);
                for (size_t i = 0; i < n; i++)
                        if (!word_ok(words[i], "+.-", 64))
                                return problem(p, ERR_INTERNAL, "%s: package \"%.40s\" is not a "
                                               "Debian package name", where, words[i]);
                return 0;
        default:
                if (config_stage_value(&stage_limit_table[k - KEY_LIMIT], value, &v) < 0)
                        return problem(p, ERR_INTERNAL, "%s: %s = %.32s is not a valid limit",
                                       where, key, value);
                stage_limit_set(&stage_limit_table[k - KEY_LIMIT], &l->compile_def, &l->run_def, v);
                /* The server's maxima bound every request; a language may ask for less
                 * by default, never for more: refused, not clamped, so the file's
                 * author sees the mistake. */
                over = above_max(l, cfg, &max);
                if (over)
                        return problem(p, ERR_INTERNAL, "%s: %s = %.32s is above the server's "
                                       "%s = %lld: lang.d may lower a limit, never raise it",
                                       where, key, value, over->conf_max_key, max);
                return 0;
        }
}

/* Read and check dir/name into l; strings point into *ret_buf. */
static int lang_parse(int dfd, const char *dir, const char *name, const struct config *cfg,
                      struct lang *l, char **ret_buf, struct problem *p) {
        _cleanup_free_ char *buf = NULL;
        char stem[LANG_FILE_MAX], where[64 + LANG_FILE_MAX + 16], *key, *value;
        unsigned seen = 0;
        struct conf c;
        int r;

        snprintf(stem, sizeof(stem), "%.*s", (int)(strlen(name) - strlen(".conf")), name);
        if (!word_ok(stem, "-", LANG_NAME_MAX))
                return problem(p, ERR_INTERNAL, "%s/%s: a language's file must be NAME.conf, "
                               "NAME in [a-z0-9-]{1,%d}", dir, name, LANG_NAME_MAX);
        r = conf_open_at(dfd, name, &c);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s/%s: %s", dir, name,
                               r == -ELOOP ? "is a symlink" : strerror(-r));
        buf = c.buf;

        memset(l, 0, sizeof(*l));
        l->compile_def = cfg->compile_def;
        l->run_def = cfg->run_def;
        while ((r = conf_next(&c, &key, &value)) > 0) {
                int k;

                snprintf(where, sizeof(where), "%.64s/%s:%u", dir, name, c.line);
                for (k = 0; k < _KEY_MAX; k++)
                        if (streq(key, key_name(k)))
                                break;
                if (k == _KEY_MAX)
                        return problem(p, ERR_INTERNAL, "%s: unknown key \"%.32s\"", where, key);
                if (seen & (1u << k))
                        return problem(p, ERR_INTERNAL, "%s: duplicate key \"%s\"", where, key);
                seen |= 1u << k;
                r = lang_key(l, cfg, k, value, stem, where, p);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s/%s:%u: expected key = value", dir, name, c.line);
        for (int k = 0; k < _KEY_MAX; k++)
                if ((KEYS_REQUIRED & (1u << k)) && !(seen & (1u << k)))
                        return problem(p, ERR_INTERNAL, "%s/%s: missing key \"%s\"",
                                       dir, name, key_name(k));
        if (compile_limits(seen) && !(seen & (1u << KEY_COMPILE)))
                return problem(p, ERR_INTERNAL, "%s/%s: compile limits without a compile command",
                               dir, name);
        *ret_buf = TAKE_PTR(buf);
        return 0;
}

/* A request names a language by its name or any alias: each must mean one language. */
static int check_names(const struct lang *list, size_t n, char (*files)[LANG_FILE_MAX],
                       const char *dir, struct problem *p) {
        for (size_t i = 0; i < n; i++)
                for (size_t a = 0; a <= list[i].n_aliases; a++) {
                        const char *s = a == 0 ? list[i].name : list[i].aliases[a - 1];

                        for (size_t j = 0; j <= i; j++)
                                for (size_t b = 0; b <= list[j].n_aliases; b++) {
                                        const char *t = b == 0 ? list[j].name : list[j].aliases[b - 1];

                                        if (j == i && b >= a)
                                                break;
                                        if (streq(s, t))
                                                return problem(p, ERR_INTERNAL,
                                                               "%s/%s: \"%s\" is already a name in %s",
                                                               dir, files[i], s, files[j]);
                                }
                }
        return 0;
}

/* A client maps a file's ending to one language: an ending claimed twice, even by
 * one file, would make that choice depend on the order of lang.d. */
static int check_extensions(const struct lang *list, size_t n, char (*files)[LANG_FILE_MAX],
                            const char *dir, struct problem *p) {
        for (size_t i = 0; i < n; i++)
                for (size_t a = 0; a < list[i].n_extensions; a++)
                        for (size_t j = 0; j <= i; j++)
                                for (size_t b = 0; b < (j == i ? a : list[j].n_extensions); b++)
                                        if (streq(list[i].extensions[a], list[j].extensions[b]))
                                                return problem(p, ERR_INTERNAL,
                                                               "%s/%s: extension \"%s\" is already "
                                                               "claimed in %s", dir, files[i],
                                                               list[i].extensions[a], files[j]);
        return 0;
}

static bool installed(const struct lang *l) {
        /* access(2) is one syscall and catches a toolchain removed after the build. */
        if (l->n_compile > 0 && access(l->compile[0], X_OK) < 0)
                return false;
        if (strncmp(l->run[0], BOX_PREFIX, strlen(BOX_PREFIX)) != 0 && access(l->run[0], X_OK) < 0)
                return false;
        return true;
}

/* Kept languages' buffers live as long as the request (their strings point into
 * them); the others are freed at once. */
int lang_load_all(const struct config *cfg, struct langs *ret, struct problem *p) {
        char names[LIMIT_LANGS][LANG_FILE_MAX], *bufs[LIMIT_LANGS] = {0};
        _cleanup_free_ char *rt_buf = NULL;
        _cleanup_close_ int dfd = -1;
        struct runtimes rt = {0};
        struct langs all;
        const char *dir = last_part(cfg->lang_dir);
        size_t n = 0, kept = 0;
        int r;

        dfd = open(cfg->lang_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return problem(p, ERR_INTERNAL, "%s: %s", cfg->lang_dir, strerror(errno));
        r = list_files(dfd, dir, names, &n, p);
        if (r < 0)
                return r;
        r = runtimes_load(cfg->runtimes, &rt, &rt_buf, p);
        if (r < 0)
                return r;

        /* Every file is checked, installed or not: a broken file must fail the tests
         * on every machine, not only where its toolchain happens to be. */
        for (size_t i = 0; i < n; i++) {
                r = lang_parse(dfd, dir, names[i], cfg, &all.list[i], &bufs[i], p);
                if (r < 0)
                        goto out;
        }
        r = check_names(all.list, n, names, dir, p);
        if (r < 0)
                goto out;
        r = check_extensions(all.list, n, names, dir, p);
        if (r < 0)
                goto out;

        for (size_t i = 0; i < n; i++) {
                struct lang *l = &all.list[i];
                size_t j;

                for (j = 0; j < rt.n; j++)
                        if (streq(rt.name[j], l->name))
                                break;
                if (j == rt.n || !installed(l))
                        continue;
                l->version = rt.version[j];
                ret->list[kept++] = *l;
                bufs[i] = NULL;
        }
        ret->n = kept;
        if (kept > 0)
                TAKE_PTR(rt_buf);       /* the versions point into it */
        r = 0;
out:
        for (size_t i = 0; i < n; i++)
                free(bufs[i]);
        return r;
}

int lang_load_one(const struct config *cfg, const struct lang *entry, struct lang *ret,
                  struct problem *p) {
        char file[LANG_FILE_MAX + 1], *buf = NULL;
        const char *dir = last_part(cfg->lang_dir);
        _cleanup_close_ int dfd = -1;
        int r;

        if (strlen(entry->name) > LANG_NAME_MAX)
                return problem(p, ERR_INTERNAL, "%s: a name longer than %d", cfg->runtimes,
                               LANG_NAME_MAX);
        snprintf(file, sizeof(file), "%s.conf", entry->name);
        dfd = open(cfg->lang_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return problem(p, ERR_INTERNAL, "%s: %s", cfg->lang_dir, strerror(errno));
        /* Checked again, all of it: the file may have changed since the build. Its
         * buffer lives as long as the request, like the strings that point into it. */
        r = lang_parse(dfd, dir, file, cfg, ret, &buf, p);
        if (r < 0)
                return r;
        if (!installed(ret))
                return problem(p, ERR_INTERNAL, "%s: the toolchain is missing; run `make` again "
                               "(build/runtimes still lists %s)", entry->name, entry->name);
        ret->version = entry->version;
        return 0;
}
