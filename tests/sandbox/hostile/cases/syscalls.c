/* syscalls.c: attack: the kernel calls a job has no business with (argv[1] names one; harmless arguments). Safe: the seccomp filter kills the process with SIGSYS before the call runs. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
        static const struct { const char *name; long nr, a0, a1, a2; } calls[] = {
                { "io_uring_setup", SYS_io_uring_setup, 1, 0, 0 },
                { "keyctl", SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0 },
                { "ptrace", SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0 },
                { "mount", SYS_mount, 0, 0, 0 },
                { "unshare", SYS_unshare, CLONE_NEWUSER, 0, 0 },
                { "setns", SYS_setns, -1, 0, 0 },
                { "bpf", SYS_bpf, -1, 0, 0 },
                { "perf_event_open", SYS_perf_event_open, 0, 0, -1 },
                { "init_module", SYS_init_module, 0, 0, 0 },
        };
        long r;

        for (size_t i = 0; argc > 1 && i < sizeof(calls) / sizeof(calls[0]); i++) {
                if (strcmp(argv[1], calls[i].name) != 0)
                        continue;
                r = syscall(calls[i].nr, calls[i].a0, calls[i].a1, calls[i].a2, 0, 0);
                printf("%s returned %ld\n", calls[i].name, r);
                return 0;
        }
        return 2;
}
