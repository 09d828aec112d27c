/* netns.c: each job slot keeps an empty network namespace (only a loopback, down),
 * bound in the state dir like `ip netns add`, for one request after another while
 * none leaves a trace in it. A request marks it used (the first byte of the slot's
 * lock file, 'u') before joining it; once every stage is gone and the reply is out,
 * it looks for what a job can leave there (netns-used.c: counters, sockets, IPv6
 * flow labels), and only when there is nothing does it clear the mark. A marked
 * namespace (a job touched it, or its executor died first) is unbound by the next
 * request, which makes a fresh one: an IPv6 flow label lingering on ::1, or the
 * counters of /proc/net/snmp, reach no other job. Making one costs ~340 us at the
 * median and ~5 ms at p99, and tearing it down as much again in a kernel worker;
 * joining a kept one ~15 us (tools/bench/netns.c): most jobs never touch the
 * network, and pay neither. Never shared by two running jobs (the slot's lock):
 * abstract unix sockets live in the network namespace, and a shared one would let
 * concurrent jobs talk. A job cannot change it: it has no CAP_NET_ADMIN. */
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "base/util.h"
#include "sandbox/netns.h"

static bool is_netns(int fd) {
        struct statfs sf;

        return fstatfs(fd, &sf) == 0 && sf.f_type == NSFS_MAGIC;
}

/* A fresh namespace bound at path, made by entering it; then we come back. Called
 * under the slot's lock, so no other executor makes this one concurrently. */
static int netns_make(const char *path) {
        _cleanup_close_ int here = -1, fd = -1;
        int r = 0;

        here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (here < 0 || fd < 0)
                return -errno;
        if (unshare(CLONE_NEWNET) < 0)
                return -errno;
        if (mount("/proc/self/ns/net", path, NULL, MS_BIND, NULL) < 0)
                r = -errno;
        if (setns(here, CLONE_NEWNET) < 0)
                return -errno;
        return r;
}

/* The mark: 'u' while a request holds the namespace or left it touched. */
static int mark_set(int lock, char c) {
        ssize_t n = pwrite(lock, &c, 1, 0);

        return n == 1 ? 0 : n < 0 ? -errno : -EIO;
}

int netns_take(const struct config *cfg, unsigned slot, int lock, struct netns_hold *h) {
        _cleanup_close_ int fd = -1;
        char path[PATH_MAX + 32], was = 0;
        int r;

        snprintf(path, sizeof(path), "%s/netns.%u", cfg->state_dir, slot);
        if (pread(lock, &was, 1, 0) < 0)
                return -errno;
        /* Marked before it is joined: an executor that dies from here on leaves it
         * marked, and so never handed to another job. */
        r = mark_set(lock, 'u');
        if (r < 0)
                return r;
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno != ENOENT)
                return -errno;
        if (fd >= 0 && !is_netns(fd))
                closep(&fd);            /* an earlier make stopped before its bind */
        else if (fd >= 0 && was == 'u') {
                /* Used and not given back: unbound, so no one joins it again. */
                closep(&fd);
                if (umount2(path, MNT_DETACH) < 0)
                        return -errno;
        }
        if (fd < 0) {
                r = netns_make(path);
                if (r < 0)
                        return r;
                fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return -errno;
                if (!is_netns(fd))
                        return -ENXIO;
        }
        h->fd = TAKE_FD(fd);
        h->mark = lock;
        return 0;
}

void netns_release(struct netns_hold *h, bool joined) {
        if (h->fd < 0)
                return;
        /* A mark that cannot be cleared stays: the namespace is then replaced. */
        if ((joined || setns(h->fd, CLONE_NEWNET) == 0) && netns_untouched())
                (void)mark_set(h->mark, '-');
        closep(&h->fd);
}
