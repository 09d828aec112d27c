/* netns.h: the job slot's network namespace, one per request. */
#pragma once
#include <sys/types.h>
#include "config/config.h"

/* slot's ready network namespace as an fd (made here when none is), unbound from
 * the state dir, so that this request alone ever joins it. The executor joins it
 * (setns) before any stage, and stages inherit it; a judge's program's stages join
 * theirs (struct jail's netns). Before box_create: it is bound in the host's mount
 * namespace. */
int netns_take(const struct config *cfg, unsigned slot, int *ret_fd);

/* Fork a helper that makes each of the n slots (their lock fds in locks, at most 2)
 * a fresh namespace for its next request, while this one runs. The helper keeps only
 * the locks; the caller reaps *ret_pid. Before box_create, like netns_take. */
int netns_refill(const struct config *cfg, const unsigned *slots, const int *locks, size_t n,
                 pid_t *ret_pid);
