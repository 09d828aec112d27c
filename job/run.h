/* run.h: one stage (compile or one run) of a job in the sandbox: spawn it, feed
 * stdin, capture stdout/stderr into bounded buffers while reporting them to the
 * sink, enforce the wall clock, watch the client, and say how the stage ended.
 * A program's failure is an outcome, never an error here. */
#pragma once
#include "base/err.h"
#include "base/outcome.h"
#include "base/sink.h"
#include "base/text.h"
#include "sandbox/sandbox.h"

/* A stage as the job orders it: what the sandbox runs, and the executor's side. */
struct control;

struct stage_spec {
        struct step step;
        struct blob stdin;
        long long output_bytes;         /* per stream */
        struct control *ctl;            /* the client's hold on the stage (job/control.h) */
        bool live;                      /* stdin goes on with what the client types */
        bool signals;                   /* the client may send the stage signals */
        /* NULL, or the job's stdin and stdout as given fds (an interactor's pipes, the
         * other side's ends): run_step takes them, and they are -1 after it unless it
         * failed before the spawn (then the caller closes them). */
        int *wired;
};

/* Run one stage to the end, its output reported to sink as it arrives and the
 * client watched through it; <0 only when we failed (the sandbox could not be
 * built) or the client left (ERR_GONE), with the reason in p. */
int run_step(const struct jail *j, const struct stage_spec *s, struct sink *sink,
             struct outcome *o, struct problem *p);
