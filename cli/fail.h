/* fail.h: the CLI's exit statuses and the one message a failed step leaves for
 * main(), which alone prints it and exits. The codes sit in 118-125, clear of the
 * small codes programs use and of 128+N (a signal); 124 and 125 mean what they
 * mean for timeout(1). 118 extends them downwards: a failed judge is neither the
 * program's failure nor the server's. cli/coderun.1 and --help list them. */
#pragma once

enum cli_exit {
        CLI_EXIT_TESTS_FAILED = 1,      /* --test/--tests: a case did not pass */
        CLI_EXIT_JUDGE_FAILED = 118,    /* CF: a checker program or interactor failed */
        CLI_EXIT_OUTPUT_LIMIT = 119,    /* OL/EL: stdout or stderr over the server's limit */
        CLI_EXIT_UNREACHABLE = 120,     /* no connection, no reply, or not a coderun reply */
        CLI_EXIT_SERVER_ERROR = 121,    /* the server refused the request, or could not run it */
        CLI_EXIT_COMPILE_ERROR = 122,   /* the compile stage failed (its own limits included) */
        CLI_EXIT_MEMORY_LIMIT = 123,    /* ML */
        CLI_EXIT_TIME_LIMIT = 124,      /* TO, wall or CPU time */
        CLI_EXIT_USAGE = 125,           /* bad command line, unreadable or unusable input */
        CLI_EXIT_SIGNAL_BASE = 128,     /* killed by signal N: 128 + N, as shells report it */
};

struct failure {
        int exit;                       /* an enum cli_exit */
        char message[1024];
};

/* Fill f and return -EINVAL: helpers end with `return fail_set(f, ...)`. */
int fail_set(struct failure *f, int exit, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
