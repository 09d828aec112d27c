/* judge.c: the judging options of the command line: --checker's word into the
 * request's "checker" value or a checker program's file, --interactor's file,
 * --compile-arg's list, and what these cannot be together. It reads no file and
 * only checks what it can say better than the server, which checks them again. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "base/util.h"
#include "cli/args.h"

/* One tolerance of float:ABS[,REL]: a finite number >= 0, written out whole. */
static int tolerance(const char *s, size_t n, double *ret) {
        char buf[64], *end;

        if (n == 0 || n >= sizeof(buf))
                return -1;
        memcpy(buf, s, n);
        buf[n] = '\0';
        *ret = strtod(buf, &end);
        return *end || !isfinite(*ret) || *ret < 0 ? -1 : 0;
}

int args_checker(struct args *a, const char *spec, struct failure *f) {
        static const char *const names[] = { "lines", "exact", "tokens", "unordered" };
        const char *comma;
        double abs_tol, rel_tol = 0;

        /* The last --checker wins, whichever kind it is. */
        a->checker[0] = '\0';
        a->checker_file = NULL;
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(spec, names[i])) {
                        snprintf(a->checker, sizeof(a->checker), "\"%s\"", names[i]);
                        return 0;
                }
        /* Any other word is a program's file: load.c says so when there is none, a
         * file called "lines" is ./lines, and "float:" is always a tolerance. */
        if (strncmp(spec, "float:", 6) != 0) {
                a->checker_file = spec;
                return 0;
        }
        spec += 6;
        comma = strchr(spec, ',');
        if (tolerance(spec, comma ? (size_t)(comma - spec) : strlen(spec), &abs_tol) < 0 ||
            (comma && tolerance(comma + 1, strlen(comma + 1), &rel_tol) < 0))
                return fail_set(f, CLI_EXIT_USAGE, "--checker float:%s: ABS and REL must be "
                                "numbers >= 0, e.g. float:1e-6 or float:0,1e-9", spec);
        /* %.17g: the double the user wrote, read back as the same double. */
        snprintf(a->checker, sizeof(a->checker), "{\"type\":\"float\",\"abs\":%.17g,\"rel\":%.17g}",
                 abs_tol, rel_tol);
        return 0;
}

int args_compile_arg(struct args *a, const char *arg, struct failure *f) {
        if (a->n_compile_args >= CLI_COMPILE_ARGS)
                return fail_set(f, CLI_EXIT_USAGE, "--compile-arg: more than %d (the server's "
                                "limit)", CLI_COMPILE_ARGS);
        a->compile_args[a->n_compile_args++] = arg;
        return 0;
}

const char *args_judge_file(const struct args *a, const char **ret_flag) {
        *ret_flag = a->interactor_file ? "--interactor" : "--checker";
        return a->interactor_file ? a->interactor_file : a->checker_file;
}

int args_check_judging(const struct args *a, struct failure *f) {
        bool testing = a->n_tests > 0 || a->tests_dir;
        const char *flag, *file = args_judge_file(a, &flag);

        /* The server refuses both too; said here in the options' words. */
        if (a->interactor_file && (a->checker[0] || a->checker_file))
                return fail_set(f, CLI_EXIT_USAGE, "--checker and --interactor exclude each other: "
                                "the interactor's exit code is the verdict");
        if (!testing && (a->checker[0] || file || a->stop_on_failure))
                return fail_set(f, CLI_EXIT_USAGE, "%s judges tests: give --test or --tests",
                                file ? flag : a->checker[0] ? "--checker" : "--stop-on-failure");
        if (a->judge_language && !file)
                return fail_set(f, CLI_EXIT_USAGE, "--judge-language is the language of "
                                "--checker FILE or --interactor FILE: give one");
        /* Our stdin is the solution's source or nothing: never a second program. */
        if (file && streq(file, "-"))
                return fail_set(f, CLI_EXIT_USAGE, "%s -: the program is read from a file, "
                                "not from stdin", flag);
        return 0;
}
