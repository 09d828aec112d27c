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

/* How a test's output is judged against its expected output (job/check.c has each
 * rule). */
enum checker_kind {
        CHECKER_LINES,          /* the default: blanks at line ends, blank lines at the end ignored */
        CHECKER_EXACT,          /* the bytes */
        CHECKER_TOKENS,         /* whitespace-separated tokens */
        CHECKER_FLOAT,          /* tokens; numbers within abs or rel of each other */
        CHECKER_UNORDERED,      /* lines as a multiset */
        CHECKER_PROGRAM,        /* the request's checker program (request.checker_program) */
        _CHECKER_MAX,
};

struct checker {
        enum checker_kind kind;
        double abs, rel;        /* CHECKER_FLOAT's tolerances, finite and >= 0 */
};

struct test {
        struct blob stdin;
        char **args;
        size_t n_args;
        struct blob expected;
        bool has_expected;
        bool has_checker;       /* its own checker, else the request's */
        struct checker checker;
};

/* A checker program or an interactor is a request of its own in part: its
 * language, version, files and stage limits (nothing else of it is set). */
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
        struct checker checker; /* for the tests that name none (CHECKER_LINES when absent) */
        struct request *checker_program;        /* CHECKER_PROGRAM's program, else NULL */
        struct request *interactor;     /* beside each test's run, else NULL */
        bool stop_on_failure;   /* tests after the first that did not pass are not run */
        char **compile_args;    /* placed at the compile command's {compile_args} */
        size_t n_compile_args;
        bool has_compile_args;  /* sent, even empty: the language must take them */
        bool stream;            /* events as they happen */
        bool interactive;       /* stream whose client may type stdin and send signals while
                                   it runs (raw TCP, WebSocket; an HTTP stream only listens) */
        bool tty;               /* interactive only: the run stage on a pseudo-terminal */
};
