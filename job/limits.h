/* limits.h: resolving the stage limits of one request. */
#pragma once
#include "base/request.h"
#include "config/config.h"
#include "config/lang.h"

/* Each limit: the request's value, else the language's default, else the server's;
 * above the server's maximum is an error, never silently clamped. */
int limits_resolve(const struct config *cfg, const struct lang *lang,
                   const struct request *req, struct stage_limits *compile,
                   struct stage_limits *run, struct problem *p);
