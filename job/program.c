/* program.c: a checker program or an interactor, compiled once and run per test
 * in its own jail (program.h). Its stages report to a quiet sink: nothing of it
 * reaches the client as output, but the client is still watched while it runs,
 * so a client that leaves during a long checker is noticed. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include "base/util.h"
#include "job/argv.h"
#include "job/cache.h"
#include "job/files.h"
#include "job/judge.h"
#include "job/limits.h"
#include "job/program.h"
#include "job/run.h"

/* A sink that reports nothing and watches the client of another, if any. */
struct quiet {
        struct sink sink;
        struct sink *client;
};

static int q_job_begin(struct sink *s, const char *l, const char *v) { (void)s, (void)l, (void)v; return 0; }
static int q_stage_begin(struct sink *s, enum stage_kind k, size_t t) { (void)s, (void)k, (void)t; return 0; }
static int q_output(struct sink *s, enum stream w, const char *b, size_t n) { (void)s, (void)w, (void)b, (void)n; return 0; }
static int q_stage_end(struct sink *s, enum stage_kind k, const struct outcome *o) { (void)s, (void)k, (void)o; return 0; }
static int q_test_end(struct sink *s, size_t t, const struct outcome *o, const struct verdict_info *v) { (void)s, (void)t, (void)o, (void)v; return 0; }
static int q_done(struct sink *s) { (void)s; return 0; }

static void q_client_poll(struct sink *s, struct stage_ctl *ctl, struct client_wait *w) {
        struct sink *c = ((struct quiet *)s)->client;

        if (c)
                c->ops->client_poll(c, ctl, w);
        /* A slow client holds the solution's output, not a checker's. */
        w->hold_output = false;
}

static enum watch_verdict q_client_event(struct sink *s, struct stage_ctl *ctl,
                                         const short revents[2]) {
        struct sink *c = ((struct quiet *)s)->client;

        return c ? c->ops->client_event(c, ctl, revents) : WATCH_GO_ON;
}

static const struct sink_ops quiet_ops = {
        .job_begin = q_job_begin, .stage_begin = q_stage_begin, .output = q_output,
        .stage_end = q_stage_end, .test_end = q_test_end, .done = q_done,
        .client_poll = q_client_poll, .client_event = q_client_event,
};

/* A message of ours about pg: "checker: ..." (limits_resolve names the field alone). */
static int prefixed(struct program *pg, struct problem *p) {
        char m[sizeof(p->message)];

        memcpy(m, p->message, sizeof(m));
        return problem(p, p->err, "%s.%s", pg->what, m);
}

int program_prepare(struct program *pg, const struct lang *lang, const struct request *req,
                    const char *what, struct problem *p) {
        int r;

        pg->lang = lang;
        pg->req = req;
        pg->what = what;
        pg->dir[0] = '\0';
        r = limits_resolve(pg->jail.cfg, lang, req, &pg->compile, &pg->run, p);
        if (r < 0)
                return prefixed(pg, p);
        r = outcome_init(&pg->o, PROGRAM_OUTPUT_BYTES);
        if (r >= 0)
                r = control_init(&pg->ctl, false);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "%s: output buffers: %s", what, strerror(-r));
        r = files_write(pg->box, req, lang, pg->jail.uid, pg->jail.gid, p);
        return r < 0 ? prefixed(pg, p) : 0;
}

/* One stage of it: its command line, run in its jail. */
static int stage(struct program *pg, bool compile, char **args, size_t n_args, int *wired,
                 struct sink *client, struct problem *p) {
        const struct lang *lang = pg->lang;
        struct quiet q = { .sink.ops = &quiet_ops, .client = client };
        struct stage_spec s = {
                .step = { .envp = lang->env, .etc = lang->etc,
                          .lim = compile ? pg->compile : pg->run },
                .output_bytes = PROGRAM_OUTPUT_BYTES, .ctl = &pg->ctl, .wired = wired,
        };
        size_t words = 0;
        char **argv = NULL;
        int r;

        r = job_argv(lang, compile ? lang->compile : lang->run, compile ? lang->n_compile :
                     lang->n_run, compile, pg->req, args, n_args, &argv, &words, p);
        if (r < 0)
                return prefixed(pg, p);
        s.step.argv = argv;
        outcome_reset(&pg->o);
        r = run_step(&pg->jail, &s, &q.sink, &pg->o, p);
        job_argv_free(argv, words);
        return r;
}

int program_compile(struct program *pg, int cache, struct sink *client, struct problem *p) {
        const struct capture *c;
        struct cache_key key;
        bool keyed;
        int r = 0;

        if (pg->lang->n_compile == 0)
                return 0;
        /* A judge sends the same checker with every submission: the cache's best case. */
        keyed = cache >= 0 && cache_key(pg->lang, pg->req, &pg->compile, &key) >= 0;
        if (keyed) {
                outcome_reset(&pg->o);
                r = cache_fetch(pg->jail.cfg, cache, &key, pg->box, pg->jail.uid, pg->jail.gid,
                                &pg->o);
                if (r < 0)
                        return problem(p, ERR_INTERNAL, "%s: restoring a kept compile: %s",
                                       pg->what, strerror(-r));
                if (r > 0)
                        return 0;
        }
        r = stage(pg, true, NULL, 0, NULL, client, p);
        if (r >= 0 && keyed)
                cache_keep(pg->jail.cfg, cache, &key, pg->box, pg->req, pg->lang, &pg->o);
        if (r < 0 || pg->o.status == STATUS_OK)
                return r;
        c = pg->o.err.len > 0 ? &pg->o.err : &pg->o.out;
        return problem(p, ERR_BAD_REQUEST, "%s: the %s program did not compile (%s): %.*s",
                       pg->what, pg->what, pg->o.message, (int)(c->len < 160 ? c->len : 160),
                       c->buf);
}

