#!/usr/bin/env bats
# reuse.bats: nothing of one job reaches the next job in the same slot. A slot keeps
# a prepared root (sandbox/root.c) and a network namespace while no job touches it
# (sandbox/netns.c); here a config of one slot puts every request in that slot, a
# first job leaves what it can, and the next one looks for it: files in /box, /tmp
# and /dev/shm, SysV and POSIX IPC, processes, the cgroup's counters, environment,
# mounts, the root's files, and the network namespace's state (an IPv6 flow label
# with a linger, /proc/net/snmp's counters).
# Network rule: no traffic leaves a job's own namespace, whose loopback is down.
bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        # Uids of this suite alone; one slot, so the second job is in the first's.
        ONE_STATE="$BATS_FILE_TMPDIR/state"
        ONE_CONF=$(BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR" conf_with uid_first=61036 slots=1 \
                stream_slots=1 state_dir="$ONE_STATE")
        export ONE_STATE ONE_CONF
}

teardown_file() {
        [ -z "${ONE_STATE:-}" ] || release_state "$ONE_STATE"
}

# one LANG SOURCE [JQ-OBJECT]: a request in the one-slot config; the reply in $output.
one() {
        run -0 --separate-stderr bash -c 'req_src "$@" | "$EXEC" --config "$ONE_CONF"' _ "$@"
}

# Python that prints the cookie of the network namespace it runs in (SO_NETNS_COOKIE):
# unlike a namespace's inode number, a cookie is never given to another one.
COOKIE='import socket
print(int.from_bytes(socket.socket(socket.AF_UNIX).getsockopt(socket.SOL_SOCKET, 71, 8), "little"))'

# marked: the slot's network namespace is marked used (the first byte of its lock
# file, sandbox/netns.c), so the next request replaces it.
marked() {
        [ "$(head -c1 "$ONE_STATE/slot.0")" = u ]
}

# cookie_of: the run's cookie line (the last of its stdout).
cookie_of() {
        jq -r '.run.stdout | rtrimstr("\n") | split("\n") | last' <<<"$output"
}

setup() {
        local_only
        need_root
        export -f req_src
        export EXEC
}

@test "files: what a job leaves in /box, /tmp and /dev/shm is gone for the next" {
        one bash 'echo left > /box/left; echo left > /tmp/left; echo left > /dev/shm/left
mkdir -p /tmp/d/e /dev/shm/d; ls /box /tmp /dev/shm'
        jqe '.run.stdout | test("left")'
        one bash 'ls -A /tmp /dev/shm; ls -A /box'
        jqe '.run.stdout == "/dev/shm:\n\n/tmp:\nmain.sh\n"'
}

@test "IPC: SysV segments, queues and semaphores, and POSIX queues and semaphores, are gone" {
        local make='import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
rt = ctypes.CDLL("librt.so.1", use_errno=True)
IPC_CREAT = 0o1000
print(libc.shmget(4242, 4096, IPC_CREAT | 0o666) >= 0,
      libc.msgget(4243, IPC_CREAT | 0o666) >= 0,
      libc.semget(4244, 1, IPC_CREAT | 0o666) >= 0)
rt.mq_open.restype = ctypes.c_int
print(rt.mq_open(b"/coderun-left", os.O_CREAT | os.O_RDWR, 0o666, None) >= 0)
libc.sem_open.restype = ctypes.c_void_p
print(libc.sem_open(b"/coderun-left", os.O_CREAT, 0o666, 1) is not None)'
        one python "$make"
        # A POSIX queue cannot even be made (RLIMIT_MSGQUEUE is 0): asked anyway.
        jqe '.run.stdout | test("^True True True\n(True|False)\nTrue\n$")'
        one python 'import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
rt = ctypes.CDLL("librt.so.1", use_errno=True)
print(libc.shmget(4242, 0, 0), libc.msgget(4243, 0), libc.semget(4244, 0, 0))
print(rt.mq_open(b"/coderun-left", os.O_RDONLY, 0, None))
for f in ("shm", "msg", "sem"):
    print(f, len(open("/proc/sysvipc/" + f).read().splitlines()))
print(os.listdir("/dev/shm"))'
        jqe '.run.stdout == "-1 -1 -1\n-1\nshm 1\nmsg 1\nsem 1\n[]\n"'
}

