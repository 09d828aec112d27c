/* runtimes.h: the server's runtime list, and the language a file's name implies. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "cli/bounds.h"
#include "cli/fail.h"

struct runtime {
        const char *language, *version;
        char *aliases, *extensions;     /* blank-joined; "" when none */
        bool compiled;
};

struct runtimes {
        struct runtime list[LIMIT_LANGS];
        size_t n;
};

/* Parse a {"op":"runtimes"} reply (buf changed in place). An error reply is
 * CLI_EXIT_SERVER_ERROR with the server's message; anything else not a runtime
 * list is CLI_EXIT_UNREACHABLE. */
int runtimes_parse(char *buf, size_t len, struct runtimes *ret, struct failure *f);

/* The runtime whose extension ends path's last part (the longest such, any case),
 * or NULL. */
const struct runtime *runtimes_for_file(const struct runtimes *rt, const char *path);
