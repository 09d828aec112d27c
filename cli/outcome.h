/* outcome.h: what a result means for the shell: coderun's exit status, and the
 * one line that says why a run did not end normally. */
#pragma once
#include <stddef.h>
#include "cli/reply.h"

/* The exit status (enum cli_exit, the program's code, or 128 + its signal). */
int outcome_exit(const struct result *r);

/* The note for stderr, e.g. "wall time limit exceeded (3000 ms)", into buf; false
 * when the run ended normally (an exit code, even non-zero, is normal). */
bool outcome_note(const struct result *r, char *buf, size_t size);
