/* init.h: the waiting half of the stage's PID 1. */
#pragma once
#include <sys/types.h>
#include "sandbox/sandbox.h"

/* Call before fork(): SIGCHLD must be blocked from the start, or a child that exits
 * at once could be missed. The job child then empties its mask with init_unblock(),
 * whatever the executor inherited, so the job starts with no signal blocked. */
int init_block(void);
int init_unblock(void);

/* What PID 1 watches besides its children. */
struct init_watch {
        int lifeline;   /* a pidfd of the executor: readable once it died */
        int control;    /* signals for the job, one byte each (relay.h); -1: none */
        int started;    /* read end of a pipe whose write end only the job holds, O_CLOEXEC:
                         * its end means the job's program runs (or the job died); -1 with
                         * control -1 */
};

/* Reap everything until the job exits, its timeout passes (from now) or the stage's
 * processes together used its CPU time or the executor died (the lifeline is
 * readable), then kill what is left and reap it too. Meanwhile relays the control
 * pipe's signals to the job, from the moment its program started. Fills rep's
 * wstatus, wall_ns, timed_out, cpu_exceeded and orphaned. */
int init_wait(pid_t job, const struct step *s, const struct init_watch *w,
              struct report *rep);
