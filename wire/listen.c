/* listen.c: socket activation's side of the protocol, as sd_listen_fds(3) documents
 * it: LISTEN_PID is our pid and LISTEN_FDS counts the fds from 3. Not libsystemd's
 * sd_listen_fds(): linking libsystemd costs each connection ~0.5 ms at start-up
 * (sandbox/libsystemd.c), for two environment variables. The variables are
 * removed, so nothing we start believes it was activated too. */
#include <fcntl.h>
#include <stdio.h>
#include "wire/listen.h"
#include "base/util.h"

int listen_fds(void) {
        const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
        char self[32];
        int r = 0;

        snprintf(self, sizeof(self), "%d", (int)getpid());
        if (pid && fds && streq(pid, self)) {
                char *end;
                long n = strtol(fds, &end, 10);

                if (*fds == '\0' || *end != '\0' || n < 0)
                        r = -EINVAL;
                else if (n > 1)
                        r = -E2BIG;
                else if (n == 1)
                        r = fcntl(3, F_SETFD, FD_CLOEXEC) < 0 ? -errno : 1;
        }
        unsetenv("LISTEN_PID");
        unsetenv("LISTEN_FDS");
        unsetenv("LISTEN_FDNAMES");
        return r;
}
