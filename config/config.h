/* config.h: server-wide defaults and maxima, slot count and job uid range,
 * read per request from one small file in the lang.d format. */
#pragma once
#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>
#include "base/err.h"
#include "base/stagelimit.h"

struct config {
        char dir[PATH_MAX];             /* the config file's folder: relative paths start here */
        char lang_dir[PATH_MAX];
        char runtimes[PATH_MAX];        /* versions learned at build time */
        char state_dir[PATH_MAX];       /* slot lock files */
        char seccomp[PATH_MAX];         /* the job's filter, exported at build time */
        char compile_cache[PATH_MAX];   /* compile results kept (job/cache.c); "": none */
        long long compile_cache_bytes;  /* the most they may take together */
        unsigned slots;
        uid_t uid_first;                /* slot i runs as uid_first + i, gid likewise */
        struct stage_limits compile_def, compile_max, run_def, run_max;
        long long output_bytes;         /* per stream, per stage */
        long long box_bytes;            /* work dir tmpfs */
        long long tmp_bytes;            /* /tmp tmpfs of each stage */
        long long procs;                /* RLIMIT_NPROC of the job uid */
        long long stack_bytes;          /* RLIMIT_STACK */
        long long stream_timeout_ms;    /* a streaming run's wall time: its default, */
        long long stream_timeout_max_ms;        /* and the most it may ask for */
        long long stream_slots;         /* of slots, how many streaming runs may hold at once */
        long long stream_ping_ms;       /* an idle stream's ping, this often */
        bool allow_rlimit_only;         /* run jobs even where no cgroup backend exists */
};

/* Load the file at path (NULL: the built-in default path). */
int config_load(const char *path, struct config *ret, struct problem *p);

/* A value of row's limit as coderun.conf and lang.d write it, into *ret: -EINVAL if
 * it is no number in row's unit, -ERANGE outside 1..row->cap. */
int config_stage_value(const struct stage_limit *row, const char *value, long long *ret);
