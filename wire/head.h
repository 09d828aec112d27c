/* head.h: the lines of an HTTP request's header section (head.c), for frame.c:
 * the route and what the headers say about the body and the reply's framing.
 * Inside the wire layer only. */
#pragma once
#include <stdbool.h>
#include "base/err.h"
#include "wire/message.h"

/* What the header section says. */
struct head {
        bool http11, chunked, expect, has_length, bad_length;
        unsigned long long length;
        /* The WebSocket handshake (RFC 6455 4.2.1). */
        bool upgrade_websocket, connection_upgrade, ws_version_13;
        char ws_key[32];        /* "" when absent; longer keys are refused as bad */
        bool bad_ws_key;
};

/* `METHOD SP TARGET SP HTTP/1.x`: sets m->op from the route. */
int head_request_line(char *line, struct message *m, struct head *h, struct problem *p);

/* `name: value`: what the head must know (body, Expect, Accept, WebSocket). */
int head_header(char *line, struct message *m, struct head *h, struct problem *p);
