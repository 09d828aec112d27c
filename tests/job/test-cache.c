/* test-cache.c: the compile cache's work dir walk and restore (job/cache-box.c)
 * alone, on real folders, under ASan and UBSan: tests/job/cache.bats.
 *   test-cache snapshot DIR [SOURCE [SENT]]   DIR as a compile left it, SOURCE the
 *                  request's one file, its bytes as sent the file SENT (default: as
 *                  SOURCE is now)
 *   test-cache restore DIR TYPE:NAME:DATA...   these records restored into DIR
 * Prints {"r": 0 or an errno name, "records": [{"type", "name", "mode", "len"}]}. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "base/util.h"
#include "job/cache.h"
#include "tests/harness.h"

static const char *err_name(int r) {
        switch (-r) {
        case 0: return "0";
        case ENOTSUP: return "ENOTSUP";
        case EINVAL: return "EINVAL";
        case EEXIST: return "EEXIST";
        case EFBIG: return "EFBIG";
        case EBADMSG: return "EBADMSG";
        default: return strerror(-r);
        }
}

static void print(int r, const struct cache_buf *b) {
        size_t off = 0;
        bool first = true;

        printf("{\"r\":\"%s\",\"records\":[", err_name(r));
        while (b && off < b->len) {
                const char *name, *data;
                size_t name_len, len;
                unsigned flags, mode;
                char type;

                if (cache_buf_get(b->data, b->len, &off, &type, &flags, &mode, &name, &name_len,
                                  &data, &len) < 0)
                        break;
                printf("%s{\"type\":\"%c\",\"name\":", first ? "" : ",", type);
                first = false;
                put_string(name, name_len);
                printf(",\"mode\":%u,\"len\":%zu}", mode, len);
        }
        printf("]}\n");
}

static char *slurp(int dir, const char *name, size_t *len) {
        int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW);
        char *buf = malloc(1 << 20);
        ssize_t n = fd < 0 || !buf ? -1 : read(fd, buf, 1 << 20);

        if (fd >= 0)
                close(fd);
        if (n < 0) {
                fprintf(stderr, "test-cache: %s: cannot read\n", name);
                exit(2);
        }
        *len = (size_t)n;
        return buf;
}

int main(int argc, char **argv) {
        struct lang lang = { .file = "main.c" };
        struct cache_buf b = { .max = 64 << 20 };
        struct file f = { 0 };
        struct request req = { 0 };
        int dir, r;

        if (argc < 3 || (dir = open(argv[2], O_RDONLY | O_DIRECTORY)) < 0) {
                fprintf(stderr, "usage: test-cache snapshot|restore DIR ...\n");
                return 2;
        }
        if (streq(argv[1], "snapshot")) {
                if (argc > 3) {
                        f.name = argv[3];
                        f.content.data = slurp(argc > 4 ? AT_FDCWD : dir, argv[argc > 4 ? 4 : 3],
                                               &f.content.len);
                        req.files = &f;
                        req.n_files = 1;
                }
                r = cache_box_snapshot(dir, &req, &lang, &b);
                print(r, r < 0 ? NULL : &b);
                free(f.content.data);
                free(b.data);
                close(dir);
                return 0;
        }
        for (int i = 3; i < argc; i++) {
                char *name = strchr(argv[i], ':'), *data = name ? strchr(name + 1, ':') : NULL;

                if (!data)
                        return 2;
                *data++ = '\0';
                if (cache_buf_put(&b, argv[i][0], 0, argv[i][0] == 'd' ? 0755 : 0644, name + 1, strlen(name + 1), data,
                                  strlen(data)) < 0)
                        return 2;
        }
        r = cache_box_restore(dir, b.data, b.len, getuid(), getgid());
        print(r, NULL);
        free(b.data);
        close(dir);
        return 0;
}
