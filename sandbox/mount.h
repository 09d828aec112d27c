/* mount.h: build the job's root filesystem and pivot into it. */
#pragma once
#include <stddef.h>
#include "sandbox/sandbox.h"

/* In a fresh mount namespace, as root: make the new root (read-only /usr, merged-usr
 * links, curated /etc, /proc, minimal /dev, tmpfs /tmp, the work dir box_tree at
 * /box; for a tty run pts_tree (a clone of s->pts, else -1) as /dev/pts, with
 * /dev/ptmx and /dev/tty), pivot_root into it and drop the old root. */
int mount_build_root(const struct jail *j, const struct step *s, int box_tree, int pts_tree);

/* In a fresh mount namespace, as root: the part of that root every plain stage of
 * j's slot shares (no lang.d etc entries, no tty), read-only, pivoted into, with
 * empty mount points for the stage's own mounts. root.c keeps it per slot. */
int mount_build_skeleton(const struct jail *j);

/* The stage's own mounts on a skeleton at root ("" once inside it): /proc, /tmp,
 * /dev/shm and the work dir, box_tree (an open_tree clone of j->box_tree). */
int mount_stage(const char *root, const struct jail *j, int box_tree);

/* A detached clone of the mount at path from dirfd ("": dirfd's own), such as the
 * work dir's (j->box_tree) and a tty run's devpts instance (s->pts), to be mounted
 * once the stage has a namespace of its own: its fd, or -errno. */
int mount_clone(int dirfd, const char *path);

/* A line per input of mount_build_skeleton into buf: a kept skeleton whose key is
 * not today's is stale. */
int mount_skeleton_key(const struct jail *j, char *buf, size_t size);
