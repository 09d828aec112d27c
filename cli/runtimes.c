/* runtimes.c: the runtime list as the server sends it, and the language of a file
 * by its extension ("extensions" in the list, from lang.d) or its #! line. The server checks that
 * an extension names one language; the longest match wins here so that a dotted
 * extension (e.g. "test.js") would beat its last part. */
#include <stdio.h>
#include "base/util.h"
#include "base/json.h"
#include "cli/runtimes.h"

static int bad(struct failure *f) {
        return fail_set(f, CLI_EXIT_UNREACHABLE, "the server's runtime list is not a coderun "
                        "runtime list");
}

/* The strings of array arr joined by blanks, in a new buffer. */
static int join(const struct json *j, int arr, char **ret) {
        size_t total = 1, at = 0;
        struct blob s;
        char *out;
        int k, e;

        if (arr < 0) {
                *ret = strdup("");
                return *ret ? 0 : -ENOMEM;
        }
        if (json_type(j, arr) != JSON_ARRAY)
                return -EINVAL;
        JSON_FOREACH_ELEMENT(j, arr, k, e) {
                if (json_string(j, e, &s) < 0)
                        return -EINVAL;
                total += s.len + 1;
        }
        out = malloc(total);
        if (!out)
                return -ENOMEM;
        JSON_FOREACH_ELEMENT(j, arr, k, e) {
                json_string(j, e, &s);
                if (at)
                        out[at++] = ' ';
                memcpy(out + at, s.data, s.len);
                at += s.len;
        }
        out[at] = '\0';
        *ret = out;
        return 0;
}

int runtimes_parse(char *buf, size_t len, struct runtimes *ret, struct failure *f) {
        _cleanup_free_ struct json *j = NULL;
        struct runtimes rt = { .n = 0 };
        struct problem p;
        struct blob s;
        int k, e, v;

        if (json_parse(buf, len, &j, &p) < 0)
                return bad(f);
        if (json_type(j, 0) == JSON_OBJECT && (v = json_member(j, 0, "error")) >= 0) {
                int m = json_member(j, 0, "message");

                if ((m < 0 || json_string(j, m, &s) < 0) && json_string(j, v, &s) < 0)
                        return bad(f);
                return fail_set(f, CLI_EXIT_SERVER_ERROR, "server: %s", s.data);
        }
        if (json_type(j, 0) != JSON_ARRAY || json_size(j, 0) > LIMIT_LANGS)
                return bad(f);
        JSON_FOREACH_ELEMENT(j, 0, k, e) {
                struct runtime *r = &rt.list[rt.n];
                int lang = json_member(j, e, "language"), ver = json_member(j, e, "version");
                int comp = json_member(j, e, "compiled");
                struct blob l, vs;

                if (lang < 0 || ver < 0 || json_string(j, lang, &l) < 0 ||
                    json_string(j, ver, &vs) < 0)
                        return bad(f);
                r->language = l.data;
                r->version = vs.data;
                r->compiled = false;
                if (comp >= 0 && json_bool(j, comp, &r->compiled) < 0)
                        return bad(f);
                if (join(j, json_member(j, e, "aliases"), &r->aliases) < 0 ||
                    join(j, json_member(j, e, "extensions"), &r->extensions) < 0)
                        return bad(f);
                rt.n++;
        }
        *ret = rt;
        return 0;
}

const struct runtime *runtimes_for_file(const struct runtimes *rt, const char *path) {
        const char *base = strrchr(path, '/'), *best = NULL;
        const struct runtime *found = NULL;
        size_t bl;

        base = base ? base + 1 : path;
        bl = strlen(base);
        for (size_t i = 0; i < rt->n; i++)
                for (const char *w = rt->list[i].extensions; *w;) {
                        size_t n = strcspn(w, " ");

                        /* "NAME.EXT" with a non-empty NAME: ".py" alone is a hidden file. */
                        if (n > 0 && bl > n + 1 && base[bl - n - 1] == '.' &&
                            strncasecmp(base + bl - n, w, n) == 0 && (!best || n > strlen(best))) {
                                best = base + bl - n;
                                found = &rt->list[i];
                        }
                        w += n;
                        w += *w == ' ';
                }
        return found;
}

