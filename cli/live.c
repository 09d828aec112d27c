/* live.c: a live run (docs/protocol.md, "Streaming and interactive runs"): the
 * request, then the user's input as client events, while the server's events come
 * back and are shown at once. Over raw TCP each event is a line (NDJSON); over
 * http:// each is a WebSocket text message (GET /api/v2/connect, the request as
 * Piston's init), framed by base/ws.c, the executor's own. One poll loop over
 * the connection, the user's stdin and our signals (a signalfd: no handler runs
 * between a terminal's change and its restore). Stdin is never made non-blocking:
 * its file description is the terminal's, shared with the shell. */
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include "base/util.h"
#include "cli/bounds.h"
#include "cli/live-loop.h"

#define QUEUE_BYTES   (2u << 20)        /* room for events not yet sent */
#define READ_BELOW    (1u << 20)        /* stdin waits while this much is unsent: the
                                           server takes typed input no faster than
                                           the program reads it */
#define READ_BYTES    4096              /* one read of stdin: a line, or keys */
#define IDLE_MS       60000             /* the server pings a stream every 15 s */
#define INTERRUPTS    3                 /* Ctrl-C this often and we leave the run */


int live_wanted(const struct args *a, const struct loaded *in, struct failure *f) {
        bool batch = a->no_stream || a->json || in->n_tests > 0 || in->has_stdin;

        if (a->tty && !isatty(STDIN_FILENO))
                return fail_set(f, CLI_EXIT_USAGE, "--tty needs a terminal on stdin");
        return !batch && (a->tty || isatty(STDIN_FILENO));
}

bool loop_ended(const struct loop *l) {
        return l->out.end.type == EVENT_DONE || l->out.end.type == EVENT_ERROR;
}

size_t loop_unsent(const struct loop *l) {
        return l->q.len - l->off;
}

/* What was sent leaves the queue's front, so appends find room at its end. */
static void compact(struct loop *l) {
        memmove(l->q.buf, l->q.buf + l->off, loop_unsent(l));
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
        ssize_t n = send(l->sock, l->q.buf + l->off, loop_unsent(l), MSG_NOSIGNAL);

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

int loop_line(struct loop *l, char *line, size_t len, struct failure *f) {
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

int loop_room(struct loop *l, size_t need, struct failure *f) {
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

        r = loop_room(l, 65536, f);
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
        while (!loop_ended(l) && (nl = memchr(l->out.in + from, '\n', l->in_len - from))) {
                *nl = '\0';
                r = loop_line(l, l->out.in + from, (size_t)(nl - l->out.in - from), f);
                if (r < 0)
                        return r;
                from = (size_t)(nl - l->out.in) + 1;
        }
        /* After done, in is left as it is: the result's strings point into it. */
        if (!loop_ended(l)) {
                memmove(l->out.in, l->out.in + from, l->in_len - from);
                l->in_len -= from;
        }
        return 0;
}

static int step(struct loop *l, struct failure *f) {
        size_t backlog;
        long long wait = l->heard_ms + IDLE_MS - now_ms();
        struct pollfd p[3];
        int r;

        if (l->ws)
                live_ws_queue(l);
        backlog = loop_unsent(l) + (l->ws ? ws_backlog(l->ws) : 0);
        p[0] = (struct pollfd){ l->sock, l->ws ? ws_events(l->ws) :
                                (short)(POLLIN | (loop_unsent(l) && !l->sock_dead ? POLLOUT : 0)), 0 };
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
                live_ws_queue(l);
                if ((r = live_ws_pump(l, p[0].revents, f)) < 0)
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
                r = live_ws_open(&l, &t, f);
        if (r == 0)
                r = take_signals(&l, f);
        if (r == 0 && a->tty && term_raw(&l.term, STDIN_FILENO) < 0)
                r = fail_set(f, CLI_EXIT_USAGE, "--tty: the terminal cannot be made raw: %m");
        if (r == 0 && a->tty)
                send_resize(&l);
        l.heard_ms = now_ms();
        while (r == 0 && !loop_ended(&l))
                r = step(&l, f);
        term_restore(&l.term);
        live_ws_close(&l);
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
