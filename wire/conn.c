/* conn.c: where the connection is: socket activation's fd 3, or stdin/stdout. */
#include <errno.h>
#include <unistd.h>
#include "wire/conn.h"
#include "wire/listen.h"

int conn_open(struct conn *c) {
        int n = listen_fds();

        if (n < 0)
                return n;
        if (n > 1)
                return -E2BIG;
        c->in = n == 1 ? 3 : STDIN_FILENO;
        c->out = n == 1 ? 3 : STDOUT_FILENO;
        return 0;
}
