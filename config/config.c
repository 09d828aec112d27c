/* config.c: load coderun.conf, the server's defaults and maxima (the stage limits'
 * keys from base/stagelimit.h's table), slots and job uids, and check every value
 * against limits.h. It is read on every request: one read, no allocation beyond
 * the file buffer. The config is ours, so anything wrong in it is an ERR_INTERNAL
 * problem naming file:line; a bad value is never clamped. */
#include <stddef.h>
#include <stdio.h>
#include "config/conf.h"
#include "config/config.h"
#include "base/limits.h"
#include "base/util.h"

#ifndef CODERUN_CONF
#error "CODERUN_CONF must name the default config file; the Makefile defines it"
#endif

/* Below 1000 are system accounts (Debian's UID_MIN). 65534 is nobody, the overflow
 * uid that files of unmapped owners show as, and 65535 is -1 to the 16-bit uid
 * calls ("leave unchanged"): a job running as either could touch what is not its
 * own. Uids from 2^31 on break tools that keep them in a signed int. */
#define UID_MIN_JOB     1000
#define UID_NOBODY      65534
#define UID_16BIT_NONE  65535
#define UID_END         0x7fffffffLL

enum kind { KEY_PATH, KEY_PATH_OR_NONE, KEY_SLOTS, KEY_UID, KEY_VALUE, KEY_BOOL };

/* Every key is required: the defaults live in coderun.conf, not in the code. The
 * stage limits' keys are not here: each row of base/stagelimit.h's table brings
 * its default's and its maximum's (see key_name). */
static const struct key {
        const char *name;
        enum kind kind;
        size_t offset;                  /* into struct config: KEY_PATH, KEY_VALUE */
        enum unit unit;                 /* KEY_VALUE */
        long long limit;                /* KEY_VALUE */
} keys[] = {
        { .name = "lang_dir",  .kind = KEY_PATH, .offset = offsetof(struct config, lang_dir) },
        { .name = "runtimes",  .kind = KEY_PATH, .offset = offsetof(struct config, runtimes) },
        { .name = "state_dir", .kind = KEY_PATH, .offset = offsetof(struct config, state_dir) },
        { .name = "seccomp",   .kind = KEY_PATH, .offset = offsetof(struct config, seccomp) },
        { .name = "compile_cache", .kind = KEY_PATH_OR_NONE,
          .offset = offsetof(struct config, compile_cache) },
        { .name = "slots",     .kind = KEY_SLOTS },
        { .name = "uid_first", .kind = KEY_UID },
        { .name = "allow_rlimit_only", .kind = KEY_BOOL },
#define VALUE(n, field, u, lim) \
        { .name = n, .kind = KEY_VALUE, .offset = offsetof(struct config, field), .unit = u, .limit = lim }
        VALUE("output_limit", output_bytes, UNIT_BYTES, LIMIT_OUTPUT_BYTES),
        VALUE("box_size",     box_bytes,    UNIT_BYTES, LIMIT_BOX_BYTES),
        /* /tmp is a tmpfs in memory like the box, so the box's ceiling serves. */
        VALUE("tmp_size",     tmp_bytes,    UNIT_BYTES, LIMIT_BOX_BYTES),
        VALUE("procs",        procs,        UNIT_COUNT, LIMIT_PROCS),
        /* Stack pages are memory the cgroup counts; no stack can outgrow the job. */
        VALUE("stack_size",   stack_bytes,  UNIT_BYTES, LIMIT_MEMORY_BYTES),
        VALUE("stream_timeout",     stream_timeout_ms,     UNIT_MS,    LIMIT_STREAM_TIMEOUT_MS),
        VALUE("stream_timeout_max", stream_timeout_max_ms, UNIT_MS,    LIMIT_STREAM_TIMEOUT_MS),
        VALUE("stream_slots",       stream_slots,          UNIT_COUNT, LIMIT_SLOTS),
        VALUE("stream_ping",        stream_ping_ms,        UNIT_MS,    LIMIT_STREAM_PING_MAX_MS),
        VALUE("compile_cache_size", compile_cache_bytes,   UNIT_BYTES, LIMIT_CACHE_BYTES),
#undef VALUE
};

/* One index for every key, so each has its line in config_load's lines[]: keys[],
 * then each stage limit's default key, then each one's maximum key. */
#define N_KEYS          (ELEMENTSOF(keys) + 2 * STAGE_LIMITS)
#define STAGE_DEF(i)    (ELEMENTSOF(keys) + (i))
#define STAGE_MAX(i)    (ELEMENTSOF(keys) + STAGE_LIMITS + (i))

