/* run.c: one stage of a job, seen from the executor. Makes the stage's cgroup, spawns
 * the sandbox, feeds stdin, reads stdout and stderr with poll into bounded buffers
 * (reporting each read to the sink), keeps a backstop to the wall clock the stage's
 * PID 1 holds, kills through a pidfd, and polls the sink's connection watch. Never
 * blocks on the job: a program that never reads stdin, floods output, never exits
 * or hides its pipes cannot hang it. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include "base/limits.h"
#include "base/util.h"
#include "job/control.h"
#include "job/judge.h"
#include "job/reap.h"
#include "job/run.h"
#include "job/stdio.h"

enum { PFD_IN, PFD_OUT, PFD_ERR, PFD_REPORT, PFD_PID, PFD_TIMER, PFD_CLIENT, PFD_CLIENT2,
       _PFD_MAX };

struct stage {
        struct pollfd pfd[_PFD_MAX];
        int pidfd;                      /* PID 1 of the stage, kept after it left the poll set */
        size_t in_off;
        bool exited, client_gone, client_fault, hold_output;
        bool tty;                       /* stdin and stdout are a terminal's master */
        struct sink *sink;
        struct control *ctl;
        struct ending end;
};

static void stage_kill(struct stage *st) {
        /* SIGKILL to PID 1 of the stage: the kernel then kills its whole namespace. */
        if (st->pidfd >= 0)
                (void)syscall(SYS_pidfd_send_signal, st->pidfd, SIGKILL, NULL, 0);
}

/* Read what a pipe has into its capture; past the limit, keep the prefix, flag it
 * and stop the job: a program printing forever would otherwise run to its timeout. */
static void take_output(struct stage *st, int which, struct capture *c, struct capture *all,
                        size_t limit) {
        char buf[65536];
        ssize_t n = read(st->pfd[which].fd, buf, sizeof(buf));
        size_t take;

        if (n < 0 && (errno == EINTR || errno == EAGAIN))
                return;
        if (n <= 0) {
                close(st->pfd[which].fd);
                st->pfd[which].fd = -1;
                return;
        }
        take = (size_t)n;
        if (c->len + take > limit) {
                take = limit - c->len;
                c->truncated = true;
                if (st->end.over == STATUS_OK)
                        st->end.over = which == PFD_OUT ? STATUS_OL : STATUS_EL;
                stage_kill(st);
        }
        memcpy(c->buf + c->len, buf, take);
        c->len += take;
        memcpy(all->buf + all->len, buf, take);
        all->len += take;
        if (take > 0)
                (void)st->sink->ops->output(st->sink, which == PFD_OUT ? STREAM_STDOUT : STREAM_STDERR,
                                            buf, take);
}

/* What stdin has left to write now: the request's stdin, then (live) what the
 * client typed; *ret_eof when nothing more will ever come. */
static size_t stdin_next(struct stage *st, const struct stage_spec *s, const char **ret,
                         bool *ret_eof) {
        size_t n;

        if (st->in_off < s->stdin.len) {
                *ret = s->stdin.data + st->in_off;
                *ret_eof = false;
                return s->stdin.len - st->in_off;
        }
        n = s->live ? queue_pending(&st->ctl->in, ret) : 0;
        *ret_eof = n == 0 && (!s->live || st->ctl->closed);
        return n;
}

