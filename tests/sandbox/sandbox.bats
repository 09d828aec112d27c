#!/usr/bin/env bats
# sandbox.bats: what a job can see and do, end to end through ./coderun-exec: its
# identity and privileges, the processes and files it sees, where it may write, the
# network it has (none), its environment and fds, and that nothing of it outlives
# the request. Every escape tried here must end in the safe outcome.
# Network rule: the only listeners are this suite's own, on the host's loopback.
bats_require_minimum_version 1.7.0
# Note: bats' `run` overwrites $status, $output and $lines; names here avoid them.

load ../helper

PY=/usr/bin/python3

setup_file() {
        # The tests of what outlives a request use a config of their own: its own job
        # uids and state dir, so that jobs other suites run meanwhile cannot be taken
        # for leftovers of ours.
        ISO_STATE="$BATS_FILE_TMPDIR/state"
        ISO_CONF=$(BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR" conf_with uid_first=61160 slots=4 \
                state_dir="$ISO_STATE")
        export ISO_STATE ISO_CONF
}

teardown_file() {
        [ -z "${ISO_STATE:-}" ] || release_state "$ISO_STATE"
}

teardown() {
        [ -z "${LISTENER:-}" ] || kill "$LISTENER" 2>/dev/null || true
        [ -z "${MARKER_PID:-}" ] || kill "$MARKER_PID" 2>/dev/null || true
        stop_serving
}

# The network probe, sent as a job and run by the test as the control.
NET_PROBE=$(cat "$ROOT/tests/sandbox/net-probe.py")

# C: every open fd of the process with its kind.
FDS_C='#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
int main(void) {
        for (int fd = 0; fd < 65536; fd++) {
                struct stat st;
                if (fcntl(fd, F_GETFD) < 0 || fstat(fd, &st) < 0)
                        continue;
                printf("%d %s\n", fd, S_ISFIFO(st.st_mode) ? "pipe" :
                       S_ISSOCK(st.st_mode) ? "socket" : "other");
        }
        return 0;
}'




@test "the job runs as a job uid, without capabilities, no_new_privs and seccomp on" {
        need_root
        run -0 --separate-stderr cr_src bash 'id -u; id -g; id -G; id -un
grep -E "^(CapInh|CapPrm|CapEff|CapAmb|NoNewPrivs|Seccomp):" /proc/self/status'
        jqe '.run.status == null'
        local uid first slots
        uid=$(jq -r '.run.stdout | split("\n")[0]' <<<"$output")
        first=$(sed -n 's/^uid_first *= *//p' "$CONF")
        slots=$(sed -n 's/^slots *= *//p' "$CONF")
        [ "$uid" -ge "$first" ] && [ "$uid" -lt $((first + slots)) ]
        jqe --arg u "$uid" '.run.stdout == "\($u)\n\($u)\n\($u)\ncoderun\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\n"'
}

@test "the job sees no host process, only itself as a small pid" {
        need_root
        sleep 300 >/dev/null 2>&1 3>&- &
        MARKER_PID=$!
        run -0 --separate-stderr cr_src bash 'echo "self $$"
echo pids /proc/[0-9]*
ps -eo comm=
kill -0 "$1" 2>/dev/null && echo "marker visible" || echo "marker invisible"
grep -l sleep /proc/[0-9]*/cmdline 2>/dev/null; echo end' "{args:[\"$MARKER_PID\"]}"
        jqe '.run.status == null'
        jqe '.run.stdout == "self 2\npids /proc/2\nbash\nps\nmarker invisible\nend\n"'
        # The marker was alive all along: the test could have failed.
        kill -0 "$MARKER_PID"
}

@test "/proc is mounted with hidepid=2: the stage's init (pid 1) is invisible" {
        need_root
        run -0 --separate-stderr cr_src bash 'awk "\$5 == \"/proc\" {print \$NF}" /proc/self/mountinfo
[ -e /proc/1 ] && echo "pid 1 visible" || echo "pid 1 hidden"
cat /proc/1/status 2>/dev/null | head -1; echo end'
        jqe '.run.status == null'
        jqe '.run.stdout == "rw,hidepid=invisible\npid 1 hidden\nend\n"'
}

@test "host files are out of sight: shadow, home dirs, /usr/local, /work, the repo" {
        need_root
        # All of these exist on the host (the control).
        for p in /etc/shadow /home /root /usr/local/bin "$ROOT" "$BATS_TEST_TMPDIR" /run /var /sys; do
                [ -e "$p" ]
        done
        run -0 --separate-stderr cr_src bash 'for p in "$@"; do
        [ -e "$p" ] && echo "$p visible" || echo "$p absent"
done
cat /etc/shadow 2>&1 | sed "s/^.*: //"
echo "usr/local: [$(ls -A /usr/local)]"' \
                "{args:[\"/etc/shadow\",\"/home\",\"/root\",\"/usr/local/bin\",\"/work\",\"$ROOT\",\"$BATS_TEST_TMPDIR\",\"/run\",\"/var\",\"/sys\"]}"
        jqe '.run.status == null'
        jqe --arg r "$ROOT" --arg t "$BATS_TEST_TMPDIR" '.run.stdout == "/etc/shadow absent\n/home absent\n/root absent\n/usr/local/bin absent\n/work absent\n\($r) absent\n\($t) absent\n/run absent\n/var absent\n/sys absent\nNo such file or directory\nusr/local: []\n"'
}

@test "/etc holds only the curated files; passwd and group name only the job user" {
        need_root
        local want f
        # A bash job: none of the etc entries other languages' lang.d files ask for.
        want="group hostname hosts passwd"
        for f in ld.so.cache localtime alternatives ssl; do
                [ -e "/etc/$f" ] && want+=" $f"
        done
        want=$(printf '%s\n' $want | LC_ALL=C sort | tr '\n' ' ')
        run -0 --separate-stderr cr_src bash 'LC_ALL=C ls -A /etc | tr "\n" " "; echo
cut -d: -f1,3,4 /etc/passwd | tr "\n" " "; echo
cut -d: -f1,3 /etc/group | tr "\n" " "; echo
getent passwd "$(id -u)"'
        jqe '.run.status == null'
        local uid
        uid=$(jq -r '.run.stdout | split("\n")[3] | split(":")[2]' <<<"$output")
        [[ $uid =~ ^610[0-9][0-9]$ ]]
        jqe --arg w "$want" --arg u "$uid" '.run.stdout == "\($w)\nroot:0:0 coderun:\($u):\($u) nobody:65534:65534 \nroot:0 coderun:\($u) nogroup:65534 \ncoderun:x:\($u):\($u):coderun job:/box:/usr/sbin/nologin\n"'
}

@test "the job writes only to /tmp, /dev/shm and /box; everything else is read-only" {
        need_root
        run -0 --separate-stderr cr_src bash 'for d in / /usr /usr/local /usr/bin /etc /etc/ssl /dev /proc /tmp /dev/shm /box; do
        ( : > "$d/probe" ) 2>/dev/null && echo "$d yes" || echo "$d no"
done
for f in /etc/passwd /etc/hosts /etc/ld.so.cache /usr/bin/bash; do
        ( : >> "$f" ) 2>/dev/null && echo "$f yes" || echo "$f no"
done
mkdir /newdir 2>/dev/null && echo "mkdir / yes" || echo "mkdir / no"
echo "-- not read-only:"; awk "\$6 !~ /^ro,/ {print \$5}" /proc/self/mountinfo | sort
echo "-- not nosuid:"; awk "\$6 !~ /nosuid/ {print \$5}" /proc/self/mountinfo | sort'
        jqe '.run.status == null'
        jqe '.run.stdout == "/ no\n/usr no\n/usr/local no\n/usr/bin no\n/etc no\n/etc/ssl no\n/dev no\n/proc no\n/tmp yes\n/dev/shm yes\n/box yes\n/etc/passwd no\n/etc/hosts no\n/etc/ld.so.cache no\n/usr/bin/bash no\nmkdir / no\n-- not read-only:\n/box\n/dev/full\n/dev/null\n/dev/random\n/dev/shm\n/dev/urandom\n/dev/zero\n/proc\n/tmp\n-- not nosuid:\n/dev/full\n/dev/null\n/dev/random\n/dev/urandom\n/dev/zero\n"'
}

@test "the hostname is coderun inside; the host's is unchanged" {
        need_root
        local before
        before=$(uname -n)
        [ "$before" != coderun ]
        run -0 --separate-stderr cr_src bash 'hostname; uname -n; cat /proc/sys/kernel/hostname /etc/hostname'
        jqe '.run.stdout == "coderun\ncoderun\ncoderun\ncoderun\n"'
        [ "$(uname -n)" = "$before" ]
}

@test "no network: TCP and UDP to the host's 127.0.0.1 and ::1 fail in the job, work from the test" {
        need_root
        start_listener
        run -0 --separate-stderr cr_src python "$NET_PROBE" \
                "{args:[\"$T4\",\"$T6\",\"$U4\",\"$U6\",\"job\"], run_timeout:8000}"
        jqe '.run.status == null'
        jqe '.run.stdout == "tcp4 ENETUNREACH\ntcp6 EADDRNOTAVAIL\nudp4 ENETUNREACH\nudp6 EADDRNOTAVAIL\n"'
        # The control: the same probe from the test reaches all four listeners.
        run -0 "$PY" -c "$NET_PROBE" "$T4" "$T6" "$U4" "$U6" test
        [ "$output" = $'tcp4 connected\ntcp6 connected\nudp4 sent\nudp6 sent' ]
        wait_log 4
        run -0 sort "$NET_LOG"
        [ "$output" = $'tcp4 test\ntcp6 test\nudp4 test\nudp6 test' ]
}

@test "the job's only interface is lo; it is down and cannot be brought up" {
        need_root
        # SIOCGIFFLAGS / SIOCSIFFLAGS: read lo's flags, then try to set IFF_UP.
        run -0 --separate-stderr cr_src python 'import errno, fcntl, socket, struct
print(*[l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sH14x", fcntl.ioctl(s, 0x8913, struct.pack("16sH14x", b"lo", 0)))[1]
print("lo", "up" if flags & 1 else "down")
try:
    fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", flags | 1))
    print("set up: ok")
except OSError as e:
    print("set up:", errno.errorcode[e.errno])'
        jqe '.run.status == null'
        jqe '.run.stdout == "lo\nlo down\nset up: EPERM\n"'
}

@test "AF_VSOCK, AF_NETLINK and AF_PACKET sockets are refused; AF_UNIX works" {
        need_root
        run -0 --separate-stderr cr_src python 'import errno, socket
for fam, typ in (("AF_VSOCK", socket.SOCK_STREAM), ("AF_NETLINK", socket.SOCK_RAW),
                 ("AF_PACKET", socket.SOCK_RAW), ("AF_PACKET", socket.SOCK_DGRAM),
                 ("AF_UNIX", socket.SOCK_STREAM)):
    try:
        socket.socket(getattr(socket, fam), typ).close()
        print(fam, "opened")
    except OSError as e:
        print(fam, errno.errorcode[e.errno])'
        jqe '.run.status == null'
        jqe '.run.stdout == "AF_VSOCK EAFNOSUPPORT\nAF_NETLINK EAFNOSUPPORT\nAF_PACKET EAFNOSUPPORT\nAF_PACKET EAFNOSUPPORT\nAF_UNIX opened\n"'
}

@test "the job cannot make a user namespace (a way to capabilities and mounts)" {
        need_root
        run -0 --separate-stderr cr_src bash 'unshare -Ur true 2>/dev/null; echo "unshare -Ur: $?"
unshare -Urn true 2>/dev/null; echo "unshare -Urn: $?"'
        # 159 = 128 + SIGSYS: the seccomp filter kills the attempt.
        jqe '.run.stdout == "unshare -Ur: 159\nunshare -Urn: 159\n"'
}

@test "two concurrent jobs cannot talk over an abstract unix socket" {
        need_root
        local name="coderun-test-$RANDOM$RANDOM" a t0 t1 tb
        # CLOCK_MONOTONIC is the host's in every job (no time namespace): it shows
        # the second job tried while the first one listened.
        cr_src python 'import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0" + sys.argv[1])
s.listen(1)
t0 = time.monotonic()
s.settimeout(2)
try:
    s.accept()
    r = "accepted"
except socket.timeout:
    r = "nobody came"
print(r, t0, time.monotonic())' "{args:[\"$name\"], run_timeout:5000}" > "$BATS_TEST_TMPDIR/a.json" 3>&- &
        a=$!
        sleep 0.5
        run -0 --separate-stderr cr_src python 'import errno, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect("\0" + sys.argv[1])
    r = "connected"
except OSError as e:
    r = errno.errorcode[e.errno]
print(r, time.monotonic())' "{args:[\"$name\"]}"
        jqe '.run.stdout | startswith("ECONNREFUSED ")'
        tb=$(jq -r '.run.stdout | split(" ")[1]' <<<"$output")
        wait "$a"
        output=$(cat "$BATS_TEST_TMPDIR/a.json")
        jqe '.run.stdout | startswith("nobody came ")'
        read -r t0 t1 < <(jq -r '.run.stdout | split(" ")[2:] | join(" ")' <<<"$output")
        awk -v a="$t0" -v b="$tb" -v c="$t1" 'BEGIN { exit !(a < b && b < c) }'
}

@test "the job's only open fds are 0, 1 and 2, all pipes" {
        need_root
        run -0 --separate-stderr cr_src c "$FDS_C"
        jqe '.run.status == null'
        jqe '.run.stdout == "0 pipe\n1 pipe\n2 pipe\n"'
}

@test "through the server: the job holds no socket and cannot reach the executor's port" {
        need_root
        command -v systemd-socket-activate >/dev/null || skip_or_fail "no systemd-socket-activate"
        command -v curl >/dev/null || skip_or_fail "no curl"
        serve
        start_listener
        run -0 --separate-stderr curl -sS --max-time 20 "http://127.0.0.1:$PORT/api/v2/execute" \
                --data-binary "$(req_src c "$FDS_C")"
        jqe '.run.status == null'
        jqe '.run.stdout == "0 pipe\n1 pipe\n2 pipe\n"'
        run -0 --separate-stderr curl -sS --max-time 20 "http://127.0.0.1:$PORT/api/v2/execute" \
                --data-binary "$(req_src python "$NET_PROBE" \
                "{args:[\"$T4\",\"$T6\",\"$U4\",\"$U6\",\"job\",\"$PORT\"], run_timeout:8000}")"
        jqe '.run.stdout == "tcp4 ENETUNREACH\ntcp6 EADDRNOTAVAIL\nudp4 ENETUNREACH\nudp6 EADDRNOTAVAIL\nexec ENETUNREACH\n"'
        # The control: the executor's port answers the test.
        run -0 curl -sf --max-time 5 "http://127.0.0.1:$PORT/health"
        jqe '.ok == true'
        run -0 "$PY" -c "$NET_PROBE" "$T4" "$T6" "$U4" "$U6" test
        wait_log 4
        run -0 sort "$NET_LOG"
        [ "$output" = $'tcp4 test\ntcp6 test\nudp4 test\nudp6 test' ]
}

@test "the environment is exactly lang.d's env: nothing of the caller's leaks" {
        need_root
        export CODERUN_SECRET=xyz-secret-4711
        local want
        want=$(sed -n 's/^env *= *//p' "$ROOT/lang.d/python.conf" | tr ' ' '\n' | LC_ALL=C sort)
        run -0 --separate-stderr cr_src python 'import os
for k in sorted(os.environ):
    print(k + "=" + os.environ[k])'
        jqe '.run.status == null'
        jqe --arg w "$want" '.run.stdout == $w + "\n"'
        run -0 --separate-stderr cr_src bash 'env | grep -c SECRET; cat /proc/$$/environ | tr "\0" "\n" | grep -c xyz'
        jqe '.run.stdout == "0\n0\n"'
        [[ $output != *xyz-secret* ]]
}

@test "kill -9 -1 from the job kills its own processes and still gets a well-formed reply" {
        need_root
        run -0 --separate-stderr cr_src bash 'sleep 100 & p=$!
echo before
kill -9 -1
wait "$p"; echo "sleep ended: $?"
echo after' '{run_timeout:5000}'
        jqe '.run.status == null and .run.code == 0'
        jqe '.run.stdout == "before\nsleep ended: 137\nafter\n"'
        jqe '.run.wall_time < 2000'
}

@test "a double-forked bash daemon holding stdout is gone when the reply comes" {
        need_root
        local CONF="$ISO_CONF"
        local marker="$((RANDOM + 10000)).25" t0 t1
        t0=$(date +%s%N)
        run -0 --separate-stderr cr_src bash '(setsid sleep "$1" </dev/null >/dev/null 2>&1 &)
(setsid sleep "$1" &)
echo started' "{args:[\"$marker\"], run_timeout:5000}"
        t1=$(date +%s%N)
        jqe '.run.status == null and .run.stdout == "started\n"'
        # The reply did not wait for the daemon (which keeps stdout open) or the timeout.
        [ $(( (t1 - t0) / 1000000 )) -lt 2000 ]
        run -1 pgrep -f "^sleep $marker\$"
        run -1 pgrep -u "$(job_uids)"
}

@test "a double-forked python daemon is gone when the reply comes" {
        need_root
        local CONF="$ISO_CONF"
        local marker="$((RANDOM + 10000)).75"
        run -0 --separate-stderr cr_src python 'import os, sys
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/usr/bin/sleep", ["sleep", sys.argv[1]])
    os._exit(0)
os.wait()
print("started", flush=True)' "{args:[\"$marker\"], run_timeout:5000}"
        jqe '.run.status == null and .run.stdout == "started\n"'
        run -1 pgrep -f "^sleep $marker\$"
        run -1 pgrep -u "$(job_uids)"
}

@test "nothing of a request stays on the host: no mount, no process, no file" {
        need_root
        local CONF="$ISO_CONF"
        local marker="leak-$RANDOM$RANDOM"
        host_mounts > "$BATS_TEST_TMPDIR/mounts.before"
        run -0 job_files
        [ -z "$output" ]
        run -0 --separate-stderr cr_src bash 'for d in /tmp /dev/shm /box; do echo x > "$d/$1"; done
mkdir /tmp/d && echo y > /tmp/d/f
(setsid sleep 300 </dev/null >/dev/null 2>&1 &)
ls /tmp/"$1" /dev/shm/"$1" /box/"$1"' "{args:[\"$marker\"]}"
        jqe --arg m "$marker" '.run.status == null and .run.stdout == "/box/\($m)\n/dev/shm/\($m)\n/tmp/\($m)\n"'
        host_mounts > "$BATS_TEST_TMPDIR/mounts.after"
        diff "$BATS_TEST_TMPDIR/mounts.before" "$BATS_TEST_TMPDIR/mounts.after"
        run -1 pgrep -u "$(job_uids)"
        run -0 job_files
        [ -z "$output" ]
        run -0 find /tmp /var/tmp /dev/shm -xdev -maxdepth 3 -name "$marker"
        [ -z "$output" ]
}

@test "/tmp and /dev/shm start empty in every request and every test; /box is per request" {
        need_root
        local src='echo "tmp:[$(ls -A /tmp)] shm:[$(ls -A /dev/shm)] box:[$(ls -A /box | tr "\n" " ")]"
echo 1 > /tmp/left; echo 2 > /dev/shm/left; echo 3 > /box/left'
        run -0 --separate-stderr cr_src bash "$src"
        jqe '.run.stdout == "tmp:[] shm:[] box:[main.sh ]\n"'
        run -0 --separate-stderr cr_src bash "$src"
        jqe '.run.stdout == "tmp:[] shm:[] box:[main.sh ]\n"'
        # Within one request /box is shared by the tests (compile once, run per test);
        # /tmp and /dev/shm are not.
        run -0 --separate-stderr cr_src bash "$src" '{tests:[{},{}]}'
        jqe '[.tests[].stdout] == ["tmp:[] shm:[] box:[main.sh ]\n", "tmp:[] shm:[] box:[left main.sh ]\n"]'
}

@test "the request's files land in /box with their bytes, owned by the job uid" {
        need_root
        local src req uid sum
        src='cd /box; id -u
find . -mindepth 1 | LC_ALL=C sort | while read -r f; do stat -c "%n %F %u %g %a" "$f"; done
cat sub/dir/data.txt; od -An -tx1 bin.dat; sha256sum main.sh | cut -c1-64'
        req=$(jq -nc --arg src "$src" '{language:"bash", files:[
                {name:"main.sh", content:$src},
                {name:"sub/dir/data.txt", content:"héllo\n"},
                {name:"bin.dat", content:"AAEC/w==", encoding:"base64"}]}')
        run -0 --separate-stderr cr "$req"
        jqe '.run.status == null'
        uid=$(jq -r '.run.stdout | split("\n")[0]' <<<"$output")
        [[ $uid =~ ^610[0-9][0-9]$ ]]
        sum=$(printf '%s' "$src" | sha256sum | cut -c1-64)
        jqe --arg u "$uid" --arg sum "$sum" '.run.stdout == "\($u)\n./bin.dat regular file \($u) \($u) 644\n./main.sh regular file \($u) \($u) 644\n./sub directory \($u) \($u) 755\n./sub/dir directory \($u) \($u) 755\n./sub/dir/data.txt regular file \($u) \($u) 644\nhéllo\n 00 01 02 ff\n\($sum)\n"'
}

@test "/dev/stdin, /dev/stdout and /dev/stderr can be opened by the job" {
        need_root
        run -0 --separate-stderr cr_src bash 'cat /dev/stdin; echo out > /dev/stdout; echo err > /dev/stderr' \
                '{stdin:"in\n"}'
        jqe '.run.stderr == "err\n"'
        jqe '.run.stdout == "in\nout\n"'
        jqe '.run.status == null'
        run -0 --separate-stderr cr_src c '#include <stdio.h>
int main(void) {
        FILE *f = fopen("/dev/stdout", "w");
        if (!f) {
                perror("fopen /dev/stdout");
                return 1;
        }
        fputs("via /dev/stdout\n", f);
        return fclose(f) != 0;
}'
        jqe '.run.stderr == "" and .run.stdout == "via /dev/stdout\n" and .run.status == null'
}

@test "symlinks the program plants in /box resolve inside the sandbox, never on the host" {
        need_root
        local f before after
        before=$(sha256sum /etc/passwd /etc/shadow /etc/group /etc/hosts /etc/hostname)
        run -0 --separate-stderr cr_src bash 'if [ ! -e /box/planted ]; then
        ln -s /etc/shadow /box/shadow; ln -s /etc/passwd /box/passwd
        ln -s /etc /box/etc; ln -s / /box/hostroot; : > /box/planted
        echo planted
else
        [ -e /box/shadow ] && echo "shadow resolves" || echo "shadow dangles"
        grep -c "^coderun:" /box/passwd
        ( echo "x::0:0::/:/bin/sh" >> /box/passwd ) 2>/dev/null && echo "passwd written" || echo "passwd read-only"
        ( : > /box/etc/coderun-planted ) 2>/dev/null && echo "etc written" || echo "etc read-only"
        [ -e /box/hostroot/work ] && echo "host root" || echo "sandbox root"
fi' '{tests:[{},{}]}'
        jqe '[.tests[].status] == [null, null]'
        jqe '[.tests[].stdout] == ["planted\n", "shadow dangles\n1\npasswd read-only\netc read-only\nsandbox root\n"]'
        after=$(sha256sum /etc/passwd /etc/shadow /etc/group /etc/hosts /etc/hostname)
        [ "$before" = "$after" ]
        [ ! -e /etc/coderun-planted ]
}

@test "a run that swaps its binary for a symlink to /etc/shadow: the next run cannot start it" {
        need_root
        local before
        before=$(sha256sum /etc/shadow)
        run -0 --separate-stderr cr_src c '#include <stdio.h>
#include <unistd.h>
int main(void) {
        puts("swapped");
        return unlink("/box/main") || symlink("/etc/shadow", "/box/main");
}' '{tests:[{},{}]}'
        jqe '.compile.status == null'
        jqe '.tests[0].status == null and .tests[0].stdout == "swapped\n"'
        # /etc/shadow does not exist in the sandbox: resolved on the host it would
        # have been "Permission denied" (no x bit).
        jqe '.tests[1].status == "XX" and .tests[1].code == null and .tests[1].signal == null'
        jqe '.tests[1].message == "could not start /box/main: No such file or directory"'
        [ "$(sha256sum /etc/shadow)" = "$before" ]
}

@test "an executor killed mid-job takes its stage with it: no orphan, the slot is free" {
        need_root
        local CONF="$ISO_CONF"
        local marker="$((RANDOM + 10000)).5" pid t0
        req_src bash 'sleep "$1"' "{args:[\"$marker\"], run_timeout:15000}" |
                "$EXEC" --config "$CONF" >/dev/null 2>&1 &
        pid=$!
        for _ in $(seq 100); do pgrep -f "^sleep $marker\$" >/dev/null && break; sleep 0.05; done
        run -0 pgrep -f "^sleep $marker\$"
        kill -9 "$pid"
        t0=$(date +%s%N)
        for _ in $(seq 100); do pgrep -f "^sleep $marker\$" >/dev/null || break; sleep 0.02; done
        run -1 pgrep -f "^sleep $marker\$"
        # Gone within a second of the executor, not at the job's 15 s timeout.
        [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 1000 ]
        run -1 pgrep -u "$(job_uids)"
        run -0 bash -c "printf 'GET /health HTTP/1.0\r\n\r\n' | '$EXEC' --config '$CONF' | tail -n 1"
        jqe '.free_slots == .slots'
        # The stage's init ended the job in every cgroup, which the dead executor could
        # not: no task is left in one of a job uid (a slot's kept ones stay, empty).
        run -0 job_cgroup_tasks
        [ -z "$output" ]
}

@test "the job cannot touch its init: invisible, not signalable, not prlimit-able" {
        need_root
        run -0 --separate-stderr cr_src bash 'ls -d /proc/1 2>&1 || echo "no /proc/1"
kill -9 1 2>&1 || echo "no kill"
prlimit --pid 1 --nofile=0:0 2>&1 || echo "no prlimit"
sleep 0.3; echo still here'
        jqe '.run.status == null'
        jqe '.run.stdout | contains("no /proc/1") and contains("no kill") and contains("no prlimit")'
        jqe '.run.stdout | endswith("still here\n")'
}

@test "the job's signals start at their defaults: SIGPIPE ends a writer quietly" {
        need_root
        run -0 --separate-stderr cr_src bash 'yes | head -n 1; echo "${PIPESTATUS[0]}"'
        jqe '.run.stdout == "y\n141\n" and .run.stderr == ""'
}

@test "inotify is refused (ENOSYS): it would watch other jobs' use of shared files" {
        need_root
        run -0 --separate-stderr cr_src python 'import ctypes, errno
libc = ctypes.CDLL(None, use_errno=True)
print(libc.inotify_init1(0), errno.errorcode[ctypes.get_errno()])'
        jqe '.run.stdout == "-1 ENOSYS\n"'
}

@test "the job's capability bounding set is empty and the OOM killer picks it first" {
        need_root
        run -0 --separate-stderr cr_src bash 'grep CapBnd /proc/self/status; cat /proc/self/oom_score_adj'
        jqe '.run.stdout == "CapBnd:\t0000000000000000\n1000\n"'
}

@test "the OOM killer's preference is the job's alone: the stage's PID 1 and the executor keep theirs" {
        need_root
        local sleeper init exec
        # The job is a vfork child of PID 1: its oom_score_adj must not reach the
        # process it borrowed memory from.
        printf '%s' '{"language":"bash","source":"exec sleep 2"}' |
                "$EXEC" --config "$CONF" >"$BATS_TEST_TMPDIR/reply" &
        sleeper=$(wait_for 30 pgrep -u "$(job_uids)" -x sleep)
        init=$(awk '{ print $4 }' "/proc/$sleeper/stat")
        exec=$(awk '{ print $4 }' "/proc/$init/stat")
        # init is the stage's PID 1 (its own PID namespace), exec the executor.
        [ "$(awk '/^NSpid:/ { print $NF }' "/proc/$init/status")" = 1 ]
        [ "$(cat "/proc/$exec/comm")" = coderun-exec ]
        [ "$(cat "/proc/$sleeper/oom_score_adj")" = 1000 ]
        [ "$(cat "/proc/$init/oom_score_adj")" = "$(cat /proc/self/oom_score_adj)" ]
        [ "$(cat "/proc/$exec/oom_score_adj")" = "$(cat /proc/self/oom_score_adj)" ]
        wait
        run jq -e '.run.code == 0' "$BATS_TEST_TMPDIR/reply"
        [ "$status" -eq 0 ]
}

@test "the job starts with every signal at its default, whatever the executor inherited" {
        need_root
        # A shell's background job ignores SIGINT and SIGQUIT, and an ignored
        # signal survives execve: the executor starts with both ignored here.
        run -0 --separate-stderr bash -c "(trap '' INT QUIT HUP 34 35; printf '%s' '{\"language\":\"bash\",\"source\":\"grep SigIgn /proc/self/status\"}' | '$EXEC' --config '$CONF')"
        jqe '.run.stdout == "SigIgn:\t0000000000000000\n"'
}

@test "SIGTERM to the executor's process group (a terminal's Ctrl-C, a stop) ends the stage and empties its cgroups" {
        need_root
        local CONF="$ISO_CONF"
        local marker="$((RANDOM + 10000)).25" pid
        # setsid: the executor leads its own process group, as under a terminal.
        req_src bash 'sleep "$1"' "{args:[\"$marker\"], run_timeout:15000}" |
                setsid "$EXEC" --config "$CONF" >/dev/null 2>&1 &
        for _ in $(seq 100); do pgrep -f "^sleep $marker\$" >/dev/null && break; sleep 0.05; done
        run -0 pgrep -f "^sleep $marker\$"
        pid=$(pgrep -f "^$EXEC --config $CONF\$" | head -n 1)
        kill -TERM -- "-$pid"
        for _ in $(seq 50); do pgrep -f "^sleep $marker\$" >/dev/null || break; sleep 0.02; done
        run -1 pgrep -f "^sleep $marker\$"
        # The stage's PID 1 is in a session of its own: it outlived the group,
        # ended the job and removed the cgroups the executor no longer could.
        sleep 0.2
        run -0 job_cgroup_tasks
        [ -z "$output" ]
}

@test "a language's etc entries (lang.d etc =) are in its jobs' /etc only, read-only" {
        need_root
        run -0 --separate-stderr cr_src bash 'ls /etc | tr "\n" " "; touch /etc/x 2>&1 | head -c 0; echo'
        jqe '.run.stdout | (contains("python3.11") | not) and contains("ld.so.cache")'
        run -0 --separate-stderr cr_src python 'import os
print(sorted(os.listdir("/etc")))
open("/etc/python3.11/x", "w")'
        jqe '.run.stdout | contains("python3.11")'
        jqe '.run.stderr | contains("Read-only file system")'
}

@test "scheduling: SCHED_BATCH and SCHED_IDLE are the job's to pick, real-time policies are not" {
        need_root
        run -0 --separate-stderr cr_src python 'import os
os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
print("batch", os.sched_getscheduler(0) == os.SCHED_BATCH)
for policy in (os.SCHED_FIFO, os.SCHED_RR):
    try:
        os.sched_setscheduler(0, policy, os.sched_param(1))
        print("realtime allowed")
    except PermissionError:
        print("realtime refused")'
        jqe '.run.stdout == "batch True\nrealtime refused\nrealtime refused\n"'
}
