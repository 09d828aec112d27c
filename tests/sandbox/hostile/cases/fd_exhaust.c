/* fd_exhaust.c: attack: open fds until none is left, then pipes. Safe: EMFILE at RLIMIT_NOFILE (1024: 0-2 are taken); the job and the reply go on. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *name(int e) {
        return e == EMFILE ? "EMFILE" : e == ENFILE ? "ENFILE" : strerror(e);
}

int main(void) {
        int n = 0, p[2], fd;

        while ((fd = open("/dev/null", O_RDONLY)) >= 0)
                n++;
        printf("open %d %s\n", n, name(errno));
        for (fd = 3; fd < 3 + n; fd++)
                close(fd);
        n = 0;
        while (pipe(p) == 0)
                n++;
        printf("pipe %d %s\n", n, name(errno));
        return 0;
}
