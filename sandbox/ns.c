/* ns.c: the stage's PID 1. Cloned into fresh mount, PID, IPC, UTS and cgroup namespaces
 * (inside the slot's empty network namespace), it builds the root, forks the job (a
 * process group of its own; for a tty run a session on the slave), drops it to the job
 * uid, relays the executor's signals to it, reaps every process and reports the job's
 * wait status. When it exits, the kernel kills whatever is left in the PID namespace
 * (pid_namespaces(7)), so nothing of a stage outlives it. The job child execs only
 * after every layer is in place; any failure is reported, never worked around. */
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include "sandbox/cgroup.h"
#include "sandbox/init.h"
#include "sandbox/mount.h"
#include "sandbox/procstatus.h"
#include "sandbox/root.h"
#include "sandbox/rlimit.h"
#include "sandbox/sandbox.h"
#include "sandbox/seccomp.h"

/* No CLONE_NEWNET: the executor already sits in the slot's empty network namespace
 * (netns.c), which is cheaper to join than a fresh one is to make. No CLONE_NEWNS:
 * PID 1 first clones the work dir's mount from ours, then joins or makes its own. */
#define NS_FLAGS (CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS)

static const char *const step_names[_STEP_MAX] = {
        [STEP_CLONE] = "clone", [STEP_MOUNT] = "mount",
        [STEP_HOSTNAME] = "hostname", [STEP_FORK] = "fork", [STEP_STDIO] = "stdio",
        [STEP_SETGROUPS] = "setgroups", [STEP_SETGID] = "setgid", [STEP_SETUID] = "setuid",
        [STEP_CAPS] = "capabilities", [STEP_CHDIR] = "chdir", [STEP_RLIMIT] = "rlimit",
        [STEP_NO_NEW_PRIVS] = "no_new_privs", [STEP_SECCOMP] = "seccomp",
        [STEP_CLOSE_FDS] = "close fds", [STEP_EXEC] = "exec", [STEP_INIT] = "init",
        [STEP_DUMPABLE] = "dumpable", [STEP_BOUNDING] = "bounding set",
        [STEP_CGROUP] = "cgroup", [STEP_TTY] = "tty", [STEP_PGRP] = "process group",
        [STEP_NETNS] = "network namespace",
};

const char *sandbox_step_name(int step) {
        if (step < 0 || step >= _STEP_MAX)
                return "unknown step";
        return step_names[step];
}

static _noreturn_ void report_fail(int fd, int step, int err) {
        struct report r = { .kind = REPORT_FAIL, .step = step, .err = err < 0 ? -err : err };

        (void)!write(fd, &r, sizeof(r));
        _exit(127);
}

static int drop_to(uid_t uid, gid_t gid, int *ret_step) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct d[2];

        *ret_step = STEP_SETGROUPS;
        if (setgroups(0, NULL) < 0)
                return -errno;
        *ret_step = STEP_SETGID;
        if (setresgid(gid, gid, gid) < 0)
                return -errno;
        *ret_step = STEP_SETUID;
        if (setresuid(uid, uid, uid) < 0)
                return -errno;
        /* Leaving uid 0 clears every capability set (capabilities(7)); check rather
         * than trust it, since a securebit could have kept them. */
        *ret_step = STEP_CAPS;
        if (syscall(SYS_capget, &h, d) < 0)
                return -errno;
        if (d[0].effective | d[0].permitted | d[1].effective | d[1].permitted)
                return -EPERM;
        return 0;
}

/* Every ignored signal to SIG_DFL (execve resets those with handlers itself),
 * through the raw call: glibc's signal() refuses the two real-time signals it
 * reserves for itself, and those may arrive ignored too. */
static void signals_default(uint64_t ignored) {
        struct { void *handler; unsigned long flags; void *restorer; unsigned long mask; }
                act = { .handler = SIG_DFL };

        for (int sig = 1; sig < _NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP && (ignored >> (sig - 1) & 1))
                        (void)syscall(SYS_rt_sigaction, sig, &act, NULL, sizeof(act.mask));
}

/* While still root: empty the capability bounding set, so not even a file
 * capability could hand one back, and offer the job first to the OOM killer, so
 * that memory pressure ends a job rather than the executor or the host's services.
 * Only the capabilities the set holds are dropped (under systemd, the unit's few). */
