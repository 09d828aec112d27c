/* limits.c: the limits a job's stages run under, from the request, the language
 * and the server's config, one row of base/stagelimit.h's table at a time. */
#include <stddef.h>
#include "base/stagelimit.h"
#include "base/util.h"
#include "job/limits.h"

/* Each limit: the request's value, else the language's default, else the server's;
 * above the server's maximum is an error, never silently clamped. */
int limits_resolve(const struct config *cfg, const struct lang *lang,
                   const struct request *req, struct stage_limits *compile,
                   struct stage_limits *run, struct problem *p) {
        for (size_t i = 0; i < STAGE_LIMITS; i++) {
                const struct stage_limit *row = &stage_limit_table[i];
                long long v = req->limits[i];
                long long lang_def = stage_limit_get(row, &lang->compile_def, &lang->run_def);
                long long def = stage_limit_get(row, &cfg->compile_def, &cfg->run_def);
                long long max = stage_limit_get(row, &cfg->compile_max, &cfg->run_max);

                /* A streaming run's wall time is a person's: its own default and maximum. */
                if (req->stream && row->stage == STAGE_RUN &&
                    row->offset == offsetof(struct stage_limits, timeout_ms)) {
                        def = cfg->stream_timeout_ms;
                        lang_def = 0;
                        max = cfg->stream_timeout_max_ms;
                }
                if (v < 0)
                        v = lang_def > 0 ? lang_def : def;
                if (v > max)
                        return problem(p, ERR_BAD_REQUEST, "%s: %lld is above the server's "
                                       "maximum %lld", row->wire, v, max);
                if (v == 0)
                        return problem(p, ERR_BAD_REQUEST, "%s: 0 leaves nothing to run with; "
                                       "give a positive value, or -1 for the default", row->wire);
                stage_limit_set(row, compile, run, v);
        }
        return 0;
}
