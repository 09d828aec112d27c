/* netns.h: the job slot's network namespace, kept while no job leaves a trace in it. */
#pragma once
#include <stdbool.h>
#include "config/config.h"

/* A slot's namespace as a request holds it. */
struct netns_hold {
        int fd;                 /* the namespace; -1: none held */
        int dir;                /* the state dir, for the slot's mark */
        unsigned slot;
};

/* The slot's namespace as h->fd: the one it keeps, or a fresh one made here when
 * the last request that held it did not give it back untouched (or none is). The
 * executor joins it (setns) before any stage, and stages inherit it; a judge's
 * program's stages join theirs (struct jail's netns). Before box_create: it is
 * bound in the host's mount namespace. */
int netns_take(const struct config *cfg, unsigned slot, struct netns_hold *h);

/* At the request's end, once every process of its stages is gone: the caller joins
 * h's namespace, and gives it back for the slot's next request if netns_untouched;
 * else it stays marked, and is replaced then. Closes h's fds. */
void netns_release(struct netns_hold *h);

/* Whether the caller's network namespace holds nothing a job did (netns-used.c). */
bool netns_untouched(void);
