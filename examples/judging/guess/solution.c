/* solution.c: binary search over 1..10^9, one query a line, flushed. */
#include <stdio.h>

int main(void) {
        long lo = 1, hi = 1000000000;
        char reply[4];

        for (;;) {
                long mid = lo + (hi - lo) / 2;

                printf("? %ld\n", mid);
                fflush(stdout);
                if (scanf("%3s", reply) != 1)
                        return 1;
                if (reply[0] == '=')
                        return 0;
                if (reply[0] == '<')
                        hi = mid - 1;
                else
                        lo = mid + 1;
        }
}