static const char *key_name(size_t i) {
        if (i < ELEMENTSOF(keys))
                return keys[i].name;
        if (i < STAGE_MAX(0))
                return stage_limit_table[i - STAGE_DEF(0)].conf_key;
        return stage_limit_table[i - STAGE_MAX(0)].conf_max_key;
}

/* Milliseconds and counts take plain digits: "3K" ms is more likely a slip than 3072. */
static int parse_value(const char *value, enum unit unit, long long *ret) {
        if (unit != UNIT_BYTES && value[strspn(value, "0123456789")] != '\0')
                return -EINVAL;
        return conf_number(value, ret);
}

int config_stage_value(const struct stage_limit *row, const char *value, long long *ret) {
        long long v;
        int r;

        r = parse_value(value, row->unit, &v);
        if (r < 0)
                return r;
        /* A zero limit would fail every job; above limits.h is never allowed. */
        if (v < 1 || v > row->cap)
                return -ERANGE;
        *ret = v;
        return 0;
}

static int key_index(const char *name) {
        for (size_t i = 0; i < N_KEYS; i++)
                if (streq(key_name(i), name))
                        return (int)i;
        return -1;
}

/* base + "/" + rel, or rel when it is already absolute. */
static int path_join(char out[PATH_MAX], const char *base, const char *rel) {
        int n;

        if (rel[0] == '/')
                n = snprintf(out, PATH_MAX, "%s", rel);
        else
                n = snprintf(out, PATH_MAX, "%s/%s", base, rel);
        return n < 0 || n >= PATH_MAX ? -ENAMETOOLONG : 0;
}

/* The config file's folder as an absolute path, worked out from the text of path
 * (no realpath: symlinks need not be resolved, and it costs a syscall per component). */
static int config_dir(const char *path, char out[PATH_MAX]) {
        const char *slash = strrchr(path, '/');
        char cwd[PATH_MAX], dir[PATH_MAX];
        int n;

        if (!slash)
                n = snprintf(dir, sizeof(dir), ".");
        else if (slash == path)
                n = snprintf(dir, sizeof(dir), "/");
        else
                n = snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
        if (n < 0 || n >= (int)sizeof(dir))
                return -ENAMETOOLONG;
        if (dir[0] == '/')
                return path_join(out, "", dir);
        if (!getcwd(cwd, sizeof(cwd)))
                return -errno;
        if (streq(dir, "."))
                return path_join(out, "", cwd);
        return path_join(out, cwd, dir);
}

static int check_stage_maxima(const struct config *c, const char *file,
                              const unsigned *lines, struct problem *p) {
        for (size_t i = 0; i < STAGE_LIMITS; i++) {
                const struct stage_limit *row = &stage_limit_table[i];
                long long def, max;

                def = stage_limit_get(row, &c->compile_def, &c->run_def);
                max = stage_limit_get(row, &c->compile_max, &c->run_max);
                if (def > max)
                        return problem(p, ERR_INTERNAL, "%s:%u: %s = %lld is above %s = %lld",
                                       file, lines[STAGE_DEF(i)], row->conf_key, def,
                                       row->conf_max_key, max);
        }
        return 0;
}

static int check_uids(const struct config *c, const char *file, unsigned line,
                      struct problem *p) {
        long long first = c->uid_first, last = first + c->slots - 1;

        if (first < UID_MIN_JOB || last >= UID_END ||
            (first <= UID_NOBODY && last >= UID_NOBODY) ||
            (first <= UID_16BIT_NONE && last >= UID_16BIT_NONE))
                return problem(p, ERR_INTERNAL,
                               "%s:%u: job uids %lld..%lld must lie in %d..%lld and leave out %d and %d",
                               file, line, first, last, UID_MIN_JOB, UID_END - 1,
                               UID_NOBODY, UID_16BIT_NONE);
        return 0;
}

/* A stage limit's default (STAGE_DEF) or maximum (STAGE_MAX) key into c. */
static int config_stage_key(struct config *c, size_t i, const char *key, const char *value,
                            const char *file, unsigned line, struct problem *p) {
        bool is_max = i >= STAGE_MAX(0);
        const struct stage_limit *row = &stage_limit_table[i - (is_max ? STAGE_MAX(0) : STAGE_DEF(0))];
        long long v;

        if (config_stage_value(row, value, &v) < 0)
                return problem(p, ERR_INTERNAL, "%s:%u: %s = %.32s is not a %s in 1..%lld",
                               file, line, key, value,
                               row->unit == UNIT_MS ? "number of ms" : "size in bytes", row->cap);
        stage_limit_set(row, is_max ? &c->compile_max : &c->compile_def,
                        is_max ? &c->run_max : &c->run_def, v);
        return 0;
}

