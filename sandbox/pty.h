/* pty.h: a pseudo-terminal for a tty run, from a devpts instance of the request's own. */
#pragma once
#include <sys/types.h>

/* Where the executor mounts the instance: on the staging tmpfs of its private mount
 * namespace (box.c), beside the stages' root and the work dir, inside neither, so the
 * job reaches it only as the /dev/pts mount.c binds. Gone with the executor. */
#define PTY_PATH "/tmp/pts"

/* Ptys the instance holds at most, the run's own included: enough for a job that
 * runs `script` or an expect-style test, too few to be a resource of its own. */
#define PTY_MAX 16

/* Mount a new devpts instance at dir (made if missing; in the executor's own,
 * private mount namespace), nosuid, noexec, at most PTY_MAX ptys, ptmx 0666 and new
 * slaves 0620; open its ptmx as the master (O_RDWR|O_NOCTTY|O_CLOEXEC|O_NONBLOCK),
 * unlock it and open its slave (O_RDWR|O_NOCTTY|O_CLOEXEC), chown the slave to
 * uid:gid and set the window size (1..65535 each, else -EINVAL). Each call mounts a
 * fresh instance over the last: a stage never meets an earlier stage's ptys. */
int pty_open(const char *dir, uid_t uid, gid_t gid, unsigned rows, unsigned cols,
             int *ret_master, int *ret_slave);

/* Set the terminal's window size on the master (its foreground group gets SIGWINCH);
 * 1..65535 each, else -EINVAL. */
int pty_resize(int master, unsigned rows, unsigned cols);
