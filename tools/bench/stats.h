/* stats.h: the clock and the order statistics every benchmark here prints. */
#pragma once
#include <stdlib.h>
#include <time.h>

static inline long long now_ns(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int cmp_ll(const void *a, const void *b) {
        long long x = *(const long long *)a, y = *(const long long *)b;

        return (x > y) - (x < y);
}

/* Sorts t[0..n) in place. */
static inline void sort_ll(long long *t, int n) {
        qsort(t, (size_t)n, sizeof(*t), cmp_ll);
}