static void feed(struct stage *st, const struct stage_spec *s) {
        const char *data;
        bool eof;
        size_t len = stdin_next(st, s, &data, &eof);
        ssize_t n = 0;

        if (len > 0)
                n = write(st->pfd[PFD_IN].fd, data, len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
                return;
        if (n > 0 && st->in_off < s->stdin.len)
                st->in_off += (size_t)n;
        else if (n > 0)
                queue_take(&st->ctl->in, (size_t)n);
        if (n >= 0)
                len = stdin_next(st, s, &data, &eof);
        /* Done, or the job closed its stdin (EPIPE): either way, EOF for the job. A
         * terminal has no EOF of its own: it makes one of ^D (VEOF), as typed. */
        if (n >= 0 && eof && st->tty && write(st->pfd[PFD_IN].fd, "\x04", 1) < 0)
                n = -1;         /* nothing to do: stdin ends either way */
        if (n < 0 || eof) {
                close(st->pfd[PFD_IN].fd);
                st->pfd[PFD_IN].fd = -1;
        }
}

/* Poll stdin for room only while there is something to write: a live stdin
 * waiting for the client must not wake the loop. */
static void stdin_arm(struct stage *st, const struct stage_spec *s) {
        const char *data;
        bool eof;

        if (st->pfd[PFD_IN].fd < 0)
                return;
        if (stdin_next(st, s, &data, &eof) == 0 && eof)
                feed(st, s);    /* the client closed stdin while it was idle */
        else
                st->pfd[PFD_IN].events = stdin_next(st, s, &data, &eof) > 0 ? POLLOUT : 0;
}

static void read_report(struct stage *st) {
        struct report rep;
        ssize_t n = read(st->pfd[PFD_REPORT].fd, &rep, sizeof(rep));

        if (n < 0 && (errno == EINTR || errno == EAGAIN))
                return;
        if (n != (ssize_t)sizeof(rep)) {
                close(st->pfd[PFD_REPORT].fd);
                st->pfd[PFD_REPORT].fd = -1;
                return;
        }
        if (rep.kind == REPORT_FAIL && !st->end.failed) {
                st->end.failed = true;
                st->end.fail = rep;
        } else if (rep.kind == REPORT_EXIT) {
                st->end.reported = true;
                st->end.exit = rep;
        }
}

/* Give up on stdout and stderr: what they held is read, whoever holds them is dead. */
static void stop_reading(struct stage *st) {
        closep(&st->pfd[PFD_OUT].fd);
        closep(&st->pfd[PFD_ERR].fd);
        closep(&st->pfd[PFD_TIMER].fd);
        st->pfd[PFD_OUT].fd = st->pfd[PFD_ERR].fd = st->pfd[PFD_TIMER].fd = -1;
}

/* The client's fds and events for the next poll, and how long that poll may wait
 * before the sink wants to be asked again. A sink holding output (its client
 * has not taken what it was sent) stops the reading of stdout and stderr: the
 * program then waits in its pipe, and its own clock runs on. */
static int client_arm(struct stage *st) {
        struct client_wait w = { .fd = { -1, -1 }, .timeout_ms = -1 };

        if (st->client_gone) {
                st->hold_output = false;
                return -1;
        }
        st->sink->ops->client_poll(st->sink, &st->ctl->ctl, &w);
        st->hold_output = w.hold_output;
        st->pfd[PFD_CLIENT] = (struct pollfd) { .fd = w.fd[0], .events = w.events[0] };
        st->pfd[PFD_CLIENT2] = (struct pollfd) { .fd = w.fd[1], .events = w.events[1] };
        st->pfd[PFD_OUT].events = st->pfd[PFD_ERR].events = st->hold_output ? 0 : POLLIN;
        return w.timeout_ms;
}

/* What the client did, told to the sink; if it left or broke the protocol, the
 * stage dies now. */
static void client_check(struct stage *st) {
        enum watch_verdict v;

        v = st->sink->ops->client_event(st->sink, &st->ctl->ctl, (short[2]) {
                                        st->pfd[PFD_CLIENT].revents, st->pfd[PFD_CLIENT2].revents });
        if (v == WATCH_GO_ON)
                return;
        st->client_gone = true;
        st->client_fault = v == WATCH_FAULT;
        st->pfd[PFD_CLIENT].fd = st->pfd[PFD_CLIENT2].fd = -1;
        stage_kill(st);
}

/* The one timer, re-armed for the drain once PID 1 is gone. */
static int drain_timer(struct stage *st) {
        return timerfd_settime(st->pfd[PFD_TIMER].fd, 0, &(struct itimerspec) {
                               .it_value = { 0, LIMIT_DRAIN_MS * 1000000L } }, NULL);
}

static int stage_loop(struct stage *st, const struct stage_spec *s, struct outcome *o) {
        uint64_t ticks;
        int timeout;

        while (st->pfd[PFD_OUT].fd >= 0 || st->pfd[PFD_ERR].fd >= 0 ||
               st->pfd[PFD_REPORT].fd >= 0 || !st->exited) {
                timeout = client_arm(st);
                stdin_arm(st, s);
                if (poll(st->pfd, _PFD_MAX, timeout) < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (st->pfd[PFD_IN].revents)
                        feed(st, s);
                if (st->pfd[PFD_OUT].revents)
                        take_output(st, PFD_OUT, &o->out, &o->all, (size_t)s->output_bytes);
                if (st->pfd[PFD_ERR].revents)
                        take_output(st, PFD_ERR, &o->err, &o->all, (size_t)s->output_bytes);
                if (st->pfd[PFD_REPORT].revents)
                        read_report(st);
                if (!st->client_gone)
                        client_check(st);
                if (st->pfd[PFD_TIMER].revents && read(st->pfd[PFD_TIMER].fd, &ticks, 8) == 8) {
                        /* One timer, two uses: the backstop while PID 1 lives (it stays
                         * open, to be re-armed for the drain once PID 1 is gone). */
                        if (st->exited && st->hold_output) {
                                /* Not a socket cycle: our client is slow, and the pipes hold
                                 * output it must still get (the sink gives up on a client
                                 * that takes nothing for long). Look again later. */
                                if (drain_timer(st) < 0)
                                        return -errno;
                        } else if (st->exited) {
                                stop_reading(st);
                        } else {
                                st->end.timed_out = true;
                                stage_kill(st);
                        }
                }
                if (st->pfd[PFD_PID].revents) {
                        st->exited = true;
                        o->end_ns = now_ns();
                        st->pfd[PFD_PID].fd = -1;
                        /* The namespace is gone with its init; no one writes stdin now. */
                        closep(&st->pfd[PFD_IN].fd);
                        st->pfd[PFD_IN].fd = -1;
                        /* Every process of the stage is dead, yet a pipe may stay open: a
                         * job can send its stdout through an AF_UNIX socket into a cycle
                         * of sockets that only the kernel's garbage collector frees. Read
                         * what is buffered for a moment, then stop. */
                        if (st->pfd[PFD_TIMER].fd >= 0 && drain_timer(st) < 0)
                                return -errno;
                }
        }
        return 0;
}

/* Spawn, serve and reap one stage; -errno only when we failed. */
static int stage_run(const struct jail *j, const struct stage_spec *s, struct outcome *o,
                     struct stage *st) {
        long long backstop_ms = s->step.lim.timeout_ms + LIMIT_KILL_GRACE_MS;
        struct itimerspec its = {
                .it_value = { backstop_ms / 1000, (backstop_ms % 1000) * 1000000 },
        };
        struct rusage ru = { 0 };
        struct stage_io io;
        long long start;
        pid_t pid = 0;
        int r, ws;

        r = stage_io_open(j, s->step.pts != NULL, s->wired, s->signals, &io);
        if (r < 0)
                goto out;
        st->pfd[PFD_TIMER].fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
        if (st->pfd[PFD_TIMER].fd < 0 || timerfd_settime(st->pfd[PFD_TIMER].fd, 0, &its, NULL) < 0) {
                r = -errno;
                goto out;
        }

        start = now_ns();
        r = sandbox_spawn(j, &s->step, io.child, io.report[1], io.control[0], &pid);
        if (r < 0)
                goto out;
        /* Our copies of the child's ends would keep its pipes open: EOF never comes. */
        stage_io_spawned(&io);
        st->pidfd = r;
        st->pfd[PFD_PID] = (struct pollfd) { .fd = r, .events = POLLIN };
        st->pfd[PFD_TIMER].events = POLLIN;
        st->pfd[PFD_IN] = (struct pollfd) { .fd = TAKE_FD(io.in), .events = POLLOUT };
        st->pfd[PFD_OUT] = (struct pollfd) { .fd = TAKE_FD(io.out), .events = POLLIN };
        st->pfd[PFD_ERR] = (struct pollfd) { .fd = TAKE_FD(io.err), .events = POLLIN };
        st->pfd[PFD_REPORT] = (struct pollfd) { .fd = TAKE_FD(io.report[0]), .events = POLLIN };
        st->tty = s->step.pts != NULL;
        st->ctl->signal_fd = io.control[1];
        st->ctl->tty = io.tty;
        if (s->stdin.len == 0 && !s->live && st->pfd[PFD_IN].fd >= 0)
                feed(st, s);

        r = stage_loop(st, s, o);
        if (r < 0)
                stage_kill(st);
        st->ctl->signal_fd = st->ctl->tty = -1;
        /* Reap PID 1 (the kernel has emptied its namespace before that) for the CPU
         * time of every process it reaped. */
        while (wait4(pid, &ws, __WALL, &ru) < 0)
                if (errno != EINTR) {
                        r = r < 0 ? r : -errno;
                        break;
                }
        stage_unix_gc();
        o->wall_ms = st->end.reported ? st->end.exit.wall_ns / 1000000 : (now_ns() - start) / 1000000;
        /* PID 1 reaped the job the moment it ended; we may have looked later. */
        if (st->end.reported)
                o->end_ns = st->end.exit.end_ns;
        o->cpu_ms = ru.ru_utime.tv_sec * 1000LL + ru.ru_utime.tv_usec / 1000 +
                    ru.ru_stime.tv_sec * 1000LL + ru.ru_stime.tv_usec / 1000;
out:
        st->ctl->signal_fd = st->ctl->tty = -1;
        stage_io_close(&io);
        return r;
}

int run_step(const struct jail *j, const struct stage_spec *s, struct sink *sink,
             struct outcome *o, struct problem *p) {
        struct stage st = { .end.over = STATUS_OK, .pidfd = -1, .sink = sink, .ctl = s->ctl };
        struct stage_spec sc = *s;
        struct cgroup cg;
        int r;

        if (j->cgroups) {
                r = stage_cgroup(j, &s->step.lim, &cg);
                if (r < 0)
                        return problem(p, ERR_INTERNAL, "making the stage's cgroup: %s",
                                       strerror(-r));
                sc.step.cg = &cg;
        }
        for (int i = 0; i < _PFD_MAX; i++)
                st.pfd[i].fd = -1;
        r = stage_run(j, &sc, o, &st);
        for (int i = 0; i < _PFD_MAX; i++)
                if (i != PFD_PID && i != PFD_CLIENT && i != PFD_CLIENT2)
                        closep(&st.pfd[i].fd);
        closep(&st.pidfd);
        if (j->cgroups) {
                int k = stage_cgroup_end(&cg, o, &st.end.oom_killed);
                if (k < 0 && r >= 0)
                        return problem(p, ERR_INTERNAL, "the stage's cgroup: %s", strerror(-k));
        }
        if (r < 0)
                return problem(p, ERR_INTERNAL, "running a stage: %s", strerror(-r));
        if (st.client_fault)
                return problem(p, ERR_BAD_REQUEST, "the client broke the streaming protocol; "
                               "the job was killed");
        if (st.client_gone)
                return problem(p, ERR_GONE, "the client closed the connection; the job was killed");
        /* A sandbox layer that could not be built fails the request: never run with
         * less. Only exec itself failing is the program's outcome (outcome_judge). */
        if (st.end.failed && st.end.fail.step != STEP_EXEC)
                return problem(p, ERR_INTERNAL, "sandbox: %s: %s", sandbox_step_name(st.end.fail.step),
                               strerror(st.end.fail.err));
        outcome_judge(&st.end, &s->step, s->output_bytes, o);
        return 0;
}
