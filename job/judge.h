/* judge.h: a stage's capture buffers, and its status from what happened to it. */
#pragma once
#include <stdbool.h>
#include "base/outcome.h"
#include "base/text.h"
#include "sandbox/sandbox.h"

/* What the executor saw of one stage, for outcome_judge(). */
struct ending {
        bool failed;                    /* the sandbox reported a setup step failing */
        bool reported;                  /* PID 1 reported how the job ended */
        bool timed_out;                 /* our backstop fired (PID 1 did not report) */
        bool oom_killed;                /* the cgroup saw an OOM kill */
        enum status over;               /* STATUS_OL or STATUS_EL once output overflowed */
        struct report fail, exit;
};

/* Reserve capture buffers of cap bytes per stream (all: twice that). */
int outcome_init(struct outcome *o, size_t cap);
/* Empty the buffers for the next stage, keeping their memory. */
void outcome_reset(struct outcome *o);

/* Turn what happened into a status and words, most specific cause first. */
void outcome_judge(const struct ending *e, const struct step *s, long long output_bytes,
                   struct outcome *o);

/* A test's verdict: the output matches, trailing blanks at line ends and at the
 * end not counting. */
bool outcome_same(const struct capture *got, const struct blob *want);
