/* e2e.c: times whole runs of commands the way a caller sees them: fork, exec, feed
 * stdin from a file, read stdout to EOF through a pipe, wait. The bare command and the
 * coderun request that stands for it go through this same driver, interleaved run by
 * run, so the driver's own cost and the machine's drift fall on both alike and the
 * figures are ratios on one noisy machine rather than absolute claims.
 *   e2e N WARMUP VARIANT [-- VARIANT]...
 *   VARIANT = NAME [-i FILE] [-C DIR] [-E ENV] [-j] CMD ARGS... [+ CMD ARGS...]...
 *     -i FILE  stdin of every step (default /dev/null)
 *     -C DIR   working directory of every step
 *     -E ENV   the whole environment of every step, blank-separated NAME=value words
 *              (lang.d's env: a job's environment, so that a variable of the caller's
 *              such as NODE_EXTRA_CA_CERTS does not slow the bare run alone)
 *     -j       stdout is a coderun reply, which must be a success: a stage with
 *              status null, none with another status, no error
 *     +        one more step run after the previous one (e.g. compile, then run);
 *              every step must exit 0, and a run's time is the whole sequence's
 * Each variant runs WARMUP times untimed, then N times timed. Prints one line per
 * variant: NAME n median_us p10_us p90_us p99_us, or NAME failed (said why on stderr;
 * the other variants go on). Exits 1 if any failed. Runs only the commands it is
 * given; the bench gives it fixed ones. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tools/bench/stats.h"

#define MAX_VARIANTS 12
#define MAX_STEPS 4
#define MAX_ENV 32
#define REPLY_BYTES 65536

struct variant {
        const char *name, *in, *dir;
        char *env[MAX_ENV + 1];          /* -E, NULL-terminated; env[0] NULL: inherit */
        int reply;                       /* -j */
        char **step[MAX_STEPS];          /* NULL-terminated argv, cut out of main's argv */
        int nsteps, failed;
        long long *t;
};

/* Runs argv with stdin from v->in, stdout into buf (the rest drained), stderr
 * inherited so a failing command says why. Returns the exit status word, or -1. */
static int run_step(const struct variant *v, char **argv, char *buf, size_t *len) {
        int p[2], st;
        ssize_t n;
        pid_t pid;

        if (pipe2(p, O_CLOEXEC) < 0)
                return -1;
        pid = fork();
        if (pid == 0) {
                int in = open(v->in ? v->in : "/dev/null", O_RDONLY);
                if (in < 0 || dup2(in, 0) < 0 || dup2(p[1], 1) < 0)
                        _exit(126);
                if (v->dir && chdir(v->dir) < 0)
                        _exit(126);
                if (v->env[0])
                        execve(argv[0], argv, (char **)v->env);
                else
                        execv(argv[0], argv);
                _exit(127);
        }
        close(p[1]);
        *len = 0;
        for (;;) {
                char sink[4096];
                if (*len < REPLY_BYTES - 1)
                        n = read(p[0], buf + *len, REPLY_BYTES - 1 - *len);
                else
                        n = read(p[0], sink, sizeof(sink));
                if (n <= 0)
                        break;
                if (*len < REPLY_BYTES - 1)
                        *len += (size_t)n;
        }
        buf[*len] = '\0';
        close(p[0]);
        if (pid < 0 || waitpid(pid, &st, 0) < 0)
                return -1;
        return st;
}

/* A coderun reply is a success when some stage has status null and none has another
 * status or an error: {"error":"busy"} is a valid reply, but not a finished job. */
static int reply_ok(const char *r) {
        return strstr(r, "\"status\":null") && !strstr(r, "\"status\":\"") &&
               !strstr(r, "\"error\":");
}

/* One run of every step; returns its time in ns, or -1 after saying what failed. */
static long long run_once(const struct variant *v) {
        static char buf[REPLY_BYTES];
        long long s = now_ns();
        size_t len;

        for (int i = 0; i < v->nsteps; i++) {
                int st = run_step(v, v->step[i], buf, &len);
                if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                        fprintf(stderr, "e2e: %s: %s: exit status %d\n", v->name, v->step[i][0],
                                st < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
                        return -1;
                }
        }
        s = now_ns() - s;
        if (v->reply && !reply_ok(buf)) {
                fprintf(stderr, "e2e: %s: unexpected reply: %s\n", v->name, buf);
                return -1;
        }
        return s;
}

/* Cuts argv[*i..] into one variant, ending at "--" or the end. */
static int parse_variant(int argc, char **argv, int *i, struct variant *v) {
        v->name = argv[(*i)++];
        for (; *i + 1 < argc && argv[*i][0] == '-'; (*i)++) {
                if (strcmp(argv[*i], "-i") == 0)
                        v->in = argv[++*i];
                else if (strcmp(argv[*i], "-C") == 0)
                        v->dir = argv[++*i];
                else if (strcmp(argv[*i], "-j") == 0)
                        v->reply = 1;
                else if (strcmp(argv[*i], "-E") == 0) {
                        int k = 0;
                        for (char *w = strtok(argv[++*i], " \t"); w; w = strtok(NULL, " \t"))
                                if (k == MAX_ENV)
                                        return -1;
                                else
                                        v->env[k++] = w;
                } else {
                        return -1;
                }
        }
        v->step[v->nsteps++] = argv + *i;
        for (; *i < argc && strcmp(argv[*i], "--") != 0; (*i)++)
                if (strcmp(argv[*i], "+") == 0) {
                        if (v->nsteps == MAX_STEPS)
                                return -1;
                        argv[*i] = NULL;
                        v->step[v->nsteps++] = argv + *i + 1;
                }
        if (*i < argc)
                argv[(*i)++] = NULL;      /* the "--" ends this variant's last argv */
        for (int s = 0; s < v->nsteps; s++)
                if (!v->step[s][0])
                        return -1;
        return 0;
}

int main(int argc, char **argv) {
        struct variant v[MAX_VARIANTS] = {0};
        int n, warm, nv = 0, i = 3, failed = 0;

        if (argc < 5) {
                fprintf(stderr, "usage: e2e N WARMUP NAME [-i FILE] [-C DIR] [-E ENV] [-j] CMD... [+ CMD...] [-- NAME ...]\n");
                return 2;
        }
        n = atoi(argv[1]);
        warm = atoi(argv[2]);
        while (i < argc) {
                if (nv == MAX_VARIANTS || parse_variant(argc, argv, &i, &v[nv]) < 0) {
                        fprintf(stderr, "e2e: bad variant near argument %d\n", i);
                        return 2;
                }
                v[nv].t = calloc((size_t)n, sizeof(long long));
                nv++;
        }
        /* Round-robin: run r of every variant before run r + 1 of any. */
        for (int r = -warm; r < n; r++)
                for (int k = 0; k < nv; k++) {
                        long long t = v[k].failed ? 0 : run_once(&v[k]);
                        if (t < 0)
                                v[k].failed = 1;
                        else if (r >= 0)
                                v[k].t[r] = t;
                }
        for (int k = 0; k < nv; k++) {
                printf("%s", v[k].name);
                if (v[k].failed) {
                        printf(" failed\n");
                        failed = 1;
                        continue;
                }
                printf(" %d", n);
                print_dist_us(stdout, v[k].t, n);
                printf("\n");
        }
        return failed;
}
