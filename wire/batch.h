/* batch.h: the sink that builds today's one-reply answer from the job's events. */
#pragma once
#include <stdbool.h>
#include "base/sink.h"
#include "wire/reply.h"
#include "wire/watch.h"

struct batch {
        struct sink sink;
        struct reply *reply;
        struct watch watch;
        bool tests;             /* "tests":[ is open */
};

/* A batch sink appending to r, watching the client on fd (mode: its framing). */
void batch_init(struct batch *b, struct reply *r, int fd, enum mode mode);
