/* stream.h: the streaming sink: each event of the job written to the client as it
 * happens, in one of three framings (NDJSON, Server-Sent Events, WebSocket text
 * messages), and the client's events read back while a stage runs. The batch
 * reply the request would have had is built alongside, for the last event. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"
#include "base/queue.h"
#include "base/sink.h"
#include "wire/batch.h"
#include "wire/message.h"
#include "wire/reply.h"

enum framing { FRAMING_NDJSON, FRAMING_SSE, FRAMING_WS };

struct ws;

/* One UTF-8 sequence a read cut off, carried to the stream's next chunk. */
struct utf8_tail {
        char b[4];
        size_t n;
};

struct stream_sink {
        struct sink sink;
        struct batch batch;             /* done.result */
        struct reply ev;                /* the event being encoded */
        enum framing framing;
        enum mode mode;
        int in, out;                    /* the connection (the same fd, or stdin/stdout) */
        bool sock;                      /* out is a socket: written without blocking */
        bool in_sock;                   /* in is a socket: its hang-up means the client left
                                           (a pipe's is only the end of its bytes) */
        bool head_due;                  /* HTTP: the 200 head goes before the first event */
        bool started;                   /* the client has seen the stream begin */
        bool finished;                  /* the last event is queued: nothing follows */
        bool client_eof;                /* raw: the client half-closed (stdin_close) */
        struct queue q;                 /* NDJSON/SSE bytes not yet written */
        struct ws *ws;
        char *line;                     /* raw: a client event line being read */
        size_t line_len;
        char *early;                    /* client bytes that came before the job ran:
                                           raw, the request's rest; WebSocket, the
                                           messages after init, length-prefixed */
        size_t early_len;
        long long last_write_ms, last_progress_ms;
        long long ping_ms;              /* silence before a ping (coderun.conf's stream_ping) */
        const char *stage;              /* the running stage's wire name */
        long test;                      /* its test index, -1: none */
        struct utf8_tail tail[2];
        struct problem fault;           /* why the client's stream was refused */
};

/* A stream for message m on the connection (in, out); the batch reply builds in
 * result. The framing: a WebSocket for OP_CONNECT, else SSE or NDJSON by Accept. */
int stream_init(struct stream_sink *s, struct reply *result, const struct message *m, int in, int out);

/* GET /api/v2/connect: answer 101 Switching Protocols; then read the init message
 * (within LIMIT_REQUEST_MS: else close 4001) into *ret_body, NUL-terminated. */
int stream_ws_accept(struct stream_sink *s, const struct message *m, struct problem *p);
int stream_ws_init(struct stream_sink *s, char **ret_body, size_t *ret_len, struct problem *p);

/* How data events and done's result carry output, once the request says (a
 * WebSocket's stream is set up before its init message is read). */
void stream_encoding(struct stream_sink *s, bool base64);

/* Whether an error must go as an event (true) or, before the stream began, as
 * a plain reply with its HTTP status (false). */
bool stream_started(const struct stream_sink *s);

/* The request failed: an error event (and on a WebSocket, Piston's close codes),
 * unless the client was already told. Then as stream_finish. */
int stream_fail(struct stream_sink *s, const struct problem *p);

/* Write what is queued (within LIMIT_REPLY_MS), close the WebSocket (4999, "Job
 * Completed", as Piston does) and the connection gracefully. 0, or -errno when
 * the client did not take it all. */
int stream_finish(struct stream_sink *s);

/* Inside the wire layer (stream.c, stream-out.c, stream-client.c, stream-ws.c). */
extern const struct sink_ops stream_ops;
void stream_client_poll(struct sink *k, struct stage_ctl *ctl, struct client_wait *w);
enum watch_verdict stream_client_event(struct sink *k, struct stage_ctl *ctl,
                                       const short revents[2]);
int stream_emit(struct stream_sink *s, const char *type);   /* s->ev holds the event's JSON */
int stream_emit_done(struct stream_sink *s, const struct reply *result);
void stream_write(struct stream_sink *s);                    /* as much as the socket takes now */
size_t stream_backlog(const struct stream_sink *s);
/* The client broke the protocol: an error event saying how, then (WebSocket)
 * the close ws_code with Piston's ws_reason. Always -EPROTO. */
int stream_client_fault(struct stream_sink *s, enum err err, unsigned ws_code, const char *ws_reason,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int stream_client_message(struct stream_sink *s, struct stage_ctl *ctl, char *buf, size_t len);
enum watch_verdict stream_client_read(struct stream_sink *s, struct stage_ctl *ctl);
int stream_ws_pump(struct stream_sink *s, struct stage_ctl *ctl, short revents);
