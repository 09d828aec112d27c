/* cgroup.c: stage cgroups on cgroupfs v1 (this machine kind and CI: memory, pids,
 * cpu and cpuacct, each in its own or a shared hierarchy). Each stage gets fresh
 * cgroups under the executor's own, so limits, peak memory and the OOM count are
 * the stage's alone, and they are removed when the stage ends. Only ever writes
 * under the executor's own cgroup, never follows a symlink there (openat under
 * dir fds), and never carries on with a limit it could not set. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include "../exec/util.h"
#include "cgroup.h"

enum { C_MEMORY = 1, C_PIDS = 2, C_CPU = 4, C_CPUACCT = 8 };

static const struct { const char *name; unsigned bit; } controllers[] = {
        { "memory", C_MEMORY }, { "pids", C_PIDS }, { "cpu", C_CPU }, { "cpuacct", C_CPUACCT },
};

static int cg_write(int dir, const char *file, const char *value) {
        _cleanup_close_ int fd = -1;

        fd = openat(dir, file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        return write_all(fd, value, strlen(value));
}

static int cg_read(int dir, const char *file, char *buf, size_t size) {
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

static int cg_read_ll(int dir, const char *file, long long *ret) {
        char buf[64];
        int r = cg_read(dir, file, buf, sizeof(buf));

        if (r < 0)
                return r;
        return sscanf(buf, "%lld", ret) == 1 ? 0 : -EINVAL;
}

/* Which of our controllers a /proc/self/cgroup hierarchy list ("cpu,cpuacct") holds. */
static unsigned mask_of(const char *list) {
        unsigned mask = 0;
        char buf[128], *save, *w;

        snprintf(buf, sizeof(buf), "%s", list);
        for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
                for (size_t i = 0; i < ELEMENTSOF(controllers); i++)
                        if (streq(w, controllers[i].name))
                                mask |= controllers[i].bit;
        return mask;
}

int cgroup_base_open(struct cgroup_base *ret) {
        char buf[4096], *line, *save;
        struct cgroup_base b = { .backend = "cgroup-v1" };
        unsigned have = 0;
        _cleanup_close_ int fd = -1;
        ssize_t n;

        fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof(buf) - 1);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        /* "ID:CONTROLLERS:PATH"; v1 hierarchies are mounted at /sys/fs/cgroup/CONTROLLERS. */
        for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *list = strchr(line, ':'), *path, dir[PATH_MAX];
                unsigned mask;
                int d;

                if (!list || !(path = strchr(++list, ':')))
                        continue;
                *path++ = '\0';
                mask = mask_of(list);
                if (!mask || b.n == CGROUP_HIERARCHIES)
                        continue;
                snprintf(dir, sizeof(dir), "/sys/fs/cgroup/%s%s", list, path);
                d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
                if (d < 0)
                        continue;
                b.parent[b.n] = d;
                b.mask[b.n++] = mask;
                have |= mask;
        }
        /* Memory and processes are what a job must not take from the host. */
        if ((have & (C_MEMORY | C_PIDS)) != (C_MEMORY | C_PIDS)) {
                for (int i = 0; i < b.n; i++)
                        close(b.parent[i]);
                return -ENOTSUP;
        }
        *ret = b;
        return 0;
}

/* A cgroup left by a killed executor of the same slot is empty (its processes died
 * with their PID 1): remove it, then make ours. */
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

static int set_limits(int dir, unsigned mask, long long memory_bytes, long long procs) {
        char v[32];
        int r = 0;

        if (mask & C_MEMORY) {
                snprintf(v, sizeof(v), "%lld", memory_bytes);
                r = cg_write(dir, "memory.limit_in_bytes", v);
                /* Swap counted too: without it a job pages out past its limit. The
                 * file is absent when the kernel does no swap accounting: fine when
                 * there is no swap, a weaker limit (refused) when there is. */
                if (r >= 0) {
                        r = cg_write(dir, "memory.memsw.limit_in_bytes", v);
                        if (r == -ENOENT)
                                r = swap_total_kb() == 0 ? 0 : -ENOTSUP;
                }
        }
        if (r >= 0 && (mask & C_PIDS)) {
                snprintf(v, sizeof(v), "%lld", procs);
                r = cg_write(dir, "pids.max", v);
        }
        /* One share, like every other job: a job of 200 busy processes competes as
         * one, not as 200 (the kernel's default weight, written so it is a choice). */
        if (r >= 0 && (mask & C_CPU))
                r = cg_write(dir, "cpu.shares", "1024");
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
                r = make_dir(b->parent[i], cg.name, &cg.dir[i]);
                if (r >= 0)
                        r = set_limits(cg.dir[i], b->mask[i], memory_bytes, procs);
                if (r < 0) {
                        (void)cgroup_remove(&cg);
                        return r;
                }
        }
        *ret = cg;
        return 0;
}

int cgroup_join(const struct cgroup *cg) {
        for (int i = 0; i < cg->base->n; i++) {
                int r = cg_write(cg->dir[i], "cgroup.procs", "0");
                if (r < 0)
                        return r;
        }
        return 0;
}

int cgroup_cpu_fd(const struct cgroup *cg) {
        for (int i = 0; i < cg->base->n; i++)
                if (cg->base->mask[i] & C_CPUACCT)
                        return cg->dir[i];
        return -1;
}

int cgroup_cpu_ns(const struct cgroup *cg, long long *ret) {
        int fd = cgroup_cpu_fd(cg);

        return fd < 0 ? -ENOTSUP : cg_read_ll(fd, "cpuacct.usage", ret);
}

int cgroup_usage(const struct cgroup *cg, struct cgroup_usage *ret) {
        struct cgroup_usage u = { .memory_peak = -1, .cpu_ns = -1 };
        char buf[512], *k;
        int r;

        for (int i = 0; i < cg->base->n; i++) {
                if (!(cg->base->mask[i] & C_MEMORY))
                        continue;
                r = cg_read_ll(cg->dir[i], "memory.max_usage_in_bytes", &u.memory_peak);
                if (r < 0)
                        return r;
                r = cg_read(cg->dir[i], "memory.oom_control", buf, sizeof(buf));
                if (r < 0)
                        return r;
                k = strstr(buf, "oom_kill ");
                u.oom_killed = k && atoll(k + strlen("oom_kill ")) > 0;
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
        int r = 0;

        for (int i = 0; i < cg->base->n; i++) {
                int k = cg_write(cg->base->parent[i], "cgroup.procs", "0");

                if (k >= 0)
                        k = remove_dir(cg->base->parent[i], cg->name);
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
