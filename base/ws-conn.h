/* ws-conn.h: one WebSocket connection's state, shared by ws.c (the framing) and
 * ws-close.c (the ending); nothing else includes it: ws.h keeps it opaque. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/ws-lib.h"
#include "base/ws.h"

struct ws {
        struct ws_wslay lib;
        wslay_event_context_ptr ctx;
        int fd;
        bool not_socket;        /* send() said ENOTSOCK (a pipe): write() instead */
        bool eof;               /* the peer closed its end */
        bool close_queued;      /* by us: text read after it is not handed on */
        int io_err;             /* -errno of a failed read or write */
        int text_err;           /* on_text's <0, returned once by ws_pump */
        unsigned frames;        /* frames so far of the data message being read */
        int (*on_text)(void *u, const char *buf, size_t len);
        void *u;
        size_t pending_len, pending_off;
        char pending[];         /* read past the HTTP head, served before the fd */
};

/* Why wslay gave up (r: its error, 0 if none): the fd's error, the peer's
 * leaving (-EPIPE), or memory. */
int ws_failed(const struct ws *w, int r);
