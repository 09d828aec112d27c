/* daemon.c: attack: double-fork + setsid daemons, one keeping stdout open, one not. Safe: the reply comes at once (not at the time limit) and both are dead by then. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
        for (int keep_stdout = 0; keep_stdout < 2; keep_stdout++) {
                pid_t p = fork();

                if (p == 0) {
                        setsid();
                        signal(SIGHUP, SIG_IGN);
                        if (fork() == 0) {
                                if (!keep_stdout) {
                                        int fd = open("/dev/null", O_RDWR);
                                        dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
                                }
                                for (;;)
                                        pause();
                        }
                        _exit(0);
                }
                waitpid(p, NULL, 0);
        }
        puts("daemons started");
        return 0;
}
