/* box.c: the work dir, a tmpfs of its own. On Linux 6.15 and later it is a detached
 * mount (fsopen, fsmount): in no mount namespace at all, reached only through the
 * executor's fds, and cloned onto /box by each stage's PID 1 (open_tree). Older
 * kernels cannot clone a detached mount: there the executor moves itself into a
 * private mount namespace, mounts a staging tmpfs over /tmp and the work dir under
 * it, as every kernel did before; copying the host's mount table and tearing it down
 * cost each request ~0.3 ms. Either way the tmpfs dies with the executor and its
 * stages, so no mount and no file of a job outlives the request. CODERUN_BOX_ATTACHED=1
 * in the executor's environment takes the older kernels' way (tests/sandbox). */
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "base/limits.h"
#include "base/util.h"
#include "sandbox/box.h"

/* A detached tmpfs with these options, or -errno. */
static int detached(const char *const opts[][2], size_t n) {
        _cleanup_close_ int fs = -1;
        int tree;

        fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
        if (fs < 0)
                return -errno;
        for (size_t i = 0; i < n; i++)
                if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, opts[i][0], opts[i][1], 0) < 0)
                        return -errno;
        if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
                return -errno;
        tree = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
        return tree < 0 ? -errno : tree;
}

/* Whether a stage could clone tree (6.15 and later, for a detached mount). */
static bool clonable(int tree) {
        int copy;

        if (getenv("CODERUN_BOX_ATTACHED"))
                return false;
        copy = (int)syscall(SYS_open_tree, tree, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
                            AT_EMPTY_PATH);
        if (copy < 0)
                return false;
        close(copy);
        return true;
}

int box_private_ns(void) {
        static bool made;

        if (made)
                return 0;
        if (unshare(CLONE_NEWNS) < 0)
                return -errno;
        /* Private first: otherwise our mounts would propagate to the host. */
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
                return -errno;
        if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
                  "size=1m,nr_inodes=64,mode=0700") < 0)
                return -errno;
        made = true;
        return 0;
}

/* The older kernels' way: the work dir mounted under the private /tmp. */
static int attached(const char *name, const char *opts, int *ret_tree) {
        char path[64];
        int tree, r;

        r = box_private_ns();
        if (r < 0)
                return r;
        snprintf(path, sizeof(path), "/tmp/%s", name);
        if (mkdir(path, 0700) < 0)
                return -errno;
        if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
                return -errno;
        tree = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (tree < 0)
                return -errno;
        *ret_tree = tree;
        return 0;
}

int box_create(const struct config *cfg, const char *name, uid_t uid, gid_t gid,
               int *ret_tree, int *ret_dir) {
        _cleanup_close_ int tree = -1;
        char size[24], inodes[24], owner[2][16], opts[128];
        /* Owned by the job uid through the mount options: no chown of a path. */
        const char *const o[][2] = {
                { "size", size }, { "nr_inodes", inodes }, { "mode", "0755" },
                { "uid", owner[0] }, { "gid", owner[1] },
        };
        int dir, r;

        snprintf(size, sizeof(size), "%lld", cfg->box_bytes);
        snprintf(inodes, sizeof(inodes), "%d", LIMIT_BOX_INODES);
        snprintf(owner[0], sizeof(owner[0]), "%u", (unsigned)uid);
        snprintf(owner[1], sizeof(owner[1]), "%u", (unsigned)gid);
        tree = detached(o, ELEMENTSOF(o));
        if (tree >= 0 && !clonable(tree))
                closep(&tree);
        if (tree < 0) {
                /* The same options as mount(2)'s comma-separated data. */
                size_t n = 0;

                for (size_t i = 0; i < ELEMENTSOF(o); i++)
                        n += (size_t)snprintf(opts + n, sizeof(opts) - n, "%s%s=%s",
                                              i ? "," : "", o[i][0], o[i][1]);
                r = attached(name, opts, &tree);
                if (r < 0)
                        return r;
        }
        dir = openat(tree, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0)
                return -errno;
        *ret_tree = TAKE_FD(tree);
        *ret_dir = dir;
        return 0;
}
