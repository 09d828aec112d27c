/* jail.h: the per-request environment every stage of a job runs in. */
#pragma once
#include "base/request.h"
#include "config/config.h"
#include "config/lang.h"
#include "sandbox/sandbox.h"

/* Fill j for req in lang (j->cfg set by the caller) and write the request's files
 * into the work dir; judge (NULL: none) the jail of a checker program or an
 * interactor in judge_lang, with its work dir empty. Refusals (busy, no backend) and our
 * failures come back as <0 with p filled. */
int jail_prepare(const struct config *cfg, const struct lang *lang,
                 const struct request *req, struct jail *j, const struct lang *judge_lang,
                 struct jail *judge, struct problem *p);

/* At the request's end, whatever happened, once every stage is gone: the work dirs
 * closed, and the slots' network namespaces (judge: NULL when none) set aside for
 * jail_after_reply. */
void jail_end(struct jail *j, struct jail *judge);

/* After the reply: the namespaces jail_end set aside given back, each kept for its
 * slot's next request when no job touched it (netns_release). Looking costs ~0.1 ms
 * of procfs reads that no client need wait for. */
void jail_after_reply(void);
