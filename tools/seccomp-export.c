/* seccomp-export: writes the job's seccomp filter, compiled from sandbox/seccomp.c's
 * table, to stdout as raw BPF. Run by `make`; no request pays for compiling it. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sandbox/seccomp.h"

int main(void) {
        int r = seccomp_export(STDOUT_FILENO);

        if (r < 0)
                fprintf(stderr, "seccomp-export: %s\n", strerror(-r));
        return r < 0 ? 1 : 0;
}
