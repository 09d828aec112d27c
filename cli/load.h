/* load.h: every byte the command line names, read from disk or stdin, bounded by
 * the server's request cap, before the request is encoded. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "cli/args.h"
#include "cli/fail.h"

struct bytes {
        char *data;
        size_t len;
};

struct load_case {
        const char *name;               /* shown in the table */
        struct bytes in, out;           /* stdin, expected stdout: valid UTF-8 */
        bool has_out;                   /* false: a NAME.in alone, run and shown, not judged */
};

struct loaded {
        struct bytes *files;
        const char **names;             /* the name sent; NULL: the language's default */
        size_t n_files;
        bool has_stdin;
        struct bytes stdin;             /* valid UTF-8 */
        struct load_case *tests;        /* --test pairs, then --tests DIR's, by name */
        size_t n_tests;
        const char *judge_name;         /* --checker FILE or --interactor FILE: its last
                                           part, the name sent; NULL: none */
        struct bytes judge;             /* its source */
};

/* Read the sources, the program's stdin (-i FILE, or ours when not a terminal and
 * not the source), the tests, and the checker's or interactor's source. Errors are
 * CLI_EXIT_USAGE and name the file. */
int load_all(const struct args *a, struct loaded *ret, struct failure *f);

/* The name a file is sent under: its path relative to the entry file's folder when
 * it lies below it (so `#include "lib/x.h"` still finds it), else its last part. */
const char *load_name(const char *entry, const char *path);
