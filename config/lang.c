/* lang.c: one lang.d file read and checked in full (each key's check is langkey.c's)
 * and, per request, the one language a request names loaded with the version the
 * runtime index lists. It never runs a toolchain (versions come from the index),
 * never passes a command to a shell, and never clamps: a lang.d file that raises a
 * server maximum is refused. */
#include <fcntl.h>
#include <stdio.h>
#include "config/conf.h"
#include "config/lang.h"
#include "config/langkey.h"
#include "base/util.h"

/* The work dir's path inside the sandbox (mount.h). A command there is built by
 * the compile step, so it cannot be looked for on the host. */
#define BOX_PREFIX "/box/"

#define BIT(k) (1u << (k))
#define KEYS_REQUIRED (BIT(LANG_KEY_NAME) | BIT(LANG_KEY_VERSION) | BIT(LANG_KEY_FILE) | BIT(LANG_KEY_RUN))
_Static_assert(LANG_KEYS <= 32, "a key's bit fits in unsigned");

const char *lang_last_part(const char *path) {
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

int lang_parse(int dfd, const char *dir, const char *name, const struct config *cfg,
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

bool lang_installed(const struct lang *l) {
        /* access(2) is one syscall and catches a toolchain removed after the build. */
        if (l->n_compile > 0 && access(l->compile[0], X_OK) < 0)
                return false;
        if (strncmp(l->run[0], BOX_PREFIX, strlen(BOX_PREFIX)) != 0 && access(l->run[0], X_OK) < 0)
                return false;
        return true;
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
