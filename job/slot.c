/* slot.c: job slots as locked files in the state dir (open file description locks,
 * fcntl(2) F_OFD_SETLK). The kernel drops a lock when its holder dies, so a crashed
 * executor never leaks a slot, and no daemon keeps count. Unlike flock(2), a lock
 * can be tested without being taken (F_OFD_GETLK), so /health never makes a
 * concurrent execute see a free slot as busy.
 * The slot number picks the job uid: two concurrent jobs never share a uid, which
 * RLIMIT_NPROC and signal permissions rely on. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include "job/slot.h"
#include "base/util.h"

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

static int open_slot(int dir, unsigned i) {
        char name[32];
        int fd;

        snprintf(name, sizeof(name), "slot.%u", i);
        fd = openat(dir, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        return fd < 0 ? -errno : fd;
}

/* cmd F_OFD_SETLK takes the slot (-EAGAIN when held); F_OFD_GETLK only looks:
 * 1 when held, 0 when free. */
static int slot_lock(int fd, int cmd) {
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

        if (fcntl(fd, cmd, &fl) < 0)
                return errno == EACCES ? -EAGAIN : -errno;
        return cmd == F_OFD_GETLK ? fl.l_type != F_UNLCK : 0;
}

static int try_lock(int dir, unsigned i, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        int r;

        fd = open_slot(dir, i);
        if (fd < 0)
                return fd;
        r = slot_lock(fd, F_OFD_SETLK);
        if (r < 0)
                return r;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

/* The k-th slot to try of n: streaming runs try [0, stream_slots) only; batch runs
 * [stream_slots, slots) first, then the streaming ones. Within each range from a
 * pid-derived start: concurrent executors rarely contend on one lock. */
static unsigned slot_order(const struct config *cfg, bool stream, unsigned k) {
        unsigned streams = (unsigned)cfg->stream_slots, others = cfg->slots - streams;
        unsigned pid = (unsigned)getpid();

        if (stream)
                return (pid + k) % streams;
        if (k < others)
                return streams + (pid + k) % others;
        return (pid + k - others) % streams;
}

int slot_take(const struct config *cfg, bool stream, unsigned *ret_slot, int *ret_fd) {
        _cleanup_close_ int dir = -1;
        /* Streaming runs take only the first stream_slots slots, so they can never
         * hold them all; batch runs look at the others first, to leave those free. */
        unsigned n = stream ? (unsigned)cfg->stream_slots : cfg->slots;
        int r;

        r = open_state_dir(cfg, &dir);
        if (r < 0)
                return r;
        for (unsigned k = 0; k < n; k++) {
                unsigned i = slot_order(cfg, stream, k);

                r = try_lock(dir, i, ret_fd);
                if (r == -EAGAIN)
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
                _cleanup_close_ int fd = open_slot(dir, i);

                if (fd < 0)
                        return fd;
                r = slot_lock(fd, F_OFD_GETLK);
                if (r < 0)
                        return r;
                n += r == 0;
        }
        *ret_free = n;
        return 0;
}
