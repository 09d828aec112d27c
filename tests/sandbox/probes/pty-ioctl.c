/* pty-ioctl.c: seccomp probe. Opens a private pty pair and makes one ioctl on the
 * slave: `pty-ioctl CMD [HIGH]`, HIGH ORed into the 64-bit command (the kernel
 * reads only the low 32 bits). For TIOCSTI the buffer holds one byte, "x", which
 * lands in this pty's own input queue and nowhere else. Prints "ok RET" or the
 * errno's name, exit 0 or 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
        char buf[256] = "x";
        unsigned long cmd;
        int master, slave;
        long ret;

        if (argc < 2)
                return 2;
        cmd = strtoull(argv[1], NULL, 0) | (argc > 2 ? strtoull(argv[2], NULL, 0) : 0);
        master = posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
                return 2;
        slave = open(ptsname(master), O_RDWR | O_NOCTTY);
        if (slave < 0)
                return 2;
        ret = syscall(SYS_ioctl, slave, cmd, buf);
        if (ret < 0) {
                printf("%s\n", strerrorname_np(errno));
                return 1;
        }
        printf("ok %ld\n", ret);
        return 0;
}
