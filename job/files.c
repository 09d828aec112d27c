/* files.c: writes the request's files into the work dir. Every path is walked one
 * segment at a time with openat() under a dir fd and O_NOFOLLOW, files are created
 * with O_EXCL, and ownership is set on the open fd: no path the job could plant is
 * ever followed (the class of Judge0 CVE-2024-28185 and CVE-2024-28189). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include "job/files.h"
#include "base/limits.h"
#include "base/util.h"

/* Open (creating if needed) the folder path[0..len) under dir; a new fd. */
static int open_dirs(int dir, char *path, uid_t uid, gid_t gid, int *ret_fd) {
        _cleanup_close_ int cur = -1;
        char *seg = path, *slash;

        cur = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (cur < 0)
                return -errno;
        while ((slash = strchr(seg, '/'))) {
                int next;

                *slash = '\0';
                if (mkdirat(cur, seg, 0755) == 0) {
                        next = openat(cur, seg, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (next >= 0 && fchown(next, uid, gid) < 0) {
                                close(next);
                                next = -1;
                        }
                } else if (errno == EEXIST) {
                        next = openat(cur, seg, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                } else {
                        next = -1;
                }
                *slash = '/';
                if (next < 0)
                        return -errno;
                close(cur);
                cur = next;
                seg = slash + 1;
        }
        *ret_fd = TAKE_FD(cur);
        return 0;
}

/* Every segment a name: no "", ".", "..", no leading or doubled '/'. */
static bool plain_path(const char *path) {
        for (const char *seg = path; ; ) {
                size_t n = strcspn(seg, "/");

                if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
                        return false;
                if (seg[n] == '\0')
                        return true;
                seg += n + 1;
        }
}

int files_put(int box_fd, const char *name, bool is_dir, const char *data, size_t len,
              unsigned mode, uid_t uid, gid_t gid) {
        _cleanup_close_ int dir = -1, fd = -1;
        char path[LIMIT_PATH_BYTES + 1];
        const char *base;
        int r;

        if (strlen(name) > LIMIT_PATH_BYTES || !plain_path(name))
                return -EINVAL;
        strcpy(path, name);
        r = open_dirs(box_fd, path, uid, gid, &dir);
        if (r < 0)
                return r;
        base = strrchr(name, '/');
        base = base ? base + 1 : name;
        if (is_dir) {
                if (mkdirat(dir, base, 0700) < 0 && errno != EEXIST)
                        return -errno;
                fd = openat(dir, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        } else {
                fd = openat(dir, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        }
        if (fd < 0)
                return -errno;
        /* The mode while still ours: once the job's, only CAP_FOWNER could change it,
         * which the executor's unit does not give it. */
        if (fchmod(fd, mode & 0777) < 0 || fchown(fd, uid, gid) < 0)
                return -errno;
        return is_dir ? 0 : write_all(fd, data, len);
}

int files_write(int box_fd, const struct request *req, const struct lang *lang,
                uid_t uid, gid_t gid, struct problem *p) {
        for (size_t i = 0; i < req->n_files; i++) {
                const char *name = req->files[i].name ? req->files[i].name : lang->file;
                int r = files_put(box_fd, name, false, req->files[i].content.data,
                                  req->files[i].content.len, 0644, uid, gid);

                if (r == -ENOSPC || r == -EFBIG)
                        return problem(p, ERR_TOO_LARGE, "files[%zu]: the files do not fit in "
                                       "the work dir (box_size in the server's config)", i);
                if (r == -EEXIST || r == -ENOTDIR)
                        return problem(p, ERR_BAD_REQUEST, "files[%zu].name: \"%s\" clashes with "
                                       "another file", i, name);
                if (r < 0)
                        return problem(p, ERR_INTERNAL, "files[%zu]: writing \"%s\": %s", i, name,
                                       strerror(-r));
        }
        return 0;
}
