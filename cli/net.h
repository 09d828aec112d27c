/* net.h: one request, one reply, over one TCP connection, in raw mode or (a server
 * named http://HOST[:PORT]) over the HTTP API. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "cli/fail.h"
#include "cli/load.h"

#define NET_HOST_MAX 256

/* Where net_dial connected: raw TCP, or an HTTP API (web) at hostport. */
struct net_target {
        bool web;
        char hostport[NET_HOST_MAX + 8];        /* http://'s HOST[:PORT], for Host: */
};

/* Parse server as net_exchange does and connect within CLI_CONNECT_MS: *ret_fd is
 * non-blocking, close-on-exec. Errors as net_exchange's. */
int net_dial(const char *server, struct net_target *ret, int *ret_fd, struct failure *f);

/* Connect to server (HOST:PORT, [V6]:PORT, HOST or [V6]; the port defaults to
 * 7070; or http:// and one of those, the port 80 by default) within CLI_CONNECT_MS,
 * send req[0..len) (the runtime list's request when runtimes; over HTTP, the route
 * and the body), and read the whole reply until the server closes, all within
 * CLI_EXCHANGE_MS and CLI_REPLY_BYTES. *ret is NUL-terminated, the body alone over
 * HTTP. Errors are CLI_EXIT_UNREACHABLE (CLI_EXIT_USAGE for a malformed address). */
int net_exchange(const char *server, bool runtimes, const char *req, size_t len,
                 struct bytes *ret, struct failure *f);

/* Wait for events on fd until deadline (now_ms() of base/util.h): 0, -ETIMEDOUT. */
int net_wait(int fd, short events, long long deadline);
/* Send all of req[0..len) on non-blocking fd by deadline. A server that closes
 * early (it refused the request before reading it all) has still written its
 * reply: EPIPE ends the sending, not the exchange. */
int net_send_all(int fd, const char *req, size_t len, long long deadline);
