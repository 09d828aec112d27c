/* phases.c: where a request's time goes, without slowing it: the kernel's process
 * events (the netlink proc connector: fork, exec, exit, each stamped by the kernel's
 * monotonic clock) mark the boundaries while the processes run untraced. strace would
 * stop every syscall and make the figures its own.
 *   phases N FILE CMD ARGS...   N runs of CMD, stdin from FILE, stdout read to EOF
 * For coderun-exec the processes are: the executor, which forks the stage's sandbox
 * init, which forks the job, which execs the program. Prints one line per phase:
 *   NAME median_us p90_us
 * For a bare command (no children) only spawn, run and reap. Needs root; runs only the
 * command it is given. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tools/bench/stats.h"

/* The moments of one run, in CLOCK_MONOTONIC ns (the connector's clock too). */
enum mark { START, EXEC_ROOT, FORK_INIT, FORK_JOB, EXEC_JOB, EXIT_JOB, EXIT_INIT, EXIT_ROOT, END, MARKS };

static const struct {
        const char *name;
        enum mark from, to;
} phase[] = {
        { "spawn:fork+exec", START, EXEC_ROOT },
        { "executor:request,config,slot,cgroups,box", EXEC_ROOT, FORK_INIT },
        { "init:mounts,pivot_root,cgroup-join", FORK_INIT, FORK_JOB },
        { "job-setup:caps,rlimits,seccomp,exec", FORK_JOB, EXEC_JOB },
        { "job:the-program-itself", EXEC_JOB, EXIT_JOB },
        { "init:reap,usage,report", EXIT_JOB, EXIT_INIT },
        { "executor:reply,cleanup,exit", EXIT_INIT, EXIT_ROOT },
        { "reap:caller-sees-exit", EXIT_ROOT, END },
};

static const struct {
        const char *name;
        enum mark from, to;
} bare_phase[] = {
        { "spawn:fork+exec", START, EXEC_ROOT },
        { "run:the-program-itself", EXEC_ROOT, EXIT_ROOT },
        { "reap:caller-sees-exit", EXIT_ROOT, END },
};

static int listen_events(void) {
        struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
        struct __attribute__((packed)) {
                struct nlmsghdr nl;
                struct cn_msg cn;
                enum proc_cn_mcast_op op;
        } msg = {0};
        int big = 8 << 20, fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);

        if (fd < 0)
                return -1;
        /* Every process on this shared machine reports here: room for bursts. */
        setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
        sa.nl_pid = (unsigned)getpid();
        if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return -1;
        msg.nl.nlmsg_len = sizeof(msg);
        msg.nl.nlmsg_type = NLMSG_DONE;
        msg.nl.nlmsg_pid = (unsigned)getpid();
        msg.cn.id.idx = CN_IDX_PROC;
        msg.cn.id.val = CN_VAL_PROC;
        msg.cn.len = sizeof(enum proc_cn_mcast_op);
        msg.op = PROC_CN_MCAST_LISTEN;
        if (send(fd, &msg, sizeof(msg), 0) < 0)
                return -1;
        return fd;
}

static void take(long long *m, enum mark k, long long t) {
        if (!m[k])
                m[k] = t;
}

/* The executor's children so far: its helpers (the one making the slot's next
 * network namespace, say) fork nothing, so the stage's init is the child that forks. */
static struct { pid_t pid; long long t; } kids[8];
static int n_kids;

/* One event: fills the marks it is the first of. Only processes, not threads. */
static void on_event(const struct proc_event *ev, pid_t root, pid_t *init, pid_t *job, long long *m) {
        long long t = (long long)ev->timestamp_ns;

        switch (ev->what) {
        case PROC_EVENT_FORK: {
                pid_t parent = ev->event_data.fork.parent_tgid, child = ev->event_data.fork.child_pid;
                if (child != ev->event_data.fork.child_tgid)
                        break;
                if (parent == root && n_kids < (int)(sizeof(kids) / sizeof(kids[0]))) {
                        kids[n_kids].pid = child;
                        kids[n_kids++].t = t;
                        break;
                }
                for (int i = 0; i < n_kids && !*init; i++)
                        if (parent == kids[i].pid) {
                                *init = parent;
                                take(m, FORK_INIT, kids[i].t);
                                *job = child;
                                take(m, FORK_JOB, t);
                        }
                break;
        }
        case PROC_EVENT_EXEC:
                if (ev->event_data.exec.process_pid == root)
                        take(m, EXEC_ROOT, t);
                else if (*job && ev->event_data.exec.process_pid == *job)
                        take(m, EXEC_JOB, t);
                break;
        case PROC_EVENT_EXIT: {
                pid_t p = ev->event_data.exit.process_pid;
                if (p != ev->event_data.exit.process_tgid)
                        break;
                if (p == root)
                        take(m, EXIT_ROOT, t);
                else if (*init && p == *init)
                        take(m, EXIT_INIT, t);
                else if (*job && p == *job)
                        take(m, EXIT_JOB, t);
                break;
        }
        default:
                break;
        }
}

