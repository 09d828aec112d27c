/* mount.c: the job's root filesystem. Everything comes from the host read-only, except
 * three size-limited tmpfs (/tmp, /dev/shm and the work dir at /box), and nothing of
 * the host is visible but /usr (without /usr/local), a curated /etc and device nodes;
 * a tty run adds the request's own devpts instance, never the host's /dev/pts.
 * It is built in two parts: the skeleton, read-only and the same for every stage of
 * a slot (which root.c keeps built per slot), and the stage's own mounts on it
 * (a fresh /proc, /tmp, /dev/shm and the work dir). Runs as root in a fresh mount
 * namespace; must never touch the host's. */
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "base/limits.h"
#include "base/util.h"
#include "sandbox/mount.h"

#define ROOT "/tmp/root"        /* an empty dir of a staging tmpfs over /tmp */

/* /bin, /lib, ... are symlinks into /usr on merged-usr hosts: recreate the links
 * rather than bind them. */
static const char *const usr_links[][2] = {
        { "bin", "usr/bin" }, { "sbin", "usr/sbin" }, { "lib", "usr/lib" },
        { "lib64", "usr/lib64" }, { "lib32", "usr/lib32" }, { "libx32", "usr/libx32" },
};

/* What runtimes read in /etc. Nothing else of the host's /etc is visible: no shadow,
 * no machine-id, no coderun config. Missing entries are skipped (optional). */
static const char *const etc_binds[] = {
        "ld.so.cache",          /* the dynamic loader's index: fast startup */
        "localtime",            /* time zone for programs printing dates */
        "alternatives",         /* /usr/bin/java -> /etc/alternatives/java (Debian) */
        "ssl",                  /* certificates some libraries load at startup */
};

static const char *const dev_nodes[] = { "null", "zero", "full", "random", "urandom" };

static const char *const dev_links[][2] = {
        { "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
        { "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
};

static int do_mount(const char *src, const char *dst, const char *type,
                    unsigned long flags, const char *data) {
        if (mount(src, dst, type, flags, data) < 0)
                return -errno;
        return 0;
}

/* A bind mount is created with the source's flags; read-only needs a remount
 * (mount(2), "Creating a bind mount"). Not recursive: submounts stay hidden. */
static int bind_ro(const char *src, const char *dst) {
        int r;

        r = do_mount(src, dst, NULL, MS_BIND, NULL);
        if (r < 0)
                return r;
        return do_mount(NULL, dst, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID |
                        MS_NODEV, NULL);
}

static int make_file(const char *path, const char *content, mode_t mode) {
        _cleanup_close_ int fd = -1;

        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0)
                return -errno;
        return content ? write_all(fd, content, strlen(content)) : 0;
}

static int tmpfs(const char *dst, long long bytes, long long inodes, mode_t mode,
                 unsigned long flags) {
        char opts[96];

        snprintf(opts, sizeof(opts), "size=%lld,nr_inodes=%lld,mode=%o", bytes, inodes, mode);
        return do_mount("tmpfs", dst, "tmpfs", flags, opts);
}

static int build_usr(void) {
        struct stat st;
        int r;

        if (mkdir(ROOT "/usr", 0755) < 0)
                return -errno;
        r = bind_ro("/usr", ROOT "/usr");
        if (r < 0)
                return r;
        /* /usr/local holds host tools nothing in lang.d uses: hide it. */
        r = tmpfs(ROOT "/usr/local", 4096, 16, 0755, MS_NOSUID | MS_NODEV | MS_RDONLY);
        if (r < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(usr_links); i++) {
                char path[64];

                snprintf(path, sizeof(path), "/%s", usr_links[i][0]);
                if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode))
                        continue;
                snprintf(path, sizeof(path), ROOT "/%s", usr_links[i][0]);
                if (symlink(usr_links[i][1], path) < 0)
                        return -errno;
        }
        return 0;
}

/* /etc/NAME into the job's /etc, read-only; absent on this host: skipped (the
 * language's toolchain then decides whether it runs without it). */
static int etc_bind(const char *name) {
        char src[PATH_MAX], dst[PATH_MAX];
        struct stat st;
        int r;

        snprintf(src, sizeof(src), "/etc/%s", name);
        snprintf(dst, sizeof(dst), ROOT "/etc/%s", name);
        if (lstat(dst, &st) == 0 || stat(src, &st) < 0)
                return 0;               /* listed twice, or not on this host */
        if (S_ISDIR(st.st_mode))
                r = mkdir(dst, 0755) < 0 ? -errno : 0;
        else
                r = make_file(dst, NULL, 0644);
        return r < 0 ? r : bind_ro(src, dst);
}

