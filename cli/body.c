/* body.c: encodes the execute request. Sources that are valid UTF-8 go as text
 * (what the server and a human reading --json expect), others as base64; stdin,
 * args and expected output can only be text in the protocol, and load.c and
 * args.c have checked that they are. Never writes past its buffer. */
#include <stdio.h>
#include "base/text.h"
#include "base/util.h"
#include "cli/base64.h"
#include "cli/body.h"

bool body_text_ok(const char *s, size_t n) {
        const unsigned char *p = (const unsigned char *)s, *end = p + n;

        while (p < end) {
                int k = text_utf8_seq(p, end);
                if (k < 0)
                        return false;
                p += k;
        }
        return true;
}

/* base64 is the only way binary output arrives intact. */
bool body_base64(const struct args *a) {
        return a->encoding == ENCODING_BASE64 || (a->encoding == ENCODING_DEFAULT && !a->json);
}

static void put(struct body *b, const char *s, size_t n) {
        if (b->over || n > b->cap - b->len) {
                b->over = true;
                return;
        }
        memcpy(b->buf + b->len, s, n);
        b->len += n;
}

void body_put_raw(struct body *b, const char *s) {
        put(b, s, strlen(s));
}

/* A JSON string of valid UTF-8 text: only quotes, backslashes and control bytes
 * are escaped, so text costs about its own size. */
void body_put_str(struct body *b, const char *s, size_t n) {
        size_t from = 0;

        body_put_raw(b, "\"");
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                char esc[8];

                if (c >= 0x20 && c != '"' && c != '\\')
                        continue;
                put(b, s + from, i - from);
                from = i + 1;
                switch (c) {
                case '"':  body_put_raw(b, "\\\""); break;
                case '\\': body_put_raw(b, "\\\\"); break;
                case '\n': body_put_raw(b, "\\n"); break;
                case '\t': body_put_raw(b, "\\t"); break;
                case '\r': body_put_raw(b, "\\r"); break;
                default:
                        snprintf(esc, sizeof(esc), "\\u%04x", c);
                        body_put_raw(b, esc);
                }
        }
        put(b, s + from, n - from);
        body_put_raw(b, "\"");
}

static void put_cstr(struct body *b, const char *s) {
        body_put_str(b, s, strlen(s));
}

static void put_base64(struct body *b, const struct bytes *v) {
        size_t n = base64_len(v->len);

        body_put_raw(b, "\"");
        if (b->over || n > b->cap - b->len) {
                b->over = true;
                return;
        }
        base64_encode((const unsigned char *)v->data, v->len, b->buf + b->len);
        b->len += n;
        body_put_raw(b, "\"");
}

/* One file object: name (NULL: the language's default), its content as text when
 * it is valid UTF-8, else as base64. */
static void put_file(struct body *b, const char *name, const struct bytes *c) {
        bool text = body_text_ok(c->data, c->len);

        body_put_raw(b, "{");
        if (name) {
                body_put_raw(b, "\"name\":");
                put_cstr(b, name);
                body_put_raw(b, ",");
        }
        body_put_raw(b, "\"content\":");
        if (text)
                body_put_str(b, c->data, c->len);
        else
                put_base64(b, c);
        body_put_raw(b, text ? "}" : ",\"encoding\":\"base64\"}");
}

static void put_files(struct body *b, const struct loaded *in) {
        body_put_raw(b, ",\"files\":[");
        for (size_t i = 0; i < in->n_files; i++) {
                body_put_raw(b, i ? "," : "");
                put_file(b, in->names[i], &in->files[i]);
        }
        body_put_raw(b, "]");
}

static void put_tests(struct body *b, const struct loaded *in) {
        body_put_raw(b, ",\"tests\":[");
        for (size_t i = 0; i < in->n_tests; i++) {
                body_put_raw(b, i ? ",{\"stdin\":" : "{\"stdin\":");
                body_put_str(b, in->tests[i].in.data, in->tests[i].in.len);
                if (in->tests[i].has_out) {
                        body_put_raw(b, ",\"expected_output\":");
                        body_put_str(b, in->tests[i].out.data, in->tests[i].out.len);
                }
                body_put_raw(b, "}");
        }
        body_put_raw(b, "]");
}

/* --checker (a built-in: already the field's JSON), --checker FILE or
 * --interactor FILE in language, --stop-on-failure, --compile-arg. A program
 * takes the server's default limits and any version of its language. */
static void put_judging(struct body *b, const struct args *a, const struct loaded *in,
                        const char *language) {
        if (a->checker[0]) {
                body_put_raw(b, ",\"checker\":");
                body_put_raw(b, a->checker);
        }
        if (in->judge_name) {
                body_put_raw(b, a->interactor_file ? ",\"interactor\":{\"language\":" :
                             ",\"checker\":{\"type\":\"program\",\"language\":");
                put_cstr(b, language);
                body_put_raw(b, ",\"files\":[");
                put_file(b, in->judge_name, &in->judge);
                body_put_raw(b, "]}");
        }
        if (a->stop_on_failure)
                body_put_raw(b, ",\"stop_on_failure\":true");
        for (size_t i = 0; i < a->n_compile_args; i++) {
                body_put_raw(b, i ? "," : ",\"compile_args\":[");
                put_cstr(b, a->compile_args[i]);
        }
        if (a->n_compile_args > 0)
                body_put_raw(b, "]");
}

int body_build(const struct args *a, const struct loaded *in, const char *language,
               const char *judge_language, bool live, struct body *ret, struct failure *f) {
        struct body b = { .cap = CLI_REQUEST_BYTES };
        char num[32];

        b.buf = malloc(b.cap);
        if (!b.buf)
                return fail_set(f, CLI_EXIT_USAGE, "out of memory for the request");
        body_put_raw(&b, "{\"language\":");
        put_cstr(&b, language);
        if (a->version) {
                body_put_raw(&b, ",\"version\":");
                put_cstr(&b, a->version);
        }
        put_files(&b, in);
        if (in->has_stdin) {
                body_put_raw(&b, ",\"stdin\":");
                body_put_str(&b, in->stdin.data, in->stdin.len);
        }
        if (a->n_prog_args > 0) {
                body_put_raw(&b, ",\"args\":[");
                for (size_t i = 0; i < a->n_prog_args; i++) {
                        body_put_raw(&b, i ? "," : "");
                        put_cstr(&b, a->prog_args[i]);
                }
                body_put_raw(&b, "]");
        }
        if (in->n_tests > 0)
                put_tests(&b, in);
        put_judging(&b, a, in, judge_language);
        for (size_t i = 0; i < a->n_limits; i++) {
                snprintf(num, sizeof(num), "%lld", a->limits[i].value);
                body_put_raw(&b, ",\"");
                body_put_raw(&b, a->limits[i].field);
                body_put_raw(&b, "\":");
                body_put_raw(&b, num);
        }
        if (body_base64(a))
                body_put_raw(&b, ",\"output_encoding\":\"base64\"");
        if (live)
                body_put_raw(&b, a->tty ? ",\"stream\":true,\"tty\":true" : ",\"stream\":true");
        body_put_raw(&b, "}");
        if (b.over) {
                free(b.buf);
                return fail_set(f, CLI_EXIT_USAGE, "the request is over the server's limit of "
                                "%u MiB once encoded as JSON (binary files grow by a third "
                                "as base64)", CLI_REQUEST_BYTES >> 20);
        }
        *ret = b;
        return 0;
}
