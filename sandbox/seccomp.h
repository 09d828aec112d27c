/* seccomp.h: the job's system call filter. */
#pragma once

/* Load the filter into the calling thread; no_new_privs must already be set.
 * The filter is inherited over execve and by every child. 0 or -errno. */
int seccomp_apply(void);
