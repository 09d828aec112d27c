/* netns.h: the job slot's network namespace, kept while no job leaves a trace in it. */
#pragma once
#include <stdbool.h>
#include "config/config.h"

/* A slot's namespace as a request holds it. */
struct netns_hold {
        int fd;                 /* the namespace; -1: none held */
        int mark;               /* the slot's lock file, whose first byte is its mark */
};

/* The slot's namespace as h->fd: the one it keeps, or a fresh one made here when
 * the last request that held it did not give it back untouched (or none is). lock
 * is the slot's lock file (slot.c), held. The executor joins it (setns) before any
 * stage, and stages inherit it; a judge's program's stages join theirs (struct
 * jail's netns). Called in the host's mount namespace: it is bound there. */
int netns_take(const struct config *cfg, unsigned slot, int lock, struct netns_hold *h);

/* At the request's end, once every process of its stages is gone: gives h's
 * namespace back for the slot's next request if netns_untouched there (joined is
 * whether the caller is in it already; else it joins it to look); else it stays
 * marked, and is replaced then. Closes h->fd. */
void netns_release(struct netns_hold *h, bool joined);

/* Whether the caller's network namespace holds nothing a job did (netns-used.c):
 * each file of /proc/self/net below judged by netns_file_clean, whole (a file
 * larger than 16 KiB is not). */
bool netns_untouched(void);

enum netns_file { NETNS_SNMP, NETNS_SOCKSTAT, NETNS_SNMP6, NETNS_FLOWLABEL };

/* Whether text, the whole of that file, says nothing was done: every counter 0
 * (snmp's settings aside), no socket of this namespace in use, no flow label. */
bool netns_file_clean(enum netns_file f, const char *text);
