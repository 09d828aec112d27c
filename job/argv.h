/* argv.h: a stage's command line (argv.c). */
#pragma once
#include <stdbool.h>
#include "base/request.h"
#include "config/lang.h"

/* *ret = lang's command tmpl (n words) for req's files (a compile command with
 * req's compile_args in it), then args; *ret_words how many of its words are ours
 * (job_argv_free frees those and the array; the args are the caller's). */
int job_argv(const struct lang *lang, char *const *tmpl, size_t n, bool compile,
             const struct request *req, char **args, size_t n_args, char ***ret,
             size_t *ret_words, struct problem *p);
void job_argv_free(char **argv, size_t words);
