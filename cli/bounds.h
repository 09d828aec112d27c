/* bounds.h: every number the CLI bounds itself with, and why. The request's own
 * caps are the server's (base/limits.h): a request it would refuse is refused here
 * first, with the limit named. */
#pragma once
#include "base/limits.h"

#define CLI_SERVER_DEFAULT  "127.0.0.1:7070"   /* where coderun.socket listens */
#define CLI_PORT_DEFAULT    "7070"
#define CLI_CONNECT_MS      5000                /* a local or LAN server accepts in
                                                   microseconds; 5 s means nobody is there */
#define CLI_UPGRADE_MS      30000               /* the WebSocket's 101 comes before the job
                                                   starts; 30 s is a stuck proxy */
#define CLI_EXCHANGE_MS     (30 * 60 * 1000)    /* whole exchange: 64 tests x (15 s run + sandbox)
                                                   plus a 30 s compile is ~20 min at worst */
#define CLI_REPLY_BYTES     (256u << 20)        /* a request prints at most 16 MiB; in the reply
                                                   each byte is there twice, as base64 43 MiB,
                                                   as text escapes (\u0000) up to 192 MiB */
#define CLI_REQUEST_BYTES   LIMIT_REQUEST_BYTES /* the server refuses larger requests */
#define CLI_TESTS           LIMIT_TESTS         /* the server runs at most this many per request */
#define CLI_FILES           LIMIT_FILES
#define CLI_ARGS            LIMIT_ARGS
#define CLI_COMPILE_ARGS    LIMIT_COMPILE_ARGS
