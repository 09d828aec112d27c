/* args.h: the command line, parsed and checked, before any file is read. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "cli/bounds.h"
#include "cli/fail.h"

#define ARGS_LIMITS 6

enum args_encoding { ENCODING_DEFAULT, ENCODING_UTF8, ENCODING_BASE64 };

struct args_limit {
        const char *field;              /* the request field, e.g. "run_timeout" */
        const char *text;               /* as given: "1.5s" */
        long long value;                /* ms or bytes */
};

struct args_test {
        const char *in, *out;           /* --test IN:OUT */
};

struct args {
        const char *language, *version; /* NULL: from the extension / any */
        const char *stdin_path;         /* -i FILE */
        const char *server;             /* --server, else CODERUN_SERVER, else the default */
        const char *tests_dir;          /* --tests DIR */
        char **files;                   /* the first is the entry point; "-": stdin */
        size_t n_files;
        char **prog_args;               /* after -- */
        size_t n_prog_args;
        struct args_limit limits[ARGS_LIMITS];
        size_t n_limits;
        struct args_test tests[CLI_TESTS];
        size_t n_tests;
        char checker[160];              /* --checker as the request's JSON value; "": none */
        const char *checker_file;       /* --checker FILE: a checker program's source */
        const char *interactor_file;    /* --interactor FILE */
        const char *judge_language;     /* --judge-language: that file's language */
        const char *compile_args[CLI_COMPILE_ARGS];     /* --compile-arg, in order */
        size_t n_compile_args;
        bool stop_on_failure;
        enum args_encoding encoding;
        bool list, json, help, show_version;
        bool tty, no_stream;             /* --tty, --no-stream */
};

/* Parse argv (changed: getopt permutes it, --test's colon is cut). Errors are
 * CLI_EXIT_USAGE. */
int args_parse(int argc, char **argv, struct args *ret, struct failure *f);

/* The flag that sets request field (e.g. "run_memory_limit" -> "--memory") and
 * whether its value is a size; NULL when no flag sets it. */
const char *args_limit_flag(const char *field, bool *ret_bytes);

/* The value of field's flag as the user wrote it, or NULL when not given. */
const char *args_limit_text(const struct args *a, const char *field);

/* The --help text (help.c). */
const char *args_help(void);

/* --checker NAME, NAME in lines, exact, tokens, unordered, or float:ABS[,REL], into
 * a->checker as the request's JSON value, or any other word as a checker program's
 * file (read by load.c); --compile-arg ARG onto a's list (judge.c). */
int args_checker(struct args *a, const char *spec, struct failure *f);
int args_compile_arg(struct args *a, const char *arg, struct failure *f);

/* What the judging options cannot be together, or without tests (judge.c). */
int args_check_judging(const struct args *a, struct failure *f);

/* The judge program's file (--checker FILE or --interactor FILE) and the option
 * that named it, or NULL when there is none. */
const char *args_judge_file(const struct args *a, const char **ret_flag);
