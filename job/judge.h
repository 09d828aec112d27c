/* judge.h: a stage's capture buffers, and its status from what happened to it. */
#pragma once
#include <stdbool.h>
#include "base/outcome.h"
#include "base/request.h"
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

/* A test's verdict into v: none without expected output; its status's when the
 * run failed; else checker c's AC or WA, with c's reason for a WA. <0: we could
 * not judge (-ENOMEM). */
int outcome_verdict(const struct outcome *o, const struct test *t, const struct checker *c,
                    struct verdict_info *v);