@test "processes: a daemon the first job starts is gone, on the host and for the next job" {
        local marker="$((RANDOM + 10000)).75"
        one bash "setsid sleep $marker </dev/null >/dev/null 2>&1 & disown; echo started"
        jqe '.run.stdout == "started\n"'
        run -1 pgrep -f "^sleep $marker\$"
        one bash 'ls /proc | grep -E "^[0-9]+$" | wc -l'
        # PID 1, bash and ls (and the grep and wc of the pipe): no sleep among them.
        jqe '(.run.stdout | tonumber) <= 5'
        one bash 'ps -eo args= 2>/dev/null || ls /proc/[0-9]*/cmdline | xargs -n1 cat'
        jqe --arg m "$marker" '.run.stdout | contains($m) | not'
}

@test "the cgroup's counters: peak memory, CPU time and an OOM kill are the stage's own" {
        # The first job: 200 MiB touched, half a second of CPU, then a second stage of
        # its own (a test) killed by the OOM killer.
        one python 'import time
b = bytearray(200 << 20)
for i in range(0, len(b), 4096): b[i] = 1
t = time.process_time()
while time.process_time() - t < 0.5: pass
print(len(b))' '{run_memory_limit: 268435456}'
        jqe '.run.memory > 150000000 and .run.cpu_time >= 400'
        one python 'b = bytearray(400 << 20)
for i in range(0, len(b), 4096): b[i] = 1' '{run_memory_limit: 134217728}'
        jqe '.run.status == "ML" or .run.signal == "SIGKILL"'
        # The next job in the slot: a few MiB, a few ms, no OOM.
        one bash 'true'
        jqe '.run.status == null and .run.memory < 20000000 and .run.cpu_time < 100'
}

@test "environment, hostname and the root's files are the same for every job of the slot" {
        local look='env | LC_ALL=C sort; hostname; ls -la --time-style=+ / /etc /dev | awk "{\$2 = \"\"; print}"; awk "{print \$5, \$6}" /proc/self/mountinfo | LC_ALL=C sort'
        one bash "$look"
        local before=$output
        # Everything a job may try to leave in the root and the namespace: writes to
        # the read-only skeleton, a user namespace to mount in, a hostname.
        one bash 'for d in / /etc /dev /usr /box/..; do : > "$d/left" 2>/dev/null && echo "wrote $d"; done
unshare -Urm sh -c "mount -t tmpfs none /etc && : > /etc/left" 2>/dev/null && echo "mounted"
hostname left 2>/dev/null
export LEFT=1; echo "LEFT=1" >> /box/.profile; echo done'
        jqe '.run.stdout == "done\n"'
        one bash "$look"
        [ "$(jq -r .run.stdout <<<"$output")" = "$(jq -r .run.stdout <<<"$before")" ]
}

@test "the network namespace: a flow label and the snmp counters of one job are not the next's" {
        local label=$((RANDOM * 8 + 1)) sends=$((RANDOM % 40 + 20))
        # The first job: a flow label on ::1 that would linger 150 s after its socket,
        # and $sends datagrams that find no route (lo is down): Ip OutNoRoutes counts them.
        one python "import socket, struct
req = socket.inet_pton(socket.AF_INET6, '::1') + struct.pack('!I', $label) + struct.pack('=BBHHHI', 0, 1, 1, 150, 150, 0)
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s6.setsockopt(41, 32, req)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range($sends):
    try: s.sendto(b'x', ('127.0.0.1', 9))
    except OSError: pass
print(open('/proc/net/ip6_flowlabel').read().count('%05X' % $label))
l = open('/proc/net/snmp').read().splitlines()
print(dict(zip(l[0].split(), l[1].split()))['OutNoRoutes'])"
        jqe --arg n "$sends" '.run.stdout == "1\n\($n)\n"'
        one python "l = open('/proc/net/snmp').read().splitlines()
print(open('/proc/net/ip6_flowlabel').read().count('%05X' % $label))
print(dict(zip(l[0].split(), l[1].split()))['OutNoRoutes'])"
        jqe '.run.stdout == "0\n0\n"'
}

@test "a namespace no job touched serves the slot's next request; one a job touched does not" {
        local first label=$((RANDOM * 8 + 1))
        one python "$COOKIE"
        first=$(cookie_of)
        [ -n "$first" ] && [ "$first" != 0 ]
        ! marked
        # A socket made and closed leaves nothing: the same namespace again.
        one python "$COOKIE"
        [ "$(cookie_of)" = "$first" ]
        # A flow label alone (no packet sent, no socket left), which lingers 150 s:
        # the namespace stays marked, and the next request gets another.
        one python "import socket, struct
req = socket.inet_pton(socket.AF_INET6, '::1') + struct.pack('!I', $label) + struct.pack('=BBHHHI', 0, 1, 1, 150, 150, 0)
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).setsockopt(41, 32, req)
$COOKIE"
        [ "$(cookie_of)" = "$first" ]
        marked
        one python "$COOKIE"
        local second
        second=$(cookie_of)
        [ "$second" != "$first" ]
        ! marked
        # A connect that finds no route (lo is down): a counter moved, so replaced.
        one python "import socket
