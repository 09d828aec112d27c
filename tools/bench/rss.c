/* rss.c: a process's own peak resident set, read at the moment it exits: the command
 * runs once under ptrace with PTRACE_O_TRACEEXIT only (its children are not traced),
 * and at the exit stop, before the kernel frees its memory, /proc/PID/status's VmHWM
 * is read. wait4's ru_maxrss cannot say this: it is the maximum over the process and
 * every descendant it reaped, so for coderun-exec it would be the job's (bash's) peak.
 *   rss FILE CMD ARGS...   stdin from FILE, stdout and stderr to /dev/null
 * Prints: own_peak_kB tree_peak_kB (the latter wait4's ru_maxrss). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static long vm_hwm_kb(pid_t pid) {
        char path[64], line[256];
        long kb = -1;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/status", pid);
        f = fopen(path, "re");
        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, "VmHWM:", 6) == 0)
                        kb = atol(line + 6);
        fclose(f);
        return kb;
}

int main(int argc, char **argv) {
        struct rusage ru;
        long own = -1;
        pid_t pid;
        int st;

        if (argc < 3) {
                fprintf(stderr, "usage: rss FILE CMD ARGS...\n");
                return 2;
        }
        pid = fork();
        if (pid == 0) {
                int in = open(argv[1], O_RDONLY), null = open("/dev/null", O_WRONLY);
                if (in < 0 || null < 0 || dup2(in, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
                        _exit(126);
                if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
                        _exit(126);
                raise(SIGSTOP);           /* lets the parent set its options before exec */
                execv(argv[2], argv + 2);
                _exit(127);
        }
        if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFSTOPPED(st))
                return 1;
        ptrace(PTRACE_SETOPTIONS, pid, NULL,
               (void *)(long)(PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL));
        ptrace(PTRACE_CONT, pid, NULL, NULL);
        while (wait4(pid, &st, 0, &ru) == pid && WIFSTOPPED(st)) {
                int sig = WSTOPSIG(st), event = st >> 16;
                if (event == PTRACE_EVENT_EXIT)
                        own = vm_hwm_kb(pid);
                /* Event stops and the exec's SIGTRAP are ours; any other signal (the
                 * executor's SIGCHLD) is the process's and is passed on. */
                if (event || sig == SIGTRAP)
                        sig = 0;
                ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
        }
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || own < 0) {
                fprintf(stderr, "rss: %s did not exit 0\n", argv[2]);
                return 1;
        }
        printf("%ld %ld\n", own, ru.ru_maxrss);
        return 0;
}
