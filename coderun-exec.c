/* coderun-exec: serves ONE request on one connection and exits. The connection comes
 * from socket activation (LISTEN_FDS, systemd Accept=yes) or is stdin/stdout (inetd,
 * or a local pipe). main() reads like the protocol: read, configure, find the
 * language, run, reply. Only this file decides what a failure means. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include "config/config.h"
#include "config/index.h"
#include "job/job.h"
#include "config/lang.h"
#include "base/limits.h"
#include "wire/listen.h"
#include "config/lookup.h"
#include "wire/reply.h"
#include "wire/request.h"
#include "job/slot.h"
#include "base/util.h"
#include "sandbox/cgroup.h"

struct conn {
        int in, out;
        struct reply reply;
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
static _noreturn_ void fail(struct conn *c, const struct problem *p) {
        int r;

        log_problem(p);
        c->reply.len = 0;
        reply_error(&c->reply, p->err, p->message);
        r = reply_send(&c->reply, c->out, reply_http_status(p->err));
        _exit(r < 0 ? 111 : 0);
}

/* Which backend would limit a job's memory and processes now (for /health). */
static const char *limits_backend(const struct config *cfg) {
        struct cgroup_base b;
        const char *why;

        if (cgroup_base_open(true, &b, &why) >= 0)
                return b.backend;
        return cfg->allow_rlimit_only ? "rlimit-only" : "none";
}

/* The connection when it is a socket, to watch for the client leaving mid-job;
 * -1 for a pipe, where EOF after the request is the normal case. */
static int client_socket(int fd) {
        struct stat st;

        return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) ? fd : -1;
}

/* fd 3 from systemd with Accept=yes (the first fd of LISTEN_FDS), else stdin/stdout. */
static int conn_open(struct conn *c) {
        int n = listen_fds();

        if (n < 0)
                return n;
        if (n > 1)
                return -E2BIG;
        c->in = c->out = n == 1 ? 3 : STDIN_FILENO;
        if (n == 0)
                c->out = STDOUT_FILENO;
        return 0;
}

/* [--config FILE]; anything else is a mistake in a unit file. */
static int parse_args(int argc, char **argv, const char **ret_config) {
        if (argc == 3 && streq(argv[1], "--config"))
                *ret_config = argv[2];
        else if (argc != 1)
                return -EINVAL;
        return 0;
}

int main(int argc, char **argv) {
        struct conn c = { .in = STDIN_FILENO, .out = STDOUT_FILENO };
        struct problem p = { ERR_INTERNAL, "" };
        struct message msg = { 0 };
        struct config cfg;
        struct langs langs;
        const struct lang *entry;
        struct lang lang;
        const char *config = NULL;
        unsigned free_slots;
        char *body;
        size_t len;
        int r;

        if (parse_args(argc, argv, &config) < 0) {
                fprintf(stderr, "usage: coderun-exec [--config FILE]\n");
                _exit(2);
        }

        /* Started with fd 0, 1 or 2 closed, a pipe of ours could land there and be
         * clobbered by the job's dup2(): fill them with /dev/null first. */
        while ((r = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0 && r <= STDERR_FILENO)
                fcntl(r, F_SETFD, 0);
        if (r > STDERR_FILENO)
                close(r);
        /* Not inherited: the dirs of the job's root must be readable by the job's
         * uid whatever umask the service manager or a shell gave us. */
        umask(022);
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

        r = request_read(c.in, c.out, &msg, &body, &len, &p);
        c.reply.mode = msg.mode;
        if (r < 0)
                fail(&c, &p);
        if (body && request_parse(body, len, &msg, &p) < 0)
                fail(&c, &p);
        c.reply.base64 = msg.output_base64;

        if (config_load(config, &cfg, &p) < 0)
                fail(&c, &p);
        /* The build-time index of lang.d, one file however many languages there
         * are; an execute then reads its own language's file only. */
        if (index_load(cfg.runtimes, &langs, &p) < 0)
                fail(&c, &p);

        switch (msg.op) {
        case OP_RUNTIMES:
                reply_runtimes(&c.reply, &langs);
                break;
        case OP_HEALTH:
                r = slot_count_free(&cfg, &free_slots);
                if (r < 0) {
                        problem(&p, ERR_INTERNAL, "counting free slots: %s", strerror(-r));
                        fail(&c, &p);
                }
                reply_health(&c.reply, free_slots, cfg.slots, limits_backend(&cfg));
                break;
        case OP_EXECUTE:
                entry = lookup_language(&langs, msg.req.language, msg.req.version, &p);
                if (!entry || lang_load_one(&cfg, entry, &lang, &p) < 0)
                        fail(&c, &p);
                if (job_run(&cfg, &lang, &msg.req, client_socket(c.in), msg.mode == MODE_RAW,
                            &c.reply, &p) < 0)
                        fail(&c, &p);
                break;
        }
        r = reply_send(&c.reply, c.out, 200);
        if (r == -E2BIG) {
                problem(&p, ERR_TOO_LARGE, "the reply would exceed %llu bytes",
                        (unsigned long long)LIMIT_REPLY_BYTES);
                fail(&c, &p);
        }
        return r < 0 ? 111 : 0;
}
