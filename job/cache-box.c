/* cache-box.c: a work dir after a compile as the cache's records, and back. The
 * compile ran user code's compiler on user files, so what it left is walked as
 * files.c writes: one segment at a time under dir fds, O_NOFOLLOW, every entry
 * fstat'ed on its open fd. Only folders and regular files are kept; anything else
 * (a symlink, a FIFO, a socket), a request file changed or gone, more than
 * CACHE_ENTRIES entries or folders deeper than CACHE_DEPTH, and the compile is
 * simply not kept. Restored files are created with O_EXCL and owned by the job. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include "base/limits.h"
#include "base/util.h"
#include "job/cache.h"
#include "job/files.h"

#define CACHE_ENTRIES 4096
#define CACHE_DEPTH 16
#define HEAD 16         /* type, flags, mode (2), name length (4), data length (8) */

int cache_buf_put(struct cache_buf *b, char type, unsigned flags, unsigned mode,
                  const char *name, size_t name_len, const char *data, size_t len) {
        size_t need = HEAD + name_len + len;
        unsigned char head[HEAD];
        uint16_t m = (uint16_t)mode;
        uint32_t nl = (uint32_t)name_len;
        uint64_t dl = len;

        if (need > b->max - b->len)
                return -EFBIG;
        if (b->len + need > b->cap) {
                size_t cap = b->cap ? b->cap : 65536;
                char *p;

                while (cap < b->len + need)
                        cap *= 2;
                p = realloc(b->data, cap);
                if (!p)
                        return -ENOMEM;
                b->data = p;
                b->cap = cap;
        }
        head[0] = (unsigned char)type;
        head[1] = (unsigned char)flags;
        memcpy(head + 2, &m, 2);
        memcpy(head + 4, &nl, 4);
        memcpy(head + 8, &dl, 8);
        memcpy(b->data + b->len, head, HEAD);
        memcpy(b->data + b->len + HEAD, name, name_len);
        if (len)
                memcpy(b->data + b->len + HEAD + name_len, data, len);
        b->len += need;
        return 0;
}

int cache_buf_get(const char *data, size_t len, size_t *off, char *type, unsigned *flags,
                  unsigned *mode, const char **name, size_t *name_len, const char **rdata,
                  size_t *rlen) {
        uint16_t m;
        uint32_t nl;
        uint64_t dl;

        if (len - *off < HEAD)
                return -EBADMSG;
        memcpy(&m, data + *off + 2, 2);
        memcpy(&nl, data + *off + 4, 4);
        memcpy(&dl, data + *off + 8, 8);
        if (nl > len - *off - HEAD || dl > len - *off - HEAD - nl)
                return -EBADMSG;
        *type = data[*off];
        *flags = (unsigned char)data[*off + 1];
        *mode = m;
        *name = data + *off + HEAD;
        *name_len = nl;
        *rdata = data + *off + HEAD + nl;
        *rlen = (size_t)dl;
        *off += HEAD + nl + (size_t)dl;
        return 0;
}

struct walk {
        struct cache_buf *b;
        const struct request *req;
        const struct lang *lang;
        size_t entries, sources;        /* seen; request files found unchanged */
};

/* The request file at path, or NULL when path is none of them. */
static const struct blob *request_file(const struct walk *w, const char *path) {
        for (size_t i = 0; i < w->req->n_files; i++) {
                const char *name = w->req->files[i].name ? w->req->files[i].name : w->lang->file;

                if (streq(name, path))
                        return &w->req->files[i].content;
        }
        return NULL;
}

static int read_file(int fd, size_t size, char **ret) {
        char *buf = malloc(size ? size : 1);
        size_t got = 0;

        if (!buf)
                return -ENOMEM;
        while (got < size) {
                ssize_t n = read(fd, buf + got, size - got);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        free(buf);
                        return n < 0 ? -errno : -EIO;   /* shorter than fstat said */
                }
                got += (size_t)n;
        }
        *ret = buf;
        return 0;
}

static int walk_file(struct walk *w, int dir, const char *name, const char *path) {
        _cleanup_close_ int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        const struct blob *src;
        _cleanup_free_ char *data = NULL;
        struct stat st;
        int r;

        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return -ENOTSUP;
        if ((unsigned long long)st.st_size > w->b->max)
                return -EFBIG;
        r = read_file(fd, (size_t)st.st_size, &data);
        if (r < 0)
                return r;
        src = request_file(w, path);
        if (src) {
                /* A source the compile changed would come back as it was sent. */
                if (src->len != (size_t)st.st_size || memcmp(src->data, data, src->len) != 0)
                        return -ENOTSUP;
                w->sources++;
                return 0;
        }
        return cache_buf_put(w->b, 'f', 0, st.st_mode & 0777, path, strlen(path), data,
                             (size_t)st.st_size);
}

static int walk_dir(struct walk *w, int fd, const char *prefix, int depth) {
        struct dirent *de;
        DIR *d;
        int r = 0;

        if (depth > CACHE_DEPTH)
                return -ENOTSUP;
        d = fdopendir(fd);
        if (!d) {
                close(fd);
                return -errno;
        }
        while (r >= 0 && (de = readdir(d))) {
                char path[LIMIT_PATH_BYTES + 1];
                struct stat st;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (++w->entries > CACHE_ENTRIES ||
                    snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "/" : "",
                             de->d_name) >= (int)sizeof(path)) {
                        r = -ENOTSUP;
                        break;
                }
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        r = -errno;
                        break;
                }
                if (S_ISREG(st.st_mode)) {
                        r = walk_file(w, dirfd(d), de->d_name, path);
                } else if (S_ISDIR(st.st_mode)) {
                        int sub = openat(dirfd(d), de->d_name,
                                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

                        r = sub < 0 ? -errno : cache_buf_put(w->b, 'd', 0, st.st_mode & 0777, path,
                                                              strlen(path), NULL, 0);
                        if (r >= 0)
                                r = walk_dir(w, sub, path, depth + 1);
                        else if (sub >= 0)
                                close(sub);
                } else {
                        r = -ENOTSUP;
                }
        }
        closedir(d);
        return r;
}

int cache_box_snapshot(int box_fd, const struct request *req, const struct lang *lang,
                       struct cache_buf *b) {
        struct walk w = { .b = b, .req = req, .lang = lang };
        int fd = openat(box_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int r;

        if (fd < 0)
                return -errno;
        r = walk_dir(&w, fd, "", 0);
        /* A source the compile removed would come back too. */
        if (r >= 0 && w.sources != req->n_files)
                r = -ENOTSUP;
        return r;
}

int cache_box_restore(int box_fd, const char *data, size_t len, uid_t uid, gid_t gid) {
        size_t off = 0;

        while (off < len) {
                char type, path[LIMIT_PATH_BYTES + 1];
                const char *name, *rdata;
                size_t name_len, rlen;
                unsigned flags, mode;
                int r;

                r = cache_buf_get(data, len, &off, &type, &flags, &mode, &name, &name_len,
                                  &rdata, &rlen);
                if (r < 0)
                        return r;
                if (type != 'f' && type != 'd')
                        continue;       /* the compile's output: cache.c's */
                if (name_len == 0 || name_len > LIMIT_PATH_BYTES)
                        return -EBADMSG;
                memcpy(path, name, name_len);
                path[name_len] = '\0';
                r = files_put(box_fd, path, type == 'd', rdata, rlen, mode, uid, gid);
                if (r < 0)
                        return r;
        }
        return 0;
}
