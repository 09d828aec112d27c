/* util.c: clocks, full writes and the problem() filler shared by every file. */
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include "base/err.h"
#include "base/util.h"

long long now_ns(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long now_ms(void) {
        return now_ns() / 1000000;
}

int write_all(int fd, const void *buf, size_t len) {
        const char *p = buf;

        while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += n;
                len -= (size_t)n;
        }
        return 0;
}

int problem(struct problem *p, enum err err, const char *fmt, ...) {
        va_list ap;

        p->err = err;
        va_start(ap, fmt);
        vsnprintf(p->message, sizeof(p->message), fmt, ap);
        va_end(ap);
        return -EINVAL;
}

static int cmp_int(const void *a, const void *b) {
        return *(const int *)a - *(const int *)b;
}

int close_all_but(int *keep, size_t n) {
        unsigned lo = 0;

        qsort(keep, n, sizeof(int), cmp_int);
        for (size_t i = 0; i <= n; i++) {
                unsigned hi = i < n ? (unsigned)keep[i] : ~0U;

                if (hi > lo && syscall(SYS_close_range, lo, i < n ? hi - 1 : hi, 0) < 0)
                        return -errno;
                lo = hi + 1;
        }
        return 0;
}
