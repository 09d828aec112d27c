/* term.h: the user's terminal for a --tty run: raw while the program owns it, as
 * it was on every way out, and its size for the program's own terminal. */
#pragma once
#include <stdbool.h>
#include <termios.h>

struct term {
        int fd;
        bool raw;                       /* saved holds the state to restore */
        struct termios saved;
};

/* Put fd's terminal in raw mode (no echo, no line editing, no signals from keys:
 * every byte goes to the program), saving its state in t. */
int term_raw(struct term *t, int fd);

/* Back to the saved state, once whatever was written has gone out; harmless when
 * term_raw was not called or failed. */
void term_restore(struct term *t);

/* The terminal's rows and columns, clamped to the protocol's 1..1000; false when
 * fd is no terminal or reports none. */
bool term_size(int fd, unsigned *rows, unsigned *cols);
