/* stats.h: the clock and the order statistics every benchmark here prints. */
#pragma once
#include <stdio.h>
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

/* The p-th percentile (0..100) of sorted t[0..n), nearest rank: with 200 runs p99 is
 * the second slowest, never an interpolation between two runs that did happen. */
static inline long long pct_ll(const long long *t, int n, int p) {
        long long i = ((long long)n * p + 99) / 100 - 1;

        if (n <= 0)
                return 0;
        if (i < 0)
                i = 0;
        if (i >= n)
                i = n - 1;
        return t[i];
}

/* Sorts t[0..n) of nanoseconds and prints " median p10 p90 p99" in microseconds: the
 * words tools/bench/run reads (spread = p90 - p10, which a few outliers cannot move). */
static inline void print_dist_us(FILE *f, long long *t, int n) {
        sort_ll(t, n);
        fprintf(f, " %lld %lld %lld %lld", pct_ll(t, n, 50) / 1000, pct_ll(t, n, 10) / 1000,
                pct_ll(t, n, 90) / 1000, pct_ll(t, n, 99) / 1000);
}
