/* interact-verdict.c: a test's verdict from the solution's and the interactor's
 * outcomes (interact.h has the order). Two programs that wait for each other both
 * end at their wall limits; which one waited is read from its CPU time: one that
 * used under a quarter of its wall time was mostly blocked, not computing. */
#include <signal.h>
#include <stdio.h>
#include "job/interact.h"

static const enum verdict status_verdicts[_STATUS_MAX] = {
        [STATUS_RE] = VERDICT_RE, [STATUS_SG] = VERDICT_SG, [STATUS_TO] = VERDICT_TO,
        [STATUS_ML] = VERDICT_ML, [STATUS_OL] = VERDICT_OL, [STATUS_EL] = VERDICT_EL,
        [STATUS_XX] = VERDICT_XX,
};

static bool waited(const struct outcome *o) {
        return o->cpu_ms * 4 < o->wall_ms;
}

/* Why a solution ran out of time, and who waited for whom. */
static void timed_out(const struct outcome *sol, const struct outcome *it,
                      const struct stage_limits *lim, char *buf, size_t cap) {
        if (sol->cpu_ms >= lim->cpu_ms)
                snprintf(buf, cap, "the solution used its CPU time (%lld ms) computing",
                         lim->cpu_ms);
        else if (waited(sol) && waited(it))
                snprintf(buf, cap, "the solution and the interactor waited for each other until "
                         "the solution's wall time limit (%lld ms; CPU: solution %lld ms, "
                         "interactor %lld ms)", lim->timeout_ms, sol->cpu_ms, it->cpu_ms);
        else if (waited(sol))
                snprintf(buf, cap, "the solution waited for the interactor until its wall time "
                         "limit (%lld ms; its CPU %lld ms, the interactor's %lld ms)",
                         lim->timeout_ms, sol->cpu_ms, it->cpu_ms);
        else
                snprintf(buf, cap, "the solution was computing when it reached its wall time "
                         "limit (%lld ms; its CPU %lld ms), and the interactor waited for it",
                         lim->timeout_ms, sol->cpu_ms);
}

void interact_verdict(const struct program *pg, const struct outcome *sol,
                      const struct stage_limits *lim, struct verdict_info *v) {
        const struct outcome *it = &pg->o;
        bool said = it->status == STATUS_OK ||
                    (it->status == STATUS_RE && (it->code == 1 || it->code == 2));
        /* A closed pipe killed the solution: the interactor had closed it first. */
        bool first = sol->sig == SIGPIPE || it->end_ns <= sol->end_ns;

        v->judge_key = "interactor";
        v->judge = it;
        program_failure(pg, false, v->message, sizeof(v->message));
        /* Our limits stopped the solution, whoever ended first: never a race's word. */
        if (sol->status == STATUS_TO)
                v->verdict = VERDICT_TO, timed_out(sol, it, lim, v->message, sizeof(v->message));
        else if (sol->status == STATUS_ML || sol->status == STATUS_OL || sol->status == STATUS_EL)
                v->verdict = status_verdicts[sol->status];
        else if (first && said && it->status != STATUS_OK)
                v->verdict = it->code == 1 ? VERDICT_WA : VERDICT_PE;
        else if (first && it->status == STATUS_TO && waited(it))
                v->verdict = VERDICT_TO, snprintf(v->message, sizeof(v->message),
                        "the interactor waited for the solution until its own wall time limit "
                        "(%lld ms; its CPU %lld ms, the solution's %lld ms)",
                        pg->run.timeout_ms, it->cpu_ms, sol->cpu_ms);
        else if (first && !said)
                v->verdict = VERDICT_CF, program_failure(pg, true, v->message, sizeof(v->message));
        else if (sol->status != STATUS_OK)
                v->verdict = status_verdicts[sol->status];
        else if (!said)
                v->verdict = VERDICT_CF, program_failure(pg, true, v->message, sizeof(v->message));
        else
                v->verdict = it->code == 0 ? VERDICT_AC : it->code == 1 ? VERDICT_WA : VERDICT_PE;
        v->passed = v->verdict == VERDICT_AC;
}
