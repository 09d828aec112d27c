/* body.h: the request as JSON (docs/protocol.md), in one buffer of the server's
 * request cap: what would not fit is refused here, not by the server. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include "cli/args.h"
#include "cli/fail.h"
#include "cli/load.h"

struct body {
        char *buf;
        size_t len, cap;
        bool over;                      /* something did not fit */
};

/* Whether s[0..n) is valid UTF-8, which a JSON string of a request must be. */
bool body_text_ok(const char *s, size_t n);

/* Whether the request asks for output as base64 (exact bytes): unless --encoding
 * says otherwise, yes, but not for --json, whose reply is for reading. */
bool body_base64(const struct args *a);

/* The execute request for language, with the files, stdin, args, tests and limits
 * of a and in, and in's checker or interactor program in judge_language; live asks
 * for a stream (with a->tty, on a terminal). Too large is CLI_EXIT_USAGE. */
int body_build(const struct args *a, const struct loaded *in, const char *language,
               const char *judge_language, bool live, struct body *ret, struct failure *f);

/* Append s, or the JSON string of the valid UTF-8 text s[0..n); past the buffer's
 * cap nothing more is written and over is set. Client events are written so too. */
void body_put_raw(struct body *b, const char *s);
void body_put_str(struct body *b, const char *s, size_t n);
