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
        struct capture out, err, all;   /* stdout, stderr, both in arrival order */
};
