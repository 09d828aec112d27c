#!/usr/bin/env bats
# pty.bats: the terminal of a tty run. sandbox/pty.c on the real kernel through
# build/test-pty (tests/sandbox/test-pty.c, one check a test, each in a private mount
# namespace of its own), then the seccomp filter (sandbox/seccomp.c, through
# build/seccomp-run as tests/sandbox/seccomp.bats runs it) on what a terminal program
# asks of its tty: the ioctls it needs pass, the line disciplines do not. Needs root:
# mounts, and seccomp_read takes only a root-owned program.
# Built by `make build/test-pty build/seccomp-run`.

bats_require_minimum_version 1.7.0

load ../helper

# built BINARY SOURCE...: BINARY exists and is newer than each SOURCE.
built() {
        local bin=$1 src
        shift
        for src in "$@"; do
                if [[ ! -x $bin || $ROOT/$src -nt $bin ]]; then
                        echo "$bin missing or older than $src:" \
                                "make build/test-pty build/seccomp-run" >&2
                        return 1
                fi
        done
}

setup_file() {
        TP="$BUILD/test-pty"
        SR="$BUILD/seccomp-run"
        built "$TP" sandbox/pty.c sandbox/pty.h tests/sandbox/test-pty.c
        built "$SR" sandbox/seccomp.c sandbox/seccomp.h tests/sandbox/seccomp-run.c
        P="$BATS_FILE_TMPDIR/probes"
        mkdir -p "$P"
        cc -std=gnu17 -Wall -Wextra -Werror -O2 -o "$P/pty-ioctl" \
                "$ROOT/tests/sandbox/probes/pty-ioctl.c"
        BPF="$BATS_FILE_TMPDIR/seccomp.bpf"
        "$SR" --export "$BPF"
        chmod 0644 "$BPF"
        export TP SR P BPF
}

setup() {
        [[ $(id -u) == 0 ]] ||
                skip_or_fail "needs root: mounts a devpts instance, reads a root-owned filter"
        cd "$BATS_TEST_TMPDIR"
}

# test-pty CHECK must print "ok CHECK" and nothing else.
pty_check() {
        run -0 "$TP" "$BATS_TEST_TMPDIR" "$1"
        assert_output "ok $1"
}

# Under the filter.
sc() {
        "$SR" "$BPF" "$@"
}

# --- pty_open and pty_resize ---

@test "the slave is pts 0 of a new devpts instance, while the host holds a pty of its own" {
        pty_check instance
}

@test "bytes written to the master come out of the slave, echoed, and back" {
        pty_check echo
}

@test "the window size is the one asked; pty_resize changes it; a refused size changes nothing" {
        pty_check winsize
}

@test "the slave belongs to the job's uid and gid, mode 0620; the instance's ptmx is 0666" {
        pty_check owner
}

@test "master non-blocking, both close-on-exec, the mount nosuid and noexec, no ctty taken" {
        pty_check flags
}

@test "the instance holds at most PTY_MAX ptys: the next open is ENOSPC" {
        pty_check max
}

@test "pty_open again on the same dir mounts a fresh instance" {
        pty_check fresh
}

@test "^C typed on the master is SIGINT to the session whose terminal the slave is" {
        pty_check ctrl-c
}

@test "a size of 0 or above 65535, a dir without a parent: refused, and no mount made" {
        pty_check refuse
}

@test "a check that does not exist fails: the harness cannot pass by accident" {
        run -2 "$TP" "$BATS_TEST_TMPDIR" no-such-check
        refute_output --partial "ok"
}

# --- the filter, on a terminal ---

@test "a terminal program works under the filter: forkpty, termios, window size, process groups" {
        # os.forkpty: /dev/ptmx, TIOCSPTLCK, TIOCGPTN or TIOCGPTPEER, then setsid and
        # TIOCSCTTY in the child, as a job running `script` or an expect test would.
        run -0 sc /usr/bin/python3 -c '
import fcntl, os, struct, termios
pid, fd = os.forkpty()
if pid == 0:
    a = termios.tcgetattr(0)                                    # TCGETS
    a[3] &= ~termios.ECHO
    for when in (termios.TCSANOW, termios.TCSADRAIN, termios.TCSAFLUSH):
        termios.tcsetattr(0, when, a)                           # TCSETS, TCSETSW, TCSETSF
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("4H", 30, 100, 0, 0))
    rows, cols = struct.unpack("4H", fcntl.ioctl(0, termios.TIOCGWINSZ, bytes(8)))[:2]
    pg = os.tcgetpgrp(0)                                        # TIOCGPGRP
    os.tcsetpgrp(0, pg)                                         # TIOCSPGRP
    print("child", rows, cols, pg == os.getpgrp() == os.getsid(0) == os.getpid(), flush=True)
    os._exit(0)
out = b""
while True:
    try:
        b = os.read(fd, 1024)
    except OSError:                                             # EIO: the slave is closed
        break
    if not b:
        break
    out += b
_, st = os.waitpid(pid, 0)
print(out.decode().strip(), os.waitstatus_to_exitcode(st))'
        assert_output "child 30 100 True 0"
}

@test "TIOCSETD (line disciplines) EPERM under the filter, high bits or not; TIOCGETD passes" {
        # Control: unfiltered, the probe's argument (the int 120) is no line
        # discipline, so the kernel says EINVAL, never EPERM.
        run -1 "$P/pty-ioctl" 0x5423
        assert_output EINVAL
        run -1 sc "$P/pty-ioctl" 0x5423
        assert_output EPERM
        run -1 sc "$P/pty-ioctl" 0x5423 0x100000000
        assert_output EPERM
        run -1 sc "$P/pty-ioctl" 0x5423 0xffffffff00000000
        assert_output EPERM
        run -0 sc "$P/pty-ioctl" 0x5424                 # TIOCGETD: N_TTY
        assert_output "ok 0"
}

@test "TIOCSTI and TIOCLINUX stay EPERM on a pty under the filter" {
        run -1 sc "$P/pty-ioctl" 0x5412
        assert_output EPERM
        run -1 sc "$P/pty-ioctl" 0x541c
        assert_output EPERM
}
