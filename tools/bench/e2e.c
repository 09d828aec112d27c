/* e2e.c: times whole requests the way a client sees them, and the bare command the
 * request stands for, with the same clock in the same run, so the figures are ratios
 * on one noisy machine rather than absolute claims.
 *   e2e req PORT FILE N     N requests: connect to 127.0.0.1:PORT, send FILE, read
 *                           the reply to EOF; checks each reply for "status":null
 *   e2e exec N CMD ARGS...  N fork+exec+wait of CMD (output to /dev/null)
 * Prints: median_us p90_us (one line). Loopback only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "stats.h"

static int one_request(int port, const char *req, size_t len) {
        struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
        char buf[65536];
        size_t got = 0;
        ssize_t n;
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

        inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return -1;
        if (write(fd, req, len) != (ssize_t)len)
                return -1;
        while ((n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
                got += (size_t)n;
        buf[got] = '\0';
        close(fd);
        ok = strstr(buf, "\"status\":null") != NULL;
        if (!ok)
                fprintf(stderr, "unexpected reply: %s\n", buf);
        return ok ? 0 : -1;
}

static int one_exec(char **argv) {
        pid_t pid = fork();
        int st;

        if (pid == 0) {
                int null = open("/dev/null", O_WRONLY);
                dup2(null, 1);
                execv(argv[0], argv);
                _exit(127);
        }
        if (pid < 0 || waitpid(pid, &st, 0) < 0)
                return -1;
        return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
        long long *t;
        char *req = NULL;
        size_t len = 0;
        int n;

        if (argc >= 5 && strcmp(argv[1], "req") == 0) {
                FILE *f = fopen(argv[3], "r");
                struct stat st;
                if (!f || fstat(fileno(f), &st) < 0)
                        return 2;
                len = (size_t)st.st_size;
                req = malloc(len);
                if (fread(req, 1, len, f) != len)
                        return 2;
                n = atoi(argv[4]);
        } else if (argc >= 4 && strcmp(argv[1], "exec") == 0) {
                n = atoi(argv[2]);
        } else {
                fprintf(stderr, "usage: e2e req PORT FILE N | e2e exec N CMD ARGS...\n");
                return 2;
        }
        t = calloc((size_t)n, sizeof(*t));
        for (int i = 0; i < n; i++) {
                long long s = now_ns();
                int r = req ? one_request(atoi(argv[2]), req, len) : one_exec(argv + 3);
                if (r < 0) {
                        fprintf(stderr, "run %d failed\n", i);
                        return 1;
                }
                t[i] = now_ns() - s;
        }
        sort_ll(t, n);
        printf("%lld %lld\n", t[n / 2] / 1000, t[n * 9 / 10] / 1000);
        return 0;
}
