/* seccomp-load.c: reads the job's filter that `make` exported from seccomp.c's table
 * and loads it into a job. Plain syscalls, no libseccomp: the executor does not pay
 * for loading that library on every request. Never loads a program it has not
 * checked, never sets no_new_privs (the caller does). */
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "base/util.h"
#include "sandbox/seccomp.h"

/* Read a whole program from fd. The size is checked on the bytes actually read,
 * not on fstat, so a file that changes under us cannot slip a partial program in. */
int seccomp_read_fd(int fd, struct seccomp_prog *ret_prog) {
        struct seccomp_prog prog;
        char *buf = (char *)prog.insns;
        size_t size = 0;
        char extra;
        ssize_t n;

        while (size < sizeof(prog.insns)) {
                n = read(fd, buf + size, sizeof(prog.insns) - size);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                if (n == 0)
                        break;
                size += n;
        }
        if (size == sizeof(prog.insns)) {
                do
                        n = read(fd, &extra, 1);
                while (n < 0 && errno == EINTR);
                if (n < 0)
                        return -errno;
                if (n > 0)
                        return -EINVAL;         /* over BPF_MAXINSNS */
        }
        if (size == 0 || size % sizeof(struct sock_filter) != 0)
                return -EINVAL;

        prog.len = size / sizeof(struct sock_filter);
        memcpy(ret_prog->insns, prog.insns, size);
        ret_prog->len = prog.len;
        return 0;
}

int seccomp_read(const char *path, struct seccomp_prog *ret_prog) {
        _cleanup_close_ int fd = -1;
        struct stat st;

        /* Whoever can write this file decides what every job may call. O_NOFOLLOW:
         * a symlink fails (ELOOP), whoever owns it; O_NONBLOCK: a FIFO planted here
         * cannot hang the open, and fails the regular-file test below. */
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
                return -EPERM;
        return seccomp_read_fd(fd, ret_prog);
}

int seccomp_apply(const struct seccomp_prog *prog) {
        struct sock_fprog fprog = {
                .len = prog->len,
                .filter = (struct sock_filter *)prog->insns,
        };

        /* The raw call with no flags is what seccomp_load(3) made for this filter.
         * Without no_new_privs (set by the caller, which checks it) an unprivileged
         * load fails with EACCES, which is the right way to fail. The kernel checks
         * the program itself (jumps in range, ends in a return), so a damaged file
         * fails here with EINVAL rather than loading something else. */
        if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0)
                return -errno;
        return 0;
}
