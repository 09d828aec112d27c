/* box.h: the job's work dir, a size-limited tmpfs in the executor's own mount namespace. */
#pragma once
#include <sys/types.h>
#include "config/config.h"

#define BOX_PATH "/tmp/box"
/* A checker program's or an interactor's: never bound into the solution's root. */
#define JUDGE_BOX_PATH "/tmp/judge"

/* Move the executor into a private mount namespace and mount the work dir there,
 * owned by uid:gid. *ret_fd is the dir, for openat() of the request's files. */
int box_create(const struct config *cfg, uid_t uid, gid_t gid, int *ret_fd);

/* Once box_create made the namespace: another work dir at path (under /tmp), owned
 * by uid:gid, the same size. */
int box_add(const struct config *cfg, const char *path, uid_t uid, gid_t gid, int *ret_fd);
