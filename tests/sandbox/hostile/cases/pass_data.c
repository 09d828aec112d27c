/* pass_data.c: attack: two concurrent jobs ("send", "recv" KEY) try to pass data: abstract unix socket, SysV shm and message queue, signals. Safe: recv reaches none of them. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static const char *res(int r) {
        return r < 0 ? strerrorname_np(errno) : "ok";
}

int main(int argc, char **argv) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct { long type; char text[16]; } msg = { 1, "secret" };
        int s, key, id;
        char *p;

        if (argc < 3)
                return 2;
        key = atoi(argv[2]);
        snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1, "coderun-hostile-%d", key);
        s = socket(AF_UNIX, SOCK_STREAM, 0);
        if (strcmp(argv[1], "send") == 0) {
                printf("bind %s\n", res(bind(s, (struct sockaddr *)&sa, sizeof(sa))));
                printf("listen %s\n", res(listen(s, 1)));
                id = shmget(key, 4096, IPC_CREAT | 0666);
                printf("shmget %s\n", res(id));
                p = id < 0 ? (void *)-1 : shmat(id, NULL, 0);
                if (p != (void *)-1)
                        strcpy(p, "secret");
                id = msgget(key, IPC_CREAT | 0666);
                printf("msgget %s\n", res(id));
                printf("msgsnd %s\n", res(id < 0 ? -1 : msgsnd(id, &msg, sizeof(msg.text), 0)));
                printf("start %lld\n", now_ms());
                fflush(stdout);
                struct pollfd pfd = { .fd = s, .events = POLLIN };
                printf("%s\n", poll(&pfd, 1, 2000) > 0 ? "accepted" : "nobody came");
                printf("end %lld\n", now_ms());
        } else {
                printf("connect %s\n", res(connect(s, (struct sockaddr *)&sa, sizeof(sa))));
                printf("shmget %s\n", res(shmget(key, 0, 0)));
                printf("msgget %s\n", res(msgget(key, 0)));
                printf("kill -1 %s\n", res(kill(-1, 0)));
                printf("at %lld\n", now_ms());
        }
        return 0;
}
