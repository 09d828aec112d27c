/* upgrade.h: the client's WebSocket handshake (RFC 6455 4.1) for a live run over
 * http://: GET /api/v2/connect, the server's answer read and checked. */
#pragma once
#include <stdbool.h>
#include "cli/fail.h"
#include "cli/load.h"

struct upgraded {
        bool refused;                   /* no 101: rest is the answer's body */
        char status[80];                /* the answer's status line, for messages */
        struct bytes rest;              /* malloc'd, NUL-terminated: the frames that
                                           came after a 101's head, or a refusal's body */
};

/* Ask for the WebSocket on connected non-blocking fd (host: the Host header) and
 * read the answer's head, and a refusal's body, by CLI_UPGRADE_MS. A 101 whose
 * Upgrade, Connection and Sec-WebSocket-Accept are not the key's is
 * CLI_EXIT_UNREACHABLE; libnettle missing is CLI_EXIT_USAGE. */
int upgrade(int fd, const char *host, const char *server, struct upgraded *ret,
            struct failure *f);
