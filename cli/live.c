/* live.c: a live run (docs/protocol.md, "Streaming and interactive runs"): the
 * request, then the user's input as client events, while the server's events come
 * back and are shown at once. Over raw TCP each event is a line (NDJSON); over
 * http:// each is a WebSocket text message (GET /api/v2/connect, the request as
 * Piston's init), framed by wire/ws.c, the executor's own. One poll loop over
 * the connection, the user's stdin and our signals (a signalfd: no handler runs
 * between a terminal's change and its restore). Stdin is never made non-blocking:
 * its file description is the terminal's, shared with the shell. */
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include "base/util.h"
#include "cli/bounds.h"
#include "cli/live.h"
#include "cli/net.h"
#include "cli/term.h"
#include "cli/upgrade.h"
#include "wire/ws.h"

#define QUEUE_BYTES   (2u << 20)        /* room for events not yet sent */
#define READ_BELOW    (1u << 20)        /* stdin waits while this much is unsent: the
                                           server takes typed input no faster than
                                           the program reads it */
#define READ_BYTES    4096              /* one read of stdin: a line, or keys */
#define IDLE_MS       60000             /* the server pings a stream every 15 s */
#define INTERRUPTS    3                 /* Ctrl-C this often and we leave the run */
#define CLOSE_MS      1000              /* our WebSocket close frame, after done */

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

int live_wanted(const struct args *a, const struct loaded *in, struct failure *f) {
        bool batch = a->no_stream || a->json || in->n_tests > 0 || in->has_stdin;

        if (a->tty && !isatty(STDIN_FILENO))
                return fail_set(f, CLI_EXIT_USAGE, "--tty needs a terminal on stdin");
        return !batch && (a->tty || isatty(STDIN_FILENO));
}

/* The done or error event has come: the run is over. */
static bool ended(const struct loop *l) {
        return l->out.end.type == EVENT_DONE || l->out.end.type == EVENT_ERROR;
}

static size_t unsent(const struct loop *l) {
        return l->q.len - l->off;
}

/* What was sent leaves the queue's front, so appends find room at its end. */
static void compact(struct loop *l) {
        memmove(l->q.buf, l->q.buf + l->off, unsent(l));
        l->q.len -= l->off;
        l->off = 0;
}

static void send_resize(struct loop *l) {
        unsigned rows, cols;

        if (term_size(STDIN_FILENO, &rows, &cols))
                event_resize(&l->q, rows, cols);
}

static int leave(int sig, const char *why, struct failure *f) {
        return fail_set(f, CLI_EXIT_SIGNAL_BASE + sig, "%s: the run was left (the server ends it)",
                        why);
}

