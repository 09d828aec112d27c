/* box.h: the job's work dir, a size-limited tmpfs of its own, reached through fds. */
#pragma once
#include <sys/types.h>
#include "config/config.h"

/* The solution's, and a checker program's or an interactor's (never attached to the
 * solution's root): their names where an older kernel mounts them (box.c). */
#define BOX_NAME "box"
#define JUDGE_BOX_NAME "judge"

/* Move the executor into a mount namespace of its own, private, with a staging
 * tmpfs over /tmp (once per process; then a no-op): where the older kernels' work
 * dirs and a tty run's devpts instance (pty.c) are mounted. */
int box_private_ns(void);

/* The work dir named name, owned by uid:gid: *ret_tree is its mount, which each
 * stage's PID 1 clones onto /box (open_tree); *ret_dir its root as a directory, for
 * openat() of the request's files. */
int box_create(const struct config *cfg, const char *name, uid_t uid, gid_t gid,
               int *ret_tree, int *ret_dir);
