/* live.h: a live run (a stream): the program's output shown as it is printed,
 * what the user types sent as it is typed, line by line on the terminal's own
 * line editing, or with --tty every key as it is pressed to the program's own
 * terminal. The user's terminal is as it was on every way out. */
#pragma once
#include <stdbool.h>
#include "cli/args.h"
#include "cli/body.h"
#include "cli/event.h"
#include "cli/fail.h"
#include "cli/load.h"
#include "cli/reply.h"

/* What a live run leaves: its result points into it until live_free. */
struct live {
        char *in;                       /* the server's events, done's among them */
        struct event end;               /* done or error */
        bool replaced;                  /* typed bytes that were not UTF-8 went as U+FFFD */
};

/* 1 when the run is to be live: on a terminal (stdin), or --tty, unless anything
 * makes it batch (--no-stream, --json, tests, stdin from a file or pipe). --tty
 * without a terminal is CLI_EXIT_USAGE. */
int live_wanted(const struct args *a, const struct loaded *in, struct failure *f);

/* Send req (a streaming request; live_run takes it) to a->server, over raw TCP or
 * http://'s WebSocket, and run it live until its done or error event, the result
 * of which is *ret. Leaving early (a third Ctrl-C, SIGTERM, SIGHUP) is exit 128 +
 * the signal; the server then kills the run, as for any client that leaves. */
int live_run(const struct args *a, struct body *req, struct live *l, struct result *ret,
             struct failure *f);
void live_free(struct live *l);
