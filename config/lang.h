/* lang.h: a language of lang.d, as the runtime index lists it and as its own file
 * (read per request by lang_load_one) spells it out. Only installed toolchains are
 * offered. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "config/config.h"
#include "base/limits.h"

#define LANG_ALIASES 8
#define LANG_EXTENSIONS 8
#define LANG_ETC 8
#define LANG_NAME_MAX   32
#define LANG_FILE_MAX   (LANG_NAME_MAX + sizeof(".conf"))

struct lang {
        char *name;                     /* [a-z0-9-]{1,32} */
        char *aliases[LANG_ALIASES];
        size_t n_aliases;
        char *extensions[LANG_EXTENSIONS]; /* file name endings without the dot, for clients */
        size_t n_extensions;
        char *version;                  /* from the runtimes file */
        char *file;                     /* default entry file name */
        char *compile[LIMIT_ARGV + 1];  /* empty: interpreted */
        size_t n_compile;
        bool compile_args;              /* compile holds {compile_args}: requests may send them */
        char *run[LIMIT_ARGV + 1];
        size_t n_run;
        char *env[LIMIT_ENV + 1];
        size_t n_env;
        char *stream_env[LIMIT_ENV + 1]; /* added to env in a streaming run (langenv.c) */
        size_t n_stream_env;
        char *etc[LANG_ETC + 1];        /* names under /etc the job sees, read-only */
        size_t n_etc;
        struct stage_limits compile_def, run_def;
};

struct langs {
        struct lang list[LIMIT_LANGS];
        size_t n;
};

/* entry's lang.d file (entry from the index, index.c), read and checked in full,
 * with entry's version. */
int lang_load_one(const struct config *cfg, const struct lang *entry, struct lang *ret,
                  struct problem *p);

/* The build-time checks (langcheck.c) read every file the same way. */

/* Read and check dir/name (dfd the open dir) into l; its strings point into *ret_buf. */
int lang_parse(int dfd, const char *dir, const char *name, const struct config *cfg,
               struct lang *l, char **ret_buf, struct problem *p);
/* Whether l's compiler and run command are on this host. */
bool lang_installed(const struct lang *l);
/* The last part of path: files are named so in messages, not by the host's paths. */
const char *lang_last_part(const char *path);
