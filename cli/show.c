/* show.c: all of coderun's own output. Program output is written as it came, never
 * through stdio (stdio would hold it back behind our own lines); colour is for
 * terminals only and never with NO_COLOR (https://no-color.org) or TERM=dumb. */
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include "base/util.h"
#include "cli/show.h"

#define RED    "\033[1;31m"
#define GREEN  "\033[1;32m"
#define YELLOW "\033[1;33m"
#define RESET  "\033[0m"

static bool colour(int fd) {
        const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

        return isatty(fd) && !(no && *no) && !(term && streq(term, "dumb"));
}

void show_error(const char *text) {
        bool c = colour(STDERR_FILENO);

        fprintf(stderr, "%scoderun: %s%s\n", c ? RED : "", text, c ? RESET : "");
}

static bool same_file(int a, int b) {
        struct stat sa, sb;

        return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
               sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int show_outputs(const struct result *r) {
        const struct stage *run = &r->run;
        int e = 0;

        fflush(stdout);
        if (r->compile.present)
                e = write_all(STDERR_FILENO, r->compile.both.data, r->compile.both.len);
        if (!run->present || r->tests)
                return e;
        if (same_file(STDOUT_FILENO, STDERR_FILENO))
                return e ?: write_all(STDOUT_FILENO, run->both.data, run->both.len);
        e = e ?: write_all(STDOUT_FILENO, run->out.data, run->out.len);
        return e ?: write_all(STDERR_FILENO, run->err.data, run->err.len);
}

/* One table row on stdout, without the blanks an empty last column leaves. */
__attribute__((format(printf, 1, 2)))
static void row(const char *fmt, ...) {
        char line[2048];
        va_list ap;
        size_t n;

        va_start(ap, fmt);
        vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        n = strlen(line);
        while (n > 0 && line[n - 1] == ' ')
                line[--n] = '\0';
        printf("%s\n", line);
}

static void fmt_ms(char *buf, size_t size, long long ms) {
        if (ms < 0)
                snprintf(buf, size, "-");
        else
                snprintf(buf, size, "%lld ms", ms);
}

static void fmt_bytes(char *buf, size_t size, long long b) {
        if (b < 0)
                snprintf(buf, size, "-");
        else if (b < (1ll << 20))
                snprintf(buf, size, "%lld KiB", b >> 10);
        else
                snprintf(buf, size, "%.1f MiB", (double)b / (1 << 20));
}

/* Why a test did not pass, in a few words: the checker's reason for a WA or PE, the
 * reason a checker program or interactor failed (CF), the status's words for a run
 * that failed. A checker program's or interactor's words for a pass are shown too
 * ("ok: found 1 in 29 queries"); the built-ins have none. */
static const char *why(const struct stage *t, const struct load_case *c) {
        if (t->verdict && streq(t->verdict, "NR"))
                return "not run (--stop-on-failure)";
        /* An interactor judges a NAME.in alone: passed says whether it was judged. */
        if (c && !c->has_out && t->passed < 0)
                return "not judged: no expected output";
        if (t->checker_message)
                return t->checker_message;
        if (t->passed == 1)
                return "";
        return t->message ? t->message : t->status ? t->status : "wrong output";
}

static const char *verdict_colour(const struct stage *t) {
        if (t->passed < 0)
                return "";
        if (t->verdict && streq(t->verdict, "CF"))
                return YELLOW;          /* the judge failed, not the program */
        return t->passed == 1 ? GREEN : RED;
}

/* The first lines of b, each cut short, under a label: a failed test's expected
 * and actual output, enough to see the difference without a diff tool. */
#define SHOW_LINES 3
#define SHOW_WIDTH 60
static void excerpt(const char *label, const struct bytes *b) {
        size_t pos = 0, shown = 0;

        if (b->len == 0) {
                printf("    %-9s (nothing)\n", label);
                return;
        }
        while (pos < b->len && shown < SHOW_LINES) {
                const char *s = b->data + pos, *nl = memchr(s, '\n', b->len - pos);
                size_t n = nl ? (size_t)(nl - s) : b->len - pos;

                printf("    %-9s ", shown ? "" : label);
                for (size_t i = 0; i < n && i < SHOW_WIDTH; i++)
                        putchar((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i]);
                printf("%s\n", n > SHOW_WIDTH ? "..." : "");
                pos += n + (nl != NULL);
                shown++;
        }
        if (pos < b->len)
                printf("    %-9s ...\n", "");
}

/* The judge's column: its header when a checker program or an interactor ran. */
static const char *judge_column(const struct result *r) {
        for (size_t i = 0; i < r->n_tests; i++)
                if (r->tests[i].judge.present)
                        return r->tests[i].judge.interactor ? "interactor" : "checker";
        return NULL;
}

void show_tests(const struct result *r, const struct loaded *in) {
        bool c = colour(STDOUT_FILENO);
        const char *judge = judge_column(r);
        /* An interactor's test has no output of its own to show: it went to the judge. */
        bool interactive = judge && streq(judge, "interactor");
        size_t w = strlen("test"), passed = 0, judged = 0;
        /* As wide as the time columns, or its header. */
        int jw = judge ? strlen(judge) > 9 ? (int)strlen(judge) : 9 : 0;

        for (size_t i = 0; i < r->n_tests && i < in->n_tests; i++)
                if (strlen(in->tests[i].name) > w)
                        w = strlen(in->tests[i].name);
        row("%-*s  %-6s  %9s  %9s  %10s%s%*s", (int)w, "test", "result", "time", "cpu",
            "memory", judge ? "  " : "", jw, judge ? judge : "");
        for (size_t i = 0; i < r->n_tests; i++) {
                const struct stage *t = &r->tests[i];
                const struct load_case *lc = i < in->n_tests ? &in->tests[i] : NULL;
                const char *name = lc ? lc->name : "?";
                bool ok = t->passed == 1, shown = t->passed < 0;
                char wall[32], cpu[32], mem[32], jcpu[32] = "";

                fmt_ms(wall, sizeof(wall), t->wall_ms);
                fmt_ms(cpu, sizeof(cpu), t->cpu_ms);
                fmt_bytes(mem, sizeof(mem), t->memory);
                if (judge)
                        fmt_ms(jcpu, sizeof(jcpu), t->judge.present ? t->judge.cpu_ms : -1);
                passed += ok;
                judged += !shown;
                row("%-*s  %s%-6s%s  %9s  %9s  %10s%s%*s  %s", (int)w, name,
                    c ? verdict_colour(t) : "", t->verdict ? t->verdict : "-",
                    c && !shown ? RESET : "", wall, cpu, mem, judge ? "  " : "", jw, jcpu,
                    why(t, lc));
                /* A wrong answer, or output nobody judged: what it printed is the point. */
                if (lc && !interactive && (t->verdict ? streq(t->verdict, "WA") ||
                                           streq(t->verdict, "PE") : !lc->has_out)) {
                        if (lc->has_out)
                                excerpt("expected:", &lc->out);
                        excerpt(lc->has_out ? "got:" : "output:", &t->out);
                }
        }
        printf("%zu of %zu passed", passed, judged);
        if (judged < r->n_tests)
                printf(", %zu not judged", r->n_tests - judged);
        printf("\n");
        fflush(stdout);
}

void show_runtimes(const struct runtimes *rt) {
        int wl = (int)strlen("language"), wv = (int)strlen("version"), wa = (int)strlen("aliases");

        for (size_t i = 0; i < rt->n; i++) {
                const struct runtime *r = &rt->list[i];

                wl = (int)strlen(r->language) > wl ? (int)strlen(r->language) : wl;
                wv = (int)strlen(r->version) > wv ? (int)strlen(r->version) : wv;
                wa = (int)strlen(r->aliases) > wa ? (int)strlen(r->aliases) : wa;
        }
        row("%-*s  %-*s  %-*s  %s", wl, "language", wv, "version", wa, "aliases", "extensions");
        for (size_t i = 0; i < rt->n; i++) {
                const struct runtime *r = &rt->list[i];

                row("%-*s  %-*s  %-*s  %s", wl, r->language, wv, r->version, wa, r->aliases,
                       r->extensions);
        }
        fflush(stdout);
}
