/* job.c: one execute request, told as events. Takes the jail (slot, uid, work dir
 * with the files), compiles once, then runs once or once per test, reporting each
 * stage to the sink as it goes; capture buffers are reused by every stage. Never
 * runs a stage outside run_step's sandbox, and never writes to the client: the
 * sink does (the wire layer's). */
#include <stdio.h>
#include "base/limits.h"
#include "base/util.h"
#include "config/langenv.h"
#include "config/lookup.h"
#include "job/control.h"
#include "job/jail.h"
#include "job/job.h"
#include "job/limits.h"
#include "job/judge.h"
#include "job/run.h"
#include "sandbox/box.h"
#include "sandbox/pty.h"

/* One request's job as it runs. */
struct job {
        struct jail jail;
        const struct lang *lang;
        const struct request *req;
        struct sink *sink;
        struct control ctl;             /* the client's hold on the running stage */
        struct stage_limits compile, run;
        long long budget;               /* output the rest of the request may print */
};

/* Each stream of a stage may print output_limit bytes, but the whole request no more
 * than LIMIT_REQUEST_OUTPUT_BYTES: 64 tests cannot make a reply of gigabytes. */
static long long output_left(const struct config *cfg, long long budget) {
        return budget < cfg->output_bytes ? (budget > 0 ? budget : 0) : cfg->output_bytes;
}

/* argv = the lang.d command for the request's files (a compile command with the
 * request's compile_args in it), then the request's args. */
static int build_argv(const struct lang *lang, char *const *tmpl, size_t n, bool compile,
                      const struct request *req, char **args, size_t n_args, char ***ret,
                      size_t *ret_words, struct problem *p) {
        char **argv = calloc(LOOKUP_ARGV_MAX + LIMIT_COMPILE_ARGS + LIMIT_ARGS + 1,
                             sizeof(char *));
        size_t extra = compile ? req->n_compile_args : 0;
        int r;

        if (!argv)
                return problem(p, ERR_INTERNAL, "out of memory");
        r = lookup_argv(lang, (const char *const *)tmpl, n, req->files, req->n_files,
                        compile ? req->compile_args : NULL, extra, argv, LOOKUP_ARGV_MAX + extra);
        if (r < 0)
                free(argv);
        if (r == -E2BIG)
                return problem(p, ERR_BAD_REQUEST, "files: more sources than the %d words of "
                               "a %s command line", LOOKUP_ARGV_MAX, lang->name);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "lang.d/%s.conf: command: %s", lang->name,
                               strerror(-r));
        for (size_t i = 0; i < n_args; i++)
                argv[r + i] = args[i];
        *ret = argv;
        *ret_words = (size_t)r;         /* ours to free; the args are the request's */
        return 0;
}

/* One stage of the job: its command line from tmpl and args, begun, run and
 * charged to the request's output budget; the caller reports its end. */
static int stage(struct job *job, struct stage_spec *s, enum stage_kind kind, size_t t,
                 char *const *tmpl, size_t n, char **args, size_t n_args, struct outcome *o,
                 struct problem *p) {
        struct sink *sink = job->sink;
        size_t words = 0;
        char **argv = NULL;
        int r;

        r = build_argv(job->lang, tmpl, n, kind == STAGE_COMPILE, job->req, args, n_args, &argv,
                       &words, p);
        if (r < 0)
                return r;
        s->step.argv = argv;
        s->output_bytes = output_left(job->jail.cfg, job->budget);
        outcome_reset(o);
        (void)sink->ops->stage_begin(sink, kind, t);
        r = run_step(&job->jail, s, sink, o, p);
        lookup_argv_free(argv, words);
        free(argv);
        if (r < 0)
                return r;
        job->budget -= (long long)(o->out.len + o->err.len);
        return 0;
}

/* The compile stage; *ret_ok false when it failed, which ends the job. */
static int compile_stage(struct job *job, struct outcome *o, bool *ret_ok, struct problem *p) {
        const struct lang *lang = job->lang;
        struct stage_spec s = {
                .step = { .envp = lang->env, .etc = lang->etc, .lim = job->compile },
                .ctl = &job->ctl, .signals = job->req->interactive,
        };
        int r;

        r = stage(job, &s, STAGE_COMPILE, 0, lang->compile, lang->n_compile, NULL, 0, o, p);
        if (r < 0)
                return r;
        (void)job->sink->ops->stage_end(job->sink, STAGE_COMPILE, o);
        *ret_ok = o->status == STATUS_OK;
        return 0;
}

