/* conn.h: the one connection this process serves. */
#pragma once

struct conn {
        int in, out;
};

/* fd 3 from systemd with Accept=yes (the first fd of LISTEN_FDS), else stdin and
 * stdout (inetd, a pipe). -E2BIG when systemd passed more than one socket. */
int conn_open(struct conn *c);
