/* fd_cycle.c: attack: send stdout, stderr and a socket's own fd through AF_UNIX (SCM_RIGHTS) into an unreachable cycle, so the pipes outlive the job. Safe: the reply comes at once, status null. */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void send_fds(int via, const int *fds, int n) {
        char data = 'x', ctl[CMSG_SPACE(8 * sizeof(int))];
        struct iovec iov = { &data, 1 };
        struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
                            .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);

        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(n * sizeof(int));
        memcpy(CMSG_DATA(c), fds, n * sizeof(int));
        sendmsg(via, &m, 0);
}

int main(void) {
        int sv[2];

        socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
        send_fds(sv[0], (int[]) { sv[1], 1, 2 }, 3);
        send_fds(sv[1], (int[]) { sv[0] }, 1);
        write(1, "sent\n", 5);
        return 0;
}
