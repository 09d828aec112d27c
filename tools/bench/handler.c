/* handler.c: the trivial per-connection handler, the least a spawned request server
 * can do: read one raw-mode request (until its JSON object closes, or EOF), write a
 * fixed reply the size and shape of coderun's for `bash true`, exit. The connection is
 * fd 3 under socket activation (LISTEN_FDS set, systemd-socket-activate -a), else
 * stdin and stdout (forkserve, or a file in the bench's RSS figure). Runs no code,
 * unless given a command: `handler CMD ARGS...` then runs that fixed command (the
 * bench's own bash main.sh, never a request's) between the request and the reply,
 * stdin and stdout /dev/null, and waits for it: the most a per-connection design can
 * serve when every request runs a program, with no sandbox at all. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char reply[] =
        "{\"language\":\"bash\",\"version\":\"5.2.15\",\"run\":{\"stdout\":\"\",\"stderr\":\"\","
        "\"output\":\"\",\"code\":0,\"signal\":null,\"status\":null,\"message\":null,"
        "\"cpu_time\":1,\"wall_time\":1,\"memory\":524288,\"stdout_truncated\":false,"
        "\"stderr_truncated\":false}}\n";

/* Runs argv to its end; 0 when it exited 0. */
static int run(char **argv) {
        int st;
        pid_t pid = fork();

        if (pid == 0) {
                int null = open("/dev/null", O_RDWR);
                /* Not the connection: only we reply on it. */
                if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || close_range(3, ~0U, 0) < 0)
                        _exit(126);
                execv(argv[0], argv);
                _exit(127);
        }
        return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
        int in = getenv("LISTEN_FDS") ? 3 : 0, out = in ? 3 : 1;
        int depth = 0, str = 0, esc = 0, started = 0;
        char buf[4096];
        ssize_t n;

        /* Tracks strings and escapes as coderun's raw mode does, so that a brace in a
         * string does not end the request early. */
        while ((n = read(in, buf, sizeof(buf))) > 0) {
                for (ssize_t i = 0; i < n; i++) {
                        char c = buf[i];
                        if (str) {
                                if (esc)
                                        esc = 0;
                                else if (c == '\\')
                                        esc = 1;
                                else if (c == '"')
                                        str = 0;
                        } else if (c == '"') {
                                str = 1;
                        } else if (c == '{') {
                                depth++;
                                started = 1;
                        } else if (c == '}' && --depth == 0 && started) {
                                goto done;
                        }
                }
        }
done:
        if (argc > 1 && run(argv + 1) < 0)
                return 1;
        return write(out, reply, strlen(reply)) == (ssize_t)strlen(reply) ? 0 : 1;
}
