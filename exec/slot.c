/* slot.c: job slots as flock(2)ed files in the state dir. The kernel drops a lock when
 * its holder dies, so a crashed executor never leaks a slot, and no daemon keeps count.
 * The slot number picks the job uid: two concurrent jobs never share a uid, which
 * RLIMIT_NPROC and signal permissions rely on. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "slot.h"
#include "util.h"

/* The state dir must be ours: root-owned, not writable by others, not a symlink. */
static int open_state_dir(const struct config *cfg, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        struct stat st;

        if (mkdir(cfg->state_dir, 0700) < 0 && errno != EEXIST)
                return -errno;
        fd = open(cfg->state_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (st.st_uid != geteuid() || (st.st_mode & 022))
                return -EPERM;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static int try_lock(int dir, unsigned i, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        char name[32];

        snprintf(name, sizeof(name), "slot.%u", i);
        fd = openat(dir, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return -errno;
        if (flock(fd, LOCK_EX | LOCK_NB) < 0)
                return -errno;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int slot_take(const struct config *cfg, unsigned *ret_slot, int *ret_fd) {
        _cleanup_close_ int dir = -1;
        unsigned start = (unsigned)getpid() % cfg->slots;
        int r;

        r = open_state_dir(cfg, &dir);
        if (r < 0)
                return r;
        /* Start at a pid-derived slot: concurrent executors rarely contend on one lock. */
        for (unsigned k = 0; k < cfg->slots; k++) {
                unsigned i = (start + k) % cfg->slots;

                r = try_lock(dir, i, ret_fd);
                if (r == -EWOULDBLOCK)
                        continue;
                if (r < 0)
                        return r;
                *ret_slot = i;
                return 0;
        }
        return -EBUSY;
}

int slot_count_free(const struct config *cfg, unsigned *ret_free) {
        _cleanup_close_ int dir = -1;
        unsigned n = 0;
        int r;

        r = open_state_dir(cfg, &dir);
        if (r < 0)
                return r;
        for (unsigned i = 0; i < cfg->slots; i++) {
                int fd;

                r = try_lock(dir, i, &fd);
                if (r == -EWOULDBLOCK)
                        continue;
                if (r < 0)
                        return r;
                close(fd);
                n++;
        }
        *ret_free = n;
        return 0;
}
