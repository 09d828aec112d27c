/* live-loop.h: a live run's loop state, shared by live.c (the loop, the user's
 * side, NDJSON over raw TCP) and live-ws.c (the WebSocket over http://); nothing
 * else includes it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/ws.h"
#include "cli/live.h"
#include "cli/net.h"
#include "cli/term.h"

struct loop {
        const struct args *a;
        int sock, sig;
        struct ws *ws;                  /* over http://; NULL over raw TCP */
        struct failure *f;              /* for on_text, which ws_pump calls */
        int text_r;                     /* on_text's failure, which ws_pump ends on */
        struct term term;
        struct body q;                  /* events to send, q.buf[off..q.len) */
        size_t off;
        struct live out;                /* out.in[0..in_len): the server's bytes */
        size_t in_len, in_cap;
        char held[4];                   /* a typed character cut by a read */
        size_t n_held;
        bool stdin_open, sock_dead, compile;
        int interrupts;
        long long heard_ms;
};

/* The done or error event has come: the run is over. */
bool loop_ended(const struct loop *l);
/* Bytes of q not yet sent (over the WebSocket: not yet queued as messages). */
size_t loop_unsent(const struct loop *l);
/* Room in out.in for need more bytes and a NUL. */
int loop_room(struct loop *l, size_t need, struct failure *f);
/* One event of the server's (line[0..len), changed in place): shown, or kept as the end. */
int loop_line(struct loop *l, char *line, size_t len, struct failure *f);

/* Over http://: the handshake, then the framing, the request first as Piston's
 * init. A refusal whose body is the executor's error is the run's end. */
int live_ws_open(struct loop *l, const struct net_target *t, struct failure *f);
/* q's whole events (lines) as text messages. */
void live_ws_queue(struct loop *l);
/* After poll (revents 0: what came with the handshake): read and write what the
 * socket allows; an ending before done is the failure said in f. */
int live_ws_pump(struct loop *l, short revents, struct failure *f);
/* After the run: our close frame (after done) and the context freed. */
void live_ws_close(struct loop *l);
