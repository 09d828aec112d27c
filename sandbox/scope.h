/* scope.h: a cgroup systemd delegated to this executor, when systemd runs the host. */
#pragma once
#include <stdbool.h>

enum scope_kind {
        SCOPE_NONE,             /* no systemd: the cgroupfs is ours to use directly */
        SCOPE_DELEGATED,        /* our unit says Delegate=yes: its cgroup is ours */
        SCOPE_TRANSIENT,        /* we moved into a transient scope with Delegate=yes */
};

/* Make sure systemd has delegated the cgroup this process is in, starting a
 * transient scope for it when not (unless probe: then only say so). */
int scope_claim(bool probe, enum scope_kind *ret);
