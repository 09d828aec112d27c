/* load.c: a closed-loop load generator on loopback: C clients, each sending one
 * request per connection and reading the reply to EOF, until N replies are in.
 *   load PORT FILE N C
 * A reply is ok (a stage with status null, no error), busy ({"error":"busy"}: all
 * job slots taken, a valid outcome under load) or an error. Prints one line:
 *   n ok busy err seconds req_per_s ok_per_s p50_us p99_us p10_us p90_us
 * the latencies being those of ok replies (a busy reply is quick and would flatter
 * them). Threads with blocking sockets: at 32 clients the generator's own cost is a
 * few microseconds per request, against milliseconds of server work. Loopback only. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include "tools/bench/stats.h"

#define MAX_CLIENTS 256

enum outcome { OK, BUSY, ERR };

static struct {
        struct sockaddr_in addr;
        const char *req;
        size_t len;
        int n;
        atomic_int next, ok, busy, err;
        long long *lat;           /* ok latencies, slot per request index */
} g;

static enum outcome one(void) {
        struct timeval tmo = { .tv_sec = 30 };    /* a hung server fails the run, not the bench */
        char buf[65536];
        size_t got = 0;
        ssize_t r;
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (fd < 0)
                return ERR;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof(tmo));
        if (connect(fd, (struct sockaddr *)&g.addr, sizeof(g.addr)) < 0 ||
            write(fd, g.req, g.len) != (ssize_t)g.len) {
                close(fd);
                return ERR;
        }
        while ((r = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0 && got < sizeof(buf) - 1)
                got += (size_t)r;
        close(fd);
        buf[got] = '\0';
        if (r < 0)
                return ERR;
        if (strstr(buf, "\"error\":\"busy\""))
                return BUSY;
        if (strstr(buf, "\"status\":null") && !strstr(buf, "\"error\":"))
                return OK;
        if (atomic_load(&g.err) < 3)
                fprintf(stderr, "load: unexpected reply: %s\n", got ? buf : "(nothing)");
        return ERR;
}

static void *client(void *arg) {
        int i;

        (void)arg;
        while ((i = atomic_fetch_add(&g.next, 1)) < g.n) {
                long long s = now_ns();
                switch (one()) {
                case OK:
                        g.lat[i] = now_ns() - s;
                        atomic_fetch_add(&g.ok, 1);
                        break;
                case BUSY:
                        atomic_fetch_add(&g.busy, 1);
                        break;
                case ERR:
                        atomic_fetch_add(&g.err, 1);
                        break;
                }
        }
        return NULL;
}

int main(int argc, char **argv) {
        pthread_t th[MAX_CLIENTS];
        long long start, secs_ns, *ok;
        struct stat st;
        FILE *f;
        int c, m = 0;

        if (argc != 5) {
                fprintf(stderr, "usage: load PORT FILE N C\n");
                return 2;
        }
        g.addr.sin_family = AF_INET;
        g.addr.sin_port = htons((uint16_t)atoi(argv[1]));
        inet_pton(AF_INET, "127.0.0.1", &g.addr.sin_addr);
        f = fopen(argv[2], "r");
        if (!f || fstat(fileno(f), &st) < 0)
                return 2;
        g.len = (size_t)st.st_size;
        g.req = malloc(g.len);
        if (fread((char *)g.req, 1, g.len, f) != g.len)
                return 2;
        g.n = atoi(argv[3]);
        c = atoi(argv[4]);
        if (g.n < 1 || c < 1 || c > MAX_CLIENTS)
                return 2;
        g.lat = calloc((size_t)g.n, sizeof(long long));
        ok = calloc((size_t)g.n, sizeof(long long));
        start = now_ns();
        for (int k = 0; k < c; k++)
                pthread_create(&th[k], NULL, client, NULL);
        for (int k = 0; k < c; k++)
                pthread_join(th[k], NULL);
        secs_ns = now_ns() - start;
        for (int i = 0; i < g.n; i++)
                if (g.lat[i])
                        ok[m++] = g.lat[i];
        sort_ll(ok, m);
        printf("%d %d %d %d %.3f %.1f %.1f %lld %lld %lld %lld\n", g.n, g.ok, g.busy, g.err,
               secs_ns / 1e9, g.n / (secs_ns / 1e9), g.ok / (secs_ns / 1e9),
               pct_ll(ok, m, 50) / 1000, pct_ll(ok, m, 99) / 1000, pct_ll(ok, m, 10) / 1000,
               pct_ll(ok, m, 90) / 1000);
        return g.err ? 1 : 0;
}
