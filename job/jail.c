/* jail.c: everything the stages of one request run in, made once per request: the
 * seccomp filter, a slot (and so a uid and a network namespace), the cgroup base,
 * the lifeline, the work dir with the request's files; and for a checker program
 * or an interactor, a jail of its own beside it. The slot lock and the
 * lifeline stay open until the executor exits: that is their job. */
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "base/util.h"
#include "job/files.h"
#include "job/jail.h"
#include "job/slot.h"
#include "sandbox/box.h"
#include "sandbox/cgroup.h"
#include "sandbox/netns.h"
#include "sandbox/root.h"
#include "sandbox/seccomp.h"

/* The slot's kept skeleton for lang (root.c), or none: a stage then builds its root
 * itself, slower but the same root. Said in the log, as it costs every request. */
static void kept_root(const struct config *cfg, unsigned slot, const struct lang *lang,
                      struct jail *j) {
        int r;

        j->root_etc = lang ? lang->etc : NULL;
        r = root_get(cfg, slot, j, &j->root);

        if (r < 0) {
                fprintf(stderr, "coderun-exec: slot %u's prepared root: %s; building each "
                        "stage's\n", slot, strerror(-r));
                j->root = -1;
        }
}

/* A judge's program's jail: the solution's filter, cgroup base and lifeline, a
 * second slot (so another uid, and another network namespace, which its stages
 * join: the two programs share neither files nor sockets, only the pipes). */
static int judge_slot(const struct config *cfg, const struct lang *lang, const struct jail *j,
                      struct jail *judge, struct problem *p) {
        unsigned slot;
        int r;

        *judge = *j;
        judge->box_tree = judge->box_dir = -1;
        judge->net.fd = -1;
        r = slot_take(cfg, false, &slot, &judge->slot_fd);
        if (r == -EBUSY)
                return problem(p, ERR_BUSY, "a checker program or an interactor needs a second "
                               "job slot, and all %u are busy; retry shortly", cfg->slots);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "taking a job slot in %s: %s", cfg->state_dir,
                               strerror(-r));
        judge->uid = judge->gid = cfg->uid_first + slot;
        kept_root(cfg, slot, lang, judge);
        r = netns_take(cfg, slot, judge->slot_fd, &judge->net);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "the second slot's network namespace: %s",
                               strerror(-r));
        judge->netns = judge->net.fd;
        return 0;
}

int jail_prepare(const struct config *cfg, const struct lang *lang,
                 const struct request *req, struct jail *j, const struct lang *judge_lang,
                 struct jail *judge, struct problem *p) {
        unsigned slot;
        struct cgroup_base *cgroups;
        struct seccomp_prog *filter;
        const char *why = NULL;
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
        r = slot_take(cfg, req->stream, &slot, &j->slot_fd);
        if (r == -EBUSY && req->stream)
                return problem(p, ERR_BUSY, "all %lld slots for streaming runs are busy; retry "
                               "shortly", cfg->stream_slots);
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
        kept_root(cfg, slot, lang, j);
        /* Each stage's init watches this pidfd of ours, so no stage outlives us. */
        j->lifeline = (int)syscall(SYS_pidfd_open, getpid(), 0);
        if (j->lifeline < 0)
                return problem(p, ERR_INTERNAL, "pidfd_open: %s", strerror(errno));
        r = netns_take(cfg, slot, j->slot_fd, &j->net);
        if (r >= 0 && setns(j->net.fd, CLONE_NEWNET) < 0)
                r = -errno;
        if (r < 0)
                return problem(p, ERR_INTERNAL, "entering the slot's network namespace: %s",
                               strerror(-r));
        if (judge) {
                r = judge_slot(cfg, judge_lang, j, judge, p);
                if (r < 0)
                        return r;
        }
        r = box_create(cfg, BOX_NAME, j->uid, j->gid, &j->box_tree, &j->box_dir);
        if (r < 0)
                return problem(p, ERR_INTERNAL, "making the work dir: %s", strerror(-r));
        if (judge) {
                r = box_create(cfg, JUDGE_BOX_NAME, judge->uid, judge->gid, &judge->box_tree,
                               &judge->box_dir);
                if (r < 0)
                        return problem(p, ERR_INTERNAL, "making the second work dir: %s",
                                       strerror(-r));
        }
        return files_write(j->box_dir, req, lang, j->uid, j->gid, p);
}

/* The request's namespaces between jail_end and jail_after_reply: one request per
 * process, so one set. */
static struct netns_hold pending[2] = { { -1, -1 }, { -1, -1 } };

void jail_end(struct jail *j, struct jail *judge) {
        /* The solution's first: the executor is in it. */
        pending[0] = j->net;
        j->net.fd = -1;
        closep(&j->box_tree);
        closep(&j->box_dir);
        if (judge) {
                pending[1] = judge->net;
                judge->net.fd = -1;
                closep(&judge->box_tree);
                closep(&judge->box_dir);
        }
}

void jail_after_reply(void) {
        netns_release(&pending[0], true);
        netns_release(&pending[1], false);
}
