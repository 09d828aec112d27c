/* stagelimit.h: the per-stage limits (compile and run x wall time, CPU time, memory)
 * as one table. The request parser, coderun.conf, lang.d and the resolution of a
 * job's limits all walk it, so a new limit is one row here plus its enforcement. */
#pragma once
#include <stddef.h>
#include "base/stage.h"

/* The limits one stage (compile or run) runs under. */
struct stage_limits {
        long long timeout_ms;
        long long cpu_ms;
        long long memory_bytes;
};

/* How a value is written in coderun.conf and lang.d. UNIT_COUNT is no stage
 * limit's: it is here so config.c's other numbers share the one enum. */
enum unit { UNIT_MS, UNIT_BYTES, UNIT_COUNT };

struct stage_limit {
        const char *name;               /* the row's own name, where limits are listed */
        enum stage_kind stage;          /* STAGE_COMPILE or STAGE_RUN (tests too) */
        enum unit unit;
        const char *conf_key;           /* coderun.conf: the default */
        const char *conf_max_key;       /* coderun.conf: the most a request may ask for */
        const char *wire;               /* the request's field */
        const char *lang_key;           /* lang.d: the language's default */
        long long cap;                  /* the LIMIT_* of base/limits.h nothing may exceed */
        size_t offset;                  /* the field in struct stage_limits */
};

/* The rows, compile first: the order a request's limits are checked and reported
 * in, and the index of struct request's limits[]. */
#define STAGE_LIMITS 6
extern const struct stage_limit stage_limit_table[];

/* row's field of the stage_limits of its stage (compile or run). */
long long stage_limit_get(const struct stage_limit *row, const struct stage_limits *compile,
                          const struct stage_limits *run);
void stage_limit_set(const struct stage_limit *row, struct stage_limits *compile,
                     struct stage_limits *run, long long v);
