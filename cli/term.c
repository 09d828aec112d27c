/* term.c: raw mode as cfmakeraw(3) sets it, output processing off too: the
 * program's own terminal on the server has done it (\n became \r\n there), so
 * doing it again here would be doing it twice. */
#include <errno.h>
#include <sys/ioctl.h>
#include "cli/term.h"

int term_raw(struct term *t, int fd) {
        struct termios raw;

        t->fd = fd;
        t->raw = false;
        if (tcgetattr(fd, &t->saved) < 0)
                return -errno;
        raw = t->saved;
        cfmakeraw(&raw);
        /* TCSAFLUSH would drop what was typed ahead of the run: it is the program's. */
        if (tcsetattr(fd, TCSADRAIN, &raw) < 0)
                return -errno;
        t->raw = true;
        return 0;
}

void term_restore(struct term *t) {
        if (!t->raw)
                return;
        /* Nothing useful is left to do if this fails: the terminal is gone. */
        (void)tcsetattr(t->fd, TCSADRAIN, &t->saved);
        t->raw = false;
}

static unsigned clamp(unsigned v) {
        return v < 1 ? 1 : v > 1000 ? 1000 : v;
}

bool term_size(int fd, unsigned *rows, unsigned *cols) {
        struct winsize w;

        if (ioctl(fd, TIOCGWINSZ, &w) < 0 || w.ws_row == 0 || w.ws_col == 0)
                return false;
        *rows = clamp(w.ws_row);
        *cols = clamp(w.ws_col);
        return true;
}
