/* job.h: one execute request from limits to reply body. */
#pragma once
#include "config/config.h"
#include "config/lang.h"
#include "wire/reply.h"
#include "base/request.h"

/* Run req's job, watching client_fd (a socket, or -1) for the client going away.
 * Run req's job and append its reply body to rep. <0 (with p filled) only when the
 * request is refused or we failed; a program's failure is part of the reply. */
int job_run(const struct config *cfg, const struct lang *lang, const struct request *req,
            int client_fd, bool raw, struct reply *rep, struct problem *p);
