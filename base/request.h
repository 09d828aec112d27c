/* request.h: an execute request as data, the job's order: what to compile and run,
 * with what input and limits. The wire layer decodes it; the job layer runs it;
 * neither sees how the other does its part. All strings point into the request
 * buffer, decoded in place, NUL-terminated. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/stagelimit.h"
#include "base/text.h"

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
        long long limits[STAGE_LIMITS]; /* as sent, by stage_limit_table's row; -1: the default */
        struct test *tests;     /* NULL: a single run */
        size_t n_tests;
        bool stream;            /* events as they happen */
        bool interactive;       /* stream whose client may type stdin and send signals while
                                   it runs (raw TCP, WebSocket; an HTTP stream only listens) */
        bool tty;               /* interactive only: the run stage on a pseudo-terminal */
};
