/* test-reply: drive the reply (wire/encode.c, reply.c, send.c) from the command
 * line for tests/wire/reply.bats.
 * Builds replies from stdin bytes and fabricated outcomes and sends them with
 * reply_send to stdout, a socketpair or a TCP client. A test tool: it may print.
 *
 * Built by the Makefile's build/test-reply rule (ASan and UBSan, -I. for the
 * root-relative includes).
 *
 * usage: test-reply [--http] [--base64] COMMAND [ARGS]
 *   str                      stdin as one JSON string (encode time on stderr)
 *   stage [key=value...]     {"run":{...}}, a stage whose stdout and output are
 *                            stdin; keys: name (default run; - for a tests[]
 *                            entry, with "passed", "verdict" and "checker_message"), code, sig, status,
 *                            mem, msg, cpu, wall, otrunc, etrunc
 *   compose                  a full execute reply: compile, then tests[2]
 *   error N [MESSAGE]        error reply for enum err N (HTTP status from the table)
 *   nerr                     print _ERR_MAX
 *   signal N | status N      print the wire name, or "null"
 *   runtimes | health FREE SLOTS
 *   overflow                 fill a reply past a small cap; print reply_send's result
 *   sock [silent]            send over a socketpair to a child that echoes it to
 *                            stdout; "silent": the child never closes; linger on stderr
 *   tcp                      serve one HTTP stage reply on 127.0.0.1; port on stdout
 */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "wire/reply.h"
#include "base/util.h"

static struct langs langs;

static char *slurp(size_t *ret_len) {
        size_t len = 0, cap = 1 << 16;
        char *buf = malloc(cap);
        ssize_t n;

        while (buf && (n = read(STDIN_FILENO, buf + len, cap - len)) > 0) {
                len += (size_t)n;
                if (len == cap)
                        buf = realloc(buf, cap *= 2);
        }
        if (!buf) {
                fprintf(stderr, "out of memory\n");
                exit(2);
        }
        *ret_len = len;
        return buf;
}

static void check(int r, const char *what) {
        if (r < 0) {
                fprintf(stderr, "%s: %s\n", what, strerror(-r));
                exit(1);
        }
}

static void outcome_from(struct outcome *o, char *data, size_t len, int argc, char **argv,
                         const char **ret_name) {
        *o = (struct outcome) { .code = 0, .memory = 1 << 20, .cpu_ms = 41, .wall_ms = 58 };
        o->out = (struct capture) { .buf = data, .len = len };
        o->err = (struct capture) { .buf = (char *)"warning\n", .len = 8 };
        o->all = o->out;
        for (int i = 0; i < argc; i++) {
                char *v = strchr(argv[i], '=');
                if (!v) {
                        fprintf(stderr, "bad key=value: %s\n", argv[i]);
                        exit(2);
                }
                *v++ = '\0';
                if (streq(argv[i], "name"))
                        *ret_name = streq(v, "-") ? NULL : v;
                else if (streq(argv[i], "code"))
                        o->code = atoi(v);
                else if (streq(argv[i], "sig"))
                        o->sig = atoi(v);
                else if (streq(argv[i], "status"))
                        o->status = (enum status)atoi(v);
                else if (streq(argv[i], "mem"))
                        o->memory = atoll(v);
                else if (streq(argv[i], "cpu"))
                        o->cpu_ms = atoll(v);
                else if (streq(argv[i], "wall"))
                        o->wall_ms = atoll(v);
                else if (streq(argv[i], "msg"))
                        snprintf(o->message, sizeof(o->message), "%s", v);
                else if (streq(argv[i], "otrunc"))
                        o->out.truncated = atoi(v);
                else if (streq(argv[i], "etrunc"))
                        o->err.truncated = atoi(v);
                else {
                        fprintf(stderr, "unknown key: %s\n", argv[i]);
                        exit(2);
                }
        }
}

/* A full execute reply, composed the way coderun-exec.c is meant to. */
static void compose(struct reply *r, const struct outcome *o) {
        static const struct verdict_info v[] = {
                { .verdict = VERDICT_AC, .passed = 1 },
                { .verdict = VERDICT_NONE, .passed = -1 },
        };

        reply_raw(r, "{\"language\":");
        reply_str(r, "c", 1);
        reply_raw(r, ",\"version\":");
        reply_str(r, "12.2.0", 6);
        reply_raw(r, ",");
        reply_stage(r, "compile", o);
        reply_raw(r, ",\"tests\":[");
        for (size_t i = 0; i < ELEMENTSOF(v); i++) {
                if (i)
                        reply_raw(r, ",");
                reply_test(r, o, &v[i]);
        }
        reply_raw(r, "]}");
}

static int sock_test(struct reply *r, bool silent) {
        int sv[2], status;
        long long t;
        pid_t pid;

        check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 ? -errno : 0, "socketpair");
        pid = fork();
        check(pid < 0 ? -errno : 0, "fork");
        if (pid == 0) {
                char buf[65536];
                ssize_t n;

                close(sv[0]);
                /* Unread input the sender must drain, or a TCP peer would get an RST. */
                check(write_all(sv[1], "junk the server never reads\n", 28), "child write");
                while ((n = read(sv[1], buf, sizeof(buf))) > 0)
                        check(write_all(STDOUT_FILENO, buf, (size_t)n), "child stdout");
                if (silent)
                        pause();
                _exit(0);
        }
        close(sv[1]);
        t = now_ms();
        check(reply_send(r, sv[0], 200), "reply_send");
        fprintf(stderr, "linger_ms=%lld\n", now_ms() - t);
        close(sv[0]);   /* as exit would: a reply_send that forgot its FIN must not hang us */
        if (silent)
                kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return 0;
}

