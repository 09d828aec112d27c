/* limits.c: the limits a job's stages run under, from the request, the language
 * and the server's config. */
#include <stddef.h>
#include "base/util.h"
#include "job/limits.h"

/* Each request limit, its wire name, its stage and its field in stage_limits. */
static const struct limit_field {
        enum limit_kind kind;
        const char *name;
        bool compile;
        size_t offset;
} limit_fields[] = {
        { LIM_COMPILE_TIMEOUT, "compile_timeout", true, offsetof(struct stage_limits, timeout_ms) },
        { LIM_COMPILE_CPU, "compile_cpu_time", true, offsetof(struct stage_limits, cpu_ms) },
        { LIM_COMPILE_MEMORY, "compile_memory_limit", true, offsetof(struct stage_limits, memory_bytes) },
        { LIM_RUN_TIMEOUT, "run_timeout", false, offsetof(struct stage_limits, timeout_ms) },
        { LIM_RUN_CPU, "run_cpu_time", false, offsetof(struct stage_limits, cpu_ms) },
        { LIM_RUN_MEMORY, "run_memory_limit", false, offsetof(struct stage_limits, memory_bytes) },
};

static long long *field_of(const struct stage_limits *l, const struct limit_field *f) {
        return (long long *)((char *)l + f->offset);
}

/* Each limit: the request's value, else the language's default, else the server's;
 * above the server's maximum is an error, never silently clamped. */
int limits_resolve(const struct config *cfg, const struct lang *lang,
                   const struct request *req, struct stage_limits *compile,
                   struct stage_limits *run, struct problem *p) {
        for (size_t i = 0; i < ELEMENTSOF(limit_fields); i++) {
                const struct limit_field *f = &limit_fields[i];
                long long v = req->limits[f->kind];
                long long lang_def = *field_of(f->compile ? &lang->compile_def : &lang->run_def, f);
                long long def = *field_of(f->compile ? &cfg->compile_def : &cfg->run_def, f);
                long long max = *field_of(f->compile ? &cfg->compile_max : &cfg->run_max, f);

                if (v < 0)
                        v = lang_def > 0 ? lang_def : def;
                if (v > max)
                        return problem(p, ERR_BAD_REQUEST, "%s: %lld is above the server's "
                                       "maximum %lld", f->name, v, max);
                if (v == 0)
                        return problem(p, ERR_BAD_REQUEST, "%s: 0 leaves nothing to run with; "
                                       "give a positive value, or -1 for the default", f->name);
                *field_of(f->compile ? compile : run, f) = v;
        }
        return 0;
}
