/* conf.c: the one text format of coderun.conf and lang.d: read a small file whole,
 * then hand out `key = value` pairs, blank-separated words and numbers.
 * It never interprets a key and never prints: callers turn -errno and c->line
 * into their own message. */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include "config/conf.h"
#include "base/limits.h"
#include "base/util.h"

static bool is_blank(char c) {
        /* \r too: a file edited on Windows must not get invisible bytes in its values. */
        return c == ' ' || c == '\t' || c == '\r';
}

static char *trim(char *s, char *end) {
        while (s < end && is_blank(*s))
                s++;
        while (end > s && is_blank(end[-1]))
                end--;
        *end = '\0';
        return s;
}

/* One fstat and reads into a buffer of the exact size: a handful of syscalls per
 * file, because the executor reads every file on every request. */
static int conf_read(int fd, struct conf *ret) {
        _cleanup_free_ char *buf = NULL;
        struct stat st;
        size_t cap, len = 0;

        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return -EINVAL;
        if (st.st_size > (off_t)LIMIT_CONFIG_BYTES)
                return -EFBIG;
        /* One byte more than fstat said, to notice a file that grows while we read. */
        cap = (size_t)st.st_size + 1;
        buf = malloc(cap + 1);
        if (!buf)
                return -ENOMEM;
        while (len < cap) {
                ssize_t n = read(fd, buf + len, cap - len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                len += (size_t)n;
                /* A regular file reads short only at its end: no read() just to see 0. */
                if (n == 0 || len < cap)
                        break;
        }
        /* Config files are replaced by rename(2); one edited in place while we read
         * it is refused rather than half read. */
        if (len == cap)
                return -EAGAIN;
        /* A NUL would silently end a value early: the rest of the line would vanish. */
        if (memchr(buf, '\0', len))
                return -EINVAL;
        buf[len] = '\0';
        ret->buf = TAKE_PTR(buf);
        ret->next = ret->buf;
        ret->line = 0;
        return 0;
}

int conf_open(const char *path, struct conf *ret) {
        _cleanup_close_ int fd = -1;

        /* O_NONBLOCK: a FIFO at this path must not hang every request in open(). */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        return conf_read(fd, ret);
}

int conf_open_at(int dir_fd, const char *name, struct conf *ret) {
        _cleanup_close_ int fd = -1;

        /* O_NOFOLLOW: a symlink planted in lang.d must not make us read another file. */
        fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        return conf_read(fd, ret);
}

int conf_next(struct conf *c, char **ret_key, char **ret_value) {
        while (*c->next) {
                char *line = c->next, *end, *eq;

                end = strchr(line, '\n');
                if (end)
                        c->next = end + 1;
                else {
                        end = line + strlen(line);
                        c->next = end;
                }
                c->line++;
                line = trim(line, end);
                /* Comments are whole lines only, so a value may hold '#' (e.g. "c#"). */
                if (*line == '\0' || *line == '#')
                        continue;
                eq = strchr(line, '=');
                if (!eq || eq == line)
                        return -EINVAL;
                *ret_value = trim(eq + 1, line + strlen(line));
                *ret_key = trim(line, eq);
                return 1;
        }
        return 0;
}

int conf_words(char *value, char **words, size_t max, size_t *ret_n) {
        size_t n = 0;
        char *s = value;

        for (;;) {
                while (is_blank(*s))
                        s++;
                if (*s == '\0')
                        break;
                if (n >= max)
                        return -E2BIG;
                words[n++] = s;
                while (*s && !is_blank(*s))
                        s++;
                if (*s)
                        *s++ = '\0';
        }
        *ret_n = n;
        return 0;
}

/* Decimal digits with an optional K, M or G suffix: binary multiples (KiB, MiB,
 * GiB), meant for byte values ("512M"). Callers that take milliseconds or counts
 * refuse suffixes themselves. No sign, no blanks, no hex: what a human wrote. */
int conf_number(const char *value, long long *ret) {
        unsigned long long v = 0, mult = 1;
        const char *s = value;

        if (*s < '0' || *s > '9')
                return -EINVAL;
        for (; *s >= '0' && *s <= '9'; s++) {
                if (v > ((unsigned long long)LLONG_MAX - (unsigned)(*s - '0')) / 10)
                        return -ERANGE;
                v = v * 10 + (unsigned)(*s - '0');
        }
        switch (*s) {
        case '\0':
                break;
        case 'K':
                mult = 1ull << 10;
                s++;
                break;
        case 'M':
                mult = 1ull << 20;
                s++;
                break;
        case 'G':
                mult = 1ull << 30;
                s++;
                break;
        default:
                return -EINVAL;
        }
        if (*s != '\0')
                return -EINVAL;
        if (v > (unsigned long long)LLONG_MAX / mult)
                return -ERANGE;
        *ret = (long long)(v * mult);
        return 0;
}