static int build_etc(const struct jail *j, char *const *etc) {
        char passwd[256], group[192];
        int r;

        if (mkdir(ROOT "/etc", 0755) < 0)
                return -errno;
        /* A name for the job uid: some runtimes (getpwuid in Python's getpass, Java's
         * user.name) misbehave without one. */
        snprintf(passwd, sizeof(passwd),
                 "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                 "coderun:x:%u:%u:coderun job:/box:/usr/sbin/nologin\n"
                 "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
                 (unsigned)j->uid, (unsigned)j->gid);
        snprintf(group, sizeof(group), "root:x:0:\ncoderun:x:%u:\nnogroup:x:65534:\n",
                 (unsigned)j->gid);
        r = make_file(ROOT "/etc/passwd", passwd, 0644);
        if (r >= 0)
                r = make_file(ROOT "/etc/group", group, 0644);
        if (r >= 0)
                r = make_file(ROOT "/etc/hosts", "127.0.0.1 localhost coderun\n"
                              "::1 localhost ip6-localhost\n", 0644);
        if (r >= 0)
                r = make_file(ROOT "/etc/hostname", "coderun\n", 0644);
        if (r < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(etc_binds); i++) {
                r = etc_bind(etc_binds[i]);
                if (r < 0)
                        return r;
        }
        /* What the language's lang.d file asks for (its `etc` key). */
        for (size_t i = 0; etc && etc[i]; i++) {
                r = etc_bind(etc[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* A bind of a host node onto a new empty file: the job cannot mknod (no CAP_MKNOD,
 * and /dev is read-only by the time it runs). */
static int dev_bind(const char *name) {
        char src[32], dst[64];
        int r;

        snprintf(src, sizeof(src), "/dev/%s", name);
        snprintf(dst, sizeof(dst), ROOT "/dev/%s", name);
        r = make_file(dst, NULL, 0666);
        return r < 0 ? r : do_mount(src, dst, NULL, MS_BIND, NULL);
}

/* A tty run: the request's own devpts instance as /dev/pts, never the host's, whose
 * entries are other sessions' terminals. /dev/ptmx leads into that instance, so a pty
 * the job makes is one of it, bounded by its max (pty.c). /dev/tty is the generic
 * "my controlling terminal" node (5,0): it opens whatever terminal the opener's
 * session has, here the slave, and nothing else. */
static int build_pts(int pts_tree) {
        struct stat st, host;
        struct statfs sfs;
        int r;

        /* Fail closed on a wrong dir: an empty one would leave the job a tty it cannot
         * name, the host's would show it every terminal of the host. */
        if (fstatfs(pts_tree, &sfs) < 0 || fstat(pts_tree, &st) < 0)
                return -errno;
        if (sfs.f_type != DEVPTS_SUPER_MAGIC ||
            (stat("/dev/pts", &host) == 0 && host.st_dev == st.st_dev))
                return -EINVAL;
        if (mkdir(ROOT "/dev/pts", 0755) < 0)
                return -errno;
        /* Read-only as every bind here, but not nodev (bind_ro): its nodes are the
         * terminals. Not recursive (open_tree's clone): nothing mounted under it. */
        r = syscall(SYS_move_mount, pts_tree, "", AT_FDCWD, ROOT "/dev/pts",
                    MOVE_MOUNT_F_EMPTY_PATH) < 0 ? -errno : 0;
        if (r >= 0)
                r = do_mount(NULL, ROOT "/dev/pts", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY |
                             MS_NOSUID | MS_NOEXEC, NULL);
        if (r < 0)
                return r;
        if (symlink("pts/ptmx", ROOT "/dev/ptmx") < 0)
                return -errno;
        return dev_bind("tty");
}

static int build_dev(int pts_tree) {
        char path[64];
        int r;

        if (mkdir(ROOT "/dev", 0755) < 0)
                return -errno;
        r = tmpfs(ROOT "/dev", LIMIT_DEV_BYTES, 64, 0755, MS_NOSUID | MS_NOEXEC);
        if (r < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(dev_nodes); i++) {
                r = dev_bind(dev_nodes[i]);
                if (r < 0)
                        return r;
        }
        if (pts_tree >= 0) {
                r = build_pts(pts_tree);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < ELEMENTSOF(dev_links); i++) {
                snprintf(path, sizeof(path), ROOT "/dev/%s", dev_links[i][0]);
                if (symlink(dev_links[i][1], path) < 0)
                        return -errno;
        }
        /* Its mount point only: the tmpfs is the stage's own (mount_stage). */
        if (mkdir(ROOT "/dev/shm", 0755) < 0)
                return -errno;
        return do_mount(NULL, ROOT "/dev", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID |
                        MS_NOEXEC, NULL);
}

/* The read-only part at ROOT: a tmpfs holding /usr, /etc, /dev and the mount points
 * of the stage's own mounts. Read-only as a whole (the superblock, so no copy of it
 * in another namespace can write either). */
static int build_skeleton(const struct jail *j, char *const *etc, int pts_tree) {
        int r;

        r = tmpfs(ROOT, 1 << 20, 256, 0755, MS_NOSUID | MS_NODEV);
        if (r >= 0)
                r = build_usr();
        if (r >= 0)
                r = build_etc(j, etc);
        if (r >= 0)
                r = build_dev(pts_tree);
        if (r < 0)
                return r;
        if (mkdir(ROOT "/proc", 0555) < 0 || mkdir(ROOT "/tmp", 01777) < 0 ||
            mkdir(ROOT "/box", 0755) < 0)
                return -errno;
        return do_mount(NULL, ROOT, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
}

/* The stage's own mounts on a skeleton at root ("" once pivoted into it). A fresh
 * /dev/shm and /tmp per stage: isolate once fixed a shared /dev/shm that let jobs
 * pass data and fill memory across runs. The work dir is box_tree, open_tree's
 * clone of it. */
int mount_stage(const char *root, const struct jail *j, int box_tree) {
        char dst[64];
        int r;

        /* proc of the new PID namespace (we are its PID 1): only the job's processes.
         * hidepid=2 hides other uids' processes even from each other's view. */
        snprintf(dst, sizeof(dst), "%s/proc", root);
        r = do_mount("proc", dst, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2");
        if (r < 0)
                return r;
        snprintf(dst, sizeof(dst), "%s/tmp", root);
        r = tmpfs(dst, j->cfg->tmp_bytes, LIMIT_TMP_INODES, 01777, MS_NOSUID | MS_NODEV);
        if (r < 0)
                return r;
        snprintf(dst, sizeof(dst), "%s/dev/shm", root);
        r = tmpfs(dst, j->cfg->tmp_bytes, LIMIT_TMP_INODES, 01777,
                  MS_NOSUID | MS_NODEV | MS_NOEXEC);
        if (r < 0)
                return r;
        snprintf(dst, sizeof(dst), "%s/box", root);
        return syscall(SYS_move_mount, box_tree, "", AT_FDCWD, dst, MOVE_MOUNT_F_EMPTY_PATH) < 0 ?
               -errno : 0;
}

int mount_clone(int dirfd, const char *path) {
        int fd = (int)syscall(SYS_open_tree, dirfd, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
                              (*path ? 0 : AT_EMPTY_PATH));

        return fd < 0 ? -errno : fd;
}

/* pivot_root(".", ".") stacks the old root under the new one; the lazy unmount then
 * drops every host mount from this namespace (pivot_root(2)). */
static int pivot(void) {
        if (chdir(ROOT) < 0)
                return -errno;
        if (syscall(SYS_pivot_root, ".", ".") < 0)
                return -errno;
        if (umount2(".", MNT_DETACH) < 0)
                return -errno;
        return chdir("/") < 0 ? -errno : 0;
}

/* Nothing we mount may propagate back to the executor or the host; then a staging
 * tmpfs over /tmp, so that ROOT is made there, not in the host's /tmp. */
static int staging(void) {
        int r = do_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);

        if (r >= 0)
                r = tmpfs("/tmp", 1 << 20, 64, 0700, MS_NOSUID | MS_NODEV);
        if (r >= 0 && mkdir(ROOT, 0700) < 0)
                r = -errno;
        return r;
}

int mount_build_root(const struct jail *j, const struct step *s, int box_tree, int pts_tree) {
        int r = staging();

        if (r >= 0)
                r = build_skeleton(j, s->etc, pts_tree);
        if (r >= 0)
                r = mount_stage(ROOT, j, box_tree);
        return r < 0 ? r : pivot();
}

int mount_build_skeleton(const struct jail *j) {
        int r = staging();

        if (r >= 0)
                r = build_skeleton(j, j->root_etc, -1);
        return r < 0 ? r : pivot();
}

/* The i-th host path the skeleton binds (/usr, then /etc's: ours, then j's lang.d
 * names) into buf; false past the last. */
static bool skeleton_source(const struct jail *j, size_t i, char *buf, size_t size) {
        size_t n_etc = 0;

        while (j->root_etc && j->root_etc[n_etc])
                n_etc++;
        if (i == 0)
                snprintf(buf, size, "/usr");
        else if (i <= ELEMENTSOF(etc_binds))
                snprintf(buf, size, "/etc/%s", etc_binds[i - 1]);
        else if (i <= ELEMENTSOF(etc_binds) + n_etc)
                snprintf(buf, size, "/etc/%s", j->root_etc[i - 1 - ELEMENTSOF(etc_binds)]);
        else
                return false;
        return true;
}

/* What the skeleton was built from: the job uid, and the identity of every host file
 * it binds (a bind holds the inode it was made on: ldconfig's renamed ld.so.cache
 * would stay the old one in a kept skeleton), the lang.d etc names among them. */
int mount_skeleton_key(const struct jail *j, char *buf, size_t size) {
        char src[PATH_MAX];
        size_t n;

        n = (size_t)snprintf(buf, size, "coderun skeleton 2 uid %u gid %u\n",
                             (unsigned)j->uid, (unsigned)j->gid);
        for (size_t i = 0; n < size && skeleton_source(j, i, src, sizeof(src)); i++) {
                struct stat st = { 0 };

                /* Absent is a state too: one that appears later changes the key. */
                if (stat(src, &st) < 0 && errno != ENOENT)
                        return -errno;
                n += (size_t)snprintf(buf + n, size - n, "%s %llx %llx %lld.%09ld\n", src,
                                      (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
                                      (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
        }
        return n < size ? 0 : -ENAMETOOLONG;
}
