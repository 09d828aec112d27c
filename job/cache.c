/* cache.c: the compile cache's entries, one file each in coderun.conf's
 * compile_cache folder, named by its key:
 *     "CRCACHE1", the key (32 bytes), the body's length (8) and SHA-256 (32), body
 * where the body is records (cache-box.c): the compile's stdout, stderr and both in
 * order ('o', 'e', 'a'), then the work dir's folders and files ('d', 'f'). An entry
 * is written to a temporary file and renamed into place whole; one that is not
 * whole, not root's, or whose body does not match its hash is removed unused. A
 * restored entry's file is touched, and when the folder outgrows compile_cache_size
 * the entries least recently used go first. Every executor may read and write it
 * at once: rename and unlink are atomic, and a lost race only costs a compile. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include "base/limits.h"
#include "base/util.h"
#include "base/ws-lib.h"
#include "job/cache.h"

#define MAGIC "CRCACHE1"
#define HEADER (8 + 32 + 8 + 32)
#define EVICT_MAX 16384         /* entries looked at per eviction */
#define STALE_TMP_S 60          /* a temporary file this old was left by a dead executor */

int cache_open(const struct config *cfg, int *ret_fd) {
        struct stat st;
        int fd;

        if (mkdir(cfg->compile_cache, 0700) < 0 && errno != EEXIST)
                return -errno;
        fd = open(cfg->compile_cache, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 077)) {
                close(fd);
                return -EPERM;
        }
        *ret_fd = fd;
        return 0;
}

static int body_hash(const char *body, size_t len, uint8_t out[32]) {
        struct lib_sha256 lib;
        struct sha256_ctx ctx;
        int r = lib_sha256(&lib);

        if (r < 0)
                return r;
        lib.init(&ctx);
        lib.update(&ctx, len, (const uint8_t *)body);
        lib.digest(&ctx, 32, out);
        return 0;
}

/* The whole entry for key, checked; -ENOENT when there is none, -EBADMSG when it is
 * unusable. */
static int entry_read(int dir, const struct cache_key *key, size_t max, struct cache_buf *b) {
        _cleanup_close_ int fd = openat(dir, key->hex, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        uint8_t hash[32];
        uint64_t body;
        struct stat st;
        size_t got = 0;

        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_size < HEADER ||
            (unsigned long long)st.st_size > max)
                return -EBADMSG;
        b->data = malloc((size_t)st.st_size);
        if (!b->data)
                return -ENOMEM;
        b->len = b->cap = (size_t)st.st_size;
        while (got < b->len) {
                ssize_t n = read(fd, b->data + got, b->len - got);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return -EBADMSG;
                got += (size_t)n;
        }
        memcpy(&body, b->data + 40, 8);
        if (memcmp(b->data, MAGIC, 8) != 0 || memcmp(b->data + 8, key->digest, 32) != 0 ||
            body != b->len - HEADER || body_hash(b->data + HEADER, b->len - HEADER, hash) < 0 ||
            memcmp(hash, b->data + 48, 32) != 0)
                return -EBADMSG;
        (void)futimens(fd, NULL);               /* recently used: evicted last */
        return 0;
}

static void capture_set(struct capture *c, const char *data, size_t len, bool truncated) {
        size_t n = len < c->cap ? len : c->cap;

        memcpy(c->buf, data, n);
        c->len = n;
        c->truncated = truncated || n < len;
}

/* The compile's output records into o. */
static int outcome_from(const struct cache_buf *b, struct outcome *o) {
        size_t off = HEADER;

        while (off < b->len) {
                const char *name, *data;
                size_t name_len, len;
                unsigned flags, mode;
                char type;
                int r = cache_buf_get(b->data, b->len, &off, &type, &flags, &mode, &name,
                                      &name_len, &data, &len);

                if (r < 0)
                        return r;
                if (type == 'o' || type == 'e' || type == 'a')
                        capture_set(type == 'o' ? &o->out : type == 'e' ? &o->err : &o->all,
                                    data, len, flags & 1);
        }
        return 0;
}

static size_t entry_max(const struct config *cfg) {
        long long m = cfg->compile_cache_bytes / 4;

        return (size_t)(m < cfg->box_bytes + (1 << 20) ? m : cfg->box_bytes + (1 << 20));
}

int cache_fetch(const struct config *cfg, int dir, const struct cache_key *key, int box_fd,
                uid_t uid, gid_t gid, struct outcome *o) {
        struct cache_buf b = { 0 };
        long long start = now_ms();
        int r;

        r = entry_read(dir, key, entry_max(cfg), &b);
        if (r == -EBADMSG)
                (void)unlinkat(dir, key->hex, 0);
        if (r >= 0)
                r = outcome_from(&b, o);
        if (r < 0) {
                free(b.data);
                return 0;
        }
        r = cache_box_restore(box_fd, b.data + HEADER, b.len - HEADER, uid, gid);
        free(b.data);
        if (r < 0)
                return r;
        o->status = STATUS_OK;
        o->code = o->sig = 0;
        o->cpu_ms = 0;
        o->memory = -1;
        o->wall_ms = now_ms() - start;
        o->cached = true;
        return 1;
}