try: socket.create_connection(('127.0.0.1', 9), timeout=1)
except OSError: pass
$COOKIE"
        [ "$(cookie_of)" = "$second" ]
        one python "$COOKIE"
        [ "$(cookie_of)" != "$second" ]
        # Bound once, not stacked: one mount of the slot's namespace file.
        run -0 grep -c " $ONE_STATE/netns.0 nsfs " /proc/mounts
        [ "$output" = 1 ]
        run -0 grep -c " $ONE_STATE/root.0 nsfs " /proc/mounts
        [ "$output" = 1 ]
}

@test "an executor killed mid-job leaves its namespace to no job after it" {
        local pid job killed
        bash -c 'req_src bash "sleep 60" "{run_timeout: 15000}" | "$EXEC" --config "$ONE_CONF"' \
                >/dev/null 2>&1 &
        wait_for 30 pgrep -u 61036 -x sleep
        job=$(pgrep -u 61036 -x sleep)
        pid=$(pgrep -o -f -x "$EXEC --config $ONE_CONF")   # the oldest: its stages are forks
        # Its namespace's cookie, read by a process of ours in it (no job code).
        killed=$(nsenter --net="/proc/$job/ns/net" /usr/bin/python3 -c "$COOKIE")
        marked
        kill -KILL "$pid"
        wait || true
        # Its stage notices (the lifeline), kills the job, and the slot comes free.
        wait_for 30 bash -c '! pgrep -u 61036 >/dev/null && ! grep -Eq "OFDLCK .*:$(stat -c %i "$1") " /proc/locks' _ "$ONE_STATE/slot.0"
        one python "$COOKIE"
        [ "$(cookie_of)" != "$killed" ]
        ! marked
}

@test "the prepared root is kept while its key holds, and built anew when it does not" {
        local root="$ONE_STATE/root.0" ino key
        one bash 'true'
        ino=$(stat -L -c %i "$root")
        key=$(cat "$root.key")
        [[ "$key" == *"uid 61036 gid 61036"* ]]
        touch -d '2001-01-01' "$root.key"
        one bash 'true'
        # The same namespace, its key not written again.
        [ "$(stat -L -c %i "$root")" = "$ino" ]
        [ "$(stat -c %Y "$root.key")" = "$(date -d '2001-01-01' +%s)" ]
        # A key that is not today's (as after ldconfig, or a new uid_first): rebuilt,
        # its key written anew. (The new namespace may get the old one's inode number:
        # the old one is freed first.)
        echo stale > "$root.key"
        one bash 'grep coderun /etc/passwd'
        jqe '.run.stdout == "coderun:x:61036:61036:coderun job:/box:/usr/sbin/nologin\n"'
        [ "$(cat "$root.key")" = "$key" ]
        [ "$(stat -f -L -c %T "$root")" = nsfs ]
        # Half made (the key written, the namespace never bound): never used, rebuilt.
        umount "$root"
        [ "$(stat -f -c %T "$root")" != nsfs ]
        one bash 'echo ok'
        jqe '.run.stdout == "ok\n"'
        [ "$(stat -f -L -c %T "$root")" = nsfs ]
}

@test "a language with lang.d etc names keeps a root of its own, which no other language gets" {
        local etc
        etc=$(sed -n 's/^etc *= *//p' "$ROOT/lang.d/python.conf")
        [ -n "$etc" ]
        one python "import os; print(os.path.isdir('/etc/$etc'))"
        jqe '.run.stdout == "True\n"'
        # Kept, bound beside the plain one, and used again: the same namespace.
        local kept=("$ONE_STATE"/root.0-*[0-9a-f])
        [ "${#kept[@]}" = 1 ] && [ "$(stat -f -L -c %T "${kept[0]}")" = nsfs ]
        grep -q "^/etc/$etc " "${kept[0]}.key"
        local ino
        ino=$(stat -L -c %i "${kept[0]}")
        one python 'print(1)'
        [ "$(stat -L -c %i "${kept[0]}")" = "$ino" ]
        # The plain skeleton, bash's, has no such entry.
        one bash "ls /etc/$etc 2>&1 || echo absent"
        jqe '.run.stdout | endswith("absent\n")'
        ! grep -q "^/etc/$etc " "$ONE_STATE/root.0.key"
}
