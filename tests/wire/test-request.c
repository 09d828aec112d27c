/* test-request.c: run request_read() on stdin/stdout and print what it framed as
 * one JSON line, for tests/wire/request.bats. It only reports; it never judges. Built
 * under ASan and UBSan by the Makefile's build/test-request rule. */
#include <stdio.h>
#include "wire/message.h"
#include "base/util.h"
#include "tests/harness.h"

static const char *const mode_names[] = { [MODE_RAW] = "raw", [MODE_HTTP] = "http" };
static const char *const op_names[] = {
        [OP_EXECUTE] = "execute", [OP_RUNTIMES] = "runtimes", [OP_HEALTH] = "health",
        [OP_CONNECT] = "connect",
};
/* The body points into request_read's buffer; a global keeps it reachable, so
 * LeakSanitizer does not report the buffer the executor frees by exiting. */
static char *kept;
static char *volatile kept_rest;

int main(void) {
        struct message req = {0};
        struct problem p = {0};
        char *body = NULL;
        size_t len = 0;
        int r;

        r = request_read(STDIN_FILENO, STDOUT_FILENO, &req, &body, &len, &p);
        kept = body;
        kept_rest = req.rest;
        /* As the executor, for a request that is no stream: what came after it is refused. */
        if (r >= 0)
                r = request_trailing(&req, &p);
        if (r < 0) {
                printf("{\"error\":\"%s\",\"mode\":\"%s\",\"errno\":%d,\"message\":",
                       err_names[p.err], mode_names[req.mode], -r);
                put_string(p.message, strlen(p.message));
                puts("}");
                return 0;
        }
        kept = body;
        printf("{\"mode\":\"%s\",\"op\":\"%s\",\"len\":%zu,\"rest\":%zu,\"body\":",
               mode_names[req.mode], op_names[req.op], len, req.n_rest);
        if (kept) {
                /* request_parse relies on the NUL after the body. */
                if (kept[len] != '\0')
                        printf("\"body not NUL-terminated\"");
                else
                        put_string(kept, len);
        } else
                printf("null");
        puts("}");
        return 0;
}
