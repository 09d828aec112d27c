/* box.c: the work dir. The executor moves itself into a private mount namespace and
 * mounts two tmpfs there: a staging one over /tmp (holding the empty dir each stage
 * builds its root on) and the work dir inside it; a judge's program (a checker or
 * an interactor) gets a work dir of its own beside it (box_add). Because the
 * namespace dies with the executor, no mount and no file of a job can outlive the
 * request, whatever happens. */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "base/limits.h"
#include "base/util.h"
#include "sandbox/box.h"

int box_create(const struct config *cfg, uid_t uid, gid_t gid, int *ret_fd) {
        if (unshare(CLONE_NEWNS) < 0)
                return -errno;
        /* Private first: otherwise our mounts would propagate to the host. */
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
                return -errno;
        if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
                  "size=1m,nr_inodes=64,mode=0700") < 0)
                return -errno;
        if (mkdir("/tmp/root", 0700) < 0 || mkdir(BOX_PATH, 0700) < 0)
                return -errno;
        return box_add(cfg, BOX_PATH, uid, gid, ret_fd);
}

int box_add(const struct config *cfg, const char *path, uid_t uid, gid_t gid, int *ret_fd) {
        char opts[128];
        int fd;

        if (strcmp(path, BOX_PATH) != 0 && mkdir(path, 0700) < 0)
                return -errno;
        /* Owned by the job uid through the mount options: no chown of a path. */
        snprintf(opts, sizeof(opts), "size=%lld,nr_inodes=%d,mode=0755,uid=%u,gid=%u",
                 cfg->box_bytes, LIMIT_BOX_INODES, (unsigned)uid, (unsigned)gid);
        if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
                return -errno;
        fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}
