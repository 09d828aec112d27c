/* live-ws.c: a live run's WebSocket, for a server named http://: the handshake
 * (upgrade.c), the request as Piston's init message, each client event a text
 * message and each message of the server's one event, framed by base/ws.c, the
 * executor's own. A refusal of the upgrade whose body is the executor's JSON
 * error ends the run as its error event would (a busy server is 121, as in batch). */
#include <poll.h>
#include "base/util.h"
#include "cli/bounds.h"
#include "cli/live-loop.h"
#include "cli/upgrade.h"

#define CLOSE_MS      1000              /* our close frame, after done */

/* One WebSocket message, one event: copied into out.in, where done's stays. */
static int on_text(void *u, const char *buf, size_t len) {
        struct loop *l = u;
        struct failure *f = l->f;
        int r;

        if (loop_ended(l))
                return 0;       /* after done, nothing more is read */
        l->in_len = 0;
        r = loop_room(l, len, f);
        if (r == 0) {
                memcpy(l->out.in, buf, len);
                l->out.in[len] = '\0';
                r = loop_line(l, l->out.in, len, f);
        }
        if (r < 0)
                l->text_r = r;
        return r;
}

void live_ws_queue(struct loop *l) {
        char *start, *nl;

        while (!l->sock_dead && (nl = memchr(start = l->q.buf + l->off, '\n', loop_unsent(l)))) {
                if (ws_send_text(l->ws, start, (size_t)(nl - start)) < 0)
                        l->sock_dead = true;    /* a close is on its way: read it */
                l->off += (size_t)(nl - start) + 1;
        }
}

int live_ws_pump(struct loop *l, short revents, struct failure *f) {
        int code, r;

        if (revents & (POLLIN | POLLHUP | POLLERR))
                l->heard_ms = now_ms();
        r = ws_pump(l->ws, revents, on_text, l);
        if (l->text_r < 0)
                return l->text_r;
        if (r == 0 || loop_ended(l))
                return 0;
        code = ws_close_code_received(l->ws);
        /* We closed first: base/ws.c refused what the server sent. */
        if (!code && ws_close_sent(l->ws))
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s broke the WebSocket protocol (a "
                                "binary or not UTF-8 message, or a bad frame): the run was left",
                                l->a->server);
        if (code)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s closed the WebSocket (code %d) "
                                "before the run ended", l->a->server, code);
        return fail_set(f, CLI_EXIT_UNREACHABLE, "%s closed the connection before the run "
                        "ended%s%s", l->a->server, r == -EPIPE ? "" : ": ",
                        r == -EPIPE ? "" : strerror(-r));
}

/* A refusal of the WebSocket (no 101) whose body is the executor's error reply
 * (busy, a bad route) is the run's end, as its error event would have been. */
static int refused(struct loop *l, struct upgraded *u, struct failure *f) {
        struct failure ignored;
        struct result res;

        if (reply_parse(u->rest.data, u->rest.len, false, &res, &ignored) == 0 && res.error) {
                l->out.in = TAKE_PTR(u->rest.data);
                l->out.end = (struct event){ .type = EVENT_ERROR, .result = res };
                return 0;
        }
        return fail_set(f, CLI_EXIT_UNREACHABLE, "%s refused the WebSocket of a live run "
                        "(GET /api/v2/connect): %s%s", l->a->server, u->status,
                        strstr(u->status, " 404") ? ": a proxy without the WebSocket route? "
                        "--no-stream runs batch" : "");
}

/* Piston's first message: the request, which q holds, as {"type":"init",...}. */
static void as_init(struct loop *l) {
        static const char init[] = "\"type\":\"init\",";

        memmove(l->q.buf + 1 + strlen(init), l->q.buf + 1, l->q.len - 1);
        memcpy(l->q.buf + 1, init, strlen(init));
        l->q.len += strlen(init);
}

int live_ws_open(struct loop *l, const struct net_target *t, struct failure *f) {
        struct upgraded u;
        int r = upgrade(l->sock, t->hostport, l->a->server, &u, f);

        if (r == 0 && u.refused)
                r = refused(l, &u, f);
        else if (r == 0 && (r = ws_new_client(l->sock, CLI_REPLY_BYTES, u.rest.data,
                                              u.rest.len, &l->ws)) < 0)
                r = fail_set(f, r == -ELIBACC || r == -ELIBBAD ? CLI_EXIT_USAGE
                                : CLI_EXIT_UNREACHABLE,
                             r == -ELIBACC || r == -ELIBBAD ? "a live run over http:// needs "
                             "libwslay1 (or --no-stream: a batch run)" : "the WebSocket: %s",
                             strerror(-r));
        else if (r == 0) {
                as_init(l);
                /* Frames that came with the 101, which poll cannot see. */
                r = live_ws_pump(l, 0, f);
        }
        free(u.rest.data);
        return r;
}

void live_ws_close(struct loop *l) {
        if (l->ws && loop_ended(l) && ws_send_close(l->ws, 1000, NULL) == 0)
                (void)ws_flush(l->ws, now_ms() + CLOSE_MS);
        ws_free(l->ws);
        l->ws = NULL;
}
