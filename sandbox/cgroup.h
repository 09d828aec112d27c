/* cgroup.h: a stage's control group: memory (swap counted), process count and CPU
 * share limits the kernel enforces, and the peak memory and CPU time it measured. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define CGROUP_HIERARCHIES 4    /* v1: memory, pids, cpu, cpuacct, each possibly alone */

enum { C_MEMORY = 1, C_PIDS = 2, C_CPU = 4, C_CPUACCT = 8 };

/* Where this executor makes stage cgroups: a cgroup it owns in each hierarchy
 * (cgroup-base.c finds or makes it). */
struct cgroup_base {
        const char *backend;    /* for /health: "cgroup-v1", "systemd-scope+cgroup-v2", ... */
        int version;            /* 1 or 2: which files hold the limits */
        int n;
        int parent[CGROUP_HIERARCHIES];
        unsigned mask[CGROUP_HIERARCHIES];      /* which controllers each one holds */
        int home;               /* v2: the executor's own leaf, where an orphaned
                                 * PID 1 goes (the parent may hold no process) */
        /* v1 without systemd: a slot's cgroups but the memory one are kept from
         * stage to stage and request to request (cgroup.c). Under systemd they are
         * not: a hierarchy it does not delegate (v1's cpuacct) would keep them
         * outside the unit. */
        bool keep;
};

struct cgroup {
        const struct cgroup_base *base;
        char name[32];
        int dir[CGROUP_HIERARCHIES];
        /* Per hierarchy: the slot's, reset rather than made, and not removed. */
        bool kept[CGROUP_HIERARCHIES];
};

struct cgroup_usage {
        long long memory_peak;  /* bytes; -1 when the kernel does not say */
        long long cpu_ns;
        bool oom_killed;
};

/* Find or make this executor's cgroup base (cgroup-base.c): a systemd-delegated
 * cgroup (its own unit's, or a transient scope it starts), else cgroupfs v2, else
 * v1. -ENOTSUP with *ret_why set when none can limit memory and processes. With
 * probe, only say which it would be: no scope, no move (for /health). */
int cgroup_base_open(bool probe, struct cgroup_base *ret, const char **ret_why);

/* The cgroup `name` for one stage, with lim's memory and procs processes: made
 * fresh, but for the slot's kept ones, reset (cgroup.c). */
int cgroup_make(const struct cgroup_base *b, const char *name, long long memory_bytes,
                long long procs, struct cgroup *ret);

/* In the stage's PID 1, before it forks the job: move itself in. */
int cgroup_join(const struct cgroup *cg);

/* CPU time of every process ever in the cgroup. */
int cgroup_cpu_ns(const struct cgroup *cg, long long *ret);

int cgroup_usage(const struct cgroup *cg, struct cgroup_usage *ret);

/* Remove the cgroup; every process in it must be gone. */
int cgroup_remove(struct cgroup *cg);

/* At the stage's end, every process gone: a kept cgroup stays for the slot's next
 * stage, the others are removed. */
int cgroup_release(struct cgroup *cg);

/* In the stage's PID 1 when the executor died: with every other process gone, move
 * out to the parent and remove the cgroup, which no one else would. */
int cgroup_leave_remove(const struct cgroup *cg);

/* The fds PID 1 must keep for cgroup_cpu_ns and cgroup_leave_remove; returns n. */
int cgroup_fds(const struct cgroup *cg, int *fds, int max);

/* cgroupfs files under a dir fd, never following a symlink: 0 or -errno. */
int cgroup_write(int dir, const char *file, const char *value);
int cgroup_read(int dir, const char *file, char *buf, size_t size);
/* The number after `key` in a "key value" file (memory.events, cpu.stat), or the
 * whole file when key is NULL. */
int cgroup_read_ll(int dir, const char *file, const char *key, long long *ret);
