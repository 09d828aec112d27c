/* cgroup.c: one stage's cgroups, under the base cgroup-base.c found, named after the
 * slot, so limits, peak memory, CPU time and the OOM count are the stage's alone.
 * The memory cgroup is made fresh for every stage and removed after it: a kept one
 * would hold what earlier stages left charged (page cache, dentries, a compile's
 * files still being freed), which no reset takes back exactly, and its peak would
 * be theirs too. On v1 without systemd the other hierarchies' cgroups (pids, cpu,
 * cpuacct) are the slot's, kept from stage to stage and request to request: their
 * counters reset exactly (pids.current is live, cpuacct.usage is set back to 0),
 * and three cgroups made and removed fewer save ~0.3 ms a stage. v2 has one cgroup
 * for all controllers, and under systemd the slot's cgroups would outlive the unit
 * in the v1 hierarchies it does not delegate: there every stage's are fresh.
 * Only ever writes under the base, never follows a symlink there (openat under dir
 * fds), and never carries on with a limit it could not set. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include "base/util.h"
#include "sandbox/cgroup.h"

int cgroup_write(int dir, const char *file, const char *value) {
        _cleanup_close_ int fd = -1;

        fd = openat(dir, file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        return write_all(fd, value, strlen(value));
}

int cgroup_read(int dir, const char *file, char *buf, size_t size) {
        _cleanup_close_ int fd = -1;
        ssize_t n;

        fd = openat(dir, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, size - 1);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        return 0;
}

int cgroup_read_ll(int dir, const char *file, const char *key, long long *ret) {
        char buf[1024], *v = buf;
        size_t k;
        int r = cgroup_read(dir, file, buf, sizeof(buf));

        if (r < 0)
                return r;
        if (key) {
                /* "key N" at the start of a line, not a longer key ending in it. */
                k = strlen(key);
                for (v = buf; strncmp(v, key, k) != 0 || v[k] != ' '; v++) {
                        v = strchr(v, '\n');
                        if (!v)
                                return -ENOENT;
                }
                v += k;
        }
        return sscanf(v, "%lld", ret) == 1 ? 0 : -EINVAL;
}

/* A fresh cgroup. One left by a killed executor of the same slot is empty (its
 * processes died with their PID 1): remove it, then make ours. */
