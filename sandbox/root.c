/* root.c: each job slot's prepared root. The read-only skeleton of a job's root
 * (mount.c: /usr, /etc, /dev, about twenty mounts) is the same for every plain stage
 * of a slot, so it is built once into a mount namespace of its own and kept by a
 * bind mount in the state dir, as the slot's network namespace is (netns.c). A
 * stage's PID 1 then joins it and at once copies it (unshare), and mounts only its
 * own /proc, /tmp, /dev/shm and work dir on the copy: the kept namespace itself is
 * never written, and nothing a stage mounts outlives the stage.
 * A kept skeleton is used only while its key (mount_skeleton_key: the job uid, and
 * every host file it binds) is today's; else it is dropped and built again. It is
 * bound into the state dir only once whole, after its key was written, and a stale
 * one is unbound before its key is removed, so a half-made or stale skeleton is
 * never used, whenever an executor dies. */
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include "base/util.h"
#include "sandbox/mount.h"
#include "sandbox/root.h"

#define KEY_BYTES 2048        /* 14 lines at most (mount_skeleton_key) */

static bool is_nsfs(int fd) {
        struct statfs sf;

        return fstatfs(fd, &sf) == 0 && sf.f_type == NSFS_MAGIC;
}

static bool key_matches(const char *path, const char *key) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        char buf[KEY_BYTES];
        ssize_t n;

        if (fd < 0)
                return false;
        n = read(fd, buf, sizeof(buf));
        return n >= 0 && (size_t)n == strlen(key) && memcmp(buf, key, (size_t)n) == 0;
}

static int key_write(const char *path, const char *key) {
        char tmp[PATH_MAX + 64];
        _cleanup_close_ int fd = -1;
        int r;

        snprintf(tmp, sizeof(tmp), "%s.new", path);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return -errno;
        r = write_all(fd, key, strlen(key));
        if (r < 0)
                return r;
        return rename(tmp, path) < 0 ? -errno : 0;
}

/* Build the skeleton in a child's fresh mount namespace; once the child has it and
 * has stopped itself, bind its namespace at path. The child dies with us
 * (PDEATHSIG), so a stopped builder never outlives the executor. */
static int build(const struct jail *j, const char *path) {
        _cleanup_close_ int fd = -1;
        pid_t pid, parent = getpid();
        char ns[64];
        int st, r = 0;

        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0) {
                /* We may have died before the signal was asked for: then no one waits. */
                if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent ||
                    unshare(CLONE_NEWNS) < 0)
                        _exit(errno & 0xff);
                r = mount_build_skeleton(j);
                if (r < 0)
                        _exit(-r & 0xff);
                raise(SIGSTOP);
                _exit(0);
        }
        while (waitpid(pid, &st, WUNTRACED) < 0)
                if (errno != EINTR)
                        return -errno;
        if (!WIFSTOPPED(st))
                return WIFEXITED(st) && WEXITSTATUS(st) ? -WEXITSTATUS(st) : -ECHILD;
        fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        snprintf(ns, sizeof(ns), "/proc/%d/ns/mnt", (int)pid);
        if (fd < 0 || mount(ns, path, NULL, MS_BIND, NULL) < 0)
                r = -errno;
        (void)kill(pid, SIGKILL);
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
                ;
        return r;
}

/* state_dir/root.N for the plain skeleton; root.N-HASH for one with etc names, HASH
 * their FNV-1a (a clash only costs rebuilds: the key names them all). */
static void root_path(const struct config *cfg, unsigned slot, char *const *etc, char *buf,
                      size_t size) {
        uint64_t h = 14695981039346656037ULL;

        if (!etc || !etc[0]) {
                snprintf(buf, size, "%s/root.%u", cfg->state_dir, slot);
                return;
        }
        for (size_t i = 0; etc[i]; i++)
                for (const char *c = etc[i]; ; c++) {
                        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
                        if (!*c)
                                break;
                }
        snprintf(buf, size, "%s/root.%u-%016llx", cfg->state_dir, slot, (unsigned long long)h);
}

int root_get(const struct config *cfg, unsigned slot, const struct jail *j, int *ret_fd) {
        char path[PATH_MAX + 32], key_path[PATH_MAX + 48], key[KEY_BYTES];
        int fd, r;

        r = mount_skeleton_key(j, key, sizeof(key));
        if (r < 0)
                return r;
        root_path(cfg, slot, j->root_etc, path, sizeof(path));
        snprintf(key_path, sizeof(key_path), "%s.key", path);
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0 && is_nsfs(fd) && key_matches(key_path, key)) {
                *ret_fd = fd;
                return 0;
        }
        if (fd < 0 && errno != ENOENT)
                return -errno;
        /* Stale or half-made: unbound first, so no later executor can take it. */
        if (fd >= 0 && is_nsfs(fd) && umount2(path, MNT_DETACH) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        if (fd >= 0)
                close(fd);
        r = key_write(key_path, key);
        if (r >= 0)
                r = build(j, path);
        if (r < 0)
                return r;
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (!is_nsfs(fd)) {
                close(fd);
                return -EIO;
        }
        *ret_fd = fd;
        return 0;
}

/* The same names in the same order (lang.d's etc key of one language). */
static bool same_etc(char *const *a, char *const *b) {
        size_t i = 0;

        for (; a && a[i] && b && b[i]; i++)
                if (!streq(a[i], b[i]))
                        return false;
        return !(a && a[i]) && !(b && b[i]);
}

bool root_fits(const struct jail *j, const struct step *s) {
        return j->root >= 0 && !s->pts && same_etc(s->etc, j->root_etc);
}

int root_enter(const struct jail *j, int box_tree) {
        int r;

        /* Refused (no CAP_SYS_CHROOT, say): nothing has changed yet, build instead. */
        if (setns(j->root, CLONE_NEWNS) < 0)
                return errno == EPERM || errno == EINVAL ? 0 : -errno;
        /* From here on a failure fails the stage: never mount in the kept namespace. */
        if (unshare(CLONE_NEWNS) < 0)
                return -errno;
        r = mount_stage("", j, box_tree);
        if (r < 0)
                return r;
        return chdir("/") < 0 ? -errno : 1;
}
