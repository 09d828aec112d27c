/* netns.h: the job slot's network namespace. */
#pragma once
#include "config/config.h"

/* Move the executor into slot's empty network namespace, making it on first use.
 * Stages then inherit it. Must run before the executor leaves the host's mount
 * namespace (box_create): the namespace is kept alive by a bind mount. */
int netns_enter(const struct config *cfg, unsigned slot);

/* slot's network namespace as an fd (made on first use), the executor staying where
 * it is: a judge's program's stages join it (struct jail's netns). The same rule:
 * before box_create. */
int netns_get(const struct config *cfg, unsigned slot, int *ret_fd);
