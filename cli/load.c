/* load.c: reads what the command line names: the sources, the program's stdin,
 * the test pairs and a checker's or interactor's source. Each read stops one byte past the server's request cap, and all
 * of them together are held to it too, so a file that could never be sent is
 * refused here with the limit named. Text the protocol can only carry as a JSON
 * string (stdin, expected output) must be valid UTF-8: refused, never altered. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include "base/util.h"
#include "cli/body.h"
#include "cli/load.h"

#define READ_CHUNK (64u << 10)

static const char *shown(const char *path) {
        return streq(path, "-") ? "stdin" : path;
}

/* All of fd, at most cap bytes: -EFBIG beyond. */
static int read_fd(int fd, size_t cap, struct bytes *ret) {
        _cleanup_free_ char *buf = NULL;
        size_t len = 0, size = READ_CHUNK;
        struct stat st;

        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (S_ISREG(st.st_mode)) {
                if ((unsigned long long)st.st_size > cap)
                        return -EFBIG;
                size = (size_t)st.st_size + 1;   /* +1 sees a file that grew meanwhile */
        }
        buf = malloc(size + 1);
        if (!buf)
                return -ENOMEM;
        for (;;) {
                ssize_t n;

                if (len == size) {
                        char *p;

                        if (size > cap)
                                return -EFBIG;
                        size = size * 2 > cap + 1 ? cap + 1 : size * 2;
                        p = realloc(buf, size + 1);
                        if (!p)
                                return -ENOMEM;
                        buf = p;
                }
                n = read(fd, buf + len, size - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                if (n == 0)
                        break;
                len += (size_t)n;
        }
        if (len > cap)
                return -EFBIG;
        buf[len] = '\0';
        ret->data = TAKE_PTR(buf);
        ret->len = len;
        return 0;
}

/* Read path ("-": our stdin) into ret, counting it into *total. */
static int read_path(const char *path, size_t *total, struct bytes *ret, struct failure *f) {
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        if (!streq(path, "-")) {
                fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
                if (fd < 0)
                        return fail_set(f, CLI_EXIT_USAGE, "%s: %s", path, strerror(errno));
        }
        r = read_fd(fd >= 0 ? fd : STDIN_FILENO, CLI_REQUEST_BYTES, ret);
        if (r == -EFBIG && fstat(fd >= 0 ? fd : STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode))
                return fail_set(f, CLI_EXIT_USAGE, "%s: too large (%lld bytes): the server takes "
                                "requests of at most %u MiB", shown(path), (long long)st.st_size,
                                CLI_REQUEST_BYTES >> 20);
        if (r == -EFBIG)
                return fail_set(f, CLI_EXIT_USAGE, "%s: too large (more than %u MiB): the server "
                                "takes requests of at most %u MiB", shown(path),
                                CLI_REQUEST_BYTES >> 20, CLI_REQUEST_BYTES >> 20);
        if (r < 0)
                return fail_set(f, CLI_EXIT_USAGE, "%s: %s", shown(path), strerror(-r));
        *total += ret->len;
        if (*total > CLI_REQUEST_BYTES)
                return fail_set(f, CLI_EXIT_USAGE, "%s: the files, stdin and tests together are "
                                "over the server's request limit of %u MiB", shown(path),
                                CLI_REQUEST_BYTES >> 20);
        return 0;
}

static int read_text(const char *path, const char *what, size_t *total, struct bytes *ret,
                     struct failure *f) {
        int r = read_path(path, total, ret, f);

        if (r < 0)
                return r;
        if (!body_text_ok(ret->data, ret->len))
                return fail_set(f, CLI_EXIT_USAGE, "%s: not valid UTF-8: the protocol carries %s "
                                "as text", shown(path), what);
        return 0;
}

static bool segments_ok(const char *rel) {
        for (const char *s = rel;;) {
                const char *e = strchrnul(s, '/');
                size_t n = (size_t)(e - s);

                if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
                        return false;
                if (!*e)
                        return true;
                s = e + 1;
        }
}

static const char *strip_dot(const char *p) {
        while (p[0] == '.' && p[1] == '/')
                p += 2;
        return p;
}

const char *load_name(const char *entry, const char *path) {
        const char *last = strrchr(path, '/'), *slash, *rel;
        size_t dir;

        entry = strip_dot(entry);
        rel = strip_dot(path);
        slash = strrchr(entry, '/');
        dir = slash ? (size_t)(slash - entry + 1) : 0;
        if (strncmp(rel, entry, dir) == 0 && rel[dir] != '/' && segments_ok(rel + dir))
                return rel + dir;
        return last && last[1] ? last + 1 : path;
}

static int name_cmp(const void *a, const void *b) {
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The stems of dir's NAME.in files (sorted) after checking that every one has its
 * NAME.out and every NAME.out its NAME.in. */
static int list_pairs(const char *dir, char **stems, bool *ret_has_out, size_t *ret_n,
                      struct failure *f) {
        char *outs[CLI_TESTS];
        size_t n_in = 0, n_out = 0;
        struct dirent *d;
        DIR *dp;
        int r = 0;

        dp = opendir(dir);
        if (!dp)
                return fail_set(f, CLI_EXIT_USAGE, "--tests %s: %s", dir, strerror(errno));
        while ((d = readdir(dp))) {
                size_t l = strlen(d->d_name);
                bool in = l > 3 && streq(d->d_name + l - 3, ".in");
                bool out = l > 4 && streq(d->d_name + l - 4, ".out");

                if (d->d_name[0] == '.' || (!in && !out))
                        continue;
                if ((in ? n_in : n_out) >= CLI_TESTS) {
                        r = fail_set(f, CLI_EXIT_USAGE, "--tests %s: more than %d tests (the "
                                     "server runs at most %d per request)", dir, CLI_TESTS, CLI_TESTS);
                        goto out;
                }
                if (in)
                        stems[n_in++] = strndup(d->d_name, l - 3);
                else
                        outs[n_out++] = strndup(d->d_name, l - 4);
                if (!(in ? stems[n_in - 1] : outs[n_out - 1])) {
                        r = fail_set(f, CLI_EXIT_USAGE, "out of memory");
                        goto out;
                }
        }
        qsort(stems, n_in, sizeof(stems[0]), name_cmp);
        qsort(outs, n_out, sizeof(outs[0]), name_cmp);
        /* Both lists sorted: walked side by side, an out before its in is alone. */
        for (size_t i = 0, k = 0; i <= n_in; i++) {
                if (k < n_out && (i == n_in || strcmp(outs[k], stems[i]) < 0)) {
                        r = fail_set(f, CLI_EXIT_USAGE, "--tests %s: %s.out has no %s.in", dir,
                                     outs[k], outs[k]);
                        goto out;
                }
                if (i < n_in) {
                        ret_has_out[i] = k < n_out && streq(outs[k], stems[i]);
                        k += ret_has_out[i];
                }
        }
        if (n_in == 0) {
                r = fail_set(f, CLI_EXIT_USAGE, "--tests %s: no NAME.in files", dir);
                goto out;
        }
        *ret_n = n_in;
out:
        closedir(dp);
        return r;
}

static int load_tests(const struct args *a, size_t *total, struct loaded *l, struct failure *f) {
        char *stems[CLI_TESTS];
        bool has_out[CLI_TESTS];
        size_t n_dir = 0;
        int r;

        if (a->tests_dir) {
                r = list_pairs(a->tests_dir, stems, has_out, &n_dir, f);
                if (r < 0)
                        return r;
        }
        if (a->n_tests + n_dir > CLI_TESTS)
                return fail_set(f, CLI_EXIT_USAGE, "more than %d tests (the server runs at most "
                                "%d per request)", CLI_TESTS, CLI_TESTS);
        l->tests = calloc(a->n_tests + n_dir, sizeof(l->tests[0]));
        if (!l->tests)
                return fail_set(f, CLI_EXIT_USAGE, "out of memory");
        for (size_t i = 0; i < a->n_tests + n_dir; i++) {
                struct load_case *c = &l->tests[i];
                char *in = NULL, *out = NULL;

                c->has_out = i < a->n_tests || has_out[i - a->n_tests];
                if (i < a->n_tests) {
                        c->name = a->tests[i].in;
                        in = strdup(a->tests[i].in);
                        out = strdup(a->tests[i].out);
                } else {
                        c->name = stems[i - a->n_tests];
                        if (asprintf(&in, "%s/%s.in", a->tests_dir, c->name) < 0)
                                in = NULL;
                        if (asprintf(&out, "%s/%s.out", a->tests_dir, c->name) < 0)
                                out = NULL;
                }
                if (!in || !out)
                        return fail_set(f, CLI_EXIT_USAGE, "out of memory");
                r = read_text(in, "a test's stdin", total, &c->in, f);
                if (r >= 0 && c->has_out)
                        r = read_text(out, "expected output", total, &c->out, f);
                free(in);
                free(out);
                if (r < 0)
                        return r;
                l->n_tests++;
        }
        return 0;
}

/* --checker FILE or --interactor FILE, sent under its last part (it is compiled
 * alone, in a folder of its own). A --checker word that names no file is most
 * likely a misspelt built-in: the message lists them. */
static int load_judge(const struct args *a, size_t *total, struct loaded *l, struct failure *f) {
        const char *flag, *path = args_judge_file(a, &flag), *last;
        char msg[sizeof(f->message)];
        int r;

        if (!path)
                return 0;
        r = read_path(path, total, &l->judge, f);
        if (r < 0) {
                snprintf(msg, sizeof(msg), "%s", f->message);
                return fail_set(f, CLI_EXIT_USAGE, "%s %s%s", flag, msg,
                                a->checker_file && access(path, F_OK) < 0 ? " (a checker is lines, "
                                "exact, tokens, unordered, float:ABS[,REL] or a program's file)" : "");
        }
        last = strrchr(path, '/');
        l->judge_name = last ? last + 1 : path;
        return 0;
}

/* The program reads our stdin only when it is not a terminal (a prompt would
 * wait for typing nobody expects) and did not carry the source. */
static bool stdin_passed(const struct args *a) {
        struct stat st;

        if (a->n_tests > 0 || a->tests_dir || streq(a->files[0], "-"))
                return false;
        return fstat(STDIN_FILENO, &st) == 0 && !isatty(STDIN_FILENO);
}

int load_all(const struct args *a, struct loaded *ret, struct failure *f) {
        struct loaded l = { .n_files = a->n_files };
        size_t total = 0;
        int r;

        l.files = calloc(a->n_files, sizeof(l.files[0]));
        l.names = calloc(a->n_files, sizeof(l.names[0]));
        if (!l.files || !l.names)
                return fail_set(f, CLI_EXIT_USAGE, "out of memory");
        for (size_t i = 0; i < a->n_files; i++) {
                r = read_path(a->files[i], &total, &l.files[i], f);
                if (r < 0)
                        return r;
                l.names[i] = streq(a->files[i], "-") ? NULL : load_name(a->files[0], a->files[i]);
        }
        if (a->stdin_path || stdin_passed(a)) {
                r = read_text(a->stdin_path ? a->stdin_path : "-", "a program's stdin",
                              &total, &l.stdin, f);
                if (r < 0)
                        return r;
                l.has_stdin = true;
        }
        r = load_tests(a, &total, &l, f);
        if (r < 0)
                return r;
        r = load_judge(a, &total, &l, f);
        if (r < 0)
                return r;
        *ret = l;
        return 0;
}
