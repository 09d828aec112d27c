/* ws.h: a WebSocket connection (RFC 6455), the server's or a client's: the
 * handshake's accept value (ws-accept.c) and the framing after it (ws.c), on
 * libwslay and libnettle (loaded on this path only, ws-lib.c). The HTTP head
 * itself is the caller's. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define WS_ACCEPT_LEN 28

/* Sec-WebSocket-Accept for a client's Sec-WebSocket-Key (RFC 6455 4.2.2): 0, or
 * -EINVAL when the key is not the base64 of 16 bytes (24 chars), -ELIBACC or
 * -ELIBBAD when libnettle cannot be loaded. out gets WS_ACCEPT_LEN chars + NUL. */
int ws_accept_value(const char *key, char out[WS_ACCEPT_LEN + 1]);

struct ws;                      /* one connection, opaque */

/* A server context on fd (made non-blocking here); max_message: the longest
 * message accepted (longer: close 1009), 0 refused. pending/n: bytes already read
 * past the HTTP head (frames a client sent right after its handshake), copied and
 * consumed before the socket: call ws_pump once (revents 0) before the first poll,
 * since poll cannot see them. -EINVAL, -ENOMEM, or ws_lib_wslay's -ELIBACC/-ELIBBAD. */
int ws_new(int fd, size_t max_message, const char *pending, size_t n, struct ws **ret);
/* The same for the client's end (the CLI's), whose frames are masked: pending are
 * the bytes read past the server's 101 answer. */
int ws_new_client(int fd, size_t max_message, const char *pending, size_t n, struct ws **ret);
/* The context and what it has queued; not the fd, which stays the caller's. */
void ws_free(struct ws *w);

/* Queue one text message (copied; UTF-8 is the caller's to ensure) / a close frame
 * with a code one may send (1000-1003, 1007-1011, 3000-4999) and a reason of at
 * most 123 bytes of UTF-8 (NULL: none) / an empty ping. -EPIPE once a close is
 * queued or sent, -EINVAL, -ENOMEM. */
int ws_send_text(struct ws *w, const char *buf, size_t len);
int ws_send_close(struct ws *w, unsigned code, const char *reason);
int ws_send_ping(struct ws *w);

/* Payload bytes of the messages queued and not yet wholly on the socket (pongs
 * included), which the caller watches: a peer that does not read makes it grow. */
size_t ws_backlog(const struct ws *w);
/* POLLIN and/or POLLOUT the context wants now; 0 once it wants neither. POLLIN is
 * held back while WS_QUEUE_MAX (ws.c: 1024) messages wait to be written, so a peer
 * that sends pings and reads no pongs meets TCP's flow control, not our memory. */
short ws_events(const struct ws *w);

/* After poll (or with revents 0 right after ws_new): read and write what the socket
 * allows without blocking. Each complete text message (reassembled from fragments,
 * UTF-8 checked by wslay) goes to on_text as len bytes, not NUL-terminated, valid
 * during the call; none after a close was queued. on_text returning <0 stops the
 * reading for good (the caller may still send and close) and is returned, once.
 * Pings are answered by wslay. A binary message is answered with close 1003,
 * invalid UTF-8 with 1007, too long (or in more than WS_FRAGMENTS_MAX frames, ws.c:
 * 1024) with 1009, a protocol error with 1002 (the library's). Returns 0, or -EPIPE
 * once the connection is finished (peer closed, or the close handshake done, or a
 * close sent after a failure), -errno on I/O error. The caller then closes the fd,
 * after ws_linger. */
int ws_pump(struct ws *w, short revents, int (*on_text)(void *u, const char *buf, size_t len),
            void *u);

bool ws_close_sent(const struct ws *w);
/* The peer's close code, 0 if none (no close yet, or a close without a code). */
int ws_close_code_received(const struct ws *w);

/* Write what is queued, waiting at most until deadline_ms (now_ms() of
 * base/util.h): 0 when nothing is left to write, -ETIMEDOUT, -errno. */
int ws_flush(struct ws *w, long long deadline_ms);

/* After our close frame is written: read, and drop, what the peer still sends
 * until its close frame comes (RFC 6455 7.1.2's closing handshake), it leaves, or
 * deadline_ms. Our FIN waits for that: a proxy that sees it closes its client's
 * end at once, and whatever that client had sent by then, unread, makes the
 * proxy's close an RST that destroys the output still on its way. 0 once the
 * handshake is done or the peer gone, -ETIMEDOUT, -errno. */
int ws_await_close(struct ws *w, long long deadline_ms);

/* After ws_pump's -EPIPE or ws_await_close: our FIN, then read and discard until the peer closes,
 * at most until deadline_ms. Closing with unread input sends an RST, and an RST
 * can make the peer's kernel drop our close frame before it is read (RFC 1122
 * 4.2.2.13); RFC 6455 7.1.1 has the server close the TCP connection first.
 * 0 (also on a pipe), -ETIMEDOUT, -errno. */
int ws_linger(struct ws *w, long long deadline_ms);
