/* process.h: the process state coderun-exec must not inherit from whoever started it. */
#pragma once

/* fds 0-2 open (on /dev/null when they were closed), umask 022, SIGPIPE ignored.
 * 0 or -errno. */
int process_sanitize(void);
