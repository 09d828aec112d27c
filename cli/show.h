/* show.h: everything coderun prints: the program's output, notes and errors on
 * stderr (coloured only on a terminal without NO_COLOR), the tests table and the
 * runtime list. */
#pragma once
#include "cli/load.h"
#include "cli/reply.h"
#include "cli/runtimes.h"

/* "coderun: TEXT" on stderr, red on a terminal. */
void show_error(const char *text);
/* The compile stage's output (always to stderr), then the run's stdout to stdout
 * and stderr to stderr byte for byte, or its interleaved output to stdout when
 * both are the same file (a terminal, 2>&1), so that their order survives. */
int show_outputs(const struct result *r);
/* The pass/fail table with time and memory per test, and a summary line. */
void show_tests(const struct result *r, const struct loaded *in);
void show_runtimes(const struct runtimes *rt);
