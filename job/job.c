/* job.c: one execute request, told as events. Takes the jail (slot, uid, work dir
 * with the files), compiles once, then runs once or once per test, reporting each
 * stage to the sink as it goes; capture buffers are reused by every stage. Never
 * runs a stage outside run_step's sandbox, and never writes to the client: the
 * sink does (the wire layer's). */
#include <fcntl.h>
#include <stdio.h>
#include "base/limits.h"
#include "base/util.h"
#include "config/langenv.h"
#include "config/lookup.h"
#include "job/argv.h"
#include "job/cache.h"
#include "job/control.h"
#include "job/interact.h"
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
        struct program *judge;          /* its checker program or interactor, else NULL */
        struct program prog;
        int cache;                      /* the compile cache's folder, -1: none */
};

/* Each stream of a stage may print output_limit bytes, but the whole request no more
 * than LIMIT_REQUEST_OUTPUT_BYTES: 64 tests cannot make a reply of gigabytes. */
static long long output_left(const struct config *cfg, long long budget) {
        return budget < cfg->output_bytes ? (budget > 0 ? budget : 0) : cfg->output_bytes;
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

        r = job_argv(job->lang, tmpl, n, kind == STAGE_COMPILE, job->req, args, n_args, &argv,
                     &words, p);
        if (r < 0)
                return r;
        s->step.argv = argv;
        s->output_bytes = output_left(job->jail.cfg, job->budget);
        outcome_reset(o);
        (void)sink->ops->stage_begin(sink, kind, t);
        r = run_step(&job->jail, s, sink, o, p);
        job_argv_free(argv, words);
        if (r < 0)
                return r;
        job->budget -= (long long)(o->out.len + o->err.len);
        return 0;
}

/* A compile the cache kept, told as a compile stage that printed what it did. */
static void compile_restored(struct job *job, struct outcome *o) {
        struct sink *sink = job->sink;

        (void)sink->ops->stage_begin(sink, STAGE_COMPILE, 0);
        if (o->out.len)
                (void)sink->ops->output(sink, STREAM_STDOUT, o->out.buf, o->out.len);
        if (o->err.len)
                (void)sink->ops->output(sink, STREAM_STDERR, o->err.buf, o->err.len);
        job->budget -= (long long)(o->out.len + o->err.len);
}

/* The compile stage, or the compile cache's copy of it; *ret_ok false when it
 * failed, which ends the job. */
static int compile_stage(struct job *job, struct outcome *o, bool *ret_ok, struct problem *p) {
        const struct config *cfg = job->jail.cfg;
        const struct lang *lang = job->lang;
        struct stage_spec s = {
                .step = { .envp = lang->env, .etc = lang->etc, .lim = job->compile },
                .ctl = &job->ctl, .signals = job->req->interactive,
        };
        _cleanup_close_ int box = -1;
        struct cache_key key;
        int r = 0;

        /* No key (no SHA-256 here), no cache: the compile runs, as without one. */
        if (job->cache >= 0 && cache_key(lang, job->req, &job->compile, &key) >= 0)
                box = openat(job->jail.box_dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (box >= 0) {
                outcome_reset(o);
                r = cache_fetch(cfg, job->cache, &key, box, job->jail.uid, job->jail.gid, o);
                if (r < 0)
                        return problem(p, ERR_INTERNAL, "restoring a kept compile into the work "
                                       "dir: %s", strerror(-r));
        }
        if (r > 0)
                compile_restored(job, o);
        else
                r = stage(job, &s, STAGE_COMPILE, 0, lang->compile, lang->n_compile, NULL, 0, o, p);
        if (r < 0)
                return r;
        (void)job->sink->ops->stage_end(job->sink, STAGE_COMPILE, o);
        if (box >= 0)
                cache_keep(cfg, job->cache, &key, box, job->req, lang, o);
        *ret_ok = o->status == STATUS_OK;
        return 0;
}

/* Test t's verdict: from the interactor, the checker program (a run that passed
 * all else and has an answer to judge against), or a built-in checker. */
static int judge(struct job *job, const struct test *test, size_t t, const struct outcome *o,
                 struct interaction *ia, struct verdict_info *v, struct problem *p) {
        const struct checker *c = test->has_checker ? &test->checker : &job->req->checker;
        int r;

        *v = (struct verdict_info) { .verdict = VERDICT_NONE, .passed = -1 };
        if (job->req->interactor)
                return interact_end(job->judge, ia, o, &job->run, v, p);
        if (c->kind == CHECKER_PROGRAM && test->has_expected && o->status == STATUS_OK)
                return program_check(job->judge, t, test, o, job->sink, v, p);
        r = outcome_verdict(o, test, c, v);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "tests[%zu]: the checker: %s", t, strerror(-r));
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
        int r, n, wired[2] = { -1, -1 };
        struct interaction ia;
        struct verdict_info v;

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

        /* Beside the interactor, the solution's stdin and stdout are its pipes. */
        if (test && req->interactor) {
                r = interact_begin(job->judge, t, test, &ia, wired, p);
                if (r < 0)
                        return r;
                s.stdin = (struct blob) { (char *)"", 0 };
                s.wired = wired;
        }
        r = stage(job, &s, test ? STAGE_TEST : STAGE_RUN, t, lang->run, lang->n_run, args, n_args,
                  o, p);
        closep(&wired[0]);
        closep(&wired[1]);
        if (r < 0 && test && req->interactor)
                interact_abort(&ia);
        if (r < 0)
                return r;
        if (!test) {
                (void)sink->ops->stage_end(sink, STAGE_RUN, o);
                return 0;
        }
        r = judge(job, test, t, o, &ia, &v, p);
        if (r < 0)
                return r;
        (void)sink->ops->test_end(sink, t, o, &v);
        *ret_failed = v.passed == 0;
        return 0;
}

