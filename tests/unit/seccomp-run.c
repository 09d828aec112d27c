/* seccomp-run.c: test harness. Runs CMD ARGS... under the job's seccomp filter and
 * nothing else (no namespaces, no uid change), so tests see the filter alone.
 * Test code, not part of coderun-exec: it may print and exit.
 * Build: cc -std=gnu17 -Wall -Wextra -Werror -O2 -o build/seccomp-run
 *        tests/unit/seccomp-run.c sandbox/seccomp.c -lseccomp */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include "../../sandbox/seccomp.h"

static long long mono_ns(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
        long long t0, t1;
        int timed = 0, r;

        /* -t: report on stderr how long seccomp_apply took, as a fresh child pays it. */
        if (argc > 1 && strcmp(argv[1], "-t") == 0) {
                timed = 1;
                argv++;
                argc--;
        }
        if (argc < 2) {
                fprintf(stderr, "usage: seccomp-run [-t] CMD [ARGS...]\n");
                return 125;
        }
        /* As the sandbox does: no_new_privs first, or an unprivileged load fails. */
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
                fprintf(stderr, "seccomp-run: PR_SET_NO_NEW_PRIVS: %s\n", strerror(errno));
                return 125;
        }
        t0 = mono_ns();
        r = seccomp_apply();
        t1 = mono_ns();
        if (r < 0) {
                fprintf(stderr, "seccomp-run: seccomp_apply: %s\n", strerror(-r));
                return 125;
        }
        if (timed)
                fprintf(stderr, "seccomp_apply_ns %lld\n", t1 - t0);
        execvp(argv[1], argv + 1);
        fprintf(stderr, "seccomp-run: %s: %s\n", argv[1], strerror(errno));
        return 127;
}