struct old {
        long long mtime_ns;
        long long size;
        char name[72];
};

static int by_age(const void *a, const void *b) {
        long long x = ((const struct old *)a)->mtime_ns, y = ((const struct old *)b)->mtime_ns;

        return x < y ? -1 : x > y;
}

/* Down to 90% of the bound, least recently used first; temporary files a dead
 * executor left go too. */
static void evict(const struct config *cfg, int dir) {
        long long total = 0, now = (long long)time(NULL);
        struct old *v = malloc(EVICT_MAX * sizeof(*v));
        struct dirent *de;
        size_t n = 0;
        DIR *d;
        int fd = dup(dir);

        d = v && fd >= 0 ? fdopendir(fd) : NULL;
        if (!d) {
                if (fd >= 0)
                        close(fd);
                free(v);
                return;
        }
        while ((de = readdir(d)) && n < EVICT_MAX) {
                struct stat st;

                if (de->d_name[0] == '.' || fstatat(dir, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
                    !S_ISREG(st.st_mode) || strlen(de->d_name) >= sizeof(v[n].name))
                        continue;
                if (strncmp(de->d_name, "tmp-", 4) == 0) {
                        if (now - st.st_mtim.tv_sec > STALE_TMP_S)
                                (void)unlinkat(dir, de->d_name, 0);
                        continue;
                }
                v[n].mtime_ns = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
                v[n].size = st.st_blocks * 512LL;
                snprintf(v[n].name, sizeof(v[n].name), "%s", de->d_name);
                total += v[n++].size;
        }
        closedir(d);
        if (total > cfg->compile_cache_bytes) {
                qsort(v, n, sizeof(*v), by_age);
                for (size_t i = 0; i < n && total > cfg->compile_cache_bytes / 10 * 9; i++)
                        if (unlinkat(dir, v[i].name, 0) == 0)
                                total -= v[i].size;
        }
        free(v);
}

static int entry_write(int dir, const struct cache_key *key, struct cache_buf *b) {
        uint64_t body = b->len - HEADER;
        char tmp[32];
        int fd, r;

        memcpy(b->data, MAGIC, 8);
        memcpy(b->data + 8, key->digest, 32);
        memcpy(b->data + 40, &body, 8);
        r = body_hash(b->data + HEADER, b->len - HEADER, (uint8_t *)b->data + 48);
        if (r < 0)
                return r;
        snprintf(tmp, sizeof(tmp), "tmp-%d", (int)getpid());
        fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return -errno;
        r = write_all(fd, b->data, b->len);
        if (close(fd) < 0 && r >= 0)
                r = -errno;
        if (r >= 0 && renameat(dir, tmp, dir, key->hex) < 0)
                r = -errno;
        if (r < 0)
                (void)unlinkat(dir, tmp, 0);
        return r;
}

void cache_keep(const struct config *cfg, int dir, const struct cache_key *key, int box_fd,
                const struct request *req, const struct lang *lang, const struct outcome *o) {
        struct cache_buf b = { .max = entry_max(cfg) };
        int r;

        if (o->status != STATUS_OK || o->code != 0 || o->cached)
                return;
        /* The header's place, zero until entry_write fills it: records follow. */
        b.data = calloc(1, HEADER);
        b.len = b.cap = HEADER;
        r = b.data ? 0 : -ENOMEM;
        if (r >= 0)
                r = cache_buf_put(&b, 'o', o->out.truncated, 0, "", 0, o->out.buf, o->out.len);
        if (r >= 0)
                r = cache_buf_put(&b, 'e', o->err.truncated, 0, "", 0, o->err.buf, o->err.len);
        if (r >= 0)
                r = cache_buf_put(&b, 'a', o->all.truncated, 0, "", 0, o->all.buf, o->all.len);
        if (r >= 0)
                r = cache_box_snapshot(box_fd, req, lang, &b);
        if (r >= 0)
                r = entry_write(dir, key, &b);
        /* Not kept is no failure: a compile that made a symlink, or too much. */
        if (r < 0 && r != -ENOTSUP && r != -EFBIG)
                fprintf(stderr, "coderun-exec: keeping a compile in %s: %s\n",
                        cfg->compile_cache, strerror(-r));
        if (r >= 0)
                evict(cfg, dir);
        free(b.data);
}