/* A test after the one that failed under stop_on_failure: reported, not run. */
static void not_run(struct job *job, size_t t, struct outcome *o) {
        struct verdict_info v = {
                .verdict = VERDICT_NR,
                .passed = job->req->tests[t].has_expected || job->req->interactor ? 0 : -1,
        };

        outcome_reset(o);
        o->code = -1;
        (void)job->sink->ops->test_end(job->sink, t, o, &v);
}

/* The checker program or interactor: ready, and compiled before the solution is. */
static int judge_prepare(struct job *job, const struct lang *lang, struct problem *p) {
        const struct request *req = job->req;
        int r;

        r = program_prepare(job->judge, lang, req->interactor ? req->interactor :
                            req->checker_program, req->interactor ? "interactor" : "checker", p);
        if (r < 0)
                return r;
        return program_compile(job->judge, job->cache, job->sink, p);
}

/* Every stage of the job, in its prepared jail. */
static int job_stages(struct job *job, const struct lang *judge_lang, struct problem *p) {
        const struct request *req = job->req;
        const struct lang *lang = job->lang;
        struct sink *sink = job->sink;
        struct outcome o;
        bool ok = true, failed = false;
        int r;

        if (job->judge) {
                r = judge_prepare(job, judge_lang, p);
                if (r < 0)
                        return r;
        }
        r = outcome_init(&o, (size_t)job->jail.cfg->output_bytes);
        if (r >= 0)
                r = control_init(&job->ctl, req->interactive && !req->tests);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "output buffers: %s", strerror(-r));

        (void)sink->ops->job_begin(sink, lang->name, lang->version);
        if (lang->n_compile > 0) {
                r = compile_stage(job, &o, &ok, p);
                if (r < 0)
                        return r;
        }
        for (size_t t = 0; ok && t < (req->tests ? req->n_tests : 1); t++) {
                if (failed && req->stop_on_failure) {
                        not_run(job, t, &o);
                        continue;
                }
                r = run_stage(job, req->tests ? &req->tests[t] : NULL, t, &o, &failed, p);
                if (r < 0)
                        return r;
        }
        (void)sink->ops->done(sink);
        return 0;
}

int job_run(const struct config *cfg, const struct lang *lang, const struct lang *judge_lang,
            const struct request *req, struct sink *sink, struct problem *p) {
        struct job job = {
                .jail = { .cfg = cfg, .box_tree = -1, .box_dir = -1, .slot_fd = -1,
                          .lifeline = -1, .netns = -1, .root = -1, .net = { .fd = -1, .mark = -1 } },
                .lang = lang, .req = req, .sink = sink, .budget = LIMIT_REQUEST_OUTPUT_BYTES,
                .prog = { .box = -1, .jail = { .box_tree = -1, .box_dir = -1,
                                               .net = { .fd = -1, .mark = -1 } } }, .cache = -1,
        };
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
        if (req->checker_program || req->interactor)
                job.judge = &job.prog;
        /* Before the jail: its mount namespace hides the host's /tmp. A cache that
         * cannot be opened costs compiles, never the request. */
        if (cfg->compile_cache[0] && (lang->n_compile > 0 || (judge_lang && judge_lang->n_compile > 0)) &&
            cache_open(cfg, &job.cache) < 0) {
                fprintf(stderr, "coderun-exec: the compile cache %s: not root's alone or "
                        "not there; compiling\n", cfg->compile_cache);
                job.cache = -1;
        }
        r = jail_prepare(cfg, lang, req, &job.jail, judge_lang, job.judge ? &job.prog.jail : NULL,
                         p);
        job.prog.box = job.prog.jail.box_dir;
        if (r >= 0)
                r = job_stages(&job, judge_lang, p);
        jail_end(&job.jail, job.judge ? &job.prog.jail : NULL);
        closep(&job.cache);
        return r;
}

void job_after_reply(void) {
        jail_after_reply();
}
