/* test-lang.c: drives config.c and the lang.d code (all of lang.d, through
 * langcheck.c's lang_load_all) for tests/config/lang.bats; prints JSON lines.
 * It never changes what it loads: it only shows it, or the problem with it.
 *
 *   test-lang CONFIG list               every offered language, one JSON object a line
 *   test-lang CONFIG find NAME VERSION  the match, or the problem
 *   test-lang CONFIG argv NAME FILE...  the compile and run argv for the request's files,
 *                                       the first the entry; "" is a file without a name
 *   test-lang CONFIG env NAME batch|stream [CAP]
 *                                       the run stage's environment (langenv.c), into an
 *                                       out[] of CAP pointers (default: the most it needs)
 *   test-lang CONFIG time               microseconds of one config_load + lang load
 * Exit 0 on success, 1 with {"error":...,"message":...} on stdout, 2 on bad usage,
 * 3 when lang_run_env left its out[] without the NULL at its count.
 *
 * Built by `make build/test-lang` under ASan and UBSan.
 */
#include <stdio.h>
#include "config/config.h"
#include "config/langcheck.h"
#include "config/langenv.h"
#include "config/lookup.h"
#include "base/util.h"
#include "tests/harness.h"

/* Static: LeakSanitizer sees the kept buffers as still in use at exit. */
static struct langs langs;

static void put_list(const char *const *v, size_t n) {
        putchar('[');
        for (size_t i = 0; i < n; i++) {
                if (i)
                        putchar(',');
                put_str(v[i]);
        }
        putchar(']');
}

static int fail(const struct problem *p) {
        printf("{\"error\":");
        put_str(err_names[p->err]);
        printf(",\"message\":");
        put_str(p->message);
        printf("}\n");
        return 1;
}

static void put_lang(const struct lang *l) {
        printf("{\"name\":");
        put_str(l->name);
        printf(",\"version\":");
        put_str(l->version);
        printf(",\"aliases\":");
        put_list((const char *const *)l->aliases, l->n_aliases);
        printf(",\"extensions\":");
        put_list((const char *const *)l->extensions, l->n_extensions);
        printf(",\"file\":");
        put_str(l->file);
        printf(",\"compiled\":%s,\"compile\":", l->n_compile ? "true" : "false");
        put_list((const char *const *)l->compile, l->n_compile);
        printf(",\"run\":");
        put_list((const char *const *)l->run, l->n_run);
        printf(",\"env\":");
        put_list((const char *const *)l->env, l->n_env);
        printf(",\"stream_env\":");
        put_list((const char *const *)l->stream_env, l->n_stream_env);
        /* Every row of the stage-limit table, by its name: a new limit shows up here. */
        printf(",\"limits\":{");
        for (size_t i = 0; i < STAGE_LIMITS; i++)
                printf("%s\"%s\":%lld", i ? "," : "", stage_limit_table[i].name,
                       stage_limit_get(&stage_limit_table[i], &l->compile_def, &l->run_def));
        printf("}}\n");
}

/* "name":argv, or only the check that it can be built when !print, so that a failed
 * expansion prints one JSON line, the problem, and no half object before it. */
static int put_argv(const char *name, const struct lang *l, const char *const *tmpl, size_t n,
                    const struct file *files, size_t n_files, bool print) {
        /* As large as job/job.c's: a list may add LIMIT_SOURCES words. */
        static char *argv[LOOKUP_ARGV_MAX + 1];
        int r = 0;

        if (print)
                printf("\"%s\":", name);
        if (n == 0) {
                if (print)
                        printf("null");
                return 0;
        }
        r = lookup_argv(l, tmpl, n, files, n_files, NULL, 0, argv, LOOKUP_ARGV_MAX);
        if (r < 0)
                return r;
        if (print)
                put_list((const char *const *)argv, (size_t)r);
        lookup_argv_free(argv, (size_t)r);
        return 0;
}

/* {"env":[...],"n":COUNT}: what lang_run_env gave, checked to be NULL-terminated
 * at its count; or the problem, -E2BIG named. */
static int put_env(const char *name, bool stream, const char *cap_arg) {
        static char *out[LANG_RUN_ENV_MAX + 1];
        size_t cap = cap_arg ? strtoul(cap_arg, NULL, 10) : ELEMENTSOF(out);
        const struct lang *l;
        struct problem p;
        int r;

        l = lookup_language(&langs, name, "*", &p);
        if (!l)
                return fail(&p);
        if (cap > ELEMENTSOF(out))
                return 2;
        /* Poisoned, so a word left unwritten or a missing NULL shows. */
        for (size_t i = 0; i < ELEMENTSOF(out); i++)
                out[i] = (char *)"POISON";
        r = lang_run_env(l, stream, out, cap);
        if (r < 0) {
                problem(&p, ERR_INTERNAL, "lang_run_env: %s", strerror(-r));
                return fail(&p);
        }
        if ((size_t)r >= cap || out[r] != NULL)
                return 3;
        printf("{\"env\":");
        put_list((const char *const *)out, (size_t)r);
        printf(",\"n\":%d}\n", r);
        return 0;
}

int main(int argc, char **argv) {
        struct config cfg;
        struct problem p;
        const struct lang *l;
        long long t0 = now_ns();
        int r;

        if (argc < 3)
                goto usage;
        r = config_load(argv[1], &cfg, &p);
        if (r < 0)
                return fail(&p);
        r = lang_load_all(&cfg, &langs, &p);
        if (r < 0)
                return fail(&p);

        if (streq(argv[2], "time") && argc == 3) {
                printf("{\"us\":%.1f}\n", (double)(now_ns() - t0) / 1000);
                return 0;
        }
        if (streq(argv[2], "list") && argc == 3) {
                for (size_t i = 0; i < langs.n; i++)
                        put_lang(&langs.list[i]);
                return 0;
        }
        if (streq(argv[2], "find") && argc == 5) {
                l = lookup_language(&langs, argv[3], argv[4], &p);
                if (!l)
                        return fail(&p);
                printf("{\"name\":");
                put_str(l->name);
                printf(",\"version\":");
                put_str(l->version);
                printf("}\n");
                return 0;
        }
        if (streq(argv[2], "env") && (argc == 5 || argc == 6) &&
            (streq(argv[4], "batch") || streq(argv[4], "stream")))
                return put_env(argv[3], streq(argv[4], "stream"), argc == 6 ? argv[5] : NULL);
        if (streq(argv[2], "argv") && argc >= 5) {
                size_t n_files = (size_t)argc - 4;
                _cleanup_free_ struct file *files = calloc(n_files, sizeof(*files));

                l = lookup_language(&langs, argv[3], "*", &p);
                if (!l)
                        return fail(&p);
                if (!files)
                        return 2;
                for (size_t i = 0; i < n_files; i++)
                        files[i].name = argv[4 + i][0] ? argv[4 + i] : NULL;
                for (int print = 0; print < 2; print++) {
                        if (print)
                                putchar('{');
                        r = put_argv("compile", l, (const char *const *)l->compile,
                                     l->n_compile, files, n_files, print);
                        if (print)
                                putchar(',');
                        if (r >= 0)
                                r = put_argv("run", l, (const char *const *)l->run, l->n_run,
                                             files, n_files, print);
                        if (r < 0) {
                                problem(&p, ERR_INTERNAL, "lookup_argv: %s", strerror(-r));
                                return fail(&p);
                        }
                }
                printf("}\n");
                return 0;
        }
usage:
        fprintf(stderr, "usage: test-lang CONFIG list|time|find NAME VERSION|"
                "env NAME batch|stream [CAP]|argv NAME FILE...\n");
        return 2;
}
