/* fail.c: fills the struct failure that main() prints; never prints itself. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "cli/fail.h"

int fail_set(struct failure *f, int exit, const char *fmt, ...) {
        va_list ap;

        f->exit = exit;
        va_start(ap, fmt);
        vsnprintf(f->message, sizeof(f->message), fmt, ap);
        va_end(ap);
        return -EINVAL;
}
