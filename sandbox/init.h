/* init.h: the waiting half of the stage's PID 1. */
#pragma once
#include <sys/types.h>
#include "sandbox/sandbox.h"

/* Call before fork(): SIGCHLD must be blocked from the start, or a child that exits
 * at once could be missed. The job child restores the mask with init_unblock(). */
int init_block(void);
int init_unblock(void);

/* Reap everything until the job exits, its timeout passes (from now) or the stage's
 * processes together used its CPU time or the executor died (lifeline, a pidfd of it, is
 * readable), then kill what is left and reap it too. Fills
 * rep's wstatus, wall_ns, timed_out and cpu_exceeded. */
int init_wait(pid_t job, const struct step *s, int lifeline, struct report *rep);
