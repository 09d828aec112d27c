/* listen.h: the connection systemd passed (socket activation). */
#pragma once

/* 1 when systemd passed this process one socket (fd 3), 0 when none, -E2BIG when
 * more than one, as sd_listen_fds(3) would say. */
int listen_fds(void);
