/* coderun-exec: serves ONE request on one connection and exits. The connection comes
 * from socket activation (LISTEN_FDS, systemd Accept=yes) or is stdin/stdout (inetd,
 * or a local pipe). main() reads like the protocol: read, configure, find the
 * language, run, reply. Only this file decides what a failure means. */
#include <signal.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>
#include "exec/config.h"
#include "exec/job.h"
#include "exec/lang.h"
#include "exec/reply.h"
#include "exec/request.h"
#include "exec/slot.h"
#include "exec/util.h"

struct conn {
        int in, out;
        struct reply reply;
};

/* Answer with an error in the client's framing, log one line, exit. Exit 0 when the
 * reply was written (an error reply is still a reply), 111 when it could not be. */
static _noreturn_ void fail(struct conn *c, const struct problem *p) {
        int r;

        fprintf(stderr, "coderun-exec: %s: %s\n",
                p->err == ERR_INTERNAL ? "internal error" : "refused", p->message);
        c->reply.len = 0;
        reply_error(&c->reply, p->err, p->message);
        r = reply_send(&c->reply, c->out, reply_http_status(p->err));
        _exit(r < 0 ? 111 : 0);
}

/* fd 3 from systemd with Accept=yes, else stdin/stdout. */
static int conn_open(struct conn *c) {
        int n = sd_listen_fds(1);

        if (n < 0)
                return n;
        if (n > 1)
                return -E2BIG;
        c->in = c->out = n == 1 ? SD_LISTEN_FDS_START : STDIN_FILENO;
        if (n == 0)
                c->out = STDOUT_FILENO;
        return 0;
}

static const char *config_path(int argc, char **argv) {
        if (argc == 3 && streq(argv[1], "--config"))
                return argv[2];
        return NULL;
}

int main(int argc, char **argv) {
        struct conn c = { .in = STDIN_FILENO, .out = STDOUT_FILENO };
        struct problem p = { ERR_INTERNAL, "" };
        struct request req = { 0 };
        struct config cfg;
        struct langs langs;
        const struct lang *lang;
        unsigned free_slots;
        char *body;
        size_t len;
        int r;

        /* A client that hangs up must not kill us mid-reply: write() then says EPIPE. */
        signal(SIGPIPE, SIG_IGN);
        r = reply_init(&c.reply, MODE_RAW);
        if (r < 0) {
                fprintf(stderr, "coderun-exec: reply buffer: %s\n", strerror(-r));
                _exit(111);
        }
        r = conn_open(&c);
        if (r < 0) {
                problem(&p, ERR_INTERNAL, "socket activation: %s", strerror(-r));
                fail(&c, &p);
        }

        r = request_read(c.in, c.out, &req, &body, &len, &p);
        c.reply.mode = req.mode;
        if (r < 0)
                fail(&c, &p);
        if (body && request_parse(body, len, &req, &p) < 0)
                fail(&c, &p);
        c.reply.base64 = req.output_base64;

        if (config_load(config_path(argc, argv), &cfg, &p) < 0)
                fail(&c, &p);
        if (lang_load_all(&cfg, &langs, &p) < 0)
                fail(&c, &p);

        switch (req.op) {
        case OP_RUNTIMES:
                reply_runtimes(&c.reply, &langs);
                break;
        case OP_HEALTH:
                r = slot_count_free(&cfg, &free_slots);
                if (r < 0) {
                        problem(&p, ERR_INTERNAL, "counting free slots: %s", strerror(-r));
                        fail(&c, &p);
                }
                reply_health(&c.reply, free_slots, cfg.slots);
                break;
        case OP_EXECUTE:
                lang = lang_find(&langs, req.language, req.version, &p);
                if (!lang)
                        fail(&c, &p);
                if (job_run(&cfg, lang, &req, &c.reply, &p) < 0)
                        fail(&c, &p);
                break;
        }
        r = reply_send(&c.reply, c.out, 200);
        return r < 0 ? 111 : 0;
}
