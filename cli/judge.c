/* judge.c: the judging options of the command line: --checker's word into the
 * request's "checker" value, and --compile-arg's list. It only checks what it can
 * say better than the server: the server checks them again, strictly. */
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

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(spec, names[i])) {
                        snprintf(a->checker, sizeof(a->checker), "\"%s\"", names[i]);
                        return 0;
                }
        if (strncmp(spec, "float:", 6) != 0)
                return fail_set(f, CLI_EXIT_USAGE, "--checker: \"%s\" is not lines, exact, tokens, "
                                "unordered or float:ABS[,REL]", spec);
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
