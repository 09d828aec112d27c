/* relay.h: the signals the executor sends to a running job, through the control pipe. */
#pragma once
#include <sys/types.h>

/* One read of the control pipe (call when poll says it is readable): each byte is a
 * signal number; the allowed ones go to the process group job leads. 1 while the pipe
 * is open, 0 at its end (stop polling it), -errno if it cannot be read. */
int relay_signals(int control, pid_t job);
