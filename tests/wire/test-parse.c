/* test-parse.c: run request_parse() on the body read from stdin and print what
 * it made of it as one JSON line, for tests/wire/parse.bats. It only reports; it never
 * judges. argv[1] is the mode: "raw" (default) or "http". Built under ASan and
 * UBSan by `make build/test-parse`. Bytes are printed as hex so the bats suite
 * sees exactly what the parser decoded, NULs included. */
#include <stdio.h>
#include "base/limits.h"
#include "wire/message.h"
#include "base/util.h"
#include "tests/harness.h"

/* Globals keep what the parser allocated reachable, so LeakSanitizer does not
 * report memory the executor frees by exiting. */
static struct message msg;
static char *body;

static void put_hex(const struct blob *b) {
        putchar('"');
        for (size_t k = 0; k < b->len; k++)
                printf("%02x", (unsigned char)b->data[k]);
        putchar('"');
        /* request.h promises a NUL after every blob. */
        if (b->data[b->len] != '\0')
                printf(",\"NOT NUL-TERMINATED\":true");
}

static void put_args(char *const *args, size_t n) {
        printf("[");
        for (size_t k = 0; k < n; k++) {
                if (k)
                        putchar(',');
                put_str(args[k]);
        }
        printf("]");
        if (n && args[n] != NULL)
                printf(",\"NOT NULL-TERMINATED\":true");
}

static void put_request(void) {
        const struct request *req = &msg.req;

        printf("{\"op\":\"%s\"", msg.op == OP_RUNTIMES ? "runtimes" : "execute");
        if (msg.op == OP_RUNTIMES) {
                puts("}");
                return;
        }
        printf(",\"language\":");
        put_str(req->language);
        printf(",\"version\":");
        put_str(req->version);
        printf(",\"files\":[");
        for (size_t k = 0; k < req->n_files; k++) {
                printf(k ? ",{\"name\":" : "{\"name\":");
                if (req->files[k].name)
                        put_str(req->files[k].name);
                else
                        printf("null");
                printf(",\"content\":");
                put_hex(&req->files[k].content);
                printf("}");
        }
        printf("],\"stdin\":");
        put_hex(&req->stdin);
        printf(",\"args\":");
        put_args(req->args, req->n_args);
        printf(",\"limits\":{");
        for (int k = 0; k < STAGE_LIMITS; k++)
                printf("%s\"%s\":%lld", k ? "," : "", stage_limit_table[k].wire, req->limits[k]);
        printf("},\"tests\":");
        if (!req->tests)
                printf("null");
        for (size_t k = 0; k < req->n_tests; k++) {
                const struct test *t = &req->tests[k];

                printf(k ? ",{\"stdin\":" : "[{\"stdin\":");
                put_hex(&t->stdin);
                printf(",\"args\":");
                put_args(t->args, t->n_args);
                printf(",\"expected_output\":");
                if (t->has_expected)
                        put_hex(&t->expected);
                else
                        printf("null");
                printf(k + 1 == req->n_tests ? "}]" : "}");
        }
        printf(",\"output_base64\":%s}\n", msg.output_base64 ? "true" : "false");
}

int main(int argc, char **argv) {
        struct problem p = {0};
        size_t len = 0;
        ssize_t n = 0;
        int r;

        msg.mode = argc > 1 && streq(argv[1], "http") ? MODE_HTTP : MODE_RAW;
        body = malloc(LIMIT_REQUEST_BYTES + 2);
        if (!body)
                return 1;
        while (len <= LIMIT_REQUEST_BYTES &&
               (n = read(STDIN_FILENO, body + len, LIMIT_REQUEST_BYTES + 1 - len)) > 0)
                len += (size_t)n;
        if (n < 0)
                return 1;
        body[len] = '\0';       /* as request_read leaves it */
        if (len > LIMIT_REQUEST_BYTES)
                r = problem(&p, ERR_TOO_LARGE, "request over %u bytes", LIMIT_REQUEST_BYTES);
        else
                r = request_parse(body, len, &msg, &p);
        if (r < 0) {
                printf("{\"error\":\"%s\",\"errno\":%d,\"message\":", err_names[p.err], -r);
                put_str(p.message);
                puts("}");
                return 0;
        }
        put_request();
        return 0;
}
