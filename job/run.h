/* run.h: one stage (compile or one run) of a job in the sandbox: spawn it, feed
 * stdin, capture stdout/stderr into bounded buffers, enforce the wall clock, and
 * say how it ended. A program's failure is an outcome, never an error here. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "config/config.h"
#include "base/err.h"
#include "base/request.h"

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

/* What the sandbox needs to know about this job. */
struct seccomp_prog;
struct cgroup_base;
struct cgroup;

/* The client's connection, watched while a stage runs: a client that went away
 * gets its job killed at once rather than at its time limit. */
struct client {
        int fd;                 /* -1: not a socket (a pipe, a test): not watched */
        bool raw;               /* raw JSON: EOF may be a half-close (nc -N) */
        bool probed;            /* raw: the one-space probe was sent */
};

struct jail {
        const struct config *cfg;
        struct client *client;
        uid_t uid;
        gid_t gid;
        const char *box;                /* the work dir, a tmpfs the executor made */
        const struct seccomp_prog *filter;
        const struct cgroup_base *cgroups;      /* NULL: rlimits only (allow_rlimit_only) */
        int slot_fd;                    /* the slot's lock: held until the job is gone */
        int lifeline;                   /* a pidfd of the executor: readable once it died */
};

struct step {
        const struct cgroup *cg;        /* the stage's cgroup, made by run_step */
        char *const *argv;
        char *const *envp;
        char *const *etc;               /* names under /etc to bind into the job's root */
        struct blob stdin;
        struct stage_limits lim;
        long long output_bytes;
};

/* Allocate capture buffers of cap bytes per stream (all: twice that). */
int outcome_init(struct outcome *o, size_t cap);
/* Empty the buffers for the next stage, keeping their memory. */
void outcome_reset(struct outcome *o);

/* Run one step to the end; <0 only when we failed (the sandbox could not be
 * built), with the reason in p. */
int run_step(const struct jail *j, const struct step *s, struct outcome *o,
             struct problem *p);
