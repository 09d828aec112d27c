/* rlimit.c: the job's per-process kernel limits (setrlimit(2)): CPU seconds (a
 * backstop: init holds the job-wide budget), file size, fds, processes per uid,
 * core dumps, stack, locked memory and message queues. Memory itself is not
 * limited here: RLIMIT_AS breaks the JVM and V8, which reserve far more address
 * space than they use; it needs the cgroup backend. */
#include <sys/resource.h>
#include "base/limits.h"
#include "base/util.h"
#include "sandbox/rlimit.h"

int rlimit_apply(const struct jail *j, const struct step *s) {
        /* The stage's init holds the CPU budget of the whole job, exactly (init.c).
         * RLIMIT_CPU is the backstop should init be starved: per process, in whole
         * seconds checked at ticks, so it gets a second more than the budget. */
        rlim_t cpu_s = (rlim_t)((s->lim.cpu_ms + 999) / 1000 + 1);
        const struct { int resource; rlim_t soft, hard; } limits[] = {
                { RLIMIT_CPU, cpu_s, cpu_s + 1 },
                { RLIMIT_FSIZE, (rlim_t)j->cfg->box_bytes, (rlim_t)j->cfg->box_bytes },
                { RLIMIT_NOFILE, LIMIT_NOFILE, LIMIT_NOFILE },
                /* Per uid across the machine: each slot has its own uid. */
                { RLIMIT_NPROC, (rlim_t)j->cfg->procs, (rlim_t)j->cfg->procs },
                { RLIMIT_CORE, 0, 0 },
                { RLIMIT_STACK, (rlim_t)j->cfg->stack_bytes, (rlim_t)j->cfg->stack_bytes },
                /* POSIX message queues and locked memory are not for jobs. */
                { RLIMIT_MSGQUEUE, 0, 0 },
                { RLIMIT_MEMLOCK, 0, 0 },
                /* No real-time scheduling: a job spinning at SCHED_FIFO would own
                 * a CPU (sched_setscheduler is allowed for SCHED_OTHER/BATCH/IDLE). */
                { RLIMIT_RTPRIO, 0, 0 },
        };

        for (size_t i = 0; i < ELEMENTSOF(limits); i++) {
                struct rlimit rl = { limits[i].soft, limits[i].hard };

                if (setrlimit(limits[i].resource, &rl) < 0)
                        return -errno;
        }
        return 0;
}
