/* stream.c: the job's events as stream events (docs/protocol.md, Streaming):
 * runtime, stage, data as the output arrives, exit with the stage's fields, and
 * done with the whole batch reply, which the batch sink builds alongside from the
 * same events. Output text never splits a UTF-8 character across two data events.
 * How the events reach the client is stream-out.c's; what the client sends back,
 * stream-client.c's. */
#include <errno.h>
#include <string.h>
#include "base/text.h"
#include "wire/stream.h"

#define STREAM(x) ((struct stream_sink *)((char *)(x) - offsetof(struct stream_sink, sink)))

static const char *const stage_names[] = {
        [STAGE_COMPILE] = "compile", [STAGE_RUN] = "run", [STAGE_TEST] = "run",
};

static void ev_start(struct stream_sink *s, const char *type) {
        s->ev.len = 0;
        reply_raw(&s->ev, "{\"type\":\"");
        reply_raw(&s->ev, type);
        reply_raw(&s->ev, "\"");
}

static void ev_stage(struct stream_sink *s) {
        reply_raw(&s->ev, ",\"stage\":\"");
        reply_raw(&s->ev, s->stage);
        reply_raw(&s->ev, "\"");
        if (s->test >= 0) {
                reply_raw(&s->ev, ",\"test\":");
                reply_int(&s->ev, s->test);
        }
}

static int job_begin(struct sink *k, const char *language, const char *version) {
        struct stream_sink *s = STREAM(k);

        (void)s->batch.sink.ops->job_begin(&s->batch.sink, language, version);
        ev_start(s, "runtime");
        reply_raw(&s->ev, ",\"language\":");
        reply_str(&s->ev, language, strlen(language));
        reply_raw(&s->ev, ",\"version\":");
        reply_str(&s->ev, version, strlen(version));
        reply_raw(&s->ev, "}");
        return stream_emit(s, "runtime");
}

static int stage_begin(struct sink *k, enum stage_kind kind, size_t test) {
        struct stream_sink *s = STREAM(k);

        (void)s->batch.sink.ops->stage_begin(&s->batch.sink, kind, test);
        s->stage = stage_names[kind];
        s->test = kind == STAGE_TEST ? (long)test : -1;
        s->tail[0].n = s->tail[1].n = 0;
        ev_start(s, "stage");
        ev_stage(s);
        reply_raw(&s->ev, "}");
        return stream_emit(s, "stage");
}

/* How many bytes at the end of buf[0..len) begin a UTF-8 sequence that the end
 * cut off (0 to 3): they wait for the next chunk. A sequence that is invalid in
 * itself is not held back: the encoder makes it U+FFFD now. */
static size_t cut_sequence(const char *buf, size_t len) {
        const unsigned char *end = (const unsigned char *)buf + len;

        for (size_t back = 1; back <= 3 && back <= len; back++) {
                const unsigned char *p = end - back;
                int n;

                if ((*p & 0xc0) == 0x80)
                        continue;       /* a continuation byte: its lead is further back */
                if (*p < 0xc2 || *p > 0xf4)
                        return 0;       /* ASCII, or no lead byte at all */
                n = text_utf8_seq(p, end);
                return n < 0 && p - n >= end ? back : 0;
        }
        return 0;
}

static int data_event(struct stream_sink *s, enum stream which, const char *buf, size_t len) {
        ev_start(s, "data");
        reply_raw(&s->ev, which == STREAM_STDOUT ? ",\"stream\":\"stdout\",\"data\":" :
                  ",\"stream\":\"stderr\",\"data\":");
        if (s->ev.base64)
                reply_base64(&s->ev, buf, len);
        else
                reply_str(&s->ev, buf, len);
        reply_raw(&s->ev, "}");
        return stream_emit(s, "data");
}

/* Text output with what the last chunk cut off in front, less what this one cuts
 * off at its end. Chunks are one read of a pipe: at most 64 KiB. */
static int output(struct sink *k, enum stream which, const char *buf, size_t len) {
        struct stream_sink *s = STREAM(k);
        struct utf8_tail *t = &s->tail[which];
        char joined[65536 + sizeof(t->b)];
        size_t n, keep;

        if (s->ev.base64)
                return data_event(s, which, buf, len);
        while (len > 0) {
                n = len < sizeof(joined) - t->n ? len : sizeof(joined) - t->n;
                memcpy(joined, t->b, t->n);
                memcpy(joined + t->n, buf, n);
                buf += n;
                len -= n;
                n += t->n;
                keep = cut_sequence(joined, n);
                memcpy(t->b, joined + n - keep, keep);
                t->n = keep;
                if (n > keep && data_event(s, which, joined, n - keep) < 0)
                        return -EPIPE;
        }
        return 0;
}

/* A stage's output ends whole: what is left of a cut sequence is not UTF-8. */
static void flush_tails(struct stream_sink *s) {
        for (int i = 0; i < 2; i++)
                if (s->tail[i].n > 0) {
                        (void)data_event(s, (enum stream)i, s->tail[i].b, s->tail[i].n);
                        s->tail[i].n = 0;
                }
}

static int exit_event(struct stream_sink *s, const struct outcome *o,
                      const struct verdict_info *v) {
        flush_tails(s);
        ev_start(s, "exit");
        ev_stage(s);
        reply_stage_fields(&s->ev, o);
        if (v)
                reply_verdict(&s->ev, v);
        reply_raw(&s->ev, "}");
        return stream_emit(s, "exit");
}

static int stage_end(struct sink *k, enum stage_kind kind, const struct outcome *o) {
        struct stream_sink *s = STREAM(k);

        (void)s->batch.sink.ops->stage_end(&s->batch.sink, kind, o);
        return exit_event(s, o, NULL);
}

/* A test not run (stop_on_failure) had no stage event, so it gets no exit event
 * either: only its entry in done's result says NR. */
static int test_end(struct sink *k, size_t test, const struct outcome *o,
                    const struct verdict_info *v) {
        struct stream_sink *s = STREAM(k);

        (void)s->batch.sink.ops->test_end(&s->batch.sink, test, o, v);
        if (v->verdict == VERDICT_NR)
                return 0;
        return exit_event(s, o, v);
}

/* The last event: the batch reply, whole, as its result. */
static int done(struct sink *k) {
        struct stream_sink *s = STREAM(k);

        (void)s->batch.sink.ops->done(&s->batch.sink);
        s->ev.len = 0;
        reply_raw(&s->ev, "{\"type\":\"done\",\"result\":");
        s->finished = true;
        return stream_emit_done(s, s->batch.reply);
}

const struct sink_ops stream_ops = {
        .job_begin = job_begin,
        .stage_begin = stage_begin,
        .output = output,
        .stage_end = stage_end,
        .test_end = test_end,
        .done = done,
        .client_poll = stream_client_poll,
        .client_event = stream_client_event,
};