static int job_harden(uint64_t bounding) {
        _cleanup_close_ int fd = -1;

        for (int cap = 0; cap < 64; cap++)
                if ((bounding >> cap & 1) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
                        return -errno;
        fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        return write_all(fd, "1000", 4);
}

/* The two masks, or, when they cannot be read, every signal and every capability
 * the kernel knows: never fewer than the job holds. */
static void job_masks(uint64_t *ret_ignored, uint64_t *ret_bounding) {
        int last = 0;

        if (proc_status_masks(ret_ignored, ret_bounding) >= 0)
                return;
        *ret_ignored = ~0ULL;
        while (prctl(PR_CAPBSET_READ, last + 1, 0, 0, 0) >= 0 && last < 63)
                last++;
        *ret_bounding = last == 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

/* The job leads a process group of its own, so that the control pipe's signals
 * (relay.c) reach it and everything it started, as a terminal's Ctrl-C reaches a
 * shell's foreground job. A tty run leads a session too, whose controlling terminal
 * is the slave at fd 0: Ctrl-C typed on the master is then SIGINT to its foreground
 * group. The slave must be of the instance the job sees at /dev/pts (mount.c), or
 * its tty would be one it cannot find there (ttyname) and the run not what was asked. */
static int job_session(const struct step *s, int *ret_step) {
        struct stat tty, pts;

        *ret_step = STEP_PGRP;
        if (!s->pts)
                return setpgid(0, 0) < 0 ? -errno : 0;
        *ret_step = STEP_TTY;
        if (fstat(0, &tty) < 0 || stat("/dev/pts", &pts) < 0)
                return -errno;
        if (!S_ISCHR(tty.st_mode) || tty.st_dev != pts.st_dev)
                return -ENOTTY;
        if (setsid() < 0)
                return -errno;
        /* 0: take the terminal only if no other session has it, never steal it. */
        return ioctl(0, TIOCSCTTY, 0) < 0 ? -errno : 0;
}

/* The job: the last process before the user's code. Order matters: uid before
 * rlimits (RLIMIT_NPROC is per uid), no_new_privs before seccomp (required by the
 * kernel for an unprivileged filter), seccomp last so that its allowlist need not
 * cover our own setup. */
static _noreturn_ void job_exec(const struct jail *j, const struct step *s,
                                const int stdio[3], int report_fd) {
        uint64_t ignored, bounding;
        int r, step;

        /* The job's own cgroup namespace, rooted at the stage's cgroup: the job sees
         * "/" in /proc/self/cgroup, not where the host keeps it. Not PID 1's: under
         * nsdelegate (how systemd mounts cgroup2) a namespace is a delegation
         * boundary, and an orphaned PID 1 could not move out of the stage's cgroup
         * to remove it. */
        if (unshare(CLONE_NEWCGROUP) < 0)
                report_fail(report_fd, STEP_CGROUP, errno);

        /* The pipes were made by root with mode 0600: give them to the job, or it
         * could not reopen its own /dev/stdout (/proc/self/fd/1) as many programs do. */
        for (int i = 0; i < 3; i++)
                if (dup2(stdio[i], i) < 0 || fchown(i, j->uid, j->gid) < 0)
                        report_fail(report_fd, STEP_STDIO, errno);
        r = job_session(s, &step);
        if (r < 0)
                report_fail(report_fd, step, r);
        /* Ignored and blocked signals survive execve: the executor ignores SIGPIPE,
         * and whoever started it may have ignored or blocked SIGINT or SIGHUP. The job
         * starts with every signal at its default and none blocked, as a service
         * manager would give it. */
        job_masks(&ignored, &bounding);
        signals_default(ignored);
        if (init_unblock() < 0)
                report_fail(report_fd, STEP_STDIO, errno);
        r = job_harden(bounding);
        if (r < 0)
                report_fail(report_fd, STEP_BOUNDING, r);
        /* Into /box while still root: the job owns it and may have chmod'ed it 000
         * in an earlier test; that must fail its program, not our request. */
        if (chdir("/box") < 0)
                report_fail(report_fd, STEP_CHDIR, errno);
        r = drop_to(j->uid, j->gid, &step);
        if (r < 0)
                report_fail(report_fd, step, r);
        r = rlimit_apply(j, s);
        if (r < 0)
                report_fail(report_fd, STEP_RLIMIT, r);
        /* Every inherited fd but 0-2 goes at exec: the client's connection, the slot
         * lock and our pipes must never reach the job. */
        if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
                report_fail(report_fd, STEP_CLOSE_FDS, errno);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                report_fail(report_fd, STEP_NO_NEW_PRIVS, errno);
        r = seccomp_apply(j->filter);
        if (r < 0)
                report_fail(report_fd, STEP_SECCOMP, r);
        execve(s->argv[0], s->argv, s->envp);
        report_fail(report_fd, STEP_EXEC, errno);
}

/* What PID 1 keeps of root: killing the job's processes (another uid) and reading
 * their /proc entries through hidepid=2, even after a job made itself non-dumpable.
 * It stays uid 0 so that the job (another uid, no capabilities) can neither prlimit
 * it nor see it. CAP_DAC_OVERRIDE is kept permitted, not effective, for one use:
 * removing the stage's cgroup from a read-only (0555) hierarchy root when the
 * executor died (orphan_cleanup). */
static int init_caps(bool dac) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct d[2] = { 0 };

        d[0].effective = (1u << CAP_KILL) | (1u << CAP_SYS_PTRACE);
        d[0].permitted = d[0].effective | (1u << CAP_DAC_OVERRIDE);
        if (dac)
                d[0].effective |= 1u << CAP_DAC_OVERRIDE;
        return syscall(SYS_capset, &h, d) < 0 ? -errno : 0;
}

/* PID 1 of the stage. Signals sent from inside the namespace to an init without a
 * handler are dropped by the kernel, SIGKILL included, so the job cannot kill it;
 * non-dumpable, so the job cannot write its memory through /proc/1/mem. It holds the
 * wall clock and the CPU budget (init.c); the executor's timer is only the backstop.
 * It keeps the slot lock, so the slot stays taken until the last job process is
 * gone, and the executor's pidfd (the lifeline): if the executor dies, at any point,
 * init ends the stage and removes its cgroup. No parent-death signal: it would kill
 * init before that cleanup. */
static _noreturn_ void init_main(const struct jail *j, const struct step *s,
                                 const int stdio[3], int report_fd, int control_fd) {
        struct init_watch w = { .lifeline = j->lifeline, .control = control_fd, .started = -1 };
        struct report rep = { .kind = REPORT_EXIT };
        int r, box, pts, started[2], keep[5 + 2 * CGROUP_HIERARCHIES];
        size_t n_keep = 0;
        pid_t job;

        /* A session of its own: Ctrl-C on a terminal running the server reaches the
         * executor's process group, not the stage, which then ends through its
         * lifeline and removes its cgroup rather than dying half-way. */
        if (setsid() < 0)
                report_fail(report_fd, STEP_INIT, errno);
        /* A judge's program: its own slot's network namespace, not the solution's,
         * so that neither can reach the other but through the pipes. */
        if (j->netns >= 0 && setns(j->netns, CLONE_NEWNET) < 0)
                report_fail(report_fd, STEP_NETNS, errno);
        /* The work dir comes along as a clone of its mount, taken while we are still
         * in the executor's mount namespace (on older kernels the work dir is there,
         * box.c). Then the slot's skeleton when it fits; else, or when the kernel
         * would not let us join it, a root of our own in a fresh mount namespace. */
        box = mount_clone(j->box_tree, "");
        pts = s->pts ? mount_clone(AT_FDCWD, s->pts) : -1;
        if (box < 0)
                report_fail(report_fd, STEP_MOUNT, box);
        if (s->pts && pts < 0)
                report_fail(report_fd, STEP_MOUNT, pts);
        r = root_fits(j, s) ? root_enter(j, box) : 0;
        if (r == 0 && unshare(CLONE_NEWNS) < 0)
                r = -errno;
        if (r == 0)
                r = mount_build_root(j, s, box, pts);
        if (r < 0)
                report_fail(report_fd, STEP_MOUNT, r);
        closep(&box);
        closep(&pts);
        if (sethostname("coderun", 7) < 0)
                report_fail(report_fd, STEP_HOSTNAME, errno);

        /* Into the stage's cgroup before the job exists: everything it forks is
         * counted from its first page. */
        if (s->cg) {
                r = cgroup_join(s->cg);
                if (r < 0)
                        report_fail(report_fd, STEP_CGROUP, r);
        }
        /* Its write end goes with the job's exec (O_CLOEXEC): from then on the job's
         * program runs and may be signalled (init_wait). */
        if (control_fd >= 0) {
                if (pipe2(started, O_CLOEXEC) < 0)
                        report_fail(report_fd, STEP_INIT, errno);
                w.started = started[0];
        }
        r = init_block();
        if (r < 0)
                report_fail(report_fd, STEP_INIT, r);
        /* vfork: the job borrows our memory until its execve instead of copying our
         * page tables, and its exec has no copy of them to tear down (the job's
         * setup, bash true, went from 0.75 to 0.55 ms). Safe here: we are
         * one thread with no signal handlers, suspended until the job execs or
         * exits; the job's steps change only what is its own (fd table, creds,
         * rlimits, seccomp, oom_score_adj, which the kernel keeps apart for a vfork
         * child), and its setuid makes the borrowed memory non-dumpable, so no
         * process of the job's uid can read ours through it. */
        job = vfork();
        if (job < 0)
                report_fail(report_fd, STEP_FORK, errno);
        if (job == 0)
                job_exec(j, s, stdio, report_fd);

        /* Our copies of the job's stdout and stderr would hold the executor's reads
         * open forever (a tty's slave: the master would never see its end), and ours
         * of the started pipe's write end would hide the job's exec: keep only the
         * report pipe, the slot lock, the lifeline, the control pipe and the started
         * pipe's read end, and the stage's cgroup dirs (CPU budget, orphan cleanup). */
        keep[n_keep++] = report_fd;
        keep[n_keep++] = j->slot_fd;
        keep[n_keep++] = j->lifeline;
        if (control_fd >= 0) {
                keep[n_keep++] = control_fd;
                keep[n_keep++] = w.started;
        }
        if (s->cg)
                n_keep += (size_t)cgroup_fds(s->cg, keep + n_keep, 2 * CGROUP_HIERARCHIES);
        r = close_all_but(keep, n_keep);
        if (r < 0)
                report_fail(report_fd, STEP_CLOSE_FDS, r);
        r = init_caps(false);
        if (r < 0)
                report_fail(report_fd, STEP_CAPS, r);
        if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
                report_fail(report_fd, STEP_DUMPABLE, errno);

        r = init_wait(job, s, &w, &rep);
        if (r < 0)
                report_fail(report_fd, STEP_INIT, r);
        /* Orphaned: the executor cannot remove the stage's cgroup any more. */
        if (rep.orphaned && s->cg && init_caps(true) >= 0)
                (void)cgroup_leave_remove(s->cg);
        (void)!write(report_fd, &rep, sizeof(rep));
        _exit(0);
}

int sandbox_spawn(const struct jail *j, const struct step *s, const int stdio[3],
                  int report_fd, int control_fd, pid_t *ret_pid) {
        unsigned long flags = NS_FLAGS;
        int pidfd = -1;
        struct clone_args args = {
                .flags = flags | CLONE_PIDFD,
                .pidfd = (unsigned long)&pidfd,
                .exit_signal = SIGCHLD,
        };
        pid_t pid;

        /* clone3 rather than fork + unshare: CLONE_NEWPID applies only to children,
         * and CLONE_PIDFD gives a race-free handle for poll and kill. */
        pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
        /* Seccomp filters that inspect clone flags (systemd's RestrictNamespaces=,
         * container runtimes) cannot read clone3's, so they answer ENOSYS: the same
         * call through clone, whose flags they can check (x86-64 argument order:
         * flags, stack, parent_tid = where the pidfd goes, child_tid, tls). */
        if (pid < 0 && errno == ENOSYS)
                pid = (pid_t)syscall(SYS_clone, flags | CLONE_PIDFD | SIGCHLD, NULL, &pidfd,
                                     NULL, 0UL);
        if (pid < 0)
                return -errno;
        if (pid == 0)
                init_main(j, s, stdio, report_fd, control_fd);
        *ret_pid = pid;
        return pidfd;
}
