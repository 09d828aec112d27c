/* test-pty.c: drives sandbox/pty.c on the real kernel for tests/sandbox/pty.bats. In
 * a private mount namespace of its own (nothing it mounts reaches the host), on a
 * tmpfs over DIR, it holds a pty of the host's first (so the host's index 0 is taken
 * while the instance's is asked for), calls pty_open(DIR/pts, 4321, 4322, 24, 80)
 * and checks one thing:
 *
 *   test-pty DIR instance  the slave is pts 0 of a new instance, apart from the host's
 *   test-pty DIR echo      bytes through the line discipline: master -> slave, the
 *                          echo back, slave -> master
 *   test-pty DIR winsize   the size asked, pty_resize's, refused sizes change nothing
 *   test-pty DIR owner     the slave's owner, group and mode; ptmx 0666
 *   test-pty DIR flags     the fds' flags, the mount's nosuid/noexec, no ctty taken
 *   test-pty DIR max       PTY_MAX ptys in all, then ENOSPC
 *   test-pty DIR fresh     a second pty_open on the same dir: a new instance, index 0
 *   test-pty DIR ctrl-c    ^C on the master is SIGINT to the slave's session
 *   test-pty DIR refuse    bad sizes and paths fail, and cost no mount
 *
 * Prints "ok CHECK" and exits 0, or one "FAIL: ..." line per failed expectation and
 * exits 1; 2 on bad usage, 3 when the setup itself failed. Needs root (mounts).
 * Test code, not part of coderun-exec: it may print and exit.
 * Built by `make build/test-pty` under ASan and UBSan. */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include "base/util.h"
#include "sandbox/pty.h"

#define UID 4321
#define GID 4322

static int failed;

#define EXPECT(cond, ...) do {                                          \
                if (!(cond)) {                                          \
                        printf("FAIL: " __VA_ARGS__);                   \
                        putchar('\n');                                  \
                        failed = 1;                                     \
                }                                                       \
        } while (0)

static _noreturn_ void setup_fail(const char *what, int err) {
        printf("setup: %s: %s\n", what, strerror(err < 0 ? -err : err));
        exit(3);
}

/* The pty's index in its instance (its name under the instance's dir). */
static int pty_index(int master) {
        unsigned n;

        return ioctl(master, TIOCGPTN, &n) < 0 ? -errno : (int)n;
}

/* Read from fd until len bytes came or 2 s passed; how many came. */
static size_t read_for(int fd, char *buf, size_t len) {
        size_t got = 0;

        while (got < len) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                ssize_t n;

                if (poll(&p, 1, 2000) <= 0)
                        break;
                n = read(fd, buf + got, len - got);
                if (n <= 0)
                        break;
                got += (size_t)n;
        }
        return got;
}

static void expect_bytes(int fd, const char *want, const char *what) {
        char buf[64] = "";
        size_t n = strlen(want), got = read_for(fd, buf, n);

        EXPECT(got == n && memcmp(buf, want, n) == 0, "%s: %zu bytes \"%.*s\", want \"%s\"",
               what, got, (int)got, buf, want);
}

static void expect_size(int fd, unsigned rows, unsigned cols, const char *what) {
        struct winsize ws;

        EXPECT(ioctl(fd, TIOCGWINSZ, &ws) == 0, "%s: TIOCGWINSZ: %m", what);
        EXPECT(ws.ws_row == rows && ws.ws_col == cols, "%s: %ux%u, want %ux%u", what,
               ws.ws_row, ws.ws_col, rows, cols);
}

static void check_instance(const char *pts, int host_slave, int master, int slave) {
        struct stat sl, node, root, host;
        char path[PATH_MAX + 16];
        struct dirent *de;
        int names = 0;
        DIR *d;

        EXPECT(pty_index(master) == 0, "index %d, want 0", pty_index(master));
        snprintf(path, sizeof(path), "%s/0", pts);
        if (fstat(slave, &sl) < 0 || stat(path, &node) < 0 || stat(pts, &root) < 0 ||
            fstat(host_slave, &host) < 0)
                setup_fail("stat", errno);
        EXPECT(S_ISCHR(sl.st_mode) && major(sl.st_rdev) >= 136 && major(sl.st_rdev) < 144,
               "slave is no pty slave: mode %o rdev %u:%u", sl.st_mode, major(sl.st_rdev),
               minor(sl.st_rdev));
        EXPECT(sl.st_rdev == node.st_rdev && sl.st_dev == node.st_dev, "slave is not %s", path);
        /* What ns.c checks before it makes the slave the job's terminal. */
        EXPECT(sl.st_dev == root.st_dev, "slave is not of the instance at %s", pts);
        EXPECT(sl.st_dev != host.st_dev, "slave is of the host's devpts");
        /* Only our pty and ptmx: none of the host's entries. */
        d = opendir(pts);
        if (!d)
                setup_fail("opendir", errno);
        while ((de = readdir(d)))
                if (!streq(de->d_name, ".") && !streq(de->d_name, "..")) {
                        names++;
                        EXPECT(streq(de->d_name, "0") || streq(de->d_name, "ptmx"),
                               "unexpected entry %s", de->d_name);
                }
        closedir(d);
        EXPECT(names == 2, "%d entries, want 0 and ptmx", names);
}

