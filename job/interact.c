/* interact.c: a test run beside the interactor (interact.h). The two stages run at
 * once, each served by a poll loop of its own: ours serves the solution (and the
 * client), a fork of ours serves the interactor, and hands back its outcome
 * through a shared page. The pipes between them are the kernel's: neither
 * executor copies a byte, and a program that floods them only fills them. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "base/util.h"
#include "job/interact.h"

/* What the fork hands back: the interactor's outcome, its stderr inline. */
struct shared {
        int r;                          /* program_run's */
        struct problem p;
        struct outcome o;               /* its captures' pointers are the fork's: unused */
        size_t err_len;
        bool err_truncated;
        char err[PROGRAM_OUTPUT_BYTES];
};

/* The fork: the interactor's stage, then its outcome into the shared page. A fork
 * dies with us (PDEATHSIG), and its stage with it: its lifeline is its own. */
static _noreturn_ void serve(struct program *pg, struct interaction *ia, pid_t parent,
                             int in, int out) {
        struct shared *sh = ia->shared;
        int wired[2] = { in, out };
        char *args[3];

        if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
                _exit(1);
        pg->jail.lifeline = (int)syscall(SYS_pidfd_open, getpid(), 0);
        if (pg->jail.lifeline < 0) {
                sh->r = problem(&sh->p, ERR_INTERNAL, "pidfd_open: %s", strerror(errno));
                _exit(0);
        }
        for (int i = 0; i < 3; i++)
                args[i] = pg->paths[i];
        sh->r = program_run(pg, args, ia->has_answer ? 3 : 2, wired, NULL, &sh->p);
        sh->o = pg->o;
        sh->err_len = pg->o.err.len;
        sh->err_truncated = pg->o.err.truncated;
        memcpy(sh->err, pg->o.err.buf, pg->o.err.len);
        _exit(0);
}

int interact_begin(struct program *pg, size_t t, const struct test *test,
                   struct interaction *ia, int wired[2], struct problem *p) {
        int to_int[2] = { -1, -1 }, to_sol[2] = { -1, -1 }, r;
        pid_t parent = getpid();

        *ia = (struct interaction) { .pid = -1, .has_answer = test->has_expected };
        r = program_files(pg, t, &test->stdin, NULL, test->has_expected ? &test->expected : NULL,
                          p);
        if (r < 0)
                return r;
        ia->shared = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (ia->shared == MAP_FAILED) {
                ia->shared = NULL;
                return problem(p, ERR_INTERNAL, "the interactor's page: %s", strerror(errno));
        }
        /* Blocking, as a program expects its stdin and stdout to be. */
        if (pipe2(to_int, O_CLOEXEC) < 0 || pipe2(to_sol, O_CLOEXEC) < 0) {
                r = -errno;
                goto fail;
        }
        ia->pid = fork();
        if (ia->pid < 0) {
                r = -errno;
                goto fail;
        }
        if (ia->pid == 0) {
                close(to_int[1]);
                close(to_sol[0]);
                serve(pg, ia, parent, to_int[0], to_sol[1]);
        }
        /* Only the stages may hold the pipes: else EOF never comes. */
        close(to_int[0]);
        close(to_sol[1]);
        wired[0] = to_sol[0];
        wired[1] = to_int[1];
        return 0;
fail:
        for (int i = 0; i < 2; i++) {
                closep(&to_int[i]);
                closep(&to_sol[i]);
        }
        interact_abort(ia);
        return problem(p, ERR_INTERNAL, "wiring the interactor: %s", strerror(-r));
}

/* Reap the fork; what it handed back into pg->o. */
static int reap(struct program *pg, struct interaction *ia, struct problem *p) {
        struct shared *sh = ia->shared;
        struct capture err = pg->o.err;
        int ws;

        while (waitpid(ia->pid, &ws, 0) < 0)
                if (errno != EINTR)
                        return problem(p, ERR_INTERNAL, "waiting for the interactor: %s",
                                       strerror(errno));
        ia->pid = -1;
        if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
                return problem(p, ERR_INTERNAL, "the interactor's executor ended (status %d)", ws);
        if (sh->r < 0) {
                *p = sh->p;
                return -EINVAL;
        }
        pg->o = sh->o;
        pg->o.err = err;
        pg->o.err.len = sh->err_len < err.cap ? sh->err_len : err.cap;
        pg->o.err.truncated = sh->err_truncated;
        memcpy(pg->o.err.buf, sh->err, pg->o.err.len);
        pg->o.out.len = pg->o.all.len = 0;
        return 0;
}

void interact_abort(struct interaction *ia) {
        if (ia->pid > 0) {
                (void)kill(ia->pid, SIGKILL);
                while (waitpid(ia->pid, NULL, 0) < 0 && errno == EINTR)
                        ;
                ia->pid = -1;
        }
        if (ia->shared)
                (void)munmap(ia->shared, sizeof(struct shared));
        ia->shared = NULL;
}

int interact_end(struct program *pg, struct interaction *ia, const struct outcome *sol,
                 const struct stage_limits *lim, struct verdict_info *v, struct problem *p) {
        int r = reap(pg, ia, p);

        interact_abort(ia);
        if (r < 0)
                return r;
        interact_verdict(pg, sol, lim, v);
        return 0;
}
