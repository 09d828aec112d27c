/* request.h: an execute request as data, the job's order: what to compile and run,
 * with what input and limits. The wire layer decodes it; the job layer runs it;
 * neither sees how the other does its part. All strings point into the request
 * buffer, decoded in place, NUL-terminated. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/text.h"

/* Per-stage limits as sent; -1 means "server default". */
enum limit_kind {
        LIM_COMPILE_TIMEOUT, LIM_RUN_TIMEOUT,
        LIM_COMPILE_CPU, LIM_RUN_CPU,
        LIM_COMPILE_MEMORY, LIM_RUN_MEMORY,
        _LIM_MAX,
};

struct file {
        char *name;             /* NULL: the language's default name */
        struct blob content;
};

struct test {
        struct blob stdin;
        char **args;
        size_t n_args;
        struct blob expected;
        bool has_expected;
};

struct request {
        char *language;
        char *version;          /* "*" when absent */
        struct file *files;
        size_t n_files;
        struct blob stdin;
        char **args;
        size_t n_args;
        long long limits[_LIM_MAX];
        struct test *tests;     /* NULL: a single run */
        size_t n_tests;
};
