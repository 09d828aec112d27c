/* cgroup-base.c: the cgroup this executor makes stage cgroups under, the one place
 * that knows the three backends apart:
 *   1. systemd runs the host: a cgroup systemd delegated to us, our unit's own
 *      (Delegate=yes) or a transient scope we start (scope.c); then 2 or 3 below
 *      inside it, as systemd's delegation rules allow;
 *   2. cgroupfs v2 (/sys/fs/cgroup is cgroup2): our own cgroup, once we moved
 *      ourselves into a leaf of it (v2 lets no process sit in a cgroup whose
 *      children have controllers);
 *   3. cgroupfs v1: our own cgroup in each of memory, pids, cpu and cpuacct.
 * Memory and pids are required: without them a job can take the host's memory
 * or fill its process table. cpu and cpuacct are used when there. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include "base/util.h"
#include "sandbox/cgroup.h"
#include "sandbox/scope.h"

static const struct { const char *name; unsigned bit; } controllers[] = {
        { "memory", C_MEMORY }, { "pids", C_PIDS }, { "cpu", C_CPU }, { "cpuacct", C_CPUACCT },
};

/* Which of our controllers a list holds: "cpu,cpuacct" (v1) or "cpu memory" (v2). */
static unsigned mask_of(const char *list, const char *sep) {
        unsigned mask = 0;
        char buf[256], *save, *w;

        snprintf(buf, sizeof(buf), "%s", list);
        for (w = strtok_r(buf, sep, &save); w; w = strtok_r(NULL, sep, &save))
                for (size_t i = 0; i < ELEMENTSOF(controllers); i++)
                        if (streq(w, controllers[i].name))
                                mask |= controllers[i].bit;
        return mask;
}

static int read_self_cgroup(char *buf, size_t size) {
        _cleanup_close_ int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
        ssize_t n;

        if (fd < 0)
                return -errno;
        n = read(fd, buf, size - 1);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        return 0;
}

static void base_close(struct cgroup_base *b) {
        for (int i = 0; i < b->n; i++)
                closep(&b->parent[i]);
        closep(&b->home);
        b->n = 0;
        b->home = -1;
}

/* /proc/self/cgroup lines are "ID:CONTROLLERS:PATH"; each v1 hierarchy is mounted
 * at /sys/fs/cgroup/CONTROLLERS. */
static int open_v1(struct cgroup_base *b) {
        char buf[4096], *line, *save;
        int r = read_self_cgroup(buf, sizeof(buf));

        if (r < 0)
                return r;
        for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *list = strchr(line, ':'), *path, dir[PATH_MAX];
                unsigned mask;
                int d;

                if (!list || !(path = strchr(++list, ':')))
                        continue;
                *path++ = '\0';
                mask = mask_of(list, ",");
                if (!mask || b->n == CGROUP_HIERARCHIES)
                        continue;
                snprintf(dir, sizeof(dir), "/sys/fs/cgroup/%s%s", list, path);
                d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
                if (d < 0)
                        continue;
                b->parent[b->n] = d;
                b->mask[b->n++] = mask;
        }
        return 0;
}

/* Only this process in dir's cgroup.procs: then moving it out empties the cgroup. */
static bool alone_in(int dir) {
        char buf[256], self[32];

        snprintf(self, sizeof(self), "%d\n", (int)getpid());
        return cgroup_read(dir, "cgroup.procs", buf, sizeof(buf)) >= 0 && streq(buf, self);
}

/* Into a leaf "coderun-exec" of our cgroup, then controllers on for its children.
 * Undone if the second step fails: we never stay half-moved. */
