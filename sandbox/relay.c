/* relay.c: the signals the executor sends to a running job. Each byte of the control
 * pipe is a signal number; those a user at a terminal could send (Ctrl-C, Ctrl-\, a
 * hangup, kill and its usual numbers) go to the job's process group, so that
 * `bash -c 'python3 prog.py'` gets them the way a terminal's foreground job would.
 * Runs in the stage's PID 1. It never signals anything but the job's group (never
 * PID 1: a SIGKILL there would end the namespace and lose the job's status), and
 * never acts on a byte it does not know. */
#include <signal.h>
#include <stdbool.h>
#include "base/util.h"
#include "sandbox/relay.h"

/* No SIGSTOP or SIGTSTP: a stopped job still holds its slot until the wall clock
 * ends it, and nothing could resume it. No real-time or job-control signals: no
 * terminal sends them, and SIGCHLD or SIGCONT would only confuse the program. */
static const bool relayed[256] = {
        [SIGINT] = true, [SIGTERM] = true, [SIGKILL] = true, [SIGQUIT] = true,
        [SIGHUP] = true, [SIGUSR1] = true, [SIGUSR2] = true,
};

int relay_signals(int control, pid_t job) {
        unsigned char buf[64];
        ssize_t n;

        n = read(control, buf, sizeof(buf));
        if (n < 0)
                return errno == EINTR || errno == EAGAIN ? 1 : -errno;
        /* The group may be gone already (the job ended, not yet reaped): ESRCH is no
         * failure of ours, and the job's own status tells the rest. */
        for (ssize_t i = 0; i < n; i++)
                if (relayed[buf[i]])
                        (void)kill(-job, buf[i]);
        return n > 0;
}