static void check_echo(int master, int slave) {
        EXPECT(write(master, "hello\n", 6) == 6, "write to master: %m");
        expect_bytes(slave, "hello\n", "slave reads");
        expect_bytes(master, "hello\r\n", "master reads the echo");
        EXPECT(write(slave, "back\n", 5) == 5, "write to slave: %m");
        expect_bytes(master, "back\r\n", "master reads");
}

static void check_winsize(int master, int slave) {
        expect_size(slave, 24, 80, "as opened");
        EXPECT(pty_resize(master, 50, 132) == 0, "pty_resize 50x132");
        expect_size(slave, 50, 132, "resized");
        EXPECT(pty_resize(master, 65535, 1) == 0, "pty_resize 65535x1");
        expect_size(slave, 65535, 1, "resized to the bounds");
        EXPECT(pty_resize(master, 0, 80) == -EINVAL, "pty_resize 0 rows");
        EXPECT(pty_resize(master, 24, 0) == -EINVAL, "pty_resize 0 columns");
        EXPECT(pty_resize(master, 65536, 80) == -EINVAL, "pty_resize 65536 rows");
        EXPECT(pty_resize(master, 24, 1u << 16 | 80) == -EINVAL, "pty_resize 65616 columns");
        expect_size(slave, 65535, 1, "after refused resizes");
}

static void check_owner(const char *pts, int slave) {
        char path[PATH_MAX + 16];
        struct stat st;

        if (fstat(slave, &st) < 0)
                setup_fail("fstat", errno);
        EXPECT(st.st_uid == UID && st.st_gid == GID, "slave owned by %u:%u, want %u:%u",
               st.st_uid, st.st_gid, UID, GID);
        EXPECT((st.st_mode & 07777) == 0620, "slave mode %o, want 620", st.st_mode & 07777);
        snprintf(path, sizeof(path), "%s/ptmx", pts);
        if (stat(path, &st) < 0)
                setup_fail("stat ptmx", errno);
        EXPECT((st.st_mode & 07777) == 0666, "ptmx mode %o, want 666", st.st_mode & 07777);
}

