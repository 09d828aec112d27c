/* control.c: the client's hold on a running stage (base/sink.h's stage_ctl): a
 * bounded queue of typed stdin, which run.c writes into the run stage's stdin as
 * the program reads it; signals, through a pipe to the stage's PID 1, which sends
 * them on to the job (PID 1 of a PID namespace would drop most signals sent to
 * it, and a SIGKILL would end the namespace before the job's status is known);
 * the terminal's size. It never writes to the client and never blocks. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/limits.h"
#include "base/util.h"
#include "base/queue.h"
#include "job/control.h"
#include "sandbox/pty.h"

#define CONTROL(c) ((struct control *)(c))

/* What the queue may still take before the client must wait. A soft bound: a
 * message the sink already read is always taken whole (the buffer grows), and the
 * sink reads the client only while room() leaves space for its largest message. */
static size_t room(const struct control *c) {
        const char *unused;
        size_t pending = queue_pending(&c->in, &unused);

        return pending < LIMIT_INPUT_QUEUE_BYTES ? LIMIT_INPUT_QUEUE_BYTES - pending : 0;
}

static long input(struct stage_ctl *sc, const char *buf, size_t len) {
        struct control *c = CONTROL(sc);

        if (!c->live)
                return -EPERM;
        if (c->closed)
                return -EPIPE;
        if (queue_push(&c->in, buf, len) < 0)
                return -ENOMEM;
        return (long)len;
}

/* A run without typed input refuses what comes (input: -EPERM): the client is
 * read all the same, to hear its other events and to tell it so. */
static size_t input_room(struct stage_ctl *sc) {
        struct control *c = CONTROL(sc);

        return c->live && !c->closed ? room(c) : LIMIT_INPUT_QUEUE_BYTES;
}

static void input_close(struct stage_ctl *sc) {
        CONTROL(sc)->closed = true;
}

/* The signals a client may send (the protocol's list); nothing that stops or
 * continues the job, whose wall clock would run on meanwhile. */
static bool allowed(int sig) {
        return sig == SIGINT || sig == SIGTERM || sig == SIGKILL || sig == SIGQUIT ||
               sig == SIGHUP || sig == SIGUSR1 || sig == SIGUSR2;
}

static int send_signal(struct stage_ctl *sc, int sig) {
        struct control *c = CONTROL(sc);
        unsigned char b = (unsigned char)sig;

        if (!allowed(sig))
                return -EINVAL;
        if (c->signal_fd < 0)
                return 0;       /* between stages: no program to signal */
        /* One byte, below PIPE_BUF: written whole or not at all. A full pipe is
         * a PID 1 that has not read 64 KiB of signals: the client is flooding. */
        return write(c->signal_fd, &b, 1) == 1 ? 0 : -errno;
}

static int resize(struct stage_ctl *sc, unsigned rows, unsigned cols) {
        struct control *c = CONTROL(sc);

        if (c->tty < 0)
                return -ENOTTY;
        return pty_resize(c->tty, rows, cols);
}

static const struct stage_ctl_ops control_ops = {
        .input = input,
        .input_room = input_room,
        .input_close = input_close,
        .signal = send_signal,
        .resize = resize,
};

int control_init(struct control *c, bool live) {
        *c = (struct control) { .ctl = { &control_ops }, .live = live, .signal_fd = -1,
                                .tty = -1 };
        return 0;
}

void control_free(struct control *c) {
        queue_free(&c->in);
}