static int make_dir(int parent, const char *name, int *ret_fd) {
        int fd;

        if (mkdirat(parent, name, 0700) < 0) {
                if (errno != EEXIST || unlinkat(parent, name, AT_REMOVEDIR) < 0 ||
                    mkdirat(parent, name, 0700) < 0)
                        return -errno;
        }
        fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

/* The slot's cgroup as it is, made when missing. */
static int open_dir(int parent, const char *name, int *ret_fd) {
        int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);

        if (fd < 0 && errno == ENOENT) {
                if (mkdirat(parent, name, 0700) < 0 && errno != EEXIST)
                        return -errno;
                fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        }
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

/* The slot's kept cgroup of a hierarchy without the memory controller, its CPU
 * time set back to zero. */
static int keep_dir(const struct cgroup_base *b, int i, const char *name, int *ret_fd) {
        int r = open_dir(b->parent[i], name, ret_fd);

        if (r >= 0 && (b->mask[i] & C_CPUACCT))
                r = cgroup_write(*ret_fd, "cpuacct.usage", "0");
        return r;
}

/* SwapTotal from /proc/meminfo in KiB; -1 when unknown (counts as some swap). */
static long long swap_total_kb(void) {
        char buf[4096], *k;
        _cleanup_close_ int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
        ssize_t n;

        if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
                return -1;
        buf[n] = '\0';
        k = strstr(buf, "SwapTotal:");
        return k ? atoll(k + strlen("SwapTotal:")) : -1;
}

/* Swap counted too: without it a job pages out past its limit. v1 counts memory
 * plus swap against one limit; v2 keeps them apart, so the job gets no swap at
 * all. The file is absent when the kernel does no swap accounting: fine when
 * there is no swap, a weaker limit (refused) when there is. */
static int set_swap(int dir, int version, const char *memory) {
        int r = version == 1 ? cgroup_write(dir, "memory.memsw.limit_in_bytes", memory)
                             : cgroup_write(dir, "memory.swap.max", "0");

        if (r == -ENOENT)
                r = swap_total_kb() == 0 ? 0 : -ENOTSUP;
        return r;
}

static int set_limits(int dir, int version, unsigned mask, long long memory_bytes,
                      long long procs) {
        char v[32];
        int r = 0;

        if (mask & C_MEMORY) {
                snprintf(v, sizeof(v), "%lld", memory_bytes);
                r = cgroup_write(dir, version == 1 ? "memory.limit_in_bytes" : "memory.max", v);
                if (r >= 0)
                        r = set_swap(dir, version, v);
        }
        if (r >= 0 && (mask & C_PIDS)) {
                snprintf(v, sizeof(v), "%lld", procs);
                r = cgroup_write(dir, "pids.max", v);
        }
        /* One share, like every other job: a job of 200 busy processes competes as
         * one, not as 200 (the kernel's default weight, written so it is a choice). */
        if (r >= 0 && (mask & C_CPU))
                r = version == 1 ? cgroup_write(dir, "cpu.shares", "1024")
                                 : cgroup_write(dir, "cpu.weight", "100");
        return r;
}

int cgroup_make(const struct cgroup_base *b, const char *name, long long memory_bytes,
                long long procs, struct cgroup *ret) {
        struct cgroup cg = { .base = b };
        int r;

        snprintf(cg.name, sizeof(cg.name), "%s", name);
        for (int i = 0; i < CGROUP_HIERARCHIES; i++)
                cg.dir[i] = -1;
        for (int i = 0; i < b->n; i++) {
                cg.kept[i] = b->keep && !(b->mask[i] & C_MEMORY);
                r = cg.kept[i] ? keep_dir(b, i, cg.name, &cg.dir[i])
                               : make_dir(b->parent[i], cg.name, &cg.dir[i]);
                if (r >= 0)
                        r = set_limits(cg.dir[i], b->version, b->mask[i], memory_bytes, procs);
                if (r < 0) {
                        (void)cgroup_remove(&cg);
                        return r;
                }
        }
        *ret = cg;
        return 0;
}

/* The file that moves the caller. PID 1 moves itself while it has one thread: on v1
 * the thread's own `tasks` moves all of it, and a thread moving only itself skips
 * the kernel's threadgroup lock, whose writers wait for an RCU grace period
 * (cgroup.procs: 0.015 ms median but 12-15 ms tails on a busy host; tasks: at most
 * 0.05 ms, measured here). v2 has no such file outside threaded subtrees. */
static const char *self_file(const struct cgroup_base *b) {
        return b->version == 1 ? "tasks" : "cgroup.procs";
}

int cgroup_join(const struct cgroup *cg) {
        for (int i = 0; i < cg->base->n; i++) {
                int r = cgroup_write(cg->dir[i], self_file(cg->base), "0");
                if (r < 0)
                        return r;
        }
        return 0;
}

static int cpu_dir(const struct cgroup *cg) {
        for (int i = 0; i < cg->base->n; i++)
                if (cg->base->mask[i] & C_CPUACCT)
                        return cg->dir[i];
        return -1;
}

int cgroup_cpu_ns(const struct cgroup *cg, long long *ret) {
        long long us;
        int fd = cpu_dir(cg), r;

        if (fd < 0)
                return -ENOTSUP;
        if (cg->base->version == 1)
                return cgroup_read_ll(fd, "cpuacct.usage", NULL, ret);
        r = cgroup_read_ll(fd, "cpu.stat", "usage_usec", &us);
        if (r >= 0)
                *ret = us * 1000;
        return r;
}

static int memory_usage(int dir, int version, struct cgroup_usage *u) {
        long long kills = 0;
        int r;

        if (version == 1) {
                r = cgroup_read_ll(dir, "memory.max_usage_in_bytes", NULL, &u->memory_peak);
                if (r >= 0)
                        r = cgroup_read_ll(dir, "memory.oom_control", "oom_kill", &kills);
        } else {
                /* memory.peak is there since Linux 5.19; older kernels do not say. */
                r = cgroup_read_ll(dir, "memory.peak", NULL, &u->memory_peak);
                if (r == -ENOENT)
                        r = 0;
                if (r >= 0)
                        r = cgroup_read_ll(dir, "memory.events", "oom_kill", &kills);
        }
        u->oom_killed = kills > 0;
        return r;
}

int cgroup_usage(const struct cgroup *cg, struct cgroup_usage *ret) {
        struct cgroup_usage u = { .memory_peak = -1, .cpu_ns = -1 };

        for (int i = 0; i < cg->base->n; i++) {
                if (cg->base->mask[i] & C_MEMORY) {
                        int r = memory_usage(cg->dir[i], cg->base->version, &u);
                        if (r < 0)
                                return r;
                }
        }
        (void)cgroup_cpu_ns(cg, &u.cpu_ns);
        *ret = u;
        return 0;
}

/* rmdir name under parent, waiting up to ~100 ms for a last task that is still
 * leaving (rmdir says EBUSY for that moment). */
static int remove_dir(int parent, const char *name) {
        for (int tries = 0; unlinkat(parent, name, AT_REMOVEDIR) < 0; tries++) {
                if (errno != EBUSY || tries == 100)
                        return -errno;
                nanosleep(&(struct timespec) { 0, 1000000 }, NULL);
        }
        return 0;
}

int cgroup_leave_remove(const struct cgroup *cg) {
        const struct cgroup_base *b = cg->base;
        int r = 0;

        for (int i = 0; i < b->n; i++) {
                int k = cgroup_write(b->version == 2 ? b->home : b->parent[i], self_file(b), "0");

                if (k >= 0)
                        k = remove_dir(b->parent[i], cg->name);
                if (k < 0)
                        r = k;
        }
        return r;
}

int cgroup_fds(const struct cgroup *cg, int *fds, int max) {
        int n = 0;

        for (int i = 0; i < cg->base->n && n + 2 <= max; i++) {
                fds[n++] = cg->dir[i];
                fds[n++] = cg->base->parent[i];
        }
        if (cg->base->version == 2 && n < max)
                fds[n++] = cg->base->home;
        return n;
}

int cgroup_remove(struct cgroup *cg) {
        int r = 0, k;

        for (int i = 0; i < cg->base->n; i++) {
                if (cg->dir[i] < 0)
                        continue;
                closep(&cg->dir[i]);
                cg->dir[i] = -1;
                k = remove_dir(cg->base->parent[i], cg->name);
                if (k < 0)
                        r = k;
        }
        return r;
}

int cgroup_release(struct cgroup *cg) {
        int r = 0, k;

        for (int i = 0; i < cg->base->n; i++) {
                if (cg->dir[i] < 0)
                        continue;
                closep(&cg->dir[i]);
                cg->dir[i] = -1;
                k = cg->kept[i] ? 0 : remove_dir(cg->base->parent[i], cg->name);
                if (k < 0)
                        r = k;
        }
        return r;
}