static int v2_delegate(int own, unsigned mask, int *ret_home) {
        _cleanup_close_ int leaf = -1;
        int r;

        if (!alone_in(own))
                return -EBUSY;
        if (mkdirat(own, "coderun-exec", 0700) < 0 && errno != EEXIST)
                return -errno;
        leaf = openat(own, "coderun-exec", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (leaf < 0)
                return -errno;
        r = cgroup_write(leaf, "cgroup.procs", "0");
        if (r >= 0)
                r = cgroup_write(own, "cgroup.subtree_control",
                                 mask & C_CPU ? "+memory +pids +cpu" : "+memory +pids");
        if (r < 0) {
                (void)cgroup_write(own, "cgroup.procs", "0");
                (void)unlinkat(own, "coderun-exec", AT_REMOVEDIR);
                return r;
        }
        *ret_home = TAKE_FD(leaf);
        return 0;
}

/* The v2 line of /proc/self/cgroup is "0::PATH". */
static int open_v2(bool probe, struct cgroup_base *b, const char **why) {
        char buf[4096], dir[PATH_MAX], list[256], *path;
        unsigned have;
        int own, r = read_self_cgroup(buf, sizeof(buf));

        if (r < 0)
                return r;
        path = strstr(buf, "0::");
        if (path != buf && (!path || path[-1] != '\n'))
                return -ENOTSUP;
        path += 3;
        path[strcspn(path, "\n")] = '\0';
        snprintf(dir, sizeof(dir), "/sys/fs/cgroup%s", path);
        own = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (own < 0)
                return -errno;
        b->parent[b->n++] = own;
        /* cpu.stat's usage is in every v2 cgroup: CPU time needs no controller. */
        r = cgroup_read(own, "cgroup.controllers", list, sizeof(list));
        have = r < 0 ? 0 : mask_of(list, " \n") | C_CPUACCT;
        b->mask[0] = have & (C_MEMORY | C_PIDS | C_CPU | C_CPUACCT);
        if ((have & (C_MEMORY | C_PIDS)) != (C_MEMORY | C_PIDS)) {
                *why = "the memory and pids controllers are not delegated to the executor's cgroup";
                return -ENOTSUP;
        }
        /* Already on for children (the root cgroup, or set up before us). */
        r = cgroup_read(own, "cgroup.subtree_control", list, sizeof(list));
        if (r >= 0 && (mask_of(list, " \n") & (C_MEMORY | C_PIDS)) == (C_MEMORY | C_PIDS)) {
                b->home = fcntl(own, F_DUPFD_CLOEXEC, 3);
                return b->home < 0 ? -errno : 0;
        }
        r = probe ? (alone_in(own) ? 0 : -EBUSY) : v2_delegate(own, b->mask[0], &b->home);
        if (r == -EBUSY) {
                *why = "the executor's cgroup holds other processes: cgroup v2 needs one of its own";
                r = -ENOTSUP;
        }
        return r;
}

static bool cgroup2_root(void) {
        struct statfs fs;

        return statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

int cgroup_base_open(bool probe, struct cgroup_base *ret, const char **ret_why) {
        static const char *const names[3][2] = {
                [SCOPE_NONE]      = { "cgroup-v1", "cgroup-v2" },
                [SCOPE_DELEGATED] = { "systemd-delegate+cgroup-v1", "systemd-delegate+cgroup-v2" },
                [SCOPE_TRANSIENT] = { "systemd-scope+cgroup-v1", "systemd-scope+cgroup-v2" },
        };
        struct cgroup_base b = { .home = -1 };
        const char *why = "no cgroup hierarchy holds the memory and pids controllers";
        enum scope_kind kind;
        int r;

        r = scope_claim(probe, &kind);
        if (r < 0) {
                *ret_why = "systemd did not start the job's transient scope";
                return r;
        }
        b.version = cgroup2_root() ? 2 : 1;
        r = b.version == 2 ? open_v2(probe, &b, &why) : open_v1(&b);
        if (r >= 0) {
                unsigned have = 0;

                for (int i = 0; i < b.n; i++)
                        have |= b.mask[i];
                if ((have & (C_MEMORY | C_PIDS)) != (C_MEMORY | C_PIDS))
                        r = -ENOTSUP;
        }
        if (r < 0) {
                base_close(&b);
                *ret_why = why;
                return r;
        }
        b.backend = names[kind][b.version - 1];
        b.keep = b.version == 1 && kind == SCOPE_NONE;
        *ret = b;
        return 0;
}
