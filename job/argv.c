/* argv.c: a stage's command line: lang.d's command for a request's files (the
 * solution's, a checker program's or an interactor's), then its arguments. */
#include "base/limits.h"
#include "base/util.h"
#include "config/lookup.h"
#include "job/argv.h"

int job_argv(const struct lang *lang, char *const *tmpl, size_t n, bool compile,
             const struct request *req, char **args, size_t n_args, char ***ret,
             size_t *ret_words, struct problem *p) {
        char **argv = calloc(LOOKUP_ARGV_MAX + LIMIT_COMPILE_ARGS + LIMIT_ARGS + 1,
                             sizeof(char *));
        size_t extra = compile ? req->n_compile_args : 0;
        int r;

        if (!argv)
                return problem(p, ERR_INTERNAL, "out of memory");
        r = lookup_argv(lang, (const char *const *)tmpl, n, req->files, req->n_files,
                        compile ? req->compile_args : NULL, extra, argv, LOOKUP_ARGV_MAX + extra);
        if (r < 0)
                free(argv);
        if (r == -E2BIG)
                return problem(p, ERR_BAD_REQUEST, "files: more sources than the %d words of "
                               "a %s command line", LOOKUP_ARGV_MAX, lang->name);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "lang.d/%s.conf: command: %s", lang->name,
                               strerror(-r));
        for (size_t i = 0; i < n_args; i++)
                argv[r + i] = args[i];
        *ret = argv;
        *ret_words = (size_t)r;         /* ours to free; the args are the request's */
        return 0;
}

void job_argv_free(char **argv, size_t words) {
        lookup_argv_free(argv, words);
        free(argv);
}
