/* netns.c: each job slot has an empty network namespace (only a loopback, down)
 * waiting for its next request, kept by a bind mount in the state dir, like `ip netns
 * add`. A request takes it: joins it (or hands it to a judge's program) and unbinds
 * it at once, so no later request can ever join it, and a helper process makes the
 * slot a fresh one while the request runs. A namespace thus serves one request and
 * dies with it: what a job leaves in it (an IPv6 flow label lingering on ::1, the
 * counters of /proc/net/snmp) reaches no other request. Joining a ready namespace
 * costs ~15 us where making one in the request's path costs ~340 us at the median and
 * ~5 ms at p99 (tools/bench/netns.c, `make bench`). Never shared by two running jobs:
 * abstract unix sockets live in the network namespace, and a shared one would let
 * concurrent jobs talk. A job cannot change it: it has no CAP_NET_ADMIN. */
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "base/util.h"
#include "sandbox/netns.h"

static void ns_path(const struct config *cfg, unsigned slot, char *buf, size_t size) {
        snprintf(buf, size, "%s/netns.%u", cfg->state_dir, slot);
}

static bool is_netns(int fd) {
        struct statfs sf;

        return fstatfs(fd, &sf) == 0 && sf.f_type == NSFS_MAGIC;
}

/* A fresh namespace bound at path: the caller enters it (unshare) to make it. Called
 * under the slot's lock, so no other executor makes this one concurrently. */
static int netns_make(const char *path) {
        _cleanup_close_ int fd = -1;

        fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return -errno;
        if (unshare(CLONE_NEWNET) < 0)
                return -errno;
        if (mount("/proc/self/ns/net", path, NULL, MS_BIND, NULL) < 0)
                return -errno;
        return 0;
}

int netns_take(const struct config *cfg, unsigned slot, int *ret_fd) {
        _cleanup_close_ int here = -1;
        char path[PATH_MAX + 32];
        int fd, r;

        ns_path(cfg, slot, path, sizeof(path));
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0 && !is_netns(fd))
                closep(&fd);            /* taken, its fresh one not bound yet */
        else if (fd < 0 && errno != ENOENT)
                return -errno;
        if (fd < 0) {
                /* None ready: made here, by entering it, then we come back. */
                here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
                if (here < 0)
                        return -errno;
                r = netns_make(path);
                if (setns(here, CLONE_NEWNET) < 0)
                        return -errno;
                if (r < 0)
                        return r;
                fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return -errno;
        }
        /* Ours alone from now: our fd keeps it alive, and no one can open it again. */
        if (umount2(path, MNT_DETACH) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        *ret_fd = fd;
        return 0;
}

int netns_refill(const struct config *cfg, const unsigned *slots, const int *locks, size_t n,
                 pid_t *ret_pid) {
        char path[PATH_MAX + 32];
        int keep[2];
        pid_t pid;

        if (n > ELEMENTSOF(keep))
                return -EINVAL;

        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0) {
                /* Only the slots' locks: held until each slot has its namespace,
                 * and never the client's connection, whose end we must not delay.
                 * No PDEATHSIG: a namespace half made is not bound, and one made is
                 * whole, so the helper may as well finish when we die. */
                memcpy(keep, locks, n * sizeof(int));
                if (close_all_but(keep, n) < 0)
                        _exit(1);
                for (size_t i = 0; i < n; i++) {
                        ns_path(cfg, slots[i], path, sizeof(path));
                        if (netns_make(path) < 0)
                                _exit(1);
                }
                _exit(0);
        }
        *ret_pid = pid;
        return 0;
}
