/* stdio.c: the file descriptors of one stage, made before it is spawned: stdin,
 * stdout and stderr as three pipes, or for a tty run one pseudo-terminal from a
 * devpts instance the executor mounts for it (sandbox/pty.c: nothing of the
 * host's), whose slave is the job's fds 0-2 and whose master is ours for both
 * directions; or, beside an interactor, stdin and stdout given and only stderr
 * ours; the report pipe from the stage's PID 1; and the control pipe that
 * carries the client's signals to PID 1, which sends them to the job. It never
 * reads or writes them. */
#include <fcntl.h>
#include <unistd.h>
#include "base/util.h"
#include "job/stdio.h"
#include "sandbox/box.h"
#include "sandbox/pty.h"

/* The terminal's size until the client says otherwise (a resize event). */
#define TTY_ROWS 24
#define TTY_COLS 80

static int pipe_pair(int p[2], bool nonblock_read, bool nonblock_write) {
        if (pipe2(p, O_CLOEXEC) < 0)
                return -errno;
        if ((nonblock_read && fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) ||
            (nonblock_write && fcntl(p[1], F_SETFL, O_NONBLOCK) < 0))
                return -errno;
        return 0;
}

static int pipes(struct stage_io *io) {
        int in[2], out[2], err[2], r;

        r = pipe_pair(in, false, true);
        if (r < 0)
                return r;
        io->child[0] = in[0];
        io->in = in[1];
        r = pipe_pair(out, true, false);
        if (r < 0)
                return r;
        io->child[1] = out[1];
        io->out = out[0];
        r = pipe_pair(err, true, false);
        if (r < 0)
                return r;
        io->child[2] = err[1];
        io->err = err[0];
        return 0;
}

/* One slave for all three: the job's stderr shows on the terminal as a
 * terminal's does, in the stdout stream. */
static int terminal(const struct jail *j, struct stage_io *io) {
        int master, slave, r;

        /* Its devpts instance is mounted under a /tmp of our own, never the host's. */
        r = box_private_ns();
        if (r >= 0)
                r = pty_open(PTY_PATH, j->uid, j->gid, TTY_ROWS, TTY_COLS, &master, &slave);
        if (r < 0)
                return r;
        io->tty = io->out = master;
        io->child[0] = io->child[1] = io->child[2] = slave;
        /* Its own fd, so that closing stdin at EOF leaves the master to the reader. */
        io->in = fcntl(master, F_DUPFD_CLOEXEC, 3);
        return io->in < 0 ? -errno : 0;
}

/* The job's stdin and stdout are given (an interactor's pipes, the other program's
 * ends): only stderr is ours. */
static int wired_pipes(int wired[2], struct stage_io *io) {
        int err[2], r;

        io->child[0] = TAKE_FD(wired[0]);
        io->child[1] = TAKE_FD(wired[1]);
        r = pipe_pair(err, true, false);
        if (r < 0)
                return r;
        io->child[2] = err[1];
        io->err = err[0];
        return 0;
}

int stage_io_open(const struct jail *j, bool tty, int *wired, bool signals,
                  struct stage_io *io) {
        int r;

        *io = (struct stage_io) { .child = { -1, -1, -1 }, .report = { -1, -1 },
                                  .control = { -1, -1 }, .in = -1, .out = -1, .err = -1,
                                  .tty = -1 };
        r = tty ? terminal(j, io) : wired ? wired_pipes(wired, io) : pipes(io);
        if (r >= 0)
                r = pipe_pair(io->report, true, false);
        /* A full control pipe (a client sending signals faster than PID 1 relays
         * them) fails the write, never blocks the executor. A client that cannot
         * send signals (a batch request) gets none: four syscalls saved a stage. */
        if (r >= 0 && signals)
                r = pipe_pair(io->control, false, true);
        return r;
}

/* Closed and forgotten: stage_io_close runs stage_io_spawned again, and a number
 * closed twice may by then be another file's. */
static void drop(int *fd) {
        closep(fd);
        *fd = -1;
}

void stage_io_spawned(struct stage_io *io) {
        /* On a tty all three are the one slave: close it once. */
        if (io->child[1] == io->child[0])
                io->child[1] = io->child[2] = -1;
        for (int i = 0; i < 3; i++)
                drop(&io->child[i]);
        drop(&io->report[1]);
        drop(&io->control[0]);
}

void stage_io_close(struct stage_io *io) {
        stage_io_spawned(io);
        drop(&io->report[0]);
        drop(&io->control[1]);
        drop(&io->in);
        drop(&io->out);
        drop(&io->err);
}
