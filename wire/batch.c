/* batch.c: the batch reply as a sink. Each event appends its part of the one JSON
 * object ({"language", "version", "compile", "run" or "tests"}) as it happens, so
 * capture buffers can be reused by the next stage; output is taken at each
 * stage's end, whole, from its outcome. */
#include <stddef.h>
#include <string.h>
#include "wire/batch.h"

#define BATCH(s) ((struct batch *)((char *)(s) - offsetof(struct batch, sink)))

static int job_begin(struct sink *s, const char *language, const char *version) {
        struct reply *r = BATCH(s)->reply;

        reply_raw(r, "{\"language\":");
        reply_str(r, language, strlen(language));
        reply_raw(r, ",\"version\":");
        reply_str(r, version, strlen(version));
        return 0;
}

static int stage_begin(struct sink *s, enum stage_kind kind, size_t test) {
        struct batch *b = BATCH(s);

        if (kind == STAGE_TEST && test == 0) {
                reply_raw(b->reply, ",\"tests\":[");
                b->tests = true;
        }
        return 0;
}

/* The whole output comes with the stage's end. */
static int output(struct sink *s, enum stream which, const char *buf, size_t len) {
        (void)s, (void)which, (void)buf, (void)len;
        return 0;
}

static int stage_end(struct sink *s, enum stage_kind kind, const struct outcome *o) {
        struct reply *r = BATCH(s)->reply;

        reply_raw(r, ",");
        reply_stage(r, kind == STAGE_COMPILE ? "compile" : "run", o);
        return 0;
}

static int test_end(struct sink *s, size_t test, const struct outcome *o,
                    const struct verdict_info *v) {
        struct reply *r = BATCH(s)->reply;

        if (test > 0)
                reply_raw(r, ",");
        reply_test(r, o, v);
        return 0;
}

static int done(struct sink *s) {
        struct batch *b = BATCH(s);

        reply_raw(b->reply, b->tests ? "]}" : "}");
        return 0;
}

/* A batch client sends nothing while its job runs: only whether it left counts. */
static void client_poll(struct sink *s, struct stage_ctl *ctl, struct client_wait *w) {
        (void)ctl;
        w->fd[0] = watch_fd(&BATCH(s)->watch, &w->events[0], &w->timeout_ms);
}

static enum watch_verdict client_event(struct sink *s, struct stage_ctl *ctl,
                                       const short revents[2]) {
        (void)ctl;
        return watch_event(&BATCH(s)->watch, revents[0]);
}

static const struct sink_ops batch_ops = {
        .job_begin = job_begin,
        .stage_begin = stage_begin,
        .output = output,
        .stage_end = stage_end,
        .test_end = test_end,
        .done = done,
        .client_poll = client_poll,
        .client_event = client_event,
};

void batch_init(struct batch *b, struct reply *r, int fd, enum mode mode) {
        *b = (struct batch) { .sink = { .ops = &batch_ops }, .reply = r };
        watch_init(&b->watch, fd, mode);
}
