/* cache-key.c: what decides a compile's result, hashed into the compile cache's key.
 * Every input goes in with its length before it, so no two different inputs run
 * together into the same bytes: the language and its version; the lang.d file's
 * compile command, environment, /etc entries and default file name; the request's
 * compile_args and every file, name and bytes, in order; the compile limits (a
 * compile that fits in 512 MiB may not in 64); and the compiler as installed: the
 * inode and times of the compile command's program, of /usr, of ld.so.cache and of
 * the package database, which any install or upgrade changes. SHA-256 (nettle):
 * no one can craft two programs of one key. */
#include <stdio.h>
#include <sys/stat.h>
#include "base/util.h"
#include "base/ws-lib.h"
#include "job/cache.h"

struct hasher {
        struct lib_sha256 lib;
        struct sha256_ctx ctx;
};

static void put(struct hasher *h, const void *data, size_t len) {
        unsigned long long n = len;

        h->lib.update(&h->ctx, sizeof(n), (const uint8_t *)&n);
        h->lib.update(&h->ctx, len, data);
}

static void put_str(struct hasher *h, const char *s) {
        /* NULL and "" differ: a default file name is not an empty one. */
        put(h, s ? s : "\xff", s ? strlen(s) : 1);
}

static void put_words(struct hasher *h, char *const *v, size_t n) {
        put(h, &n, sizeof(n));
        for (size_t i = 0; i < n; i++)
                put_str(h, v[i]);
}

static void put_ll(struct hasher *h, long long v) {
        put(h, &v, sizeof(v));
}

/* An installed file as the key sees it: absent is a state too. */
static void put_stat(struct hasher *h, const char *path) {
        struct stat st = { 0 };

        put_str(h, path);
        if (stat(path, &st) < 0)
                return put_ll(h, -errno);
        put_ll(h, (long long)st.st_dev);
        put_ll(h, (long long)st.st_ino);
        put_ll(h, (long long)st.st_size);
        put_ll(h, (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec);
        put_ll(h, (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec);
}

int cache_key(const struct lang *lang, const struct request *req,
              const struct stage_limits *lim, struct cache_key *ret) {
        static const char hex[] = "0123456789abcdef";
        struct hasher h;
        int r;

        r = lib_sha256(&h.lib);
        if (r < 0)
                return r;
        h.lib.init(&h.ctx);
        put_str(&h, "coderun compile cache 1");
        put_str(&h, lang->name);
        put_str(&h, lang->version);
        put_str(&h, lang->file);
        put_words(&h, lang->compile, lang->n_compile);
        put_words(&h, lang->env, lang->n_env);
        put_words(&h, lang->etc, lang->n_etc);
        put_ll(&h, req->has_compile_args);
        put_words(&h, req->compile_args, req->n_compile_args);
        put_ll(&h, (long long)req->n_files);
        for (size_t i = 0; i < req->n_files; i++) {
                put_str(&h, req->files[i].name);
                put(&h, req->files[i].content.data, req->files[i].content.len);
        }
        put_ll(&h, lim->timeout_ms);
        put_ll(&h, lim->cpu_ms);
        put_ll(&h, lim->memory_bytes);
        put_stat(&h, lang->compile[0]);
        put_stat(&h, "/usr");
        put_stat(&h, "/etc/ld.so.cache");
        put_stat(&h, "/var/lib/dpkg/status");
        h.lib.digest(&h.ctx, sizeof(ret->digest), ret->digest);
        for (size_t i = 0; i < sizeof(ret->digest); i++) {
                ret->hex[2 * i] = hex[ret->digest[i] >> 4];
                ret->hex[2 * i + 1] = hex[ret->digest[i] & 15];
        }
        ret->hex[2 * sizeof(ret->digest)] = '\0';
        return 0;
}
