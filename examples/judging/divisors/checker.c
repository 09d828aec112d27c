/* checker.c: any order of the answer's numbers is right. testlib's command line
 * (input output answer) and exit codes: 0 accepted, 1 wrong answer, 2 when the
 * output is not numbers at all (presentation error). */
#include <stdio.h>
#include <stdlib.h>

#define MAX 100000

static int cmp(const void *a, const void *b) {
        long x = *(const long *)a, y = *(const long *)b;

        return (x > y) - (x < y);
}

/* Up to MAX numbers of f into v, sorted; -1 when something else is there. */
static int read_sorted(FILE *f, long *v) {
        int n = 0;

        while (n < MAX && fscanf(f, "%ld", &v[n]) == 1)
                n++;
        if (!feof(f) && fgetc(f) != EOF)
                return -1;
        qsort(v, (size_t)n, sizeof(*v), cmp);
        return n;
}

int main(int argc, char **argv) {
        static long got[MAX], want[MAX];
        FILE *out = argc == 4 ? fopen(argv[2], "r") : NULL;
        FILE *ans = argc == 4 ? fopen(argv[3], "r") : NULL;
        int n, m;

        if (!out || !ans) {
                fprintf(stderr, "usage: checker input output answer\n");
                return 3;
        }
        n = read_sorted(out, got);
        m = read_sorted(ans, want);
        if (n < 0) {
                fprintf(stderr, "the output holds something other than numbers\n");
                return 2;
        }
        if (n != m) {
                fprintf(stderr, "expected %d numbers, got %d\n", m, n);
                return 1;
        }
        for (int i = 0; i < n; i++)
                if (got[i] != want[i]) {
                        fprintf(stderr, "%ld is not among the expected numbers\n", got[i]);
                        return 1;
                }
        fprintf(stderr, "ok: %d numbers\n", n);
        return 0;
}
