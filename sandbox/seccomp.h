/* seccomp.h: the job's system call filter, built once at build time and loaded
 * per job. */
#pragma once
#include <linux/filter.h>

/* A classic BPF program as the kernel takes it; BPF_MAXINSNS is its own cap. */
struct seccomp_prog {
        struct sock_filter insns[BPF_MAXINSNS];
        unsigned short len;
};

/* Build time (seccomp.c, the only user of libseccomp): build the filter from the table and write the raw program (an array
 * of struct sock_filter, host byte order) to fd. 0 or -errno. */
int seccomp_export(int fd);
/* Read a whole program from fd, checking only its size (seccomp-load.c). */
int seccomp_read_fd(int fd, struct seccomp_prog *ret_prog);
/* Per request, before any fork: read a program written by seccomp_export. Refuses
 * (-EPERM) anything but a regular file owned by root and not writable by group or
 * other, a symlink (-ELOOP), and a size that is not a whole program (-EINVAL).
 * 0 or -errno. */
int seccomp_read(const char *path, struct seccomp_prog *ret_prog);
/* In the job's child, after PR_SET_NO_NEW_PRIVS: load prog into the calling
 * thread. The filter is inherited over execve and by every child. 0 or -errno. */
int seccomp_apply(const struct seccomp_prog *prog);
