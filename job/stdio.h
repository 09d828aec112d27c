/* stdio.h: a stage's file descriptors, both ends (stdio.c). */
#pragma once
#include <stdbool.h>
#include "sandbox/sandbox.h"

struct stage_io {
        int child[3];           /* the job's fds 0-2: three pipe ends, or the pty's slave */
        int report[2];          /* PID 1's report: [1] its end */
        int control[2];         /* signals for the job: [0] PID 1's end, [1] ours */
        int in, out, err;       /* ours: stdin to write, stdout and stderr to read (-1: none) */
        int tty;                /* the pty's master (tty runs; out is it, in a dup), else -1 */
};

/* Every fd of one stage; tty: one pseudo-terminal of a devpts instance of our own
 * instead of the three pipes; wired (NULL: none): the job's stdin and stdout as
 * given, taken (set to -1) whatever happens; signals: the control pipe. Ours are
 * non-blocking, all are O_CLOEXEC. */
int stage_io_open(const struct jail *j, bool tty, int *wired, bool signals,
                  struct stage_io *io);

/* Once the stage is spawned: close the child's ends, so that EOF (or, on a tty,
 * EIO) comes when the job's side is gone. */
void stage_io_spawned(struct stage_io *io);

/* Close whatever is still open but the fds handed on (set to -1 by the taker). */
void stage_io_close(struct stage_io *io);