static int on_signal(struct loop *l, struct failure *f) {
        struct signalfd_siginfo si;

        while (read(l->sig, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
                compact(l);
                switch (si.ssi_signo) {
                case SIGINT:
                        if (++l->interrupts >= INTERRUPTS)
                                return leave(SIGINT, "the program went on after three Ctrl-C", f);
                        event_signal(&l->q, "SIGINT");
                        break;
                case SIGQUIT:
                        event_signal(&l->q, "SIGQUIT");
                        break;
                case SIGWINCH:
                        send_resize(l);
                        break;
                case SIGTSTP:
                        /* Stop as a program on a raw terminal would want: restored first. */
                        term_restore(&l->term);
                        (void)raise(SIGSTOP);
                        if (term_raw(&l->term, STDIN_FILENO) < 0)
                                return fail_set(f, CLI_EXIT_USAGE, "--tty: the terminal "
                                                "cannot be made raw again: %m");
                        send_resize(l);
                        break;
                case SIGTERM:
                        return leave(SIGTERM, "ended by SIGTERM", f);
                default:
                        return leave(SIGHUP, "ended by SIGHUP (the terminal is gone)", f);
                }
        }
        return 0;
}

/* One read of what the user typed, as a data event; end of file closes the
 * program's stdin once what came before it is written. */
static void on_stdin(struct loop *l) {
        char buf[sizeof(l->held) + READ_BYTES];
        size_t n = l->n_held, took;
        ssize_t r;

        memcpy(buf, l->held, n);
        r = read(STDIN_FILENO, buf + n, READ_BYTES);
        if (r < 0 && (errno == EINTR || errno == EAGAIN))
                return;
        compact(l);
        if (r > 0) {
                n += (size_t)r;
                took = event_data(&l->q, buf, n, false, &l->out.replaced);
                l->n_held = n - took;
                memcpy(l->held, buf + took, l->n_held);
                return;
        }
        /* End of file, or a terminal that hung up (EIO): nothing more will come. */
        (void)event_data(&l->q, buf, n, true, &l->out.replaced);
        l->n_held = 0;
        event_stdin_close(&l->q);
        l->stdin_open = false;
}

static int on_send(struct loop *l) {
        ssize_t n = send(l->sock, l->q.buf + l->off, unsent(l), MSG_NOSIGNAL);

        if (n >= 0)
                l->off += (size_t)n;
        else if (errno != EAGAIN && errno != EINTR)
                /* The server closed: what it said before, an error event, is still
                 * to be read. */
                l->sock_dead = true;
        return 0;
}

/* Output as the program printed it: the compile stage's to stderr, as in batch. */
static void show_data(const struct loop *l, const struct event *e) {
        int fd = l->compile || e->to_stderr ? STDERR_FILENO : STDOUT_FILENO;

        /* A reader that went away (| head) loses the rest, as in batch. */
        (void)write_all(fd, e->data.data, e->data.len);
}

static int on_line(struct loop *l, char *line, size_t len, struct failure *f) {
        struct event e;
        int r;

        if (strspn(line, " \t\r") == len)
                return 0;       /* the server's probes, blank lines */
        r = event_parse(line, len, body_base64(l->a), &e, f);
        if (r < 0)
                return r;
        if (e.type == EVENT_DONE || e.type == EVENT_ERROR) {
                l->out.end = e;
                return 0;
        }
        if (e.type == EVENT_STAGE)
                l->compile = e.compile;
        else if (e.type == EVENT_DATA)
                show_data(l, &e);
        free(e.json);
        return 0;
}

/* Room in out.in for need more bytes and a NUL. */
static int room(struct loop *l, size_t need, struct failure *f) {
        size_t cap = l->in_cap ? l->in_cap : 1u << 20;
        char *p;

        while (cap - l->in_len <= need && cap <= CLI_REPLY_BYTES)
                cap *= 2;
        if (cap == l->in_cap)
                return 0;
        p = cap <= CLI_REPLY_BYTES ? realloc(l->out.in, cap) : NULL;
        if (!p)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "the server's stream has an event "
                                "over %u MiB", CLI_REPLY_BYTES >> 20);
        l->out.in = p;
        l->in_cap = cap;
        return 0;
}

static int on_receive(struct loop *l, struct failure *f) {
        size_t from = 0;
        ssize_t n;
        char *nl;
        int r;

        r = room(l, 65536, f);
        if (r < 0)
                return r;
        n = recv(l->sock, l->out.in + l->in_len, l->in_cap - l->in_len - 1, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return 0;
        if (n <= 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "%s closed the connection before the "
                                "run ended", l->a->server);
        l->heard_ms = now_ms();
        l->in_len += (size_t)n;
        while (!ended(l) && (nl = memchr(l->out.in + from, '\n', l->in_len - from))) {
                *nl = '\0';
                r = on_line(l, l->out.in + from, (size_t)(nl - l->out.in - from), f);
                if (r < 0)
                        return r;
                from = (size_t)(nl - l->out.in) + 1;
        }
        /* After done, in is left as it is: the result's strings point into it. */
        if (!ended(l)) {
                memmove(l->out.in, l->out.in + from, l->in_len - from);
                l->in_len -= from;
        }
        return 0;
}

/* One WebSocket message, one event: copied into out.in, where done's stays. */
static int on_text(void *u, const char *buf, size_t len) {
        struct loop *l = u;
        struct failure *f = l->f;
        int r;

        if (ended(l))
                return 0;       /* after done, nothing more is read */
        l->in_len = 0;
        r = room(l, len, f);
        if (r == 0) {
                memcpy(l->out.in, buf, len);
                l->out.in[len] = '\0';
                r = on_line(l, l->out.in, len, f);
        }
        if (r < 0)
                l->text_r = r;
        return r;
}

/* The queue's whole events (lines) as text messages, each without its newline. */
static void to_ws(struct loop *l) {
        char *start, *nl;

        while (!l->sock_dead && (nl = memchr(start = l->q.buf + l->off, '\n', unsent(l)))) {
                if (ws_send_text(l->ws, start, (size_t)(nl - start)) < 0)
                        l->sock_dead = true;    /* a close is on its way: read it */
                l->off += (size_t)(nl - start) + 1;
        }
}

static int on_ws(struct loop *l, short revents, struct failure *f) {
        int code, r;

        if (revents & (POLLIN | POLLHUP | POLLERR))
                l->heard_ms = now_ms();
        r = ws_pump(l->ws, revents, on_text, l);
        if (l->text_r < 0)
                return l->text_r;
        if (r == 0 || ended(l))
                return 0;
        code = ws_close_code_received(l->ws);
        /* We closed first: wire/ws.c refused what the server sent. */
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

static int step(struct loop *l, struct failure *f) {
        size_t backlog;
        long long wait = l->heard_ms + IDLE_MS - now_ms();
        struct pollfd p[3];
        int r;

        if (l->ws)
                to_ws(l);
        backlog = unsent(l) + (l->ws ? ws_backlog(l->ws) : 0);
        p[0] = (struct pollfd){ l->sock, l->ws ? ws_events(l->ws) :
                                (short)(POLLIN | (unsent(l) && !l->sock_dead ? POLLOUT : 0)), 0 };
        p[1] = (struct pollfd){ l->stdin_open && backlog < READ_BELOW ? STDIN_FILENO : -1,
                                POLLIN, 0 };
        p[2] = (struct pollfd){ l->sig, POLLIN, 0 };
        if (wait <= 0)
                return fail_set(f, CLI_EXIT_UNREACHABLE, "no word from %s for %d s: the run "
                                "was left", l->a->server, IDLE_MS / 1000);
        if (poll(p, 3, (int)wait) < 0)
                return errno == EINTR ? 0 : fail_set(f, CLI_EXIT_UNREACHABLE, "poll: %m");
        if (p[2].revents && (r = on_signal(l, f)) < 0)
                return r;
        if (p[1].revents)
                on_stdin(l);
        if (l->ws) {
                /* What was typed goes out in this pump's writes. */
                to_ws(l);
                if ((r = on_ws(l, p[0].revents, f)) < 0)
                        return r;
        } else {
                if ((p[0].revents & POLLOUT) && (r = on_send(l)) < 0)
                        return r;
                if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) && (r = on_receive(l, f)) < 0)
                        return r;
        }
        if (l->q.over)
                return fail_set(f, CLI_EXIT_USAGE, "out of memory for typed input");
        return 0;
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

/* Over http://: the handshake, then the framing, the request first. */
static int open_ws(struct loop *l, const struct net_target *t, struct failure *f) {
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
                r = on_ws(l, 0, f);
        }
        free(u.rest.data);
        return r;
}

