/* root.h: the job slot's prepared root (the skeleton of mount.c, kept per slot). */
#pragma once
#include <stdbool.h>
#include "config/config.h"
#include "sandbox/sandbox.h"

/* j's slot's skeleton namespace for j->root_etc as an fd, built when missing or
 * stale. In the executor, in the host's mount namespace: the namespace is kept by a
 * bind mount there. j needs cfg, uid, gid and root_etc. */
int root_get(const struct config *cfg, unsigned slot, const struct jail *j, int *ret_fd);

/* Whether stage s can use the slot's skeleton: one is kept (j->root), for s's own
 * lang.d etc names, and s is no tty run. */
bool root_fits(const struct jail *j, const struct step *s);

/* In the stage's PID 1, still in the executor's mount namespace: join a copy of
 * j->root and mount the stage's own parts on it, box_tree (a clone of the work dir's
 * mount) at /box. 1 when done; 0 when the kernel refused to join it and nothing
 * changed (the caller then builds the root itself); negative when the stage must
 * fail. */
int root_enter(const struct jail *j, int box_tree);
