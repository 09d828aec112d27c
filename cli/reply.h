/* reply.h: the server's reply to an execute request, decoded: an error, or the
 * compile and run stages (or the tests), with program output as exact bytes. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/json.h"
#include "cli/fail.h"
#include "cli/load.h"

struct stage {
        bool present;
        struct bytes out, err, both;    /* stdout, stderr, output (both, as they came) */
        bool has_code;
        long long code;
        const char *signal, *status, *message;  /* NULL: null or absent */
        long long cpu_ms, wall_ms, memory;      /* -1: null or absent */
        int passed;                     /* tests: -1 null or absent, 0 false, 1 true */
        const char *verdict, *checker_message;  /* tests: NULL when null or absent */
        struct {                        /* tests: the checker program's or interactor's run */
                bool present, interactor;
                long long cpu_ms, wall_ms;      /* -1: null or absent */
        } judge;
};

struct result {
        const char *error, *message;    /* an error reply: the request was not run */
        const char *language, *version;
        struct stage compile, run;
        struct stage *tests;
        size_t n_tests;
};

/* Parse buf[0..len) (changed in place). base64: the request asked for base64
 * output, so stdout, stderr and output are decoded from it. A reply that is not
 * valid JSON or not shaped like a reply is CLI_EXIT_UNREACHABLE. */
int reply_parse(char *buf, size_t len, bool base64, struct result *ret, struct failure *f);

/* The same for the reply that is value obj of a parsed text (a stream's done
 * event holds one); its strings point into that text. */
int reply_from(const struct json *j, int obj, bool base64, struct result *ret,
               struct failure *f);
