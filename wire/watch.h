/* watch.h: the client's connection, watched while a job runs, so that a client
 * that went away gets its job killed at once rather than at its time limit. */
#pragma once
#include <stdbool.h>
#include "base/sink.h"
#include "wire/message.h"

struct watch {
        int fd;                 /* -1: not a socket (a pipe, a test): not watched */
        bool raw;               /* raw JSON: EOF may be a half-close (nc -N) */
        bool half_closed;       /* raw: EOF seen; probing since */
        long long next_probe_ms;        /* now_ms() of the next probe */
};

/* Watch fd (any fd: only a socket is watched) of a connection in mode. */
void watch_init(struct watch *w, int fd, enum mode mode);

/* The fd to poll (-1: none), its events, and the longest the poll may wait. */
int watch_fd(struct watch *w, short *events, int *timeout_ms);

/* What revents (0: nothing on the fd) says of the client; called after every
 * poll of the stage, so the probe keeps its own clock. */
enum watch_verdict watch_event(struct watch *w, short revents);
