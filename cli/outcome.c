/* outcome.c: the one mapping of a reply's statuses to exit codes and notes. An
 * exit code is passed on as it is; a death by signal N becomes 128 + N as in the
 * shells; the limits get codes of their own (fail.h), so that a script can tell
 * "my program failed" from "it never got to finish". */
#include <signal.h>
#include <stdio.h>
#include "base/util.h"
#include "cli/fail.h"
#include "cli/limitnote.h"
#include "cli/outcome.h"

/* The kernel's real-time signals start at 32; the server names them SIGRTMIN+n
 * in that numbering (not glibc's SIGRTMIN, which reserves two). */
#define KERNEL_SIGRTMIN 32

static int signal_number(const char *name) {
        if (!name || strncmp(name, "SIG", 3) != 0)
                return 0;
        if (strncmp(name, "SIGRTMIN+", 9) == 0)
                return KERNEL_SIGRTMIN + atoi(name + 9);
        for (int n = 1; n < KERNEL_SIGRTMIN; n++) {
                const char *abbrev = sigabbrev_np(n);

                if (abbrev && streq(abbrev, name + 3))
                        return n;
        }
        return 0;
}

static bool compile_failed(const struct result *r) {
        return r->compile.present && !r->run.present && !r->tests;
}

static bool status_is(const struct stage *s, const char *status) {
        return s->status && streq(s->status, status);
}

/* A stage the server stopped at one of its limits. */
static bool at_limit(const struct stage *s) {
        return status_is(s, "TO") || status_is(s, "ML") || status_is(s, "OL") || status_is(s, "EL");
}

/* The tests whose checker program or interactor failed (CF). */
static size_t judge_failures(const struct result *r) {
        size_t n = 0;

        for (size_t i = 0; i < r->n_tests; i++)
                n += r->tests[i].verdict && streq(r->tests[i].verdict, "CF");
        return n;
}

/* Which judge the tests had: each test carries its run. */
static const char *judge_name(const struct result *r) {
        for (size_t i = 0; i < r->n_tests; i++)
                if (r->tests[i].judge.present)
                        return r->tests[i].judge.interactor ? "interactor" : "checker";
        return "checker";
}

int outcome_exit(const struct result *r) {
        const struct stage *s = &r->run;
        int sig;

        if (compile_failed(r))
                return CLI_EXIT_COMPILE_ERROR;
        if (r->tests) {
                /* A CF leaves its test without a verdict and says the checker or
                 * interactor is wrong: fixing it comes before any verdict counts. */
                if (judge_failures(r) > 0)
                        return CLI_EXIT_JUDGE_FAILED;
                for (size_t i = 0; i < r->n_tests; i++)
                        if (r->tests[i].passed == 0)    /* null: not judged */
                                return CLI_EXIT_TESTS_FAILED;
                return 0;
        }
        if (!s->status || status_is(s, "RE"))
                /* A server without status (Piston) still gives code or signal. */
                if (s->has_code)
                        return (int)(s->code & 0xff);
        if (status_is(s, "TO"))
                return CLI_EXIT_TIME_LIMIT;
        if (status_is(s, "ML"))
                return CLI_EXIT_MEMORY_LIMIT;
        if (status_is(s, "OL") || status_is(s, "EL"))
                return CLI_EXIT_OUTPUT_LIMIT;
        sig = signal_number(s->signal);
        if ((!s->status || status_is(s, "SG")) && sig > 0)
                return CLI_EXIT_SIGNAL_BASE + sig;
        /* XX, a status this CLI does not know, or no code and no signal. */
        return CLI_EXIT_SERVER_ERROR;
}

bool outcome_note(const struct result *r, char *buf, size_t size) {
        const struct stage *s = &r->run;
        char limit[512];
        const char *m;

        if (compile_failed(r)) {
                m = r->compile.message ? r->compile.message : r->compile.status;
                if (at_limit(&r->compile)) {
                        limitnote_stage(&r->compile, true, limit, sizeof(limit));
                        m = limit;
                }
                snprintf(buf, size, "compile error%s%s", m ? ": " : "", m ? m : "");
                return true;
        }
        if (r->tests && judge_failures(r) > 0) {
                snprintf(buf, size, "the %s failed on %zu of %zu tests (CF): fix it first, "
                         "those tests have no verdict", judge_name(r), judge_failures(r),
                         r->n_tests);
                return true;
        }
        if (r->tests)
                return false;
        switch (outcome_exit(r)) {
        case CLI_EXIT_TIME_LIMIT:
        case CLI_EXIT_MEMORY_LIMIT:
        case CLI_EXIT_OUTPUT_LIMIT:
                limitnote_stage(s, false, buf, size);
                return true;
        case CLI_EXIT_SERVER_ERROR:
                snprintf(buf, size, "the server could not run the program%s%s",
                         s->message ? ": " : "", s->message ? s->message : "");
                return true;
        default:
                if (!s->signal)
                        return false;
                m = s->signal;
        }
        /* The server's message says it best ("killed by signal 11 (Segmentation fault)"). */
        snprintf(buf, size, "%s", s->message ? s->message : m);
        return true;
}
