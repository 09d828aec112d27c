/* fuzz-parse.c: a libFuzzer target for request_parse; not part of make test.
 * It checks what request.h promises of an accepted request and frees it, so
 * LeakSanitizer stays on. The parity of the input's length picks the mode.
 *   clang -std=gnu17 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *     -DJSMN_STATIC -DJSMN_STRICT -DJSMN_PARENT_LINKS -o build/fuzz-parse \
 *     tests/wire/fuzz-parse.c base/util.c base/text.c base/json.c base/stagelimit.c \
 *     wire/parse.c wire/parse-fields.c wire/parse-files.c
 *   build/fuzz-parse -max_total_time=120 -max_len=4096 CORPUS_DIR */
#include <stdint.h>
#include "base/limits.h"
#include "wire/message.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_blob(const struct blob *b) {
        if (!b->data || b->data[b->len] != '\0')
                __builtin_trap();
}

static void fuzz_check_args(char *const *args, size_t n) {
        if (n > LIMIT_ARGS || (n && args[n]))
                __builtin_trap();
        for (size_t k = 0; k < n; k++)
                if (!args[k])
                        __builtin_trap();
}

static void fuzz_check(const struct message *m) {
        const struct request *req = &m->req;

        if (m->op == OP_RUNTIMES)
                return;
        if (!req->language || !req->version || strlen(req->language) > 32 ||
            req->n_files < 1 || req->n_files > LIMIT_FILES || req->n_tests > LIMIT_TESTS)
                __builtin_trap();
        for (size_t k = 0; k < req->n_files; k++) {
                const char *name = req->files[k].name;

                fuzz_check_blob(&req->files[k].content);
                if (name && (name[0] == '/' || !name[0] || strstr(name, "//") ||
                             strlen(name) > LIMIT_PATH_BYTES))
                        __builtin_trap();
        }
        fuzz_check_blob(&req->stdin);
        fuzz_check_args(req->args, req->n_args);
        for (size_t k = 0; k < req->n_tests; k++) {
                fuzz_check_blob(&req->tests[k].stdin);
                fuzz_check_args(req->tests[k].args, req->tests[k].n_args);
                if (req->tests[k].has_expected)
                        fuzz_check_blob(&req->tests[k].expected);
        }
        for (int k = 0; k < STAGE_LIMITS; k++)
                if (req->limits[k] < -1)
                        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        struct message m = { .mode = size % 2 ? MODE_HTTP : MODE_RAW };
        struct request *req = &m.req;
        struct problem p;
        char *body = malloc(size + 1);

        if (!body)
                return 0;
        memcpy(body, data, size);
        body[size] = '\0';
        if (request_parse(body, size, &m, &p) == 0)
                fuzz_check(&m);
        /* Tests share the request's args array when they have none of their own. */
        for (size_t k = 0; k < req->n_tests; k++)
                if (req->tests[k].args != req->args)
                        free(req->tests[k].args);
        free(req->tests);
        free(req->args);
        free(req->files);
        free(body);
        return 0;
}
