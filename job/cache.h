/* cache.h: the compile cache. A compile that succeeded leaves its results (the
 * files it made in the work dir, and what it printed) under a key of everything
 * that decided them (cache-key.c); the same compile asked again restores them
 * instead of running. Only the executor reads and writes the cache, a folder of
 * root's alone (coderun.conf's compile_cache), bounded in size (compile_cache_size),
 * the least recently used entries going first. A job sees only what a compile of
 * its own files made. */
#pragma once
#include <stdint.h>
#include "base/outcome.h"
#include "base/request.h"
#include "base/stagelimit.h"
#include "config/config.h"
#include "config/lang.h"

struct cache_key {
        uint8_t digest[32];             /* SHA-256 */
        char hex[65];                   /* the entry's file name */
};

/* An entry being built or read: its bytes, at most max. */
struct cache_buf {
        char *data;
        size_t len, cap, max;
};

/* The cache's folder (coderun.conf's compile_cache), made if missing, as a dir fd;
 * -EPERM unless it is root's alone. Opened before the executor leaves the host's
 * mount namespace (whose /tmp it hides). */
int cache_open(const struct config *cfg, int *ret_fd);

/* The key of lang's compile of req's files under lim. */
int cache_key(const struct lang *lang, const struct request *req,
              const struct stage_limits *lim, struct cache_key *ret);

/* key's entry (in dir, cache_open's) restored into the work dir (box_fd, which holds req's files as
 * files_write left them), owned by uid and gid, and o filled as the compile's
 * outcome (cached set): 1. 0 when there is none (or it is unusable: it is then
 * removed); <0 when the work dir could not take it (the request fails). */
int cache_fetch(const struct config *cfg, int dir, const struct cache_key *key, int box_fd,
                uid_t uid, gid_t gid, struct outcome *o);

/* After a compile that succeeded (o): what it left in the work dir kept under key,
 * unless it made something the cache does not keep (a symlink, a FIFO, a changed
 * or removed source) or too much. Errors are said on stderr, never the request's. */
void cache_keep(const struct config *cfg, int dir, const struct cache_key *key, int box_fd,
                const struct request *req, const struct lang *lang, const struct outcome *o);

/* cache-box.c: the work dir as records, and back. */
int cache_box_snapshot(int box_fd, const struct request *req, const struct lang *lang,
                       struct cache_buf *b);
int cache_box_restore(int box_fd, const char *data, size_t len, uid_t uid, gid_t gid);
/* One record into b: type, flags, mode, name, data. */
int cache_buf_put(struct cache_buf *b, char type, unsigned flags, unsigned mode,
                  const char *name, size_t name_len, const char *data, size_t len);
/* The record at data[*off..len) into its parts, *off moved past it; -EBADMSG when
 * it does not fit. */
int cache_buf_get(const char *data, size_t len, size_t *off, char *type, unsigned *flags,
                  unsigned *mode, const char **name, size_t *name_len, const char **rdata,
                  size_t *rlen);
