/* langcheck.h: the build-time check of all of lang.d (tools/lang-index, and the
 * unit harness test-lang); the executor reads the index instead (index.h). */
#pragma once
#include "config/config.h"
#include "config/lang.h"

/* Every valid, installed language of cfg->lang_dir with a learned version. A fault in
 * any lang.d file or the runtimes file is an ERR_INTERNAL problem naming file:line;
 * a missing toolchain or version only hides its language. */
int lang_load_all(const struct config *cfg, struct langs *ret, struct problem *p);
