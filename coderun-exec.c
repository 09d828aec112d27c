/* coderun-exec: serves ONE request on one connection and exits. The connection comes
 * from socket activation (LISTEN_FDS, systemd Accept=yes) or is stdin/stdout (inetd,
 * or a local pipe). main() reads like the protocol: read, configure, answer. This is
 * the one file that joins the wire layer (framing, parsing, replies) to the job
 * layer (the sandboxed stages), and the only one that decides what a failure means. */
#include <stdio.h>
#include "base/limits.h"
#include "base/process.h"
#include "base/util.h"
#include "config/config.h"
#include "config/index.h"
#include "config/lang.h"
#include "config/lookup.h"
#include "job/job.h"
#include "job/slot.h"
#include "sandbox/cgroup.h"
#include "wire/batch.h"
#include "wire/conn.h"
#include "wire/message.h"
#include "wire/reply.h"
#include "wire/stream.h"

/* Everything one connection's request needs, for the steps of main(). */
struct exec {
        struct conn conn;
        struct message msg;
        struct reply reply;
        struct stream_sink stream;      /* a streaming request's sink, once it is known */
        bool streaming;
        struct config cfg;
        struct langs langs;
        struct problem p;
};

/* One journal line per failure. The message may quote the request: control bytes
 * become '?', so a client cannot forge log lines or send escape sequences. */
static void log_problem(const struct problem *p) {
        char msg[sizeof(p->message)];
        size_t i;

        for (i = 0; p->message[i] && i < sizeof(msg) - 1; i++)
                msg[i] = (unsigned char)p->message[i] < 0x20 || p->message[i] == 0x7f
                         ? '?' : p->message[i];
        msg[i] = '\0';
        fprintf(stderr, "coderun-exec: %s: %s\n",
                p->err == ERR_INTERNAL ? "internal error" : p->err == ERR_GONE ? "client gone" : "refused",
                msg);
}

/* Answer with an error in the client's framing, log one line, exit. Exit 0 when the
 * reply was written (an error reply is still a reply), 111 when it could not be. */
static _noreturn_ void fail(struct exec *x) {
        int r;

        log_problem(&x->p);
        /* A stream's client that left (or stopped taking what it was sent) is not
         * waited on again with an error event it would never read. */
        if (x->streaming && x->p.err == ERR_GONE)
                _exit(111);
        if (x->streaming && stream_started(&x->stream)) {
                r = stream_fail(&x->stream, &x->p);
                r = r < 0 ? r : stream_finish(&x->stream);
                _exit(r < 0 ? 111 : 0);
        }
        x->reply.len = 0;
        reply_error(&x->reply, x->p.err, x->p.message);
        r = reply_send(&x->reply, x->conn.out, reply_http_status(x->p.err));
        _exit(r < 0 ? 111 : 0);
}

/* [--config FILE]; anything else is a mistake in a unit file. */
static const char *parse_args(int argc, char **argv) {
        if (argc == 3 && streq(argv[1], "--config"))
                return argv[2];
        if (argc == 1)
                return NULL;
        fprintf(stderr, "usage: coderun-exec [--config FILE]\n");
        _exit(2);
}

/* The process, its reply buffer and its connection, before a byte is read. */
static void start(struct exec *x) {
        int r = process_sanitize();

        if (r >= 0)
                r = reply_init(&x->reply, MODE_RAW);
        if (r < 0) {
                fprintf(stderr, "coderun-exec: starting: %s\n", strerror(-r));
                _exit(111);
        }
        r = conn_open(&x->conn);
        if (r < 0) {
                problem(&x->p, ERR_INTERNAL, "socket activation: %s", strerror(-r));
                fail(x);
        }
}

/* The stream's sink, from the moment the request is known to be one: errors from
 * here on are its events (on a WebSocket, from the handshake on). */
static void stream_begin(struct exec *x) {
        int r = stream_init(&x->stream, &x->reply, &x->msg, x->conn.in, x->conn.out);

        if (r < 0) {
                problem(&x->p, ERR_INTERNAL, "the stream: %s", strerror(-r));
                fail(x);
        }
        x->streaming = true;
}

/* GET /api/v2/connect: the handshake, then the request as its init message. */
static int receive_init(struct exec *x, char **body, size_t *len) {
        stream_begin(x);
        if (stream_ws_accept(&x->stream, &x->msg, &x->p) < 0 ||
            stream_ws_init(&x->stream, body, len, &x->p) < 0)
                return -EINVAL;
        x->msg.ws_init = true;
        return 0;
}

