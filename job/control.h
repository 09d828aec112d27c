/* control.h: the running stage as the client steers it in a streaming run: typed
 * stdin queued for the run stage, end of input, signals and the terminal's size.
 * One per job: input typed during the compile stage waits here for the run. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/queue.h"
#include "base/sink.h"

struct control {
        struct stage_ctl ctl;
        struct queue in;        /* typed stdin not written to the program yet */
        bool live;              /* the job takes typed input (a run without tests) */
        bool closed;            /* stdin_close seen: EOF once the queue is written */
        int signal_fd;          /* the running stage's signal pipe to its PID 1; -1: none */
        int tty;                /* the running stage's terminal (pty master); -1: none */
};

/* live: whether typed input is taken at all. */
int control_init(struct control *c, bool live);
void control_free(struct control *c);
