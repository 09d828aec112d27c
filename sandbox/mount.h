/* mount.h: build the job's root filesystem and pivot into it. */
#pragma once
#include "sandbox/sandbox.h"

/* In a fresh mount namespace, as root: make the new root (read-only /usr, merged-usr
 * links, curated /etc, /proc, minimal /dev, tmpfs /tmp, the work dir at /box; for a
 * tty run s->pts as /dev/pts, with /dev/ptmx and /dev/tty), pivot_root into it and
 * drop the old root. */
int mount_build_root(const struct jail *j, const struct step *s);
