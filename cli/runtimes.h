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

/* The interpreter a "#!" first line of text[0..len) names, into name[size]:
 * "#!/usr/bin/python3.11" and "#!/usr/bin/env -S python3 -u" name "python3.11"
 * and "python3"; false when there is no such line. */
bool runtimes_shebang(const char *text, size_t len, char *name, size_t size);

/* The runtime called name or with name as an alias (any case), else the one for
 * name less a version at its end ("python3.11", then "python3", then "python"),
 * or NULL. */
const struct runtime *runtimes_for_interpreter(const struct runtimes *rt, const char *name);

/* The language of the file at path with text[0..len): the runtime of its extension,
 * or for a file without one, of the interpreter its "#!" line names. Not found is
 * CLI_EXIT_USAGE naming label (how the user wrote the file) and flag (the option
 * that names a language instead: "-l"). */
int runtimes_pick(const struct runtimes *rt, const char *path, const char *text, size_t len,
                  const char *label, const char *flag, const char **ret, struct failure *f);
