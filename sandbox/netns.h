/* netns.h: the job slot's network namespace. */
#pragma once
#include "config/config.h"

/* Move the executor into slot's empty network namespace, making it on first use.
 * Stages then inherit it. Must run before the executor leaves the host's mount
 * namespace (box_create): the namespace is kept alive by a bind mount. */
int netns_enter(const struct config *cfg, unsigned slot);
