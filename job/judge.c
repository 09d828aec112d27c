/* judge.c: a stage's result. Capture buffers reserved once per request and
 * reused by every stage; the status a stage's ending earns; a test's verdict from
 * its status and its checker (job/check.c). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "job/check.h"
#include "job/judge.h"

static int capture_init(struct capture *c, size_t cap) {
        /* Reserved, not committed: only what the program prints is ever touched. */
        void *p = mmap(NULL, cap, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

        if (p == MAP_FAILED)
                return -errno;
        *c = (struct capture) { .buf = p, .cap = cap };
        return 0;
}

int outcome_init(struct outcome *o, size_t cap) {
        int r;

        *o = (struct outcome) { .memory = -1 };
        r = capture_init(&o->out, cap);
        if (r >= 0)
                r = capture_init(&o->err, cap);
        if (r >= 0)
                r = capture_init(&o->all, 2 * cap);
        return r;
}

void outcome_reset(struct outcome *o) {
        struct capture out = o->out, err = o->err, all = o->all;

        out.len = err.len = all.len = 0;
        out.truncated = err.truncated = all.truncated = false;
        *o = (struct outcome) { .out = out, .err = err, .all = all, .memory = -1 };
}

void outcome_judge(const struct ending *e, const struct step *s, long long output_bytes,
                   struct outcome *o) {
        int ws = e->exit.wstatus;

        o->code = -1;
        o->sig = 0;
        /* The program could not start (a run deleted its own binary before the next
         * test, say): the job's doing, so a result, not a failed request. */
        if (e->failed) {
                o->status = STATUS_XX;
                snprintf(o->message, sizeof(o->message), "could not start %s: %s", s->argv[0],
                         strerror(e->fail.err));
                return;
        }
        if (!e->reported)
                o->sig = SIGKILL;       /* we killed PID 1 before the job ended */
        else if (WIFEXITED(ws))
                o->code = WEXITSTATUS(ws);
        else if (WIFSIGNALED(ws))
                o->sig = WTERMSIG(ws);

        if (e->reported ? e->exit.timed_out : e->timed_out) {
                o->status = STATUS_TO;
                snprintf(o->message, sizeof(o->message), "wall time limit exceeded (%lld ms)",
                         s->lim.timeout_ms);
        } else if (e->oom_killed) {
                o->status = STATUS_ML;
                snprintf(o->message, sizeof(o->message), "memory limit exceeded (%lld bytes)",
                         s->lim.memory_bytes);
        } else if (e->over != STATUS_OK) {
                o->status = e->over;
                snprintf(o->message, sizeof(o->message), "%s exceeded the output limit (%lld bytes)",
                         e->over == STATUS_OL ? "stdout" : "stderr", output_bytes);
        } else if (e->exit.cpu_exceeded || o->sig == SIGXCPU || o->cpu_ms > s->lim.cpu_ms ||
                   (o->sig == SIGKILL && o->cpu_ms >= s->lim.cpu_ms)) {
                o->status = STATUS_TO;
                snprintf(o->message, sizeof(o->message), "CPU time limit exceeded (%lld ms)",
                         s->lim.cpu_ms);
        } else if (!e->reported) {
                o->status = STATUS_XX;
                snprintf(o->message, sizeof(o->message), "the sandbox ended without a report");
        } else if (o->sig) {
                o->status = STATUS_SG;
                snprintf(o->message, sizeof(o->message), "killed by signal %d (%s)", o->sig,
                         strsignal(o->sig));
        } else if (o->code != 0) {
                o->status = STATUS_RE;
                snprintf(o->message, sizeof(o->message), "exited with code %d", o->code);
        } else {
                o->status = STATUS_OK;
        }
}

/* The verdict a failed run earns is its status; STATUS_OK is the checker's. */
static const enum verdict status_verdicts[_STATUS_MAX] = {
        [STATUS_RE] = VERDICT_RE, [STATUS_SG] = VERDICT_SG, [STATUS_TO] = VERDICT_TO,
        [STATUS_ML] = VERDICT_ML, [STATUS_OL] = VERDICT_OL, [STATUS_EL] = VERDICT_EL,
        [STATUS_XX] = VERDICT_XX,
};

int outcome_verdict(const struct outcome *o, const struct test *t, const struct checker *c,
                    struct verdict_info *v) {
        struct check_text got = { o->out.buf, o->out.len };
        struct check_text want = { t->expected.data, t->expected.len };
        int r;

        *v = (struct verdict_info) { .verdict = VERDICT_NONE, .passed = -1 };
        if (!t->has_expected)
                return 0;
        v->passed = 0;
        if (o->status != STATUS_OK) {
                v->verdict = status_verdicts[o->status];
                return 0;
        }
        r = check_output(c, got, want, v->message, sizeof(v->message));
        if (r < 0)
                return r;
        v->verdict = r ? VERDICT_AC : VERDICT_WA;
        v->passed = r;
        return 0;
}
