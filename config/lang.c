/* lang.c: the languages of lang.d: read and check every file (each key's check is
 * langkey.c's), keep those whose toolchain is installed and whose version was
 * learned at build time; per request, the one language a request names loaded with
 * the version the runtime index lists. It never runs a toolchain (versions come
 * from the runtimes file),
 * never passes a command to a shell, and never clamps: a lang.d file that raises a
 * server maximum is refused. */
#include <dirent.h>              /* getdents64(2), _GNU_SOURCE: no DIR allocation per request */
#include <fcntl.h>
#include <stdio.h>
#include "config/conf.h"
#include "config/lang.h"
#include "config/langkey.h"
#include "base/util.h"

/* The work dir's path inside the sandbox (mount.h). A command there is built by
 * the compile step, so it cannot be looked for on the host. */
#define BOX_PREFIX "/box/"

#define LANG_VERSION_MAX 32

#define BIT(k) (1u << (k))
#define KEYS_REQUIRED (BIT(LANG_KEY_NAME) | BIT(LANG_KEY_VERSION) | BIT(LANG_KEY_FILE) | BIT(LANG_KEY_RUN))
_Static_assert(LANG_KEYS <= 32, "a key's bit fits in unsigned");

static const char *lang_last_part(const char *path) {
        const char *s = strrchr(path, '/');

        return s && s[1] ? s + 1 : path;
}

/* The compile stage's limits need a compile stage to apply to. */
static bool compile_limits(unsigned seen) {
        for (size_t i = 0; i < STAGE_LIMITS; i++)
                if (stage_limit_table[i].stage == STAGE_COMPILE && (seen & BIT(LANG_KEY_LIMIT + i)))
                        return true;
        return false;
}

/* What only the whole file can tell: every required key, and compile limits only
 * with a compile command. */
static int lang_check(const char *dir, const char *name, unsigned seen, struct problem *p) {
        for (int k = 0; k < LANG_KEYS; k++)
                if ((KEYS_REQUIRED & BIT(k)) && !(seen & BIT(k)))
                        return problem(p, ERR_INTERNAL, "%s/%s: missing key \"%s\"",
                                       dir, name, lang_key_name(k));
        if (compile_limits(seen) && !(seen & BIT(LANG_KEY_COMPILE)))
                return problem(p, ERR_INTERNAL, "%s/%s: compile limits without a compile command",
                               dir, name);
        return 0;
}

/* The file's lines, each key once, checked by langkey.c. */
static int lang_lines(struct conf *c, const char *dir, const char *name, const char *stem,
                      const struct config *cfg, struct lang *l, struct problem *p) {
        char where[64 + LANG_FILE_MAX + 16], *key, *value;
        struct lang_line ln = { .lang = l, .cfg = cfg, .stem = stem, .where = where };
        unsigned seen = 0;
        int r;

        while ((r = conf_next(c, &key, &value)) > 0) {
                int k = lang_key_find(key);

                snprintf(where, sizeof(where), "%.64s/%s:%u", dir, name, c->line);
                if (k < 0)
                        return problem(p, ERR_INTERNAL, "%s: unknown key \"%.32s\"", where, key);
                if (seen & BIT(k))
                        return problem(p, ERR_INTERNAL, "%s: duplicate key \"%s\"", where, key);
                seen |= BIT(k);
                r = lang_key_set(&ln, k, value, p);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s/%s:%u: expected key = value", dir, name, c->line);
        return lang_check(dir, name, seen, p);
}

/* Read and check dir/name into l; strings point into *ret_buf. */
static int lang_parse(int dfd, const char *dir, const char *name, const struct config *cfg,
                      struct lang *l, char **ret_buf, struct problem *p) {
        _cleanup_free_ char *buf = NULL;
        char stem[LANG_FILE_MAX];
        struct conf c;
        int r;

        snprintf(stem, sizeof(stem), "%.*s", (int)(strlen(name) - strlen(".conf")), name);
        if (!lang_word_ok(stem, "-", LANG_NAME_MAX))
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
        r = lang_lines(&c, dir, name, stem, cfg, l, p);
        if (r < 0)
                return r;
        *ret_buf = TAKE_PTR(buf);
        return 0;
}

static bool lang_installed(const struct lang *l) {
        /* access(2) is one syscall and catches a toolchain removed after the build. */
        if (l->n_compile > 0 && access(l->compile[0], X_OK) < 0)
                return false;
        if (strncmp(l->run[0], BOX_PREFIX, strlen(BOX_PREFIX)) != 0 && access(l->run[0], X_OK) < 0)
                return false;
        return true;
}

/* The `NAME VERSION` lines tools/learn-versions wrote at build time. */
struct runtimes {
        char *name[LIMIT_LANGS];
        char *version[LIMIT_LANGS];
        size_t n;
};

static bool version_ok(const char *s) {
        size_t n = strlen(s);

        /* Digits and single dots, a digit at both ends: what learn-versions prints. */
        if (n < 1 || n > LANG_VERSION_MAX || s[0] == '.' || s[n - 1] == '.' || strstr(s, ".."))
                return false;
        return s[strspn(s, "0123456789.")] == '\0';
}

static int runtimes_load(const char *path, struct runtimes *rt, char **ret_buf,
                         struct problem *p) {
        _cleanup_free_ char *buf = NULL;
        const char *file = lang_last_part(path);
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
                if (r < 0 || (n != 2 && n != 5) || !lang_word_ok(w[0], "-", LANG_NAME_MAX) ||
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

/* Kept languages' buffers live as long as the request (their strings point into
 * them); the others are freed at once. */
int lang_load_all(const struct config *cfg, struct langs *ret, struct problem *p) {
        char names[LIMIT_LANGS][LANG_FILE_MAX], *bufs[LIMIT_LANGS] = {0};
        _cleanup_free_ char *rt_buf = NULL;
        _cleanup_close_ int dfd = -1;
        struct runtimes rt = {0};
        struct langs all;
        const char *dir = lang_last_part(cfg->lang_dir);
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
                if (j == rt.n || !lang_installed(l))
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
        const char *dir = lang_last_part(cfg->lang_dir);
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
        if (!lang_installed(ret))
                return problem(p, ERR_INTERNAL, "%s: the toolchain is missing; run `make` again "
                               "(build/runtimes still lists %s)", entry->name, entry->name);
        ret->version = entry->version;
        return 0;
}
