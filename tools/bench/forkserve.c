/* forkserve.c: the floor of any process-per-connection server on this machine: an
 * accept loop that forks and execs HANDLER for each connection, the connection as
 * its stdin and stdout (inetd's way), and does nothing else. The bench sets coderun's
 * throughput and latency against it.
 *   forkserve PORT HANDLER      listens on 127.0.0.1:PORT until killed
 * HANDLER is the bench's own trivial handler (handler.c), never request code. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
        struct sockaddr_in sa = { .sin_family = AF_INET };
        int one = 1, lfd;

        if (argc != 3) {
                fprintf(stderr, "usage: forkserve PORT HANDLER\n");
                return 2;
        }
        sa.sin_port = htons((uint16_t)atoi(argv[1]));
        inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
        lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
            bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, SOMAXCONN) < 0) {
                perror("forkserve: listen");
                return 1;
        }
        /* The kernel reaps the handlers: no wait loop to cost the accept loop time. */
        signal(SIGCHLD, SIG_IGN);
        for (;;) {
                int fd = accept4(lfd, NULL, NULL, 0);
                if (fd < 0)
                        continue;
                if (fork() == 0) {
                        dup2(fd, 0);
                        dup2(fd, 1);
                        execv(argv[2], (char *[]){ argv[2], NULL });
                        _exit(127);
                }
                close(fd);
        }
}