/* The next blank-separated word of line [*p, end), moving *p past it. */
static size_t next_word(const char **p, const char *end, const char **ret) {
        const char *w = *p;

        while (w < end && (*w == ' ' || *w == '\t'))
                w++;
        *ret = w;
        while (w < end && *w != ' ' && *w != '\t')
                w++;
        *p = w;
        return (size_t)(w - *ret);
}

bool runtimes_shebang(const char *text, size_t len, char *name, size_t size) {
        const char *end = memchr(text, '\n', len), *p = text + 2, *w, *slash;
        size_t n;

        if (len < 2 || text[0] != '#' || text[1] != '!')
                return false;
        if (!end)
                end = text + len;
        if (end > p && end[-1] == '\r')
                end--;
        n = next_word(&p, end, &w);
        slash = memrchr(w, '/', n);
        if (slash) {
                n -= (size_t)(slash + 1 - w);
                w = slash + 1;
        }
        /* env's options (-S, -i, -u NAME) and VAR=value come before the command. */
        if (n == 3 && memcmp(w, "env", 3) == 0)
                for (;;) {
                        n = next_word(&p, end, &w);
                        if (n == 0 || (w[0] != '-' && !memchr(w, '=', n)))
                                break;
                        if (n == 2 && (w[1] == 'u' || w[1] == 'C'))
                                (void)next_word(&p, end, &w);
                }
        if (n == 0 || n >= size)
                return false;
        memcpy(name, w, n);
        name[n] = '\0';
        return true;
}

static bool word_in(const char *list, const char *word) {
        size_t wl = strlen(word);

        for (const char *w = list; *w;) {
                size_t n = strcspn(w, " ");

                if (n == wl && strncasecmp(w, word, n) == 0)
                        return true;
                w += n;
                w += *w == ' ';
        }
        return false;
}

const struct runtime *runtimes_for_interpreter(const struct runtimes *rt, const char *name) {
        char want[64];
        size_t n = strlen(name);

        if (n >= sizeof(want))
                return NULL;
        memcpy(want, name, n + 1);
        /* python3.11 -> python3 -> python: a version at the end, a part at a time. */
        for (;;) {
                for (size_t i = 0; i < rt->n; i++)
                        if (strcasecmp(rt->list[i].language, want) == 0 ||
                            word_in(rt->list[i].aliases, want))
                                return &rt->list[i];
                if (n == 0 || want[n - 1] < '0' || want[n - 1] > '9')
                        return NULL;
                while (n > 0 && want[n - 1] >= '0' && want[n - 1] <= '9')
                        want[--n] = '\0';
                if (n > 0 && want[n - 1] == '.')
                        want[--n] = '\0';
                if (n == 0)
                        return NULL;
        }
}

int runtimes_pick(const struct runtimes *rt, const char *path, const char *text, size_t len,
                  const char *label, const char *flag, const char **ret, struct failure *f) {
        const char *base = strrchr(path, '/'), *dot;
        const struct runtime *found = runtimes_for_file(rt, path);
        char interp[64];
        bool ext;

        base = base ? base + 1 : path;
        dot = strrchr(base, '.');
        ext = dot && dot != base && dot[1];
        /* An extension we do not know is an error of its own, never a #! guess. */
        if (!found && !ext && runtimes_shebang(text, len, interp, sizeof(interp))) {
                found = runtimes_for_interpreter(rt, interp);
                if (!found)
                        return fail_set(f, CLI_EXIT_USAGE, "%s: its #! line names %s, which this "
                                        "server does not offer (name a language with %s LANG; "
                                        "coderun --list shows them)", label, interp, flag);
        }
        if (!found)
                return ext ?
                        fail_set(f, CLI_EXIT_USAGE, "%s: no language for the extension \"%s\" "
                                 "(name one with %s LANG; coderun --list shows them)", label, dot, flag) :
                        fail_set(f, CLI_EXIT_USAGE, "%s: no extension or #! line to tell the "
                                 "language by (name it with %s LANG)", label, flag);
        *ret = found->language;
        return 0;
}