static void check_flags(const char *dir, const char *pts, int master, int slave) {
        char other[PATH_MAX + 16];
        struct statvfs sv;
        int st, m, s;
        pid_t pid;

        EXPECT((fcntl(master, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == (O_RDWR | O_NONBLOCK),
               "master flags %#x", fcntl(master, F_GETFL));
        EXPECT((fcntl(slave, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == O_RDWR,
               "slave flags %#x", fcntl(slave, F_GETFL));
        EXPECT(fcntl(master, F_GETFD) == FD_CLOEXEC, "master not close-on-exec");
        EXPECT(fcntl(slave, F_GETFD) == FD_CLOEXEC, "slave not close-on-exec");
        if (statvfs(pts, &sv) < 0)
                setup_fail("statvfs", errno);
        EXPECT((sv.f_flag & (ST_NOSUID | ST_NOEXEC)) == (ST_NOSUID | ST_NOEXEC),
               "mount flags %#lx, want nosuid and noexec", sv.f_flag);
        /* A session leader without a terminal takes the first tty it opens without
         * O_NOCTTY: the executor must never make the job's terminal its own. */
        snprintf(other, sizeof(other), "%s/noctty", dir);
        pid = fork();
        if (pid < 0)
                setup_fail("fork", errno);
        if (pid == 0) {
                if (setsid() < 0 || pty_open(other, UID, GID, 24, 80, &m, &s) < 0)
                        _exit(3);
                _exit(open("/dev/tty", O_RDWR | O_CLOEXEC) < 0 && errno == ENXIO ? 0 : 1);
        }
        if (waitpid(pid, &st, 0) < 0)
                setup_fail("waitpid", errno);
        EXPECT(WIFEXITED(st) && WEXITSTATUS(st) == 0,
               "pty_open made the slave its caller's controlling terminal (status %#x)", st);
}

static void check_max(const char *pts) {
        char path[PATH_MAX + 16];
        int fd;

        snprintf(path, sizeof(path), "%s/ptmx", pts);
        for (int i = 1; i < PTY_MAX; i++) {
                fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
                EXPECT(fd >= 0, "pty %d of %d: %m", i + 1, PTY_MAX);
                if (fd < 0)
                        return;
                EXPECT(pty_index(fd) == i, "pty %d has index %d", i + 1, pty_index(fd));
        }
        fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
        EXPECT(fd < 0 && errno == ENOSPC, "pty %d: fd %d (%m), want ENOSPC", PTY_MAX + 1, fd);
}

static void check_fresh(const char *pts, int slave) {
        struct stat first, second;
        int m, s, r;

        r = pty_open(pts, UID, GID, 24, 80, &m, &s);
        EXPECT(r == 0, "second pty_open: %s", strerror(-r));
        if (r < 0)
                return;
        EXPECT(pty_index(m) == 0, "second pty has index %d, want 0", pty_index(m));
        if (fstat(slave, &first) < 0 || fstat(s, &second) < 0)
                setup_fail("fstat", errno);
        EXPECT(first.st_dev != second.st_dev, "second pty_open reused the instance");
}

/* The child leads a session whose terminal is the slave, as ns.c makes the job. */
static void check_ctrl_c(int master, int slave) {
        int ready[2], st;
        char c;
        pid_t pid;

        if (pipe2(ready, O_CLOEXEC) < 0)
                setup_fail("pipe2", errno);
        pid = fork();
        if (pid < 0)
                setup_fail("fork", errno);
        if (pid == 0) {
                if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
                        _exit(3);
                if (tcgetpgrp(slave) != getpid())
                        _exit(4);
                (void)!write(ready[1], "r", 1);
                for (;;)
                        pause();
        }
        close(ready[1]);
        EXPECT(read_for(ready[0], &c, 1) == 1, "the child never took the terminal");
        EXPECT(write(master, "\003", 1) == 1, "write ^C: %m");
        for (int i = 0; i < 200 && waitpid(pid, &st, WNOHANG) == 0; i++)
                usleep(10000);
        if (waitpid(pid, &st, WNOHANG) == 0) {
                kill(pid, SIGKILL);
                (void)waitpid(pid, &st, 0);
                EXPECT(0, "^C did not end the child in 2 s");
                return;
        }
        EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT, "child status %#x, want SIGINT", st);
}

static void check_refuse(const char *dir, int master) {
        char path[PATH_MAX + 16];
        struct stat st;
        int m = -1, s = -1;

        snprintf(path, sizeof(path), "%s/refused", dir);
        EXPECT(pty_open(path, UID, GID, 0, 80, &m, &s) == -EINVAL, "0 rows accepted");
        EXPECT(pty_open(path, UID, GID, 24, 65536, &m, &s) == -EINVAL, "65536 columns accepted");
        EXPECT(stat(path, &st) < 0 && errno == ENOENT, "a refused size made %s", path);
        EXPECT(m == -1 && s == -1, "a refused pty_open wrote its out-parameters");
        snprintf(path, sizeof(path), "%s/no/such/dir", dir);
        EXPECT(pty_open(path, UID, GID, 24, 80, &m, &s) == -ENOENT, "a missing parent accepted");
        EXPECT(pty_resize(-1, 24, 80) == -EBADF, "pty_resize on no fd");
        EXPECT(pty_resize(master, 24, 80) == 0, "pty_resize on the master");
}

int main(int argc, char **argv) {
        char pts[PATH_MAX];
        const char *dir, *check;
        int host, host_slave, master, slave, r;

        if (argc != 3)
                return 2;
        dir = argv[1];
        check = argv[2];
        if ((size_t)snprintf(pts, sizeof(pts), "%s/pts", dir) >= sizeof(pts))
                return 2;

        /* The host's pty, from the host's ptmx: its index 0 is now taken, if it was not. */
        host = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (host < 0 || grantpt(host) < 0 || unlockpt(host) < 0)
                setup_fail("posix_openpt", errno);
        host_slave = ioctl(host, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (host_slave < 0)
                setup_fail("TIOCGPTPEER on the host's pty", errno);
        if (unshare(CLONE_NEWNS) < 0)
                setup_fail("unshare", errno);
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
                setup_fail("MS_PRIVATE", errno);
        if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755") < 0)
                setup_fail("tmpfs", errno);
        /* pts does not exist yet: pty_open makes it. */
        r = pty_open(pts, UID, GID, 24, 80, &master, &slave);
        if (r < 0)
                setup_fail("pty_open", r);

        if (streq(check, "instance"))
                check_instance(pts, host_slave, master, slave);
        else if (streq(check, "echo"))
                check_echo(master, slave);
        else if (streq(check, "winsize"))
                check_winsize(master, slave);
        else if (streq(check, "owner"))
                check_owner(pts, slave);
        else if (streq(check, "flags"))
                check_flags(dir, pts, master, slave);
        else if (streq(check, "max"))
                check_max(pts);
        else if (streq(check, "fresh"))
                check_fresh(pts, slave);
        else if (streq(check, "ctrl-c"))
                check_ctrl_c(master, slave);
        else if (streq(check, "refuse"))
                check_refuse(dir, master);
        else
                return 2;
        if (!failed)
                printf("ok %s\n", check);
        return failed;
}
