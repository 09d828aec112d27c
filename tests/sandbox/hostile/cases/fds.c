/* fds.c: attack: find the client's TCP connection (or any inherited fd) among the open fds. Safe: only 0, 1 and 2 are open, all pipes. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

int main(void) {
        for (int fd = 0; fd < 65536; fd++) {
                struct stat st;

                if (fcntl(fd, F_GETFD) < 0 || fstat(fd, &st) < 0)
                        continue;
                printf("%d %s\n", fd, S_ISFIFO(st.st_mode) ? "pipe" : S_ISSOCK(st.st_mode) ? "socket" : "other");
        }
        return 0;
}
