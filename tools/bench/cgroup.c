/* cgroup.c (bench): what the limit backend costs per stage: making a stage's cgroups
 * with their limits (or, kept from the last stage, resetting them), moving a process
 * in, reading the usage and removing (or keeping) them, as run_step does, against a
 * plain fork+wait of the same process. Runs no user code. */
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
        if (b && (cgroup_usage(&cg, &u) < 0 || cgroup_release(&cg) < 0))
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
        /* 0: no cgroup; 1: fresh ones per stage; 2: the slot's kept ones (v1 only). */
        for (int with = 0; with < 3; with++) {
                struct cgroup_base c = b;
                static const char *const label[] = {
                        "fork+wait", "fork+wait in a fresh stage cgroup",
                        "fork+wait in a kept stage cgroup",
                };

                c.keep = with == 2;
                if (with == 2 && !b.keep)
                        break;
                for (int i = 0; i < n; i++)
                        if ((t[i] = one(with ? &c : NULL)) < 0)
                                return 1;
                sort_ll(t, n);
                printf("%-34s median %7.1f us  p90 %7.1f us\n", label[with], t[n / 2] / 1e3,
                       t[n * 9 / 10] / 1e3);
        }
        /* The kept ones go: this is a bench's own name, not a slot's. */
        if (b.keep) {
                struct cgroup cg;

                if (cgroup_make(&b, "coderun-bench", 256 << 20, 256, &cg) >= 0)
                        (void)cgroup_remove(&cg);
        }
        return 0;
}
