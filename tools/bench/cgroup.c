/* cgroup.c (bench): what the limit backend costs per stage: making a stage's cgroups
 * with their limits, moving a process in, reading the usage and removing them, as
 * run_step does, against a plain fork+wait of the same process. Runs no user code. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sandbox/cgroup.h"
#include "tools/bench/stats.h"

static long long one(const struct cgroup_base *b) {
        struct cgroup cg;
        struct cgroup_usage u;
        long long s = now_ns();
        pid_t pid;

        if (b && cgroup_make(b, "coderun-bench", 256 << 20, 256, &cg) < 0)
                return -1;
        pid = fork();
        if (pid == 0)
                _exit(b && cgroup_join(&cg) < 0);
        waitpid(pid, NULL, 0);
        if (b && (cgroup_usage(&cg, &u) < 0 || cgroup_remove(&cg) < 0))
                return -1;
        return now_ns() - s;
}

int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 300;
        long long *t = calloc((size_t)n, sizeof(*t));
        struct cgroup_base b;
        const char *why = NULL;

        if (cgroup_base_open(false, &b, &why) < 0) {
                fprintf(stderr, "no cgroup backend here%s%s\n", why ? ": " : "", why ? why : "");
                return 1;
        }
        printf("%-34s %s\n", "backend", b.backend);
        for (int with = 0; with < 2; with++) {
                for (int i = 0; i < n; i++)
                        if ((t[i] = one(with ? &b : NULL)) < 0)
                                return 1;
                sort_ll(t, n);
                printf("%-34s median %7.1f us  p90 %7.1f us\n",
                       with ? "fork+wait in a fresh stage cgroup" : "fork+wait", t[n / 2] / 1e3,
                       t[n * 9 / 10] / 1e3);
        }
        return 0;
}