/* One run: the request's own (test NULL) or one of its tests; *ret_failed says
 * whether a test was judged and did not pass. */
static int run_stage(struct job *job, const struct test *test, size_t t, struct outcome *o,
                     bool *ret_failed, struct problem *p) {
        const struct request *req = job->req;
        const struct lang *lang = job->lang;
        struct stage_spec s = {
                .step = { .envp = lang->env, .etc = lang->etc, .lim = job->run },
                .stdin = test && test->stdin.data ? test->stdin : req->stdin,
                .ctl = &job->ctl, .live = job->ctl.live, .signals = req->interactive,
        };
        struct sink *sink = job->sink;
        char **args = test && test->args ? test->args : req->args;
        size_t n_args = test && test->args ? test->n_args : req->n_args;
        char *env[LANG_RUN_ENV_MAX + 2];
        struct verdict_info v;
        int r, n;

        /* A streaming run: lang.d's stream_env tells runtimes not to buffer a pipe. */
        n = lang_run_env(lang, req->stream, env, ELEMENTSOF(env) - 1);
        if (n < 0)
                return problem(p, ERR_INTERNAL, "lang.d/%s.conf: the run's environment: %s",
                               lang->name, strerror(-n));
        /* A tty run's terminal: a devpts instance of its own, mounted for this stage,
         * and a TERM that curses programs, REPLs and colours know (xterm.js and every
         * terminal a user has speak it). */
        if (req->tty) {
                s.step.pts = PTY_PATH;
                env[n++] = (char *)"TERM=xterm-256color";
                env[n] = NULL;
        }
        s.step.envp = env;

        r = stage(job, &s, test ? STAGE_TEST : STAGE_RUN, t, lang->run, lang->n_run, args, n_args,
                  o, p);
        if (r < 0)
                return r;
        if (!test) {
                (void)sink->ops->stage_end(sink, STAGE_RUN, o);
                return 0;
        }
        r = outcome_verdict(o, test, test->has_checker ? &test->checker : &req->checker, &v);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "tests[%zu]: the checker: %s", t, strerror(-r));
        (void)sink->ops->test_end(sink, t, o, &v);
        *ret_failed = v.passed == 0;
        return 0;
}

/* A test after the one that failed under stop_on_failure: reported, not run. */
static void not_run(struct job *job, size_t t, struct outcome *o) {
        struct verdict_info v = {
                .verdict = VERDICT_NR, .passed = job->req->tests[t].has_expected ? 0 : -1,
        };

        outcome_reset(o);
        o->code = -1;
        (void)job->sink->ops->test_end(job->sink, t, o, &v);
}

int job_run(const struct config *cfg, const struct lang *lang, const struct request *req,
            struct sink *sink, struct problem *p) {
        struct job job = {
                .jail = { .cfg = cfg, .box = BOX_PATH, .slot_fd = -1, .lifeline = -1 },
                .lang = lang, .req = req, .sink = sink, .budget = LIMIT_REQUEST_OUTPUT_BYTES,
        };
        struct outcome o;
        bool ok = true, failed = false;
        int r;

        r = limits_resolve(cfg, lang, req, &job.compile, &job.run, p);
        if (r < 0)
                return r;
        /* Only a compile command that says where they go takes compile_args: appended
         * anywhere else they could land after the sources, or be read as a run's args. */
        if (req->has_compile_args && !lang->compile_args)
                return problem(p, ERR_BAD_REQUEST, "compile_args: %s %s", lang->name,
                               lang->n_compile == 0 ? "has no compile step" :
                               "takes no compile arguments (its lang.d compile command has no "
                               "{compile_args})");
        r = jail_prepare(cfg, lang, req, &job.jail, p);
        if (r < 0)
                return r;
        r = outcome_init(&o, (size_t)cfg->output_bytes);
        if (r >= 0)
                r = control_init(&job.ctl, req->interactive && !req->tests);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "output buffers: %s", strerror(-r));

        (void)sink->ops->job_begin(sink, lang->name, lang->version);
        if (lang->n_compile > 0) {
                r = compile_stage(&job, &o, &ok, p);
                if (r < 0)
                        return r;
        }
        for (size_t t = 0; ok && t < (req->tests ? req->n_tests : 1); t++) {
                if (failed && req->stop_on_failure) {
                        not_run(&job, t, &o);
                        continue;
                }
                r = run_stage(&job, req->tests ? &req->tests[t] : NULL, t, &o, &failed, p);
                if (r < 0)
                        return r;
        }
        (void)sink->ops->done(sink);
        return 0;
}
