/* err.h: the executor's own failures (enum err) and a program's outcome (enum status).
 * reply.c holds the one table mapping each to its wire string and HTTP status. */
#pragma once

enum err {
        ERR_BAD_REQUEST,
        ERR_NOT_FOUND,          /* bad_request, HTTP 404 */
        ERR_METHOD,             /* bad_request, HTTP 405 */
        ERR_LENGTH_REQUIRED,    /* bad_request, HTTP 411 */
        ERR_UNKNOWN_LANGUAGE,
        ERR_TOO_LARGE,
        ERR_TIMEOUT,
        ERR_BUSY,
        ERR_INTERNAL,
        ERR_GONE,               /* the client left mid-job: logged, the reply reaches no one */
        _ERR_MAX,
};

enum status {
        STATUS_OK,              /* exited 0: wire null */
        STATUS_RE,              /* non-zero exit */
        STATUS_SG,              /* killed by a signal */
        STATUS_TO,              /* wall or CPU time limit */
        STATUS_ML,              /* memory limit */
        STATUS_OL,              /* stdout over the limit */
        STATUS_EL,              /* stderr over the limit */
        STATUS_XX,              /* internal error while running */
        _STATUS_MAX,
};

/* Why a request failed, for the error reply: a code and words naming the field. */
struct problem {
        enum err err;
        char message[256];
};

/* Fill p and return -EINVAL: parse helpers end with `return problem(p, ...)`. */
int problem(struct problem *p, enum err err, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
