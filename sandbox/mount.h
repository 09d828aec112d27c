/* mount.h: build the job's root filesystem and pivot into it. */
#pragma once
#include <stddef.h>
#include "sandbox/sandbox.h"

/* In a fresh mount namespace, as root: make the new root (read-only /usr, merged-usr
 * links, curated /etc, /proc, minimal /dev, tmpfs /tmp, the work dir at /box; for a
 * tty run s->pts as /dev/pts, with /dev/ptmx and /dev/tty), pivot_root into it and
 * drop the old root. */
int mount_build_root(const struct jail *j, const struct step *s);

/* In a fresh mount namespace, as root: the part of that root every plain stage of
 * j's slot shares (no lang.d etc entries, no tty), read-only, pivoted into, with
 * empty mount points for the stage's own mounts. root.c keeps it per slot. */
int mount_build_skeleton(const struct jail *j);

/* The stage's own mounts on a skeleton at root ("" once inside it): /proc, /tmp,
 * /dev/shm and the work dir, box_tree (an open_tree clone of j->box) or, when -1,
 * a bind of j->box. */
int mount_stage(const char *root, const struct jail *j, int box_tree);

/* A line per input of mount_build_skeleton into buf: a kept skeleton whose key is
 * not today's is stale. */
int mount_skeleton_key(const struct jail *j, char *buf, size_t size);