/* Signals become events on the signalfd, never handlers. They stay blocked: the
 * process ends soon after, and a pending one must not kill it before its note. */
static int take_signals(struct loop *l, struct failure *f) {
        sigset_t set;

        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGQUIT);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGHUP);
        if (l->a->tty) {
                sigaddset(&set, SIGWINCH);
                sigaddset(&set, SIGTSTP);
        }
        /* A reader of our stdout that leaves is a failed write, as in batch. */
        signal(SIGPIPE, SIG_IGN);
        if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 ||
            (l->sig = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
                return fail_set(f, CLI_EXIT_USAGE, "signalfd: %m");
        return 0;
}

int live_run(const struct args *a, struct body *req, struct live *ret_l, struct result *ret,
             struct failure *f) {
        struct loop l = { .a = a, .sock = -1, .sig = -1, .q = *req, .f = f,
                          .stdin_open = true };
        struct net_target t;
        char *grown;
        int r;

        *req = (struct body){0};
        grown = realloc(l.q.buf, l.q.len + QUEUE_BYTES);
        r = grown ? 0 : fail_set(f, CLI_EXIT_USAGE, "out of memory for the request");
        if (r == 0) {
                l.q.buf = grown;
                l.q.cap = l.q.len + QUEUE_BYTES;
                body_put_raw(&l.q, "\n");
                r = net_dial(a->server, &t, &l.sock, f);
        }
        if (r == 0 && t.web)
                r = open_ws(&l, &t, f);
        if (r == 0)
                r = take_signals(&l, f);
        if (r == 0 && a->tty && term_raw(&l.term, STDIN_FILENO) < 0)
                r = fail_set(f, CLI_EXIT_USAGE, "--tty: the terminal cannot be made raw: %m");
        if (r == 0 && a->tty)
                send_resize(&l);
        l.heard_ms = now_ms();
        while (r == 0 && !ended(&l))
                r = step(&l, f);
        term_restore(&l.term);
        if (l.ws && ended(&l) && ws_send_close(l.ws, 1000, NULL) == 0)
                (void)ws_flush(l.ws, now_ms() + CLOSE_MS);
        ws_free(l.ws);
        if (l.sock >= 0)
                close(l.sock);
        if (l.sig >= 0)
                close(l.sig);
        free(l.q.buf);
        *ret_l = l.out;
        if (r == 0)
                *ret = l.out.end.result;
        return r;
}

void live_free(struct live *l) {
        free(l->end.json);
        free(l->in);
        *l = (struct live){0};
}
