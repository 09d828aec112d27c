/* procstatus.c: SigIgn and CapBnd of /proc/self/status. The job resets each ignored
 * signal and drops each capability of its bounding set before its exec; asking the
 * kernel about every one of them cost over a hundred system calls a stage, where
 * the two masks cost three. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "sandbox/procstatus.h"

/* The hex value after "\nKEY:\t" in text, or -1. */
static int mask(const char *text, const char *key, uint64_t *ret) {
        char want[16], *end;
        const char *at;

        snprintf(want, sizeof(want), "\n%s:\t", key);
        at = strstr(text, want);
        if (!at)
                return -1;
        at += strlen(want);
        *ret = strtoull(at, &end, 16);
        return end == at || *end != '\n' ? -1 : 0;
}

int proc_status_masks(uint64_t *ret_ignored, uint64_t *ret_bounding) {
        _cleanup_close_ int fd = -1;
        char buf[4096];
        ssize_t n;

        fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        /* One read: the kernel writes the whole file (about 1.5 KiB) at once. */
        n = read(fd, buf, sizeof(buf) - 1);
        if (n <= 0 || (size_t)n == sizeof(buf) - 1)
                return -EIO;
        buf[n] = '\0';
        if (mask(buf, "SigIgn", ret_ignored) < 0 || mask(buf, "CapBnd", ret_bounding) < 0)
                return -EIO;
        return 0;
}
