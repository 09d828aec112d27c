/* prepare.h: what is made once per boot rather than once per request. */
#pragma once
#include "config.h"
#include "err.h"

/* The state dir and every free slot's network namespace. */
int prepare_slots(const struct config *cfg, struct problem *p);
