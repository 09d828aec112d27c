/* crash.c: argv[1] picks how to die: segv, fpe, abort, stack, exit255. Safe: each maps to its status (SG + signal name, or RE + code). */
#include <stdlib.h>
#include <string.h>

static int down(volatile int n) {
        volatile char frame[1024];

        frame[0] = (char)n;
        return down(n + 1) + frame[0];
}

int main(int argc, char **argv) {
        volatile int one = 1, zero = 0, *null = 0;
        const char *how = argc > 1 ? argv[1] : "";

        if (strcmp(how, "segv") == 0)
                return *null;
        if (strcmp(how, "fpe") == 0)
                return one / zero;
        if (strcmp(how, "abort") == 0)
                abort();
        if (strcmp(how, "stack") == 0)
                return down(0);
        if (strcmp(how, "exit255") == 0)
                return 255;
        return 0;
}
