/* init.c: how the stage's PID 1 waits. It reaps every process of the namespace as it
 * ends, holds the stage's wall clock and its CPU budget (summed over all of the
 * stage's processes: RLIMIT_CPU counts per process, so four workers would get four
 * budgets), and when the job ends or a limit is hit it kills whatever is left and
 * reaps that too. Everything a stage ran is then its own child or reaped descendant,
 * so the executor's wait4() on PID 1 counts the CPU time of all of it: a background
 * worker cannot spend CPU off the books. No signal handlers: SIGCHLD stays blocked
 * and arrives through a signalfd. */
#include <dirent.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sched.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <fcntl.h>
#include "base/util.h"
#include "sandbox/cgroup.h"
#include "sandbox/init.h"
#include "sandbox/relay.h"

int init_block(void) {
        sigset_t set;

        sigemptyset(&set);
        sigaddset(&set, SIGCHLD);
        return sigprocmask(SIG_BLOCK, &set, NULL) < 0 ? -errno : 0;
}

/* Empty, not just SIGCHLD unblocked: a mask survives execve, and whoever started the
 * executor may have blocked SIGINT or SIGTERM, which the job must receive. */
int init_unblock(void) {
        sigset_t set;

        sigemptyset(&set);
        return sigprocmask(SIG_SETMASK, &set, NULL) < 0 ? -errno : 0;
}

/* Reap what has ended, noting the job's status. 1 when done: the job is reaped
 * (until == job) or no child is left (until == 0); 0 while something runs. */
static int reap(pid_t job, pid_t until, struct report *rep) {
        int st;

        for (;;) {
                pid_t pid = waitpid(-1, &st, WNOHANG | __WALL);

                if (pid < 0 && errno == EINTR)
                        continue;
                if (pid < 0)
                        return errno == ECHILD ? 1 : -errno;
                if (pid == 0)
                        return 0;
                if (pid == job)
                        rep->wstatus = st;
                if (pid == job && until == job)
                        return 1;
        }
}

/* One process's CPU time and that of the children it reaped itself, in clock ticks
 * (proc(5): fields 14-17 of /proc/PID/stat). */
static long long proc_ticks(const char *pid) {
        char path[16 + sizeof(((struct dirent *)0)->d_name)], buf[512], *p;
        unsigned long long ut, st, cut, cst;
        _cleanup_close_ int fd = -1;
        ssize_t n;

        snprintf(path, sizeof(path), "/proc/%s/stat", pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return 0;               /* gone since readdir: init reaped it, counted there */
        n = read(fd, buf, sizeof(buf) - 1);
        if (n <= 0)
                return 0;
        buf[n] = '\0';
        /* The command name may hold spaces and parentheses: fields start after the last ')'. */
        p = strrchr(buf, ')');
        if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %llu %llu",
                         &ut, &st, &cut, &cst) != 4)
                return 0;
        return (long long)(ut + st + cut + cst);
}

/* A /proc entry of a process other than ourselves (PID 1). */
static bool is_job_pid(const char *name) {
        if (streq(name, "1") || name[0] == '\0')
                return false;
        for (; *name; name++)
                if (*name < '0' || *name > '9')
                        return false;
        return true;
}

/* CPU time of the whole stage so far: from the stage's cgroup, exact, or without
 * one what init reaped, plus every live process with what it reaped itself. */
static long long stage_cpu_ms(const struct cgroup *cg) {
        long long ms, ticks = 0, hz = sysconf(_SC_CLK_TCK), ns;
        struct rusage ru;
        struct dirent *de;
        DIR *d;

        if (cg && cgroup_cpu_ns(cg, &ns) >= 0)
                return ns / 1000000;
        if (getrusage(RUSAGE_CHILDREN, &ru) < 0)
                return -errno;
        ms = ru.ru_utime.tv_sec * 1000LL + ru.ru_utime.tv_usec / 1000 +
             ru.ru_stime.tv_sec * 1000LL + ru.ru_stime.tv_usec / 1000;
        d = opendir("/proc");
        if (!d)
                return -errno;
        while ((de = readdir(d)))
                if (is_job_pid(de->d_name))
                        ticks += proc_ticks(de->d_name);
        closedir(d);
        return ms + ticks * 1000 / (hz > 0 ? hz : 100);
}

