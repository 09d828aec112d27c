/* reap.c: after a stage. Its cgroup is read only once every process of it is gone,
 * so the counters are final; then released (cgroup.c: kept for the slot's next
 * stage and reset before it, or removed). */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include "job/reap.h"

int stage_cgroup(const struct jail *j, const struct stage_limits *lim, struct cgroup *ret) {
        char name[32];

        snprintf(name, sizeof(name), "coderun-%u", (unsigned)j->uid);
        return cgroup_make(j->cgroups, name, lim->memory_bytes, j->cfg->procs, ret);
}

int stage_cgroup_end(struct cgroup *cg, struct outcome *o, bool *ret_oom) {
        struct cgroup_usage u;
        int r;

        r = cgroup_usage(cg, &u);
        if (r >= 0) {
                o->memory = u.memory_peak;
                *ret_oom = u.oom_killed;
                /* Exact, and counts what rusage cannot: children the kernel reaped
                 * for a parent that ignores SIGCHLD. */
                if (u.cpu_ns >= 0)
                        o->cpu_ms = u.cpu_ns / 1000000;
        }
        return cgroup_release(cg) < 0 && r >= 0 ? -EBUSY : r;
}

/* Sockets a dead job left in a cycle of SCM_RIGHTS messages (holding its pipes,
 * tmpfs files, memfds) are freed only by the kernel's AF_UNIX garbage collector,
 * which runs when some AF_UNIX socket is closed: close one, so the collector runs
 * now rather than whenever someone on the host happens to. */
void stage_unix_gc(void) {
        int sv[2];

        if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) == 0) {
                close(sv[0]);
                close(sv[1]);
        }
}
