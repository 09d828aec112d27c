/* sink.h: what a job reports, and to whom. The job layer calls these as the job
 * goes; the wire layer implements them, one sink per framing (the batch reply,
 * the NDJSON, SSE and WebSocket streams), so a new framing never touches the job.
 * The sink is also the job's only view of the client: the stage's poll loop waits
 * on the sink's fds too, and hands what they say to the sink, which may steer the
 * running stage through the stage's control (struct stage_ctl). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/outcome.h"
#include "base/stage.h"

enum stream { STREAM_STDOUT, STREAM_STDERR };

/* What the client's side of the connection means for the running stage. */
enum watch_verdict { WATCH_GO_ON, WATCH_GONE, WATCH_FAULT };

/* The running stage as a client may steer it (streaming runs). The job layer
 * implements it; the sink calls it from client_event. Input typed while the
 * compile stage runs waits for the run: nothing typed is lost. */
struct stage_ctl;
struct stage_ctl_ops {
        /* Queue bytes for the program's stdin: how many were taken, fewer when the
         * queue is full (the sink then stops reading the client until there is
         * room); -EPERM when the job takes no live input (its tests have their own). */
        long (*input)(struct stage_ctl *c, const char *buf, size_t len);
        size_t (*input_room)(struct stage_ctl *c);
        /* End of file on the program's stdin, once what is queued is written. */
        void (*input_close)(struct stage_ctl *c);
        /* A signal for the running stage's program; -EINVAL for one not allowed. */
        int (*signal)(struct stage_ctl *c, int sig);
        /* The terminal's size (tty runs; -ENOTTY otherwise). */
        int (*resize)(struct stage_ctl *c, unsigned rows, unsigned cols);
};
struct stage_ctl {
        const struct stage_ctl_ops *ops;
};

/* What the stage's poll loop should wait on for the client: up to two fds (a
 * connection read and written through different fds; fd -1: unused), the longest
 * to wait before asking again (-1: no limit), and whether the program's output
 * must wait because the client has not taken what it was sent (hold_output). */
struct client_wait {
        int fd[2];
        short events[2];
        int timeout_ms;
        bool hold_output;
};

struct sink;

struct sink_ops {
        /* The job is accepted: its language and the version that will run it. */
        int (*job_begin)(struct sink *s, const char *language, const char *version);
        /* A stage starts; test is its index in the request's tests (STAGE_TEST). */
        int (*stage_begin)(struct sink *s, enum stage_kind kind, size_t test);
        /* Bytes the stage printed, as they arrive and within its output limit;
         * the outcome at the stage's end holds them all again. */
        int (*output)(struct sink *s, enum stream which, const char *buf, size_t len);
        /* A compile or run stage ended. */
        int (*stage_end)(struct sink *s, enum stage_kind kind, const struct outcome *o);
        /* A test's stage ended, with its verdict (struct verdict_info). A test not run
         * (VERDICT_NR) gets a test_end without a stage_begin, its outcome empty. */
        int (*test_end)(struct sink *s, size_t test, const struct outcome *o,
                        const struct verdict_info *v);
        /* The job ran to its end (a failed compile ends it too). */
        int (*done)(struct sink *s);

        /* The client, polled with each stage: what to wait on (see struct client_wait);
         * ctl says how much typed input the stage can take. */
        void (*client_poll)(struct sink *s, struct stage_ctl *ctl, struct client_wait *w);
        /* What the poll saw on those fds (revents 0: nothing), after every poll; the
         * sink may steer the stage through ctl. WATCH_GONE: the client left;
         * WATCH_FAULT: it broke the protocol (the sink has told it why). Either
         * way the stage is killed. */
        enum watch_verdict (*client_event)(struct sink *s, struct stage_ctl *ctl,
                                           const short revents[2]);
};

struct sink {
        const struct sink_ops *ops;
};
