/* sys.c: seccomp probe. `sys [-t] NAME|NR [ARG...]` makes one raw system call with
 * up to six integer arguments (strtoull base 0: 0x.., -1) and prints "ok RET" or
 * the errno's name, exit 0 or 1. -t makes the call from a second thread, then the
 * main thread prints "alive". Test code: tests pick arguments that are harmless
 * even without the filter (bad fds, NULL pointers, pids that do not exist). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct call {
        long nr;
        unsigned long a[6];
        long ret;
        int err;
};

static void *call_run(void *p) {
        struct call *c = p;

        errno = 0;
        c->ret = syscall(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
        c->err = errno;
        return NULL;
}

int main(int argc, char **argv) {
        struct call c = { 0 };
        pthread_t t;
        int threaded = 0, i = 1;

        if (i < argc && strcmp(argv[i], "-t") == 0) {
                threaded = 1;
                i++;
        }
        if (i >= argc || argc - i - 1 > 6) {
                fprintf(stderr, "usage: sys [-t] NAME|NR [ARG...]\n");
                return 2;
        }
        c.nr = seccomp_syscall_resolve_name(argv[i]);
        if (c.nr == __NR_SCMP_ERROR)
                c.nr = (long)strtoull(argv[i], NULL, 0);
        for (int k = 0; i + 1 + k < argc; k++)
                c.a[k] = strtoull(argv[i + 1 + k], NULL, 0);

        if (threaded) {
                if (pthread_create(&t, NULL, call_run, &c) != 0 || pthread_join(t, NULL) != 0)
                        return 2;
        } else {
                call_run(&c);
        }
        if (c.ret == -1 && c.err)
                printf("%s\n", strerrorname_np(c.err));
        else
                printf("ok %ld\n", c.ret);
        if (threaded)
                printf("alive\n");
        return c.ret == -1 && c.err ? 1 : 0;
}
