/* test-lang.c: drives config.c and the lang.d code (all of lang.d, through
 * langcheck.c's lang_load_all) for tests/config/lang.bats; prints JSON lines.
 * It never changes what it loads: it only shows it, or the problem with it.
 *
 *   test-lang CONFIG list               every offered language, one JSON object a line
 *   test-lang CONFIG find NAME VERSION  the match, or the problem
 *   test-lang CONFIG argv NAME FILE     the compile and run argv for entry FILE
 *   test-lang CONFIG time               microseconds of one config_load + lang load
 * Exit 0 on success, 1 with {"error":...,"message":...} on stdout, 2 on bad usage.
 *
 * Built by `make build/test-lang` under ASan and UBSan.
 */
#include <stdio.h>
#include "config/config.h"
#include "config/langcheck.h"
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
        /* Every row of the stage-limit table, by its name: a new limit shows up here. */
        printf(",\"limits\":{");
        for (size_t i = 0; i < STAGE_LIMITS; i++)
                printf("%s\"%s\":%lld", i ? "," : "", stage_limit_table[i].name,
                       stage_limit_get(&stage_limit_table[i], &l->compile_def, &l->run_def));
        printf("}}\n");
}

static int put_argv(const char *name, const char *const *tmpl, size_t n, const char *file) {
        char *argv[LIMIT_ARGV + 1];
        int r;

        printf("\"%s\":", name);
        if (n == 0) {
                printf("null");
                return 0;
        }
        r = lookup_argv(tmpl, n, file, argv, LIMIT_ARGV);
        if (r < 0)
                return r;
        put_list((const char *const *)argv, n);
        for (size_t i = 0; i < n; i++)
                if (argv[i] != tmpl[i])
                        free(argv[i]);
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
        if (streq(argv[2], "argv") && argc == 5) {
                l = lookup_language(&langs, argv[3], "*", &p);
                if (!l)
                        return fail(&p);
                putchar('{');
                r = put_argv("compile", (const char *const *)l->compile, l->n_compile, argv[4]);
                putchar(',');
                if (r >= 0)
                        r = put_argv("run", (const char *const *)l->run, l->n_run, argv[4]);
                if (r < 0) {
                        printf("\n");
                        problem(&p, ERR_INTERNAL, "lookup_argv: %s", strerror(-r));
                        return fail(&p);
                }
                printf("}\n");
                return 0;
        }
usage:
        fprintf(stderr, "usage: test-lang CONFIG list|time|find NAME VERSION|argv NAME FILE\n");
        return 2;
}