int program_run(struct program *pg, char **args, size_t n_args, int *wired,
                struct sink *client, struct problem *p) {
        return stage(pg, false, args, n_args, wired, client, p);
}

/* Our file in the test's folder: root's, read-only, but for a program's output. */
static int put_file(int dir, const char *name, const char *data, size_t len, bool theirs,
                    const struct jail *j) {
        _cleanup_close_ int fd = -1;

        fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    theirs ? 0644 : 0444);
        if (fd < 0)
                return -errno;
        if (theirs && fchown(fd, j->uid, j->gid) < 0)
                return -errno;
        return write_all(fd, data, len);
}

/* The last test's folder goes before the next is made: their files add up. */
static void drop_files(struct program *pg) {
        _cleanup_close_ int dir = -1;

        if (!pg->dir[0])
                return;
        dir = openat(pg->box, pg->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        for (int i = 0; dir >= 0 && i < 3; i++)
                (void)unlinkat(dir, strrchr(pg->paths[i], '/') + 1, 0);
        (void)unlinkat(pg->box, pg->dir, AT_REMOVEDIR);
        pg->dir[0] = '\0';
}

int program_files(struct program *pg, size_t t, const struct blob *input,
                  const struct capture *output, const struct blob *answer,
                  struct problem *p) {
        static const char *const names[3] = { "input", "output", "answer" };
        _cleanup_close_ int dir = -1;
        int r = 0;

        drop_files(pg);
        /* A name of its own per test, made here (O_EXCL in effect): anything the
         * program left in its work dir is never mistaken for a test's file. */
        snprintf(pg->dir, sizeof(pg->dir), ".judge-%zu", t);
        if (mkdirat(pg->box, pg->dir, 0755) < 0) {
                r = -errno;
                pg->dir[0] = '\0';
        }
        if (r >= 0)
                dir = openat(pg->box, pg->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (r >= 0 && dir < 0)
                r = -errno;
        for (int i = 0; r >= 0 && i < 3; i++)
                snprintf(pg->paths[i], sizeof(pg->paths[i]), "%s/%s", pg->dir, names[i]);
        if (r >= 0)
                r = put_file(dir, names[0], input->data, input->len, false, &pg->jail);
        if (r >= 0)
                r = put_file(dir, names[1], output ? output->buf : "", output ? output->len : 0,
                             !output, &pg->jail);
        if (r >= 0 && answer)
                r = put_file(dir, names[2], answer->data, answer->len, false, &pg->jail);
        if (r == -ENOSPC || r == -EEXIST)
                return problem(p, ERR_BAD_REQUEST, "tests[%zu]: the test's files for the %s %s",
                               t, pg->what, r == -ENOSPC ? "do not fit in its work dir (box_size "
                               "in the server's config)" : "clash with a file of its own");
        return r < 0 ? problem(p, ERR_INTERNAL, "tests[%zu]: writing the %s's files: %s", t,
                               pg->what, strerror(-r)) : 0;
}

static bool blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void program_message(const struct outcome *o, char *buf, size_t cap) {
        size_t n = o->err.len < cap - 1 ? o->err.len : cap - 1;

        /* At a character's start, without the line ends and blanks around it. */
        while (n > 0 && n < o->err.len && ((unsigned char)o->err.buf[n] & 0xc0) == 0x80)
                n--;
        while (n > 0 && blank(o->err.buf[n - 1]))
                n--;
        memcpy(buf, o->err.buf, n);
        buf[n] = '\0';
}

void program_failure(const struct program *pg, bool failed, char *buf, size_t cap) {
        char err[sizeof(((struct verdict_info *)0)->message)];
        int n = 0;

        program_message(&pg->o, err, sizeof(err));
        if (failed)
                n = snprintf(buf, cap, "the %s failed (%s)%s", pg->what,
                             pg->o.message[0] ? pg->o.message : "no word why", err[0] ? ": " : "");
        if (n >= 0 && (size_t)n < cap)
                snprintf(buf + n, cap - (size_t)n, "%s", err);
}

int program_check(struct program *pg, size_t t, const struct test *test,
                  const struct outcome *o, struct sink *client, struct verdict_info *v,
                  struct problem *p) {
        char *args[3];
        int r;

        r = program_files(pg, t, &test->stdin, &o->out, &test->expected, p);
        if (r < 0)
                return r;
        for (int i = 0; i < 3; i++)
                args[i] = pg->paths[i];
        r = program_run(pg, args, 3, NULL, client, p);
        if (r < 0)
                return r;
        v->judge_key = "checker";
        v->judge = &pg->o;
        v->verdict = pg->o.status == STATUS_OK ? VERDICT_AC : pg->o.status != STATUS_RE ?
                     VERDICT_CF : pg->o.code == 1 ? VERDICT_WA : pg->o.code == 2 ? VERDICT_PE :
                     VERDICT_CF;
        v->passed = v->verdict == VERDICT_AC;
        program_failure(pg, v->verdict == VERDICT_CF, v->message, sizeof(v->message));
        return 0;
}
