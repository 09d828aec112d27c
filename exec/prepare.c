/* prepare.c: `coderun-exec --prepare`, run once at boot by units/coderun-prepare.service
 * in the host's mount namespace. It makes the state dir and each slot's network
 * namespace there. The per-connection executors that systemd starts later run in
 * a private mount namespace (ProtectSystem= and friends), where a namespace they
 * made would be kept by a bind mount that dies with them: there they only join.
 * Without it (inetd, systemd-socket-activate) the first job of a slot makes it. */
#include <stdio.h>
#include "../sandbox/netns.h"
#include "prepare.h"
#include "slot.h"
#include "util.h"

int prepare_slots(const struct config *cfg, struct problem *p) {
        for (unsigned i = 0; i < cfg->slots; i++) {
                _cleanup_close_ int lock = -1;
                int r = slot_take_nr(cfg, i, &lock);

                if (r == -EAGAIN)       /* a job holds it: its executor made the namespace */
                        continue;
                if (r < 0)
                        return problem(p, ERR_INTERNAL, "slot %u in %s: %s", i, cfg->state_dir,
                                       strerror(-r));
                r = netns_enter(cfg, i);
                if (r < 0)
                        return problem(p, ERR_INTERNAL, "slot %u's network namespace: %s", i,
                                       strerror(-r));
        }
        return 0;
}
