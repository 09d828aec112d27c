/* seccomp-run.c: test harness for sandbox/seccomp.c. `--export FILE` writes the
 * filter as the build does; `[-t] FILE CMD [ARGS...]` reads FILE with seccomp_read,
 * sets no_new_privs, applies it and runs CMD under it and nothing else (no
 * namespaces, no uid change), so tests see the filter alone.
 * Test code, not part of coderun-exec: it may print and exit.
 * Built by `make build/seccomp-run`. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include "sandbox/seccomp.h"

static long long mono_ns(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Exit 125 for our own failures, with the errno's name for the tests to match. */
static int die(const char *what, const char *arg, int err) {
        fprintf(stderr, "seccomp-run: %s %s: %s (%s)\n", what, arg, strerrorname_np(err),
                strerror(err));
        return 125;
}

static int export(const char *path) {
        int fd, r;

        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
                return die("open", path, errno);
        r = seccomp_export(fd);
        if (r < 0)
                return die("seccomp_export", path, -r);
        if (close(fd) < 0)
                return die("close", path, errno);
        return 0;
}

int main(int argc, char **argv) {
        static struct seccomp_prog prog;
        long long t0, t1, t2, t3;
        int timed = 0, r;

        if (argc == 3 && strcmp(argv[1], "--export") == 0)
                return export(argv[2]);
        /* -t: report on stderr how long seccomp_read (per request, in the executor)
         * and seccomp_apply (per job, in a fresh child) took. */
        if (argc > 1 && strcmp(argv[1], "-t") == 0) {
                timed = 1;
                argv++;
                argc--;
        }
        if (argc < 3) {
                fprintf(stderr, "usage: seccomp-run --export FILE\n"
                                "       seccomp-run [-t] FILE CMD [ARGS...]\n");
                return 125;
        }
        t0 = mono_ns();
        r = seccomp_read(argv[1], &prog);
        t1 = mono_ns();
        if (r < 0)
                return die("seccomp_read", argv[1], -r);
        /* As the sandbox does: no_new_privs first, or an unprivileged load fails. */
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return die("prctl", "PR_SET_NO_NEW_PRIVS", errno);
        t2 = mono_ns();
        r = seccomp_apply(&prog);
        t3 = mono_ns();
        if (r < 0)
                return die("seccomp_apply", argv[1], -r);
        if (timed)
                fprintf(stderr, "seccomp_read_ns %lld\nseccomp_apply_ns %lld\n", t1 - t0,
                        t3 - t2);
        execvp(argv[2], argv + 2);
        fprintf(stderr, "seccomp-run: %s: %s\n", argv[2], strerror(errno));
        return 127;
}
