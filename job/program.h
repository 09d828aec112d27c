/* program.h: a judge's program beside the solution (program.c): a checker
 * program, run after each judged test on that test's files, or an interactor, run
 * beside each test's run (interact.c). Either is compiled once per request in a
 * jail of its own (jail.c: a second slot, so its own uid and network namespace,
 * and its own work dir), so it never sees the solution's files, the solution
 * never sees it, and it sees no test but its own. */
#pragma once
#include <stdbool.h>
#include "base/outcome.h"
#include "base/request.h"
#include "base/sink.h"
#include "config/config.h"
#include "config/lang.h"
#include "job/control.h"
#include "sandbox/sandbox.h"

/* What a judge's program may print per stream: its stderr is the checker_message,
 * and a program printing megabytes is a failed checker, not a reply of megabytes. */
#define PROGRAM_OUTPUT_BYTES (64 << 10)

struct program {
        struct jail jail;
        int box;                        /* its work dir */
        const struct lang *lang;
        const struct request *req;      /* its language, files and limits */
        const char *what;               /* "checker" or "interactor": its field */
        struct stage_limits compile, run;
        struct control ctl;             /* no client steers it: never live */
        struct outcome o;               /* its last stage's */
        char dir[32];                   /* the folder of the last test's files; "": none */
        char paths[3][48];              /* the files in it: input, output, answer */
};

/* Ready pg (its jail and work dir made by jail_prepare) for req in lang: its
 * limits resolved and its files written. */
int program_prepare(struct program *pg, const struct lang *lang, const struct request *req,
                    const char *what, struct problem *p);

/* Compile it (when its language compiles), or restore it from the compile cache
 * (cache: its folder, -1: none): a program that does not compile fails the request
 * (bad_request, with the compiler's first words). client: the sink whose client is
 * watched meanwhile (nothing is reported to it). */
int program_compile(struct program *pg, int cache, struct sink *client, struct problem *p);

/* Test t's files into a fresh folder of its work dir, readable by it, never
 * writable but output (testlib's interactors write there): input, output (the
 * solution's, or empty: NULL) and answer (NULL: none); pg->paths name them, as
 * the program's command line takes them. */
int program_files(struct program *pg, size_t t, const struct blob *input,
                  const struct capture *output, const struct blob *answer,
                  struct problem *p);

/* One run of it, with args; its end in pg->o. wired as run_step's; client as in
 * program_compile, or NULL to watch none. */
int program_run(struct program *pg, char **args, size_t n_args, int *wired,
                struct sink *client, struct problem *p);

/* Judge test t's run (o, which passed everything but the checker) with the checker
 * program: 0 AC, 1 WA, 2 PE, anything else (or its own limits) CF. */
int program_check(struct program *pg, size_t t, const struct test *test,
                  const struct outcome *o, struct sink *client, struct verdict_info *v,
                  struct problem *p);

/* Its stderr, its first line(s) and at most cap - 1 bytes, as a message. */
void program_message(const struct outcome *o, char *buf, size_t cap);
/* The test's message from pg's last run: its stderr, after the reason it failed
 * (failed: a CF). */
void program_failure(const struct program *pg, bool failed, char *buf, size_t cap);