/* How long to sleep before looking at the CPU again: all CPUs the job may run on
 * may be burning the rest of the budget at once, so look again when they could have
 * used it up. Its affinity, one call (sysconf reads /sys or all of /proc/stat). */
static int cpu_check_ms(long long left_ms) {
        cpu_set_t cpus;
        long long ncpu = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 ? CPU_COUNT(&cpus) : 1, ms;

        ms = left_ms / (ncpu > 0 ? ncpu : 1);
        return (int)(ms < 10 ? 10 : ms > 1000 ? 1000 : ms);
}

enum { PFD_SIGNAL, PFD_TIMER, PFD_LIFELINE, PFD_STARTED, PFD_CONTROL, _PFD_MAX };

int init_wait(pid_t job, const struct step *s, const struct init_watch *w,
              struct report *rep) {
        long long timeout_ms = s->lim.timeout_ms, cpu_ms = s->lim.cpu_ms;
        struct itimerspec its = {
                .it_value = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000 },
        };
        _cleanup_close_ int sfd = -1, tfd = -1;
        long long start = now_ns();
        struct signalfd_siginfo si;
        struct pollfd pfd[_PFD_MAX];
        sigset_t set;
        int r;

        sigemptyset(&set);
        sigaddset(&set, SIGCHLD);
        sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
        tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
        if (sfd < 0 || tfd < 0 || timerfd_settime(tfd, 0, &its, NULL) < 0)
                return -errno;
        pfd[PFD_SIGNAL] = (struct pollfd) { .fd = sfd, .events = POLLIN };
        pfd[PFD_TIMER] = (struct pollfd) { .fd = tfd, .events = POLLIN };
        pfd[PFD_LIFELINE] = (struct pollfd) { .fd = w->lifeline, .events = POLLIN };
        /* The control pipe only once the job's program runs: before, the job may not
         * lead its group yet, and a signal could land while its dispositions are still
         * the executor's (SIGINT ignored, say) and be lost. Until then the bytes wait
         * in the pipe. poll skips a negative fd. */
        pfd[PFD_STARTED] = (struct pollfd) { .fd = w->started, .events = POLLIN };
        pfd[PFD_CONTROL] = (struct pollfd) { .fd = -1, .events = POLLIN };

        /* Reap before each poll: SIGCHLD coalesces, one signal may stand for many. */
        while ((r = reap(job, job, rep)) == 0) {
                long long used = stage_cpu_ms(s->cg);

                if (used < 0)
                        return (int)used;
                if (used >= cpu_ms) {
                        rep->cpu_exceeded = 1;
                        break;
                }
                if (poll(pfd, _PFD_MAX, cpu_check_ms(cpu_ms - used)) < 0 && errno != EINTR)
                        return -errno;
                if (pfd[PFD_TIMER].revents) {
                        rep->timed_out = 1;
                        break;
                }
                /* No one will read our report: end the stage now, not at its timeout. */
                if (pfd[PFD_LIFELINE].revents) {
                        rep->orphaned = 1;
                        break;
                }
                /* Nothing is ever written to it: readable means its end (exec). */
                if (pfd[PFD_STARTED].revents) {
                        pfd[PFD_STARTED].fd = -1;
                        pfd[PFD_CONTROL].fd = w->control;
                }
                /* At its end (POLLHUP, for good) stop polling it, or poll would spin. */
                if (pfd[PFD_CONTROL].revents) {
                        r = relay_signals(w->control, job);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                pfd[PFD_CONTROL].fd = -1;
                }
                while (read(sfd, &si, sizeof(si)) > 0)
                        ;
        }
        if (r < 0)
                return r;
        rep->end_ns = now_ns();
        rep->wall_ns = rep->end_ns - start;

        /* kill(-1) from PID 1 reaches every other process of the namespace (all run
         * as the job uid), and blocking waits then collect them and their CPU time. */
        (void)kill(-1, SIGKILL);
        while ((r = reap(job, 0, rep)) == 0) {
                if (poll(pfd, 1, -1) < 0 && errno != EINTR)
                        return -errno;
                while (read(sfd, &si, sizeof(si)) > 0)
                        ;
        }
        return r < 0 ? r : 0;
}
