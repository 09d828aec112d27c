/* stagelimit.c: the table of per-stage limits and the access to a row's field. */
#include "base/limits.h"
#include "base/stagelimit.h"
#include "base/util.h"

/* Every name of a limit is the same word (the wire field, the lang.d key and the
 * coderun.conf default), the maximum that word with _max: one spelling for users. */
#define ROW(n, st, u, lim, field)                                                   \
        { .name = n, .stage = st, .unit = u, .conf_key = n, .conf_max_key = n "_max", \
          .wire = n, .lang_key = n, .cap = lim, .offset = offsetof(struct stage_limits, field) }

const struct stage_limit stage_limit_table[] = {
        ROW("compile_timeout",      STAGE_COMPILE, UNIT_MS,    LIMIT_TIMEOUT_MS,   timeout_ms),
        ROW("compile_cpu_time",     STAGE_COMPILE, UNIT_MS,    LIMIT_CPU_MS,       cpu_ms),
        ROW("compile_memory_limit", STAGE_COMPILE, UNIT_BYTES, LIMIT_MEMORY_BYTES, memory_bytes),
        ROW("run_timeout",          STAGE_RUN,     UNIT_MS,    LIMIT_TIMEOUT_MS,   timeout_ms),
        ROW("run_cpu_time",         STAGE_RUN,     UNIT_MS,    LIMIT_CPU_MS,       cpu_ms),
        ROW("run_memory_limit",     STAGE_RUN,     UNIT_BYTES, LIMIT_MEMORY_BYTES, memory_bytes),
};
_Static_assert(ELEMENTSOF(stage_limit_table) == STAGE_LIMITS, "STAGE_LIMITS counts the rows");

long long stage_limit_get(const struct stage_limit *row, const struct stage_limits *compile,
                          const struct stage_limits *run) {
        const struct stage_limits *l = row->stage == STAGE_COMPILE ? compile : run;

        return *(const long long *)((const char *)l + row->offset);
}

void stage_limit_set(const struct stage_limit *row, struct stage_limits *compile,
                     struct stage_limits *run, long long v) {
        struct stage_limits *l = row->stage == STAGE_COMPILE ? compile : run;

        *(long long *)((char *)l + row->offset) = v;
}
