/* sink.h: what a job reports, and to whom. The job layer calls these as the job
 * goes; the wire layer implements them, one sink per framing (the batch reply
 * today; streams later), so a new framing never touches the job. The sink is
 * also the job's only view of the client: the stage's poll loop waits on the
 * sink's fd too, and asks the sink what an event on it means. */
#pragma once
#include <stddef.h>
#include "base/outcome.h"
#include "base/stage.h"

enum stream { STREAM_STDOUT, STREAM_STDERR };

/* What the client's side of the connection means for the running stage. */
enum watch_verdict { WATCH_GO_ON, WATCH_GONE };

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
        /* A test's stage ended, with its verdict: 1 passed, 0 failed, -1 nothing to
         * compare (the test gave no expected output). */
        int (*test_end)(struct sink *s, size_t test, const struct outcome *o, int passed);
        /* The job ran to its end (a failed compile ends it too). */
        int (*done)(struct sink *s);

        /* The connection watch, polled with each stage: the fd (-1: nothing to watch)
         * with *events to wait for, and *timeout_ms the longest to wait before
         * asking again (-1: no limit). */
        int (*client_poll)(struct sink *s, short *events, int *timeout_ms);
        /* What the poll saw on that fd (revents 0: nothing), after every poll. */
        enum watch_verdict (*client_event)(struct sink *s, short revents);
};

struct sink {
        const struct sink_ops *ops;
};
