/* kill_all.c: attack: kill(-1, SIGKILL), everything the job uid may signal. Safe: only the job's own processes die; the stage's init and the executor live on and reply. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
        int st;
        pid_t child = fork();

        if (child == 0) {
                for (;;)
                        pause();
        }
        printf("kill -1: %d\n", kill(-1, SIGKILL));
        if (waitpid(child, &st, 0) == child && WIFSIGNALED(st))
                printf("child killed by signal %d\n", WTERMSIG(st));
        puts("still here");
        return 0;
}
