/* job.c: one execute request. Resolves the limits, takes a slot (and so a uid), makes
 * the work dir, writes the files, compiles once, then runs once or once per test,
 * appending each stage to the reply as soon as it ends so capture buffers are reused.
 * Never runs a stage outside run_step's sandbox. */
#include <stddef.h>
#include <stdio.h>
#include <sys/syscall.h>
#include "sandbox/box.h"
#include "sandbox/cgroup.h"
#include "sandbox/netns.h"
#include "sandbox/seccomp.h"
#include "job/files.h"
#include "job/limits.h"
#include "job/job.h"
#include "config/lookup.h"
#include "job/run.h"
#include "job/slot.h"
#include "base/util.h"

/* Each stream of a stage may print output_limit bytes, but the whole request no more
 * than LIMIT_REQUEST_OUTPUT_BYTES: 64 tests cannot make a reply of gigabytes. */
static long long output_left(const struct config *cfg, long long budget) {
        return budget < cfg->output_bytes ? (budget > 0 ? budget : 0) : cfg->output_bytes;
}

/* argv = the lang.d command for the request's files, then the request's args. */
static int build_argv(const struct lang *lang, char *const *tmpl, size_t n,
                      const struct request *req, char **args, size_t n_args, char ***ret,
                      struct problem *p) {
        char **argv = calloc(LOOKUP_ARGV_MAX + LIMIT_ARGS + 1, sizeof(char *));
        int r;

        if (!argv)
                return problem(p, ERR_INTERNAL, "out of memory");
        r = lookup_argv(lang, (const char *const *)tmpl, n, req->files, req->n_files, argv,
                        LOOKUP_ARGV_MAX);
        if (r == -E2BIG)
                return problem(p, ERR_BAD_REQUEST, "files: more sources than the %d words of "
                               "a %s command line", LOOKUP_ARGV_MAX, lang->name);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "lang.d/%s.conf: command: %s", lang->name,
                               strerror(-r));
        for (size_t i = 0; i < n_args; i++)
                argv[r + i] = args[i];
        *ret = argv;
        return 0;
}

/* Not strchr(): it would match the terminating NUL, and NUL is output, not a blank. */
static bool is_blank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trailing blanks at line ends and at the end do not count (the protocol's rule). */
static bool same_output(const struct capture *got, const struct blob *want) {
        const char *a = got->buf, *ae = a + got->len, *b = want->data, *be = b + want->len;

        for (;;) {
                const char *al = memchr(a, '\n', (size_t)(ae - a)), *bl = memchr(b, '\n', (size_t)(be - b));
                const char *ax = al ? al : ae, *bx = bl ? bl : be;

                while (ax > a && is_blank(ax[-1]))
                        ax--;
                while (bx > b && is_blank(bx[-1]))
                        bx--;
                if (ax - a != bx - b || memcmp(a, b, (size_t)(ax - a)) != 0)
                        return false;
                a = al ? al + 1 : ae;
                b = bl ? bl + 1 : be;
                if (a == ae || b == be) {
                        for (; a < ae; a++)
                                if (!is_blank(*a) && *a != '\n')
                                        return false;
                        for (; b < be; b++)
                                if (!is_blank(*b) && *b != '\n')
                                        return false;
                        return true;
                }
        }
}

/* Everything a stage runs in, made once per request: the filter, a slot (and so a
 * uid and a network namespace), the lifeline, the work dir with the files. The slot
 * lock and the lifeline stay open until the executor exits: that is their job. */
static int jail_prepare(const struct config *cfg, const struct lang *lang,
                        const struct request *req, struct jail *j, const char **ret_entry,
                        struct problem *p) {
        _cleanup_close_ int box_fd = -1;
        struct cgroup_base *cgroups;
        struct seccomp_prog *filter;
        const char *why = NULL;
        unsigned slot;
        int r;

        filter = malloc(sizeof(*filter));
        cgroups = malloc(sizeof(*cgroups));
        if (!filter || !cgroups)
                return problem(p, ERR_INTERNAL, "out of memory");
        /* Read once per request, before any fork: every stage loads the same program. */
        r = seccomp_read(cfg->seccomp, filter);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "reading the seccomp filter %s: %s", cfg->seccomp,
                               strerror(-r));
        j->filter = filter;
        r = slot_take(cfg, &slot, &j->slot_fd);
        if (r == -EBUSY)
                return problem(p, ERR_BUSY, "all %u job slots are busy; retry shortly", cfg->slots);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "taking a job slot in %s: %s", cfg->state_dir,
                               strerror(-r));
        /* After the slot: a busy reply costs no systemd scope. */
        r = cgroup_base_open(false, cgroups, &why);
        if (r == -ENOTSUP && cfg->allow_rlimit_only)
                j->cgroups = NULL;
        else if (r == -ENOTSUP)
                return problem(p, ERR_INTERNAL, "no cgroup backend can limit memory and processes "
                               "here (%s); jobs are refused unless coderun.conf says "
                               "allow_rlimit_only = yes", why);
        else if (r < 0)
                return problem(p, ERR_INTERNAL, "the job's cgroup: %s: %s", why, strerror(-r));
        else
                j->cgroups = cgroups;
        j->uid = cfg->uid_first + slot;
        j->gid = cfg->uid_first + slot;
        /* Each stage's init watches this pidfd of ours, so no stage outlives us. */
        j->lifeline = (int)syscall(SYS_pidfd_open, getpid(), 0);
        if (j->lifeline < 0)
                return problem(p, ERR_INTERNAL, "pidfd_open: %s", strerror(errno));
        r = netns_enter(cfg, slot);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "entering the slot's network namespace: %s",
                               strerror(-r));
        r = box_create(cfg, j->uid, j->gid, &box_fd);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "making the work dir: %s", strerror(-r));
        return files_write(box_fd, req, lang, j->uid, j->gid, ret_entry, p);
}

