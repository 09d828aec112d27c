/* watch.c: is the client still there? Over HTTP, EOF from the client means it is
 * gone: no HTTP client half-closes while it waits for its response. Raw JSON
 * clients may (`nc -N` does, after the request), so there EOF only starts the
 * probing: one space every LIMIT_PROBE_MS, which a JSON reader skips as blank
 * before the reply. A peer that has closed answers a probe with a reset, which
 * the next poll reports as POLLERR/POLLHUP. Probing must go on for as long as
 * the job runs, at every stage: a peer that already sent its FIN sends nothing
 * more when it closes, so without a probe its leaving is never seen. */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "base/limits.h"
#include "base/util.h"
#include "wire/watch.h"

void watch_init(struct watch *w, int fd, enum mode mode) {
        struct stat st;

        *w = (struct watch) {
                .fd = fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) ? fd : -1,
                .raw = mode == MODE_RAW,
        };
}

int watch_fd(struct watch *w, short *events, int *timeout_ms) {
        long long left = w->half_closed ? w->next_probe_ms - now_ms() : -1;

        /* POLLERR and POLLHUP come whatever events asks for. */
        *events = w->half_closed ? 0 : POLLRDHUP;
        *timeout_ms = !w->half_closed ? -1 : left > 0 ? (int)left : 0;
        return w->fd;
}

/* One space; a peer that is gone makes it fail now or at the next poll. A full
 * send buffer is a client that is there but not reading: not a reason to kill. */
static enum watch_verdict probe(struct watch *w) {
        if (send(w->fd, " ", 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1 || errno == EAGAIN)
                return WATCH_GO_ON;
        return WATCH_GONE;
}

enum watch_verdict watch_event(struct watch *w, short revents) {
        if (w->fd < 0)
                return WATCH_GO_ON;
        if (revents & (POLLERR | POLLHUP))
                return WATCH_GONE;
        if (revents & POLLRDHUP) {
                if (!w->raw)
                        return WATCH_GONE;
                w->half_closed = true;
        }
        /* On our own clock: a stage that prints wakes the poll far more often
         * than LIMIT_PROBE_MS, and must not put the probe off. */
        if (!w->half_closed || now_ms() < w->next_probe_ms)
                return WATCH_GO_ON;
        w->next_probe_ms = now_ms() + LIMIT_PROBE_MS;
        return probe(w);
}
