/* process.c: start-up hygiene, whatever a service manager, inetd or a shell gave us. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/process.h"

/* Started with fd 0, 1 or 2 closed, a pipe of ours could land there and be
 * clobbered by the job's dup2(): fill them with /dev/null first. Without a
 * /dev/null that is a failure only while one of them is still closed. */
static int fill_stdio(void) {
        int fd;

        while ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0 && fd <= STDERR_FILENO)
                fcntl(fd, F_SETFD, 0);
        if (fd >= 0) {
                close(fd);
                return 0;
        }
        for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
                if (fcntl(fd, F_GETFD) < 0)
                        return -EBADF;
        return 0;
}

int process_sanitize(void) {
        int r = fill_stdio();

        if (r < 0)
                return r;
        /* Not inherited: the dirs of the job's root must be readable by the job's
         * uid whatever umask the service manager or a shell gave us. */
        umask(022);
        /* A client that hangs up must not kill us mid-reply: write() then says EPIPE. */
        if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
                return -errno;
        return 0;
}
