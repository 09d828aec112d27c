/* util.h: fd and buffer ownership macros and tiny helpers shared by every file.
 * Nothing here prints or exits. */
#pragma once
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _noreturn_ __attribute__((noreturn))
#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/* Closes *fd and forgets it (-1), so that a closed number is never used again. */
static inline void closep(int *fd) {
        if (*fd >= 0) {
                int saved = errno;
                close(*fd);
                errno = saved;
                *fd = -1;
        }
}
static inline void freep(void *p) {
        free(*(void **)p);
}
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_free_ _cleanup_(freep)

/* Hand an owned fd to the caller: the cleanup then closes nothing. */
#define TAKE_FD(fd) ({ int _fd = (fd); (fd) = -1; _fd; })
#define TAKE_PTR(p) ({ __typeof__(p) _p = (p); (p) = NULL; _p; })

static inline bool streq(const char *a, const char *b) {
        return strcmp(a, b) == 0;
}

/* Milliseconds on CLOCK_MONOTONIC: every deadline is measured on it. */
long long now_ms(void);
long long now_ns(void);

/* Close every fd but the n in keep (sorted here, in place); 0 or -errno. */
int close_all_but(int *keep, size_t n);

/* write() all of buf, retrying EINTR and short writes; 0 or -errno. */
int write_all(int fd, const void *buf, size_t len);
