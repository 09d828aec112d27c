/* langcheck.c: all of lang.d read and checked at build time, for tools/lang-index
 * (which writes the runtime index from it) and the unit harness test-lang: every
 * file, whether its toolchain is installed or not, then what only the whole folder
 * can tell (each name, alias and extension meaning one language), then the
 * languages that are installed and have a learned version. Not linked into the
 * executor: a request reads the index and its own language's file only. */
#include <dirent.h>              /* getdents64(2), _GNU_SOURCE: no DIR allocation */
#include <fcntl.h>
#include "config/index.h"
#include "config/langcheck.h"
#include "config/langkey.h"
#include "base/util.h"

#define LANG_VERSION_MAX 32

/* The `NAME VERSION` lines tools/learn-versions wrote. */
struct versions {
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

/* The versions file, or the index (its lines start the same two words), through
 * index.c's reader. */
static int versions_load(const char *path, struct versions *rt, char **ret_buf,
                         struct problem *p) {
        _cleanup_free_ char *buf = NULL;
        const char *file = lang_last_part(path);
        char *w[INDEX_WORDS];
        struct conf c;
        size_t n;
        int r;

        r = index_open(path, &c, p);
        if (r < 0)
                return r;
        buf = c.buf;
        rt->n = 0;
        while ((r = index_next(&c, w, &n)) != 0) {
                if (r < 0 || (n != 2 && n != INDEX_WORDS) || !lang_word_ok(w[0], "-", LANG_NAME_MAX) ||
                    !version_ok(w[1]))
                        return problem(p, ERR_INTERNAL, "%s:%u: expected NAME VERSION", file, c.line);
                for (size_t i = 0; i < rt->n; i++)
                        if (streq(rt->name[i], w[0]))
                                return problem(p, ERR_INTERNAL, "%s:%u: %s listed twice",
                                               file, c.line, w[0]);
                if (rt->n >= LIMIT_LANGS)
                        return problem(p, ERR_INTERNAL, "%s:%u: more than %d languages",
                                       file, c.line, LIMIT_LANGS);
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

/* Every file is checked, installed or not: a broken file must fail the tests on
 * every machine, not only where its toolchain happens to be. */
static int parse_all(int dfd, const char *dir, char (*names)[LANG_FILE_MAX], size_t n,
                     const struct config *cfg, struct lang *list, char **bufs,
                     struct problem *p) {
        int r;

        for (size_t i = 0; i < n; i++) {
                r = lang_parse(dfd, dir, names[i], cfg, &list[i], &bufs[i], p);
                if (r < 0)
                        return r;
        }
        r = check_names(list, n, names, dir, p);
        if (r < 0)
                return r;
        return check_extensions(list, n, names, dir, p);
}

/* Into ret the languages of all[] that are installed and have a version; their
 * buffers move to ret (bufs[i] NULL), the others stay for the caller to free. */
static size_t keep_installed(struct lang *all, size_t n, char **bufs, const struct versions *rt,
                             struct langs *ret) {
        size_t kept = 0;

        for (size_t i = 0; i < n; i++) {
                struct lang *l = &all[i];
                size_t j;

                for (j = 0; j < rt->n; j++)
                        if (streq(rt->name[j], l->name))
                                break;
                if (j == rt->n || !lang_installed(l))
                        continue;
                l->version = rt->version[j];
                ret->list[kept++] = *l;
                bufs[i] = NULL;
        }
        return kept;
}

/* Kept languages' buffers live as long as the caller (their strings point into
 * them); the others are freed at once. */
int lang_load_all(const struct config *cfg, struct langs *ret, struct problem *p) {
        char names[LIMIT_LANGS][LANG_FILE_MAX], *bufs[LIMIT_LANGS] = {0};
        _cleanup_free_ char *rt_buf = NULL;
        _cleanup_close_ int dfd = -1;
        struct versions rt = {0};
        struct langs all;
        const char *dir = lang_last_part(cfg->lang_dir);
        size_t n = 0;
        int r;

        dfd = open(cfg->lang_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return problem(p, ERR_INTERNAL, "%s: %s", cfg->lang_dir, strerror(errno));
        r = list_files(dfd, dir, names, &n, p);
        if (r < 0)
                return r;
        r = versions_load(cfg->runtimes, &rt, &rt_buf, p);
        if (r < 0)
                return r;
        r = parse_all(dfd, dir, names, n, cfg, all.list, bufs, p);
        if (r == 0) {
                ret->n = keep_installed(all.list, n, bufs, &rt, ret);
                if (ret->n > 0)
                        TAKE_PTR(rt_buf);       /* the versions point into it */
        }
        for (size_t i = 0; i < n; i++)
                free(bufs[i]);
        return r;
}
