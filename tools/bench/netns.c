/* netns.c: what a job's network namespace costs: a fresh one per stage (clone with
 * CLONE_NEWNET) against joining a prepared empty one (setns), against a plain fork.
 * Prints median and p99 per variant in microseconds. Runs no user code. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tools/bench/stats.h"

static void one(int mode, int nsfd) {
        pid_t pid;

        if (mode == 1)
                pid = (pid_t)syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
        else
                pid = fork();
        if (pid == 0) {
                if (mode == 2 && setns(nsfd, CLONE_NEWNET) < 0)
                        _exit(1);
                _exit(0);
        }
        waitpid(pid, NULL, 0);
}

int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 500, nsfd;
        const char *names[] = { "fork", "fresh netns", "join prepared netns" };
        long long *t = calloc((size_t)n, sizeof(*t));
        pid_t holder = fork();

        if (holder == 0) {
                if (unshare(CLONE_NEWNET) < 0)
                        _exit(1);
                pause();
                _exit(0);
        }
        usleep(20000);
        {
                char path[64];
                snprintf(path, sizeof(path), "/proc/%d/ns/net", holder);
                nsfd = open(path, O_RDONLY | O_CLOEXEC);
        }
        for (int mode = 0; mode < 3; mode++) {
                for (int i = 0; i < n; i++) {
                        long long s = now_ns();
                        one(mode, nsfd);
                        t[i] = now_ns() - s;
                }
                sort_ll(t, n);
                printf("%-22s median %7.1f us  p99 %7.1f us\n", names[mode],
                       t[n / 2] / 1e3, t[n * 99 / 100] / 1e3);
        }
        kill(holder, SIGKILL);
        return 0;
}
