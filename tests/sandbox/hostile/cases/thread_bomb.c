/* thread_bomb.c: attack: start idle threads until the kernel refuses. Safe: refused with EAGAIN below the configured `procs` (RLIMIT_NPROC, pids cgroup). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *idle(void *arg) {
        for (;;)
                pause();
        return arg;
}

int main(void) {
        pthread_attr_t attr;
        pthread_t t;
        int n = 0, r;

        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 64 << 10);
        while ((r = pthread_create(&t, &attr, idle, NULL)) == 0)
                n++;
        printf("%d %s\n", n, r == EAGAIN ? "EAGAIN" : strerror(r));
        return 0;
}
