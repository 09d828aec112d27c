/* coderun.c: the coderun command. It runs source files on a coderun server (raw
 * JSON over TCP, docs/protocol.md) and behaves as if the program had run here:
 * its stdout, its stderr, its exit status. main() reads like the job, one call per
 * stage; only main() prints a failure and picks the exit status (fail.h). */
#include <stdio.h>
#include "base/util.h"
#include "cli/args.h"
#include "cli/body.h"
#include "cli/fail.h"
#include "cli/limitnote.h"
#include "cli/live.h"
#include "cli/load.h"
#include "cli/net.h"
#include "cli/outcome.h"
#include "cli/reply.h"
#include "cli/runtimes.h"
#include "cli/show.h"

#define CODERUN_VERSION "0.1.0"

static const char runtimes_request[] = "{\"op\":\"runtimes\"}";

/* The reply as the server sent it, less the blank it may put first (it writes one
 * to learn whether a client that half-closed is still there). */
static int print_raw(const struct bytes *reply) {
        size_t skip = strspn(reply->data, " \t\r\n");

        return write_all(STDOUT_FILENO, reply->data + skip, reply->len - skip);
}

static int fetch_runtimes(const struct args *a, struct bytes *ret_reply, struct failure *f) {
        return net_exchange(a->server, true, runtimes_request, strlen(runtimes_request), ret_reply, f);
}

static int list(const struct args *a, int *ret_code, struct failure *f) {
        struct runtimes rt;
        struct bytes reply;
        int r;

        r = fetch_runtimes(a, &reply, f);
        if (r < 0)
                return r;
        if (a->json)
                (void)print_raw(&reply);
        r = runtimes_parse(reply.data, reply.len, &rt, f);
        /* With --json the reply is the output: an error reply only sets the status. */
        if (r < 0 && a->json && f->exit == CLI_EXIT_SERVER_ERROR) {
                *ret_code = CLI_EXIT_SERVER_ERROR;
                return 0;
        }
        if (r < 0)
                return r;
        if (!a->json)
                show_runtimes(&rt);
        *ret_code = 0;
        return 0;
}

/* Which language a file is in: the one given, else the server's runtime list by its
 * extension or #! line; the list is asked for once, and only when needed. */
static int pick_language(const struct args *a, struct runtimes *rt, bool *fetched,
                         const char *path, const struct bytes *text, const char *given,
                         const char *label, const char *flag, const char **ret,
                         struct failure *f) {
        struct bytes reply;
        int r;

        if (given) {
                *ret = given;
                return 0;
        }
        if (!*fetched) {
                r = fetch_runtimes(a, &reply, f);
                if (r < 0)
                        return r;
                r = runtimes_parse(reply.data, reply.len, rt, f);
                if (r < 0)
                        return r;
                *fetched = true;
        }
        return runtimes_pick(rt, path, text->data, text->len, label, flag, ret, f);
}

/* The solution's language (-l), and the checker's or interactor's (--judge-language). */
static int pick_languages(const struct args *a, const struct loaded *in, const char **ret,
                          const char **ret_judge, struct failure *f) {
        char label[512];
        const char *flag, *judge = args_judge_file(a, &flag);
        struct runtimes rt;
        bool fetched = false;
        int r;

        r = pick_language(a, &rt, &fetched, a->files[0], &in->files[0], a->language,
                          a->files[0], "-l", ret, f);
        if (r < 0 || !judge)
                return r;
        snprintf(label, sizeof(label), "%s %s", flag, judge);
        return pick_language(a, &rt, &fetched, judge, &in->judge, a->judge_language, label,
                             "--judge-language", ret_judge, f);
}

/* One request, one reply: the output comes at the end. */
static int batch(const struct args *a, struct body *body, struct result *ret,
                 struct failure *f) {
        struct bytes reply;
        int r;

        r = net_exchange(a->server, false, body->buf, body->len, &reply, f);
        if (r < 0)
                return r;
        if (a->json)
                (void)print_raw(&reply);
        return reply_parse(reply.data, reply.len, body_base64(a), ret, f);
}

static int run(const struct args *a, int *ret_code, struct failure *f) {
        char note[512];
        const char *language = NULL, *judge_language = NULL;
        struct live l __attribute__((cleanup(live_free))) = {0};
        struct result res;
        struct loaded in;
        struct body body;
        int live, r;

        r = load_all(a, &in, f);
        if (r < 0)
                return r;
        live = live_wanted(a, &in, f);
        if (live < 0)
                return live;
        r = pick_languages(a, &in, &language, &judge_language, f);
        if (r < 0)
                return r;
        r = body_build(a, &in, language, judge_language, live, &body, f);
        if (r < 0)
                return r;
        r = live ? live_run(a, &body, &l, &res, f) : batch(a, &body, &res, f);
        if (r < 0)
                return r;
        if (l.replaced)
                show_error("typed input that was not UTF-8 went to the program as U+FFFD");
        if (res.error) {
                if (a->json) {
                        *ret_code = CLI_EXIT_SERVER_ERROR;
                        return 0;
                }
                if (limitnote_refusal(a, res.message, note, sizeof(note)))
                        return fail_set(f, CLI_EXIT_SERVER_ERROR, "%s", note);
                return fail_set(f, CLI_EXIT_SERVER_ERROR, "%s: %s", res.error,
                                res.message ? res.message : "(no message)");
        }
        *ret_code = outcome_exit(&res);
        if (a->json)
                return 0;
        /* A live run's output is on the screen already. */
        if (!live)
                (void)show_outputs(&res);
        if (res.tests)
                show_tests(&res, &in);
        if (outcome_note(&res, note, sizeof(note)))
                show_error(note);
        return 0;
}

int main(int argc, char **argv) {
        struct failure f = {0};
        struct args a;
        int code = 0, r;
        bool usage;

        r = args_parse(argc, argv, &a, &f);
        usage = r < 0;
        if (r >= 0 && a.help)
                fputs(args_help(), stdout);
        else if (r >= 0 && a.show_version)
                puts("coderun " CODERUN_VERSION);
        else if (r >= 0)
                r = a.list ? list(&a, &code, &f) : run(&a, &code, &f);
        if (r < 0) {
                show_error(f.message);
                if (usage)
                        fputs("Try 'coderun --help'.\n", stderr);
                code = f.exit;
        }
        return code;
}
