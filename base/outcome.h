/* outcome.h: how one stage ended, as the job measured it and the wire encodes it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"

/* One stream of a stage, kept up to its output limit. */
struct capture {
        char *buf;
        size_t len, cap;
        bool truncated;
};

struct outcome {
        enum status status;
        char message[160];
        int code;                       /* exit code, -1 when killed */
        int sig;                        /* signal number, 0 when it exited */
        long long cpu_ms, wall_ms;
        long long memory;               /* peak bytes; -1 when not measured */
        long long end_ns;               /* CLOCK_MONOTONIC when its job ended: which of two
                                           stages side by side ended first */
        struct capture out, err, all;   /* stdout, stderr, both in arrival order */
        bool cached;                    /* a compile restored from the compile cache */
};

/* A test's verdict: its status when the run failed, else the checker's word. */
enum verdict {
        VERDICT_NONE,           /* nothing to compare (no expected output): wire null */
        VERDICT_AC,             /* the output matches */
        VERDICT_WA,             /* it does not */
        VERDICT_PE,             /* presentation error: a checker program's or interactor's word */
        VERDICT_TO, VERDICT_ML, VERDICT_RE, VERDICT_SG, VERDICT_OL, VERDICT_EL, VERDICT_XX,
        VERDICT_CF,             /* the checker program or the interactor failed */
        VERDICT_NR,             /* not run: an earlier test failed under stop_on_failure */
        _VERDICT_MAX,
};

/* What test_end reports beside the outcome. */
struct verdict_info {
        enum verdict verdict;
        int passed;                     /* 1 true, 0 false, -1 null (nothing to compare) */
        char message[200];              /* the checker's reason for a WA; "" is null */
        /* A checker program's or an interactor's run for this test (its time and
         * memory in the reply, under judge_key), else NULL. */
        const char *judge_key;
        const struct outcome *judge;
};
