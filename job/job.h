/* job.h: one execute request, from its limits to its last event.
 *
 * Theory of operation. Three processes take part in every stage:
 *
 *  - the executor (coderun-exec, one per connection) holds the slot lock, the
 *    work dir's tmpfs in its own mount namespace and the stage's cgroup. It
 *    spawns the stage (run.c), feeds stdin into one pipe, reads stdout and
 *    stderr from two more, reads the stage's report from a fourth, and polls
 *    the stage's pidfd, a backstop timer and the client's connection (through
 *    the sink's watch) in one poll loop;
 *  - the stage's PID 1 (sandbox/ns.c, init.c), in fresh mount, PID, network,
 *    IPC, UTS and cgroup namespaces, builds the job's root, joins the cgroup,
 *    forks the job, holds the wall clock and the CPU budget, reaps everything,
 *    and writes one report (how the job ended, or which setup step failed);
 *  - the job itself: the compiler or the program, with every privilege dropped
 *    and the seccomp filter loaded, its stdio the three pipes.
 *
 * The lifeline: each PID 1 polls a pidfd of the executor. If the executor dies,
 * PID 1 kills the job, leaves and removes the stage's cgroup, and exits; when
 * PID 1 exits for any reason, the kernel kills every process of its PID
 * namespace, so no job outlives its stage. If PID 1 is wedged, the executor's
 * backstop (the wall time plus LIMIT_KILL_GRACE_MS) kills it through its pidfd.
 * If the client leaves, the watch says so and the executor kills the stage.
 * After a stage the executor reads the cgroup's peak memory and OOM kills and
 * removes it; after the job, its exit drops the slot lock and, with its mount
 * namespace, the work dir.
 *
 * A checker program or an interactor (program.h) is a second jail: a second slot,
 * so another uid and network namespace, and a work dir of its own; its stages are
 * run_step's like the solution's. A checker's runs after each judged test's; an
 * interactor's beside it, served by a fork of the executor (interact.c) while we
 * serve the solution's, the two wired to each other by kernel pipes.
 *
 * The job reports what happens to a sink (base/sink.h) and never writes to the
 * client itself: the sink's framing decides the bytes. */
#pragma once
#include "base/request.h"
#include "base/sink.h"
#include "config/config.h"
#include "config/lang.h"

/* Run req's job in lang (judge_lang: its checker program's or interactor's, when
 * it has one), reporting to sink. <0 (with p filled) only when the request is
 * refused, the client left, or we failed; a program's failure is an event. */
int job_run(const struct config *cfg, const struct lang *lang, const struct lang *judge_lang,
            const struct request *req, struct sink *sink, struct problem *p);

/* Once the reply is out (and the client has its end): what job_run left to do that
 * no reply waits for, the slots' network namespaces given back (jail_after_reply).
 * Not called (the process exits at once): they stay marked, and are replaced. */
void job_after_reply(void);
