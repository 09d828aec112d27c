/* rlimit.h: per-process kernel limits of the job (setrlimit(2)). */
#pragma once
#include "sandbox/sandbox.h"

int rlimit_apply(const struct jail *j, const struct step *s);
