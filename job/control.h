/* control.h: the running stage as the client steers it in a streaming run: typed
 * stdin queued for the run stage, end of input, signals and the terminal's size.
 * One per job: input typed during the compile stage waits here for the run. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/sink.h"

struct control {
        struct stage_ctl ctl;
        char *buf;              /* the queue: bytes [off, len) are not written yet */
        size_t off, len, cap;
        bool live;              /* the job takes typed input (a run without tests) */
        bool closed;            /* stdin_close seen: EOF once the queue is written */
        int signal_fd;          /* the running stage's signal pipe to its PID 1; -1: none */
        int tty;                /* the running stage's terminal (pty master); -1: none */
};

/* live: whether typed input is taken at all. */
int control_init(struct control *c, bool live);
void control_free(struct control *c);

/* The queue's bytes not yet written, and that n of them were. */
size_t control_pending(const struct control *c, const char **ret);
void control_consume(struct control *c, size_t n);
