/* pty.c: the terminal of a tty run. The executor mounts a devpts instance of its own
 * (newinstance: ptys numbered from 0, none of the host's visible, a max of its own)
 * and opens one pty pair in it: the master stays with the executor, the slave becomes
 * the job's stdio (ns.c) and the instance its /dev/pts (mount.c). It never mounts
 * anywhere but the dir it is given, never opens a terminal by a path the job could
 * have named, and never hands out a slave the job's uid does not own. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <termios.h>
#include "base/util.h"
#include "sandbox/pty.h"

/* struct winsize holds unsigned shorts. 0 is refused, not read as "unknown": a
 * program dividing by the width, or wrapping at it, must never meet it. */
#define PTY_SIDE_MAX 65535u

static int winsize_of(unsigned rows, unsigned cols, struct winsize *ret) {
        if (rows == 0 || cols == 0 || rows > PTY_SIDE_MAX || cols > PTY_SIDE_MAX)
                return -EINVAL;
        *ret = (struct winsize) { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
        return 0;
}

int pty_resize(int master, unsigned rows, unsigned cols) {
        struct winsize ws;
        int r;

        r = winsize_of(rows, cols, &ws);
        if (r < 0)
                return r;
        return ioctl(master, TIOCSWINSZ, &ws) < 0 ? -errno : 0;
}

int pty_open(const char *dir, uid_t uid, gid_t gid, unsigned rows, unsigned cols,
             int *ret_master, int *ret_slave) {
        _cleanup_close_ int master = -1, slave = -1;
        char opts[96], ptmx[PATH_MAX];
        struct winsize ws;
        int r, unlock = 0;

        /* Checked first: a bad size must cost no mount. */
        r = winsize_of(rows, cols, &ws);
        if (r < 0)
                return r;
        if ((size_t)snprintf(ptmx, sizeof(ptmx), "%s/ptmx", dir) >= sizeof(ptmx))
                return -ENAMETOOLONG;
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return -errno;
        /* No uid= or gid=: a slave is made owned by its opener (the job's own ptys are
         * the job's), and the executor's slave is given to the job below. nosuid and
         * noexec as every writable place the job can reach; not nodev: its nodes are
         * the terminals. */
        snprintf(opts, sizeof(opts), "newinstance,ptmxmode=0666,mode=0620,max=%d", PTY_MAX);
        if (mount("devpts", dir, "devpts", MS_NOSUID | MS_NOEXEC, opts) < 0)
                return -errno;
        /* The instance's own ptmx, not /dev/ptmx: that one allocates in the host's. */
        master = open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (master < 0)
                return -errno;
        if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
                return -errno;
        /* The slave from the master itself, not by its path under dir: the peer of this
         * very master whatever is mounted where (TIOCGPTPEER, Linux 4.13, made for
         * exactly this in containers). */
        slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (slave < 0)
                return -errno;
        if (fchown(slave, uid, gid) < 0)
                return -errno;
        if (ioctl(master, TIOCSWINSZ, &ws) < 0)
                return -errno;
        *ret_master = TAKE_FD(master);
        *ret_slave = TAKE_FD(slave);
        return 0;
}