/* Read and decode the request; the reply follows its framing from here on. */
static void receive(struct exec *x) {
        char *body;
        size_t len;
        int r;

        r = request_read(x->conn.in, x->conn.out, &x->msg, &body, &len, &x->p);
        x->reply.mode = x->msg.mode;
        if (r >= 0 && x->msg.op == OP_CONNECT)
                r = receive_init(x, &body, &len);
        if (r < 0 || (body && request_parse(body, len, &x->msg, &x->p) < 0))
                fail(x);
        x->reply.base64 = x->msg.output_base64;
        /* A WebSocket's stream began at the handshake, before its init said how
         * output is to be encoded. */
        if (x->streaming)
                stream_encoding(&x->stream, x->msg.output_base64);
        if (x->msg.req.stream && !x->streaming)
                stream_begin(x);
        if (request_trailing(&x->msg, &x->p) < 0)
                fail(x);
        if (x->streaming && x->msg.mode == MODE_RAW) {
                x->stream.early = x->msg.rest;
                x->stream.early_len = x->msg.n_rest;
        }
}

/* The server's config and the build-time index of lang.d: one file however many
 * languages there are; an execute then reads its own language's file only. */
static void configure(struct exec *x, const char *config) {
        if (config_load(config, &x->cfg, &x->p) < 0 ||
            index_load(x->cfg.runtimes, &x->langs, &x->p) < 0)
                fail(x);
}

/* Which backend would limit a job's memory and processes now (for /health). */
static const char *limits_backend(const struct config *cfg) {
        struct cgroup_base b;
        const char *why;

        if (cgroup_base_open(true, &b, &why) >= 0)
                return b.backend;
        return cfg->allow_rlimit_only ? "rlimit-only" : "none";
}

static void health(struct exec *x) {
        unsigned free_slots;
        int r = slot_count_free(&x->cfg, &free_slots);

        if (r < 0) {
                problem(&x->p, ERR_INTERNAL, "counting free slots: %s", strerror(-r));
                fail(x);
        }
        reply_health(&x->reply, free_slots, x->cfg.slots, limits_backend(&x->cfg));
}

/* "FIELD: ..." for a problem found in a judge's program. */
static void prefix(struct problem *p, const char *field) {
        char m[sizeof(p->message)];

        memcpy(m, p->message, sizeof(m));
        (void)problem(p, p->err, "%s: %s", field, m);
}

/* The job, its events built into the batch reply. */
static void execute(struct exec *x) {
        const struct request *req = &x->msg.req;
        const struct request *judge = req->interactor ? req->interactor : req->checker_program;
        const struct lang *entry;
        struct lang lang, judge_lang;
        struct batch batch;

        entry = lookup_language(&x->langs, req->language, req->version, &x->p);
        if (!entry || lang_load_one(&x->cfg, entry, &lang, &x->p) < 0)
                fail(x);
        /* A checker program's or interactor's language, looked up the same way. */
        if (judge) {
                entry = lookup_language(&x->langs, judge->language, judge->version, &x->p);
                if (!entry || lang_load_one(&x->cfg, entry, &judge_lang, &x->p) < 0) {
                        prefix(&x->p, req->interactor ? "interactor" : "checker");
                        fail(x);
                }
        }
        batch_init(&batch, &x->reply, x->conn.in, x->msg.mode);
        x->stream.ping_ms = x->cfg.stream_ping_ms;
        if (job_run(&x->cfg, &lang, judge ? &judge_lang : NULL, req,
                    x->streaming ? &x->stream.sink : &batch.sink, &x->p) < 0)
                fail(x);
}

static void answer(struct exec *x) {
        switch (x->msg.op) {
        case OP_RUNTIMES:
                reply_runtimes(&x->reply, &x->langs);
                break;
        case OP_HEALTH:
                health(x);
                break;
        case OP_EXECUTE:
        case OP_CONNECT:
                execute(x);
                break;
        }
}

/* The reply, whole; one that outgrew its reservation is answered as too_large. */
static int finish(struct exec *x) {
        int r;

        if (x->streaming) {
                r = stream_finish(&x->stream);
                if (r < 0)
                        fprintf(stderr, "coderun-exec: client gone: the stream's end was not "
                                "taken: %s\n", strerror(-r));
                return r < 0 ? 111 : 0;
        }
        r = reply_send(&x->reply, x->conn.out, 200);

        if (r == -E2BIG) {
                problem(&x->p, ERR_TOO_LARGE, "the reply would exceed %llu bytes",
                        (unsigned long long)LIMIT_REPLY_BYTES);
                fail(x);
        }
        return r < 0 ? 111 : 0;
}

int main(int argc, char **argv) {
        static struct exec x = { .conn = { STDIN_FILENO, STDOUT_FILENO },
                                 .p = { ERR_INTERNAL, "" } };
        const char *config = parse_args(argc, argv);
        int r;

        start(&x);
        receive(&x);
        configure(&x, config);
        answer(&x);
        r = finish(&x);
        job_after_reply();
        return r;
}