int job_run(const struct config *cfg, const struct lang *lang, const struct request *req,
            int client_fd, bool raw, struct reply *rep, struct problem *p) {
        struct client client = { .fd = client_fd, .raw = raw };
        struct jail j = { .cfg = cfg, .client = &client, .box = BOX_PATH, .slot_fd = -1,
                          .lifeline = -1 };
        long long budget = LIMIT_REQUEST_OUTPUT_BYTES;
        struct stage_limits compile_lim, run_lim;
        struct outcome o;
        const char *entry;
        char **argv;
        int r;

        r = limits_resolve(cfg, lang, req, &compile_lim, &run_lim, p);
        if (r < 0)
                return r;
        r = jail_prepare(cfg, lang, req, &j, &entry, p);
        if (r < 0)
                return r;
        r = outcome_init(&o, (size_t)cfg->output_bytes);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "output buffers: %s", strerror(-r));

        reply_raw(rep, "{\"language\":");
        reply_str(rep, lang->name, strlen(lang->name));
        reply_raw(rep, ",\"version\":");
        reply_str(rep, lang->version, strlen(lang->version));
        if (lang->n_compile > 0) {
                struct step s = { .envp = lang->env, .etc = lang->etc, .lim = compile_lim,
                                  .output_bytes = output_left(cfg, budget) };

                r = build_argv(lang, lang->compile, lang->n_compile, req, NULL, 0, &argv, p);
                if (r < 0)
                        return r;
                s.argv = argv;
                r = run_step(&j, &s, &o, p);
                if (r < 0)
                        return r;
                budget -= (long long)(o.out.len + o.err.len);
                reply_raw(rep, ",");
                reply_stage(rep, "compile", &o);
                if (o.status != STATUS_OK) {
                        reply_raw(rep, "}");
                        return 0;
                }
        }

        if (req->tests)
                reply_raw(rep, ",\"tests\":[");
        for (size_t t = 0; t < (req->tests ? req->n_tests : 1); t++) {
                const struct test *test = req->tests ? &req->tests[t] : NULL;
                struct step s = { .envp = lang->env, .etc = lang->etc, .lim = run_lim,
                                  .output_bytes = output_left(cfg, budget),
                                  .stdin = req->stdin };
                char **args = req->args;
                size_t n_args = req->n_args;

                if (test && test->args) {
                        args = test->args;
                        n_args = test->n_args;
                }
                if (test && test->stdin.data)
                        s.stdin = test->stdin;
                r = build_argv(lang, lang->run, lang->n_run, req, args, n_args, &argv, p);
                if (r < 0)
                        return r;
                s.argv = argv;
                outcome_reset(&o);
                r = run_step(&j, &s, &o, p);
                if (r < 0)
                        return r;
                budget -= (long long)(o.out.len + o.err.len);
                if (!test) {
                        reply_raw(rep, ",");
                        reply_stage(rep, "run", &o);
                        continue;
                }
                if (t)
                        reply_raw(rep, ",");
                reply_test(rep, &o, !test->has_expected ? -1 :
                           o.status == STATUS_OK && same_output(&o.out, &test->expected));
        }
        reply_raw(rep, req->tests ? "]}" : "}");
        return 0;
}
