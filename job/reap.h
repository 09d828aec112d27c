/* reap.h: what is left to do once a stage's processes are gone (reap.c): its
 * cgroup's counters read and the cgroup removed, and the sockets it left freed. */
#pragma once
#include <stdbool.h>
#include "base/outcome.h"
#include "base/stagelimit.h"
#include "sandbox/cgroup.h"
#include "sandbox/sandbox.h"

/* The stage's own cgroup, named after its slot's uid (one stage of a slot at a time). */
int stage_cgroup(const struct jail *j, const struct stage_limits *lim, struct cgroup *ret);
/* Peak memory, CPU time and OOM kills into o and *ret_oom; then the cgroup goes. */
int stage_cgroup_end(struct cgroup *cg, struct outcome *o, bool *ret_oom);
/* Run the kernel's AF_UNIX garbage collector now. */
void stage_unix_gc(void);