/* One key = value line into c; i is the key's index (key_index). */
static int config_key(struct config *c, size_t i, const char *key, const char *value,
                      const char *file, unsigned line, struct problem *p) {
        const struct key *k;
        long long v;

        if (i >= ELEMENTSOF(keys))
                return config_stage_key(c, i, key, value, file, line, p);
        k = &keys[i];
        switch (k->kind) {
        case KEY_PATH_OR_NONE:
                if (streq(value, "none")) {
                        *((char *)c + k->offset) = '\0';
                        return 0;
                }
                /* fall through */
        case KEY_PATH:
                if (!*value)
                        return problem(p, ERR_INTERNAL, "%s:%u: %s is empty", file, line, key);
                if (path_join((char *)c + k->offset, c->dir, value) < 0)
                        return problem(p, ERR_INTERNAL, "%s:%u: %s: path too long", file, line, key);
                return 0;
        case KEY_SLOTS:
                if (parse_value(value, UNIT_COUNT, &v) < 0 || v < 1 || v > LIMIT_SLOTS)
                        return problem(p, ERR_INTERNAL, "%s:%u: slots = %.32s is not a number in 1..%d",
                                       file, line, value, LIMIT_SLOTS);
                c->slots = (unsigned)v;
                return 0;
        case KEY_UID:
                if (parse_value(value, UNIT_COUNT, &v) < 0 || v >= UID_END)
                        return problem(p, ERR_INTERNAL, "%s:%u: uid_first = %.32s is not a uid",
                                       file, line, value);
                c->uid_first = (uid_t)v;
                return 0;
        case KEY_BOOL:
                if (!streq(value, "yes") && !streq(value, "no"))
                        return problem(p, ERR_INTERNAL, "%s:%u: %s = %.32s is not yes or no",
                                       file, line, key, value);
                c->allow_rlimit_only = streq(value, "yes");
                return 0;
        case KEY_VALUE:
                if (parse_value(value, k->unit, &v) < 0 || v < 1 || v > k->limit)
                        return problem(p, ERR_INTERNAL, "%s:%u: %s = %.32s is not a %s in 1..%lld",
                                       file, line, key, value,
                                       k->unit == UNIT_BYTES ? "size in bytes" : "number",
                                       k->limit);
                *(long long *)((char *)c + k->offset) = v;
                return 0;
        }
        return -EINVAL;
}

/* The first key without a line, in coderun.conf's grouping: the settings, the
 * stage limits (defaults, then maxima), the sizes and counts. */
static int check_missing(const unsigned *lines, const char *file, struct problem *p) {
        for (int pass = 0; pass < 3; pass++)
                for (size_t i = 0; i < N_KEYS; i++) {
                        int in = i >= ELEMENTSOF(keys) ? 1 : keys[i].kind == KEY_VALUE ? 2 : 0;

                        if (in == pass && !lines[i])
                                return problem(p, ERR_INTERNAL, "%s: missing key \"%s\"",
                                               file, key_name(i));
                }
        return 0;
}

int config_load(const char *path, struct config *ret, struct problem *p) {
        _cleanup_free_ char *buf = NULL;
        unsigned lines[N_KEYS] = {0};
        struct config c;
        struct conf f;
        const char *file;
        char *key, *value;
        int r;

        if (!path)
                path = CODERUN_CONF;
        file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

        r = config_dir(path, c.dir);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s: folder: %s", path, strerror(-r));
        r = conf_open(path, &f);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s: %s", path, strerror(-r));
        buf = f.buf;

        while ((r = conf_next(&f, &key, &value)) > 0) {
                int i = key_index(key);

                if (i < 0)
                        return problem(p, ERR_INTERNAL, "%s:%u: unknown key \"%.32s\"",
                                       file, f.line, key);
                if (lines[i])
                        return problem(p, ERR_INTERNAL, "%s:%u: duplicate key \"%s\" (first on line %u)",
                                       file, f.line, key, lines[i]);
                lines[i] = f.line;
                r = config_key(&c, (size_t)i, key, value, file, f.line, p);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s:%u: expected key = value", file, f.line);

        r = check_missing(lines, file, p);
        if (r < 0)
                return r;
        r = check_stage_maxima(&c, file, lines, p);
        if (r < 0)
                return r;
        r = check_uids(&c, file, lines[key_index("uid_first")], p);
        if (r < 0)
                return r;
        if (c.stream_timeout_ms > c.stream_timeout_max_ms)
                return problem(p, ERR_INTERNAL, "%s:%u: stream_timeout = %lld is above "
                               "stream_timeout_max = %lld", file, lines[key_index("stream_timeout")],
                               c.stream_timeout_ms, c.stream_timeout_max_ms);
        /* A cap, not a count: with fewer slots than it, streams may take them all. */
        if (c.stream_slots > c.slots)
                c.stream_slots = c.slots;
        *ret = c;
        return 0;
}