static void drain(int nl, pid_t root, pid_t *init, pid_t *job, long long *m) {
        char buf[65536];
        ssize_t n;

        while ((n = recv(nl, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
                for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
                        struct cn_msg *cn = NLMSG_DATA(h);
                        on_event((struct proc_event *)cn->data, root, init, job, m);
                }
}

/* One run; fills m[]. Returns 0, or -1 when the command failed or events were lost. */
static int run_once(int nl, const char *in, char **argv, long long *m) {
        pid_t root, init = 0, job = 0;
        int p[2], st;
        char sink[4096];

        memset(m, 0, sizeof(long long) * MARKS);
        drain(nl, -1, &init, &job, m);           /* events from before this run */
        memset(m, 0, sizeof(long long) * MARKS);
        n_kids = 0;
        if (pipe2(p, O_CLOEXEC) < 0)
                return -1;
        m[START] = now_ns();
        root = fork();
        if (root == 0) {
                int fd = open(in, O_RDONLY);
                if (fd < 0 || dup2(fd, 0) < 0 || dup2(p[1], 1) < 0)
                        _exit(126);
                execv(argv[0], argv);
                _exit(127);
        }
        close(p[1]);
        for (;;) {
                struct pollfd pf[2] = { { .fd = p[0], .events = POLLIN }, { .fd = nl, .events = POLLIN } };
                poll(pf, 2, 1000);
                if (pf[1].revents)
                        drain(nl, root, &init, &job, m);
                if (pf[0].revents) {
                        if (read(p[0], sink, sizeof(sink)) <= 0)
                                break;
                }
        }
        close(p[0]);
        if (root < 0 || waitpid(root, &st, 0) < 0)
                return -1;
        m[END] = now_ns();
        drain(nl, root, &init, &job, m);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                fprintf(stderr, "phases: %s failed\n", argv[0]);
                return -1;
        }
        if (!m[EXEC_ROOT] || !m[EXIT_ROOT])
                return -1;
        /* A run that forked an init must show every mark, or an event was lost. */
        for (int k = 0; m[FORK_INIT] && k < MARKS; k++)
                if (!m[k])
                        return -1;
        return 0;
}

int main(int argc, char **argv) {
        long long (*m)[MARKS], *t;
        int n, nl, bare = 0, lost = 0;

        if (argc < 4) {
                fprintf(stderr, "usage: phases N FILE CMD ARGS...\n");
                return 2;
        }
        n = atoi(argv[1]);
        m = calloc((size_t)n, sizeof(*m));
        t = calloc((size_t)n, sizeof(*t));
        nl = listen_events();
        if (nl < 0) {
                perror("phases: proc connector");
                return 1;
        }
        for (int i = 0; i < n; i++) {
                while (run_once(nl, argv[2], argv + 3, m[i]) < 0)
                        if (++lost > n)           /* a few lost events are retried, not more */
                                return 1;
                bare |= !m[i][FORK_INIT];
        }
        if (bare) {
                for (size_t k = 0; k < sizeof(bare_phase) / sizeof(bare_phase[0]); k++) {
                        for (int i = 0; i < n; i++)
                                t[i] = m[i][bare_phase[k].to] - m[i][bare_phase[k].from];
                        sort_ll(t, n);
                        printf("%s %lld %lld\n", bare_phase[k].name, pct_ll(t, n, 50) / 1000, pct_ll(t, n, 90) / 1000);
                }
                return 0;
        }
        for (size_t k = 0; k < sizeof(phase) / sizeof(phase[0]); k++) {
                for (int i = 0; i < n; i++)
                        t[i] = m[i][phase[k].to] - m[i][phase[k].from];
                sort_ll(t, n);
                printf("%s %lld %lld\n", phase[k].name, pct_ll(t, n, 50) / 1000, pct_ll(t, n, 90) / 1000);
        }
        return 0;
}
