/* sandbox.h: the child side of a stage. Entered as PID 1 of fresh mount, PID, net,
 * IPC, UTS and cgroup namespaces; builds the root, starts the job, reaps, reports.
 * Never returns, never runs user code with a weaker sandbox than asked. */
#pragma once
#include <sys/types.h>
#include "base/util.h"
#include "config/config.h"
#include "sandbox/netns.h"

struct seccomp_prog;
struct cgroup_base;
struct cgroup;

/* What every stage of one request runs in, made once per request (job/jail.c). */
struct jail {
        const struct config *cfg;
        uid_t uid;
        gid_t gid;
        /* The work dir, a tmpfs the executor made (box.c): its mount, which each
         * stage's PID 1 clones onto /box, and its root as a directory, into which
         * the executor writes the request's files. */
        int box_tree;
        int box_dir;
        const struct seccomp_prog *filter;
        const struct cgroup_base *cgroups;      /* NULL: rlimits only (allow_rlimit_only) */
        int slot_fd;                    /* the slot's lock: held until the job is gone */
        int lifeline;                   /* a pidfd of the executor: readable once it died */
        /* -1: the executor's own (the solution's slot). Else a judge's program's: its
         * own slot's network namespace, which each stage's PID 1 joins. */
        int netns;
        /* The slot's kept skeleton namespace (root.c), -1 when there is none: each
         * stage's PID 1 whose root it is (the same lang.d etc names, no tty) joins a
         * copy of it rather than building its root. */
        int root;
        char *const *root_etc;          /* the etc names it binds (NULL: none) */
        /* The slot's network namespace as held (netns.c), given back at the
         * request's end. */
        struct netns_hold net;
};

/* One stage as the sandbox sees it: a command, its environment and its limits. */
struct step {
        const struct cgroup *cg;        /* the stage's cgroup (NULL: rlimits only) */
        char *const *argv;
        char *const *envp;
        char *const *etc;               /* names under /etc to bind into the job's root */
        /* NULL: no terminal. Else a tty run: the dir of the devpts instance pty_open
         * mounted (pty.h), which the job sees as /dev/pts; stdio are then a slave of
         * it, and fd 0 becomes the job's controlling terminal. */
        const char *pts;
        struct stage_limits lim;
};

/* What the child tells the executor over the report pipe (each one < PIPE_BUF). */
enum report_kind { REPORT_FAIL = 1, REPORT_EXIT = 2 };
struct report {
        int kind;
        int step;               /* REPORT_FAIL: which setup step, enum sandbox_step */
        int err;                /* REPORT_FAIL: positive errno */
        int wstatus;            /* REPORT_EXIT: the job's wait status */
        long long wall_ns;      /* REPORT_EXIT: fork to exit of the job */
        long long end_ns;       /* REPORT_EXIT: CLOCK_MONOTONIC when the job was reaped */
        int timed_out;          /* REPORT_EXIT: the wall clock ran out; the job was killed */
        int cpu_exceeded;       /* REPORT_EXIT: the CPU budget ran out; the job was killed */
        int orphaned;           /* REPORT_EXIT: the executor died; the job was killed */
};

enum sandbox_step {
        STEP_CLONE, STEP_MOUNT, STEP_HOSTNAME, STEP_FORK, STEP_STDIO,
        STEP_SETGROUPS, STEP_SETGID, STEP_SETUID, STEP_CAPS, STEP_CHDIR, STEP_RLIMIT,
        STEP_NO_NEW_PRIVS, STEP_SECCOMP, STEP_CLOSE_FDS, STEP_EXEC, STEP_INIT, STEP_DUMPABLE,
        STEP_BOUNDING, STEP_CGROUP, STEP_TTY, STEP_PGRP, STEP_NETNS, _STEP_MAX,
};
const char *sandbox_step_name(int step);

/* Clone the stage's PID 1 into new namespaces. stdio are the job's fds 0-2;
 * report_fd the write end of the O_CLOEXEC report pipe. control_fd (-1: none) the read
 * end of an O_CLOEXEC pipe: each byte written to it is a signal number, and SIGINT,
 * SIGTERM, SIGKILL, SIGQUIT, SIGHUP, SIGUSR1 and SIGUSR2 go to the job's process group
 * (the job is always a group leader); other bytes are ignored, and a signal written
 * before the job's program started reaches it once it has. Returns a pidfd. */
int sandbox_spawn(const struct jail *j, const struct step *s, const int stdio[3],
                  int report_fd, int control_fd, pid_t *ret_pid);