static int tcp_test(struct reply *r) {
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        socklen_t alen = sizeof(a);
        int s = socket(AF_INET, SOCK_STREAM, 0), c;

        check(s < 0 ? -errno : 0, "socket");
        check(bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ? -errno : 0, "bind");
        check(listen(s, 1) < 0 ? -errno : 0, "listen");
        check(getsockname(s, (struct sockaddr *)&a, &alen) < 0 ? -errno : 0, "getsockname");
        printf("%d\n", ntohs(a.sin_port));
        fflush(stdout);
        c = accept(s, NULL, NULL);
        check(c < 0 ? -errno : 0, "accept");
        /* Read nothing: the client's request bytes stay unread, as after a parse error. */
        check(reply_send(r, c, 200), "reply_send");
        return 0;
}

int main(int argc, char **argv) {
        struct reply r;
        enum mode mode = MODE_RAW;
        bool base64 = false;
        const char *cmd, *name = "run";
        struct outcome o;
        _cleanup_free_ char *data = NULL;
        size_t len;
        long long t;

        for (argv++, argc--; argc > 0 && argv[0][0] == '-' && argv[0][1] == '-'; argv++, argc--) {
                if (streq(argv[0], "--http"))
                        mode = MODE_HTTP;
                else if (streq(argv[0], "--base64"))
                        base64 = true;
                else {
                        fprintf(stderr, "unknown option: %s\n", argv[0]);
                        return 2;
                }
        }
        if (argc < 1) {
                fprintf(stderr, "usage: see the top of tests/wire/test-reply.c\n");
                return 2;
        }
        cmd = argv[0];
        alarm(60);      /* a hang is a failure, not a stuck test run */
        check(reply_init(&r, mode), "reply_init");
        r.base64 = base64;

        if (streq(cmd, "str")) {
                data = slurp(&len);
                t = now_ns();
                reply_str(&r, data, len);
                fprintf(stderr, "encode_ms=%lld in=%zu out=%zu\n", (now_ns() - t) / 1000000, len, r.len);
        } else if (streq(cmd, "stage")) {
                data = slurp(&len);
                outcome_from(&o, data, len, argc - 1, argv + 1, &name);
                if (name)
                        reply_raw(&r, "{");
                t = now_ns();
                if (name)
                        reply_stage(&r, name, &o);
                else
                        reply_test(&r, &o, &(struct verdict_info) {
                                .verdict = VERDICT_WA, .passed = 0, .message = "line 1: \"x\"" });
                fprintf(stderr, "encode_ms=%lld\n", (now_ns() - t) / 1000000);
                if (name)
                        reply_raw(&r, "}");
        } else if (streq(cmd, "compose")) {
                data = slurp(&len);
                outcome_from(&o, data, len, argc - 1, argv + 1, &name);
                compose(&r, &o);
        } else if (streq(cmd, "error") && argc >= 2) {
                int e = atoi(argv[1]);
                reply_error(&r, (enum err)e, argc >= 3 ? argv[2] : NULL);
                check(reply_send(&r, STDOUT_FILENO, reply_http_status((enum err)e)), "reply_send");
                return 0;
        } else if (streq(cmd, "nerr")) {
                printf("%d\n", _ERR_MAX);
                return 0;
        } else if (streq(cmd, "signal") && argc >= 2) {
                const char *s = reply_signal_name(atoi(argv[1]));
                printf("%s\n", s ? s : "null");
                return 0;
        } else if (streq(cmd, "status") && argc >= 2) {
                const char *s = reply_status_name((enum status)atoi(argv[1]));
                printf("%s\n", s ? s : "null");
                return 0;
        } else if (streq(cmd, "runtimes")) {
                langs.list[0] = (struct lang) { .name = "c", .version = "12.2.0", .n_compile = 3,
                                                .aliases = { "gcc" }, .n_aliases = 1 };
                langs.list[1] = (struct lang) { .name = "python", .version = "3.11.2",
                                                .aliases = { "py", "python3" }, .n_aliases = 2 };
                langs.list[2] = (struct lang) { .name = "lua", .version = "5.4" };
                langs.n = 3;
                reply_runtimes(&r, &langs);
        } else if (streq(cmd, "health") && argc >= 3) {
                reply_health(&r, (unsigned)atoi(argv[1]), (unsigned)atoi(argv[2]),
                             argc > 3 ? argv[3] : "cgroup-v1");
        } else if (streq(cmd, "overflow")) {
                int ret;

                char big[300];

                memset(big, 'x', sizeof(big));
                r.cap = 256;
                reply_raw(&r, "{\"stdout\":");
                reply_str(&r, big, sizeof(big));
                reply_raw(&r, "}");
                ret = reply_send(&r, STDOUT_FILENO, 200);
                fprintf(stderr, "send=%d len_over_cap=%d\n", ret, r.len > r.cap);
                if (ret != -E2BIG)
                        return 1;
                /* What fail() does next: the error body starts over and fits. */
                reply_error(&r, ERR_INTERNAL, "reply too large");
        } else if (streq(cmd, "sock")) {
                data = slurp(&len);
                outcome_from(&o, data, len, 0, NULL, &name);
                reply_stage(&r, NULL, &o);
                return sock_test(&r, argc >= 2 && streq(argv[1], "silent"));
        } else if (streq(cmd, "tcp")) {
                data = slurp(&len);
                outcome_from(&o, data, len, 0, NULL, &name);
                reply_stage(&r, NULL, &o);
                return tcp_test(&r);
        } else {
                fprintf(stderr, "unknown command: %s\n", cmd);
                return 2;
        }
        check(reply_send(&r, STDOUT_FILENO, 200), "reply_send");
        return 0;
}
