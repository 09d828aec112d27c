/* interact.h: one test run beside the interactor (interact.c), and its verdict
 * from both (interact-verdict.c). The interactor's stdout is the solution's stdin
 * and the solution's stdout its stdin; it gets the test's input as a file (and
 * the expected output, when the test has one), and its exit code is the verdict,
 * testlib's way. */
#pragma once
#include <stdbool.h>
#include <sys/types.h>
#include "job/program.h"

struct interaction {
        pid_t pid;                      /* the fork serving the interactor's stage; -1: none */
        void *shared;                   /* where it hands back its outcome */
        bool has_answer;
};

/* Start test t's interactor; wired[0] and [1] become the solution's stdin and
 * stdout, for its stage_spec. */
int interact_begin(struct program *pg, size_t t, const struct test *test,
                   struct interaction *ia, int wired[2], struct problem *p);
/* After the solution's stage (sol, run under lim): wait for the interactor's, and
 * judge the two. */
int interact_end(struct program *pg, struct interaction *ia, const struct outcome *sol,
                 const struct stage_limits *lim, struct verdict_info *v, struct problem *p);
/* The solution's stage failed: end the interactor's now. */
void interact_abort(struct interaction *ia);

/* The verdict from the two outcomes (pg->o the interactor's): the solution's time,
 * memory or output limit first (with who waited for whom for a TO); then the
 * first program to end decides, since the other may then die of a closed pipe or
 * an early EOF: an interactor that ended first gives its WA or PE, its TO when it
 * waited for the solution, or CF when it failed; else the solution's own failure;
 * else the interactor's failure (CF) or its exit code. */
void interact_verdict(const struct program *pg, const struct outcome *sol,
                      const struct stage_limits *lim, struct verdict_info *v);
