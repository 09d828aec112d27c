/* cgroup.h: a stage's control group: memory (swap counted), process count and CPU
 * share limits the kernel enforces, and the peak memory and CPU time it measured. */
#pragma once
#include <stdbool.h>
#include "../exec/config.h"

#define CGROUP_HIERARCHIES 4    /* v1: memory, pids, cpu, cpuacct, each possibly alone */

/* Where this executor may make stage cgroups: its own cgroup in each hierarchy. */
struct cgroup_base {
        const char *backend;    /* "cgroup-v1", for /health */
        int n;
        int parent[CGROUP_HIERARCHIES];
        unsigned mask[CGROUP_HIERARCHIES];      /* which controllers each one holds */
};

struct cgroup {
        const struct cgroup_base *base;
        char name[32];
        int dir[CGROUP_HIERARCHIES];
};

struct cgroup_usage {
        long long memory_peak;  /* bytes */
        long long cpu_ns;
        bool oom_killed;
};

/* Find this host's backend. -ENOTSUP when none can limit memory and processes. */
int cgroup_base_open(struct cgroup_base *ret);

/* Make a fresh cgroup `name` for one stage with lim's memory and procs processes. */
int cgroup_make(const struct cgroup_base *b, const char *name, long long memory_bytes,
                long long procs, struct cgroup *ret);

/* In the stage's PID 1, before it forks the job: move itself in. */
int cgroup_join(const struct cgroup *cg);

/* CPU time of every process ever in the cgroup. */
int cgroup_cpu_ns(const struct cgroup *cg, long long *ret);
/* The fd cgroup_cpu_ns reads, for the fds PID 1 keeps. */
int cgroup_cpu_fd(const struct cgroup *cg);

int cgroup_usage(const struct cgroup *cg, struct cgroup_usage *ret);

/* Remove the cgroup; every process in it must be gone. */
int cgroup_remove(struct cgroup *cg);

/* In the stage's PID 1 when the executor died: with every other process gone, move
 * out to the parent and remove the cgroup, which no one else would. */
int cgroup_leave_remove(const struct cgroup *cg);

/* The fds PID 1 must keep for cgroup_cpu_ns and cgroup_leave_remove; returns n. */
int cgroup_fds(const struct cgroup *cg, int *fds, int max);
