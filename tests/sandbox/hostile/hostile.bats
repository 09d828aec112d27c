#!/usr/bin/env bats
# hostile.bats: the hostile-program suite. Each case is a small program in
# cases/ (its first line says the attack and the safe outcome), sent to ./coderun-exec
# as a request and never run anywhere else; the test asserts the safe outcome, then
# host_unchanged (hostile.bash): no process of a job uid, no new mount, no new
# cgroup, no file of a job uid in /tmp, /var/tmp or /dev/shm.
# Network rule: the only listeners are this suite's own, on the host's loopback; no
# test or case sends anything to another address.
bats_require_minimum_version 1.7.0
# Note: bats' `run` overwrites $status, $output and $lines; names here avoid them.

load ../../helper
load hostile

setup_file() {
        iso_setup
}

teardown_file() {
        [ -z "${ISO_STATE:-}" ] || release_state "$ISO_STATE"
}

setup() {
        need_root
        host_snapshot
}

teardown() {
        [ -z "${LISTENER:-}" ] || kill "$LISTENER" 2>/dev/null || true
        # helper.bash's stop_serving ends in `wait`, which returns 143 for the server
        # it just killed: under set -e that would fail the test.
        stop_serving || true
}

# limit_h NAME: a number from base/limits.h.
limit_h() {
        sed -n "s/^#define $1 *\([0-9]*\).*/\1/p" "$ROOT/base/limits.h"
}

# --- processes ---

@test "fork bomb (C): bounded, ended at its limit, the reply arrives, nothing left" {
        local t0=$EPOCHREALTIME
        run -0 --separate-stderr hcr fork_bomb.c '{run_timeout:2000, run_cpu_time:2000}'
        [ "$(ms_since "$t0")" -lt 6000 ]
        jqe '.compile.status == null'
        jqe '.run.status | IN("TO", "SG", "RE")'
        host_unchanged
}

@test "fork bomb (shell): bounded, ended at its limit, the reply arrives, nothing left" {
        local t0=$EPOCHREALTIME
        run -0 --separate-stderr hcr fork_bomb.sh '{run_timeout:2000, run_cpu_time:2000}'
        [ "$(ms_since "$t0")" -lt 6000 ]
        valid_json
        # bash reports every failed fork on stderr: EL is as safe an end as TO.
        jqe '.run.status | IN("TO", "SG", "RE", "EL")'
        # It did run into the process limit.
        jqe '.run.stderr | contains("fork: retry: Resource temporarily unavailable")'
        host_unchanged
}

@test "thread bomb: refused with EAGAIN just below procs; nothing left" {
        local procs
        procs=$(sed -n 's/^procs *= *//p' "$CONF")
        run -0 --separate-stderr hcr thread_bomb.c '{run_timeout:5000}'
        jqe '.compile.status == null'
        jqe '.run.status == null'
        jqe '.run.stdout | test("^[0-9]+ EAGAIN\n$")'
        jqe --argjson p "$procs" '.run.stdout | split(" ")[0] | tonumber | . < $p and . >= $p - 8'
        host_unchanged
}

@test "double-fork + setsid daemons: the reply comes at once and they are dead" {
        local t0=$EPOCHREALTIME
        run -0 --separate-stderr hcr daemon.c '{run_timeout:5000}'
        [ "$(ms_since "$t0")" -lt 2500 ]
        jqe '.run.status == null and .run.stdout == "daemons started\n"'
        jqe '.run.wall_time < 1000'
        host_unchanged
}

@test "kill(-1, SIGKILL): only the job's processes die, the reply arrives" {
        run -0 --separate-stderr hcr kill_all.c '{run_timeout:5000}'
        jqe '.run.status == null and .run.code == 0'
        jqe '.run.stdout == "kill -1: 0\nchild killed by signal 9\nstill here\n"'
        host_unchanged
}

@test "fds exhausted: EMFILE at RLIMIT_NOFILE, the job and the reply go on" {
        local n
        n=$(($(limit_h LIMIT_NOFILE) - 3))
        run -0 --separate-stderr hcr fd_exhaust.c
        jqe '.run.status == null'
        jqe --argjson n "$n" '.run.stdout == "open \($n) EMFILE\npipe \($n / 2 | floor) EMFILE\n"'
        host_unchanged
}

# --- memory ---

@test "malloc + touch 2 GiB with run_memory_limit 256 MiB is ML" {
        run -0 --separate-stderr hcr malloc_touch.c '{run_memory_limit:268435456, run_timeout:5000}'
        jqe '.compile.status == null'
        jqe '.run.status == "ML" and .run.code == null'
        jqe '.run.stdout == ""'
        jqe '.run.memory == null or .run.memory <= 268435456'
        host_unchanged
}

@test "mmap of 8 GiB left untouched runs: only memory in use counts" {
        run -0 --separate-stderr hcr mmap_untouched.c '{run_memory_limit:268435456}'
        jqe '.run.status == null and .run.stdout == "mapped 8 GiB\n"'
        host_unchanged
}

# --- time ---

@test "busy loop: TO by the CPU limit, cpu_time just over it" {
        run -0 --separate-stderr hcr busy_loop.c '{run_cpu_time:1000, run_timeout:5000}'
        jqe '.run.status == "TO" and .run.signal == "SIGKILL"'
        jqe '.run.message == "CPU time limit exceeded (1000 ms)"'
        jqe '.run.cpu_time >= 1000 and .run.cpu_time < 1300 and .run.wall_time < 5000'
        host_unchanged
}

@test "four spinning threads: TO when their CPU time together reaches the limit" {
        run -0 --separate-stderr hcr spin_threads.c '{run_cpu_time:1000, run_timeout:8000}'
        jqe '.run.status == "TO"'
        jqe '.run.message == "CPU time limit exceeded (1000 ms)"'
        jqe '.run.cpu_time >= 1000 and .run.cpu_time < 1500'
        host_unchanged
}

@test "sleep: TO by the wall clock near run_timeout, earlier output kept" {
        local t0=$EPOCHREALTIME
        run -0 --separate-stderr hcr sleep.sh '{run_timeout:500}'
        [ "$(ms_since "$t0")" -lt 3000 ]
        jqe '.run.status == "TO" and .run.signal == "SIGKILL"'
        jqe '.run.message == "wall time limit exceeded (500 ms)"'
        jqe '.run.wall_time >= 500 and .run.wall_time < 1000'
        jqe '.run.stdout == "before\n"'
        host_unchanged
}

@test "blocking read on its own pipe: TO by the wall clock, earlier output kept" {
        run -0 --separate-stderr hcr blocking_read.py '{run_timeout:1000}'
        jqe '.run.status == "TO" and .run.message == "wall time limit exceeded (1000 ms)"'
        jqe '.run.wall_time >= 1000 and .run.wall_time < 1500'
        jqe '.run.stdout == "reading\n"'
        host_unchanged
}

# --- output ---

@test "yes: OL, exactly output_limit bytes, stdout_truncated, the executor stays small" {
        local limit rss t0=$EPOCHREALTIME
        limit=$(conf_value_bytes output_limit)
        hcr_file yes.sh '{run_timeout:10000}'
        run -0 --separate-stderr /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" \
                "$EXEC" --config "$CONF" < "$BATS_TEST_TMPDIR/req.json"
        [ "$(ms_since "$t0")" -lt 5000 ]
        valid_json
        jqe '.run.status == "OL" and .run.signal == "SIGKILL"'
        jqe '.run.stdout_truncated == true and .run.stderr_truncated == false'
        jqe --argjson n "$limit" '.run.stdout == ("y\n" * ($n / 2))'
        # Peak RSS of the executor (and of whatever it waited for), in KiB: output is
        # capped as it arrives, never buffered whole.
        rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
        echo "# executor peak RSS: $rss KiB" >&3
        [ "$rss" -lt $((32 * 1024)) ]
        host_unchanged
}

@test "stderr-only flood: EL, exactly output_limit bytes of stderr, stderr_truncated" {
        local limit
        limit=$(conf_value_bytes output_limit)
        run -0 --separate-stderr hcr stderr_flood.sh '{run_timeout:10000}'
        valid_json
        jqe '.run.status == "EL" and .run.signal == "SIGKILL"'
        jqe '.run.stderr_truncated == true and .run.stdout_truncated == false'
        jqe --argjson n "$limit" '.run.stderr == ("err\n" * ($n / 4))'
        jqe '.run.stdout == ""'
        host_unchanged
}

@test "one 100 MB line: OL at output_limit, a valid JSON reply" {
        local limit rss
        limit=$(conf_value_bytes output_limit)
        hcr_file long_line.py '{run_timeout:10000}'
        run -0 --separate-stderr /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" \
                "$EXEC" --config "$CONF" < "$BATS_TEST_TMPDIR/req.json"
        valid_json
        jqe '.run.status == "OL" and .run.stdout_truncated == true'
        jqe --argjson n "$limit" '.run.stdout == ("x" * $n)'
        rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
        [ "$rss" -lt $((64 * 1024)) ]
        host_unchanged
}

# --- files ---

@test "fill /box, /tmp and /dev/shm: ENOSPC inside the job at each size" {
        local box tmp
        box=$(conf_value_bytes box_size)
        tmp=$(conf_value_bytes tmp_size)
        run -0 --separate-stderr hcr fill_disk.py '{run_timeout:10000}'
        jqe '.run.status == null'
        jqe '.run.stdout | test("^/box ENOSPC [0-9]+\n/tmp ENOSPC [0-9]+\n/dev/shm ENOSPC [0-9]+\n$")'
        # Written until full: within 1 MiB of the size (the program file takes a page).
        jqe --argjson b "$box" --argjson t "$tmp" '.run.stdout | split("\n")[:3] |
                map(split(" ")[2] | tonumber) as [$x, $y, $z] |
                $x > $b - 1048576 and $x <= $b and $y > $t - 1048576 and $y <= $t and
                $z > $t - 1048576 and $z <= $t'
        host_unchanged
}

@test "fill the inodes of /box, /tmp and /dev/shm: ENOSPC at each inode limit" {
        local bi ti
        bi=$(limit_h LIMIT_BOX_INODES)
        ti=$(limit_h LIMIT_TMP_INODES)
        run -0 --separate-stderr hcr fill_inodes.py '{run_timeout:10000}'
        jqe '.run.status == null'
        jqe '.run.stdout | test("^/box ENOSPC [0-9]+\n/tmp ENOSPC [0-9]+\n/dev/shm ENOSPC [0-9]+\n$")'
        jqe --argjson b "$bi" --argjson t "$ti" '.run.stdout | split("\n")[:3] |
                map(split(" ")[2] | tonumber) as [$x, $y, $z] |
                $x > $b - 64 and $x < $b and $y > $t - 64 and $y < $t and $z > $t - 64 and $z < $t'
        host_unchanged
}

@test "files left in /tmp, /dev/shm, /var/tmp and /box: the next request finds none" {
        local marker="hostile-$RANDOM$RANDOM" want
        want='/tmp: none
/tmp: written
/dev/shm: none
/dev/shm: written
/var/tmp: none
/var/tmp: not writable
/box: none
/box: written
'
        run -0 --separate-stderr hcr persist.sh "{args:[\"$marker\"]}"
        jqe --arg w "$want" '.run.status == null and .run.stdout == $w'
        host_unchanged
        run -0 --separate-stderr hcr persist.sh "{args:[\"$marker\"]}"
        jqe --arg w "$want" '.run.status == null and .run.stdout == $w'
        run -0 find /tmp /var/tmp /dev/shm -xdev -name "$marker"
        [ -z "$output" ]
        host_unchanged
}

@test "hostile file names in a request are refused; nothing is written" {
        local n name long req msg
        long=$(head -c 4096 /dev/zero | tr '\0' a)
        # name (as a JSON string) and the message naming it.
        while IFS=$'\t' read -r name msg; do
                req=$(jq -nc --argjson n "$name" --rawfile src "$CASES/names.sh" \
                        '{language:"bash", files:[{name:"main.sh", content:$src}, {name:$n, content:"x"}]}')
                run -0 --separate-stderr cr "$req"
                jqe --arg m "files[1].name: $msg" '.error == "bad_request" and .message == $m'
        done <<EOF
"../coderun-hostile-x"	must be a relative path without ".."
"/etc/coderun-hostile-x"	must be a relative path
"a/../../coderun-hostile-x"	must be a relative path without ".."
""	must not be empty
"."	must not have "." segments
"a/./b"	must not have "." segments
"a//b"	must not have empty segments ("//" or a trailing "/")
"a\u0000b"	must not contain NUL
"a\nb"	must not contain control characters
"-o"	must not start with '-' or '@'
"$long"	longer than 1024 bytes
EOF
        req=$(jq -nc --rawfile src "$CASES/names.sh" \
                '{language:"bash", files:[{name:"main.sh", content:$src}, {name:"a", content:"1"}, {name:"a", content:"2"}]}')
        run -0 --separate-stderr cr "$req"
        jqe '.error == "bad_request" and .message == "files[2].name: duplicate of files[1].name"'
        req=$(jq -nc --rawfile src "$CASES/names.sh" \
                '{language:"bash", files:([{name:"main.sh", content:$src}] + [range(9999) | {name:"f\(.)", content:""}])}')
        run -0 --separate-stderr cr "$req"
        jqe '.error == "bad_request" and .message == "files: must hold 1 to 4096 files"'
        [ ! -e /etc/coderun-hostile-x ]
        run -0 find /tmp /var/tmp /dev/shm -xdev -name coderun-hostile-x
        [ -z "$output" ]
        # The control: odd but legal names are written where they belong.
        req=$(jq -nc --rawfile src "$CASES/names.sh" \
                '{language:"bash", files:[{name:"main.sh", content:$src}, {name:"a b", content:""},
                  {name:".hidden", content:""}, {name:"sub/dir/é", content:""}]}')
        run -0 --separate-stderr cr "$req"
        jqe '.run.status == null and .run.stdout == "./.hidden\n./a b\n./main.sh\n./sub\n./sub/dir\n./sub/dir/é\n"'
        host_unchanged
}

@test "10,000 files and hostile names made by the program in /box: kept inside" {
        run -0 --separate-stderr hcr many_files.py '{run_timeout:10000}'
        jqe '.run.status == null and .run.stdout == "10 10000\n"'
        host_unchanged
}

@test "links and a FIFO planted by a run: the next run cannot start, nothing followed" {
        local before t0=$EPOCHREALTIME
        before=$(sha256sum /etc/shadow /etc/passwd /usr/bin/su)
        run -0 --separate-stderr hcr plant.c '{tests:[{}, {}], run_timeout:3000}'
        [ "$(ms_since "$t0")" -lt 5000 ]
        jqe '.compile.status == null'
        jqe '.tests[0].status == null'
        jqe '.tests[0].stdout == "symlink shadow: ok\nsymlink root: ok\nsymlink main.c: ok\nlink passwd: EXDEV\nlink su: EXDEV\nfifo main: ok\n"'
        jqe '.tests[1].status == "XX" and .tests[1].message == "could not start /box/main: Permission denied"'
        [ "$(sha256sum /etc/shadow /etc/passwd /usr/bin/su)" = "$before" ]
        host_unchanged
}

@test "an entry named @opts is refused: gcc, g++ and javac would read options from ./opts" {
        run -0 --separate-stderr cr '{"language":"c","files":[{"name":"@opts","content":""},{"name":"opts","content":"-wrapper /usr/bin/bash,x\n"}]}'
        jqe '.error == "bad_request" and .message == "files[0].name: must not start with '"'-' or '@'"'"'
        host_unchanged
}

@test "links and a FIFO made by the compile step: the run cannot start, nothing followed" {
        local before req conf t0=$EPOCHREALTIME
        # A language whose build runs the user's code (as make, cargo's build.rs or a
        # Gradle script do): its compile step plants the links and the FIFO.
        mkdir -p "$BATS_TEST_TMPDIR/lang.d"
        cat > "$BATS_TEST_TMPDIR/lang.d/shbuild.conf" <<'CONF'
name = shbuild
version = /usr/bin/true
file = build.sh
compile = /usr/bin/bash {file}
run = /box/main
env = PATH=/usr/bin:/bin
CONF
        echo "shbuild 1.0" > "$BATS_TEST_TMPDIR/versions"
        conf=$(conf_with uid_first=61170 slots=4 state_dir="$ISO_STATE" \
                lang_dir="$BATS_TEST_TMPDIR/lang.d" runtimes="$BATS_TEST_TMPDIR/runtimes")
        "$BUILD/lang-index" "$conf" "$BATS_TEST_TMPDIR/lang.d" "$BATS_TEST_TMPDIR/versions" \
                > "$BATS_TEST_TMPDIR/runtimes"
        cp "$conf" "$BATS_TEST_TMPDIR/shbuild.conf"
        before=$(sha256sum /etc/shadow /etc/passwd)
        req=$(jq -nc --rawfile w "$CASES/compile_plant.sh" '{language:"shbuild", source:$w}')
        run -0 --separate-stderr cr_with "$BATS_TEST_TMPDIR/shbuild.conf" "$req"
        [ "$(ms_since "$t0")" -lt 5000 ]
        jqe '.compile.status == null'
        jqe '.run.status == "XX" and .run.message == "could not start /box/main: Permission denied"'
        [ "$(sha256sum /etc/shadow /etc/passwd)" = "$before" ]
        host_unchanged
}

# --- what the job can see ---

@test "host secrets: shadow, /proc/1/environ, /sys/fs/cgroup, the executor's config are absent" {
        local p paths=(/etc/shadow /etc/gshadow /proc/1/environ /sys/fs/cgroup /sys
                "$CONF" "$ROOT/coderun.conf" "$ROOT/lang.d" "$ROOT/build/seccomp.bpf" "$ISO_STATE")
        # The control: all of these exist on the host.
        for p in "${paths[@]}"; do
                [ -e "$p" ]
        done
        # An installed server's config and state dir, if there is one.
        paths+=(/etc/coderun /run/coderun)
        run -0 --separate-stderr hcr read_host.sh "{args:$(jq -nc '$ARGS.positional' --args "${paths[@]}")}"
        jqe --arg w "$(printf '%s absent\n' "${paths[@]}")" '.run.status == null and .run.stdout == $w + "\n"'
        host_unchanged
}

@test "another job's files: a concurrent job finds nothing of the first's /box, /tmp, /dev/shm" {
        local marker="hostile-$RANDOM$RANDOM" own peek own_uid peek_uid t0 t1 tp
        hcr_file other_job.sh "{args:[\"own\", \"$marker\"], run_timeout:5000}"
        "$EXEC" --config "$CONF" < "$BATS_TEST_TMPDIR/req.json" > "$BATS_TEST_TMPDIR/own.json" 3>&- &
        own=$!
        sleep 0.5
        run -0 --separate-stderr hcr other_job.sh "{args:[\"peek\", \"$marker\"], run_timeout:5000}"
        peek=$output
        wait "$own"
        output=$(cat "$BATS_TEST_TMPDIR/own.json")
        jqe '.run.status == null and (.run.stdout | test("^own [0-9]+ [0-9]+\nown end [0-9]+\n$"))'
        read -r own_uid t0 t1 < <(jq -r '.run.stdout | [scan("[0-9]+")] | join(" ")' <<<"$output")
        output=$peek
        jqe '.run.status == null and (.run.stdout | test("^peek [0-9]+ [0-9]+\nuids: [0-9]+ \n$"))'
        read -r peek_uid tp < <(jq -r '.run.stdout | [scan("[0-9]+")][:2] | join(" ")' <<<"$output")
        # Another uid, and it looked while the first job held its files.
        [ "$peek_uid" != "$own_uid" ]
        jqe --arg u "$peek_uid" '.run.stdout | endswith("uids: \($u) \n")'
        [ "$t0" -lt "$tp" ] && [ "$tp" -lt "$t1" ]
        host_unchanged
}

@test "two concurrent jobs cannot pass data: abstract socket, SysV shm and queue, signals" {
        local key=$((RANDOM * 1000 + RANDOM)) send t0 t1 tr
        hcr_file pass_data.c "{args:[\"send\", \"$key\"], run_timeout:5000}"
        "$EXEC" --config "$CONF" < "$BATS_TEST_TMPDIR/req.json" > "$BATS_TEST_TMPDIR/send.json" 3>&- &
        send=$!
        sleep 0.7
        run -0 --separate-stderr hcr pass_data.c "{args:[\"recv\", \"$key\"]}"
        jqe '.run.status == null and (.run.stdout | test("^connect ECONNREFUSED\nshmget ENOENT\nmsgget ENOENT\nkill -1 ESRCH\nat [0-9]+\n$"))'
        tr=$(jq -r '.run.stdout | capture("at (?<t>[0-9]+)").t' <<<"$output")
        wait "$send"
        output=$(cat "$BATS_TEST_TMPDIR/send.json")
        jqe '.run.status == null and (.run.stdout | test("^bind ok\nlisten ok\nshmget ok\nmsgget ok\nmsgsnd ok\nstart [0-9]+\nnobody came\nend [0-9]+\n$"))'
        read -r t0 t1 < <(jq -r '.run.stdout | [scan("[0-9]+")] | join(" ")' <<<"$output")
        [ "$t0" -lt "$tr" ] && [ "$tr" -lt "$t1" ]
        # The IPC objects lived in the jobs' IPC namespace, never the host's.
        run -0 ipcs -m -q
        [[ $output != *"$(printf '0x%08x' "$key")"* ]]
        host_unchanged
}

@test "the environment holds no secret of the caller" {
        local want
        export CODERUN_SECRET=hostile-secret-4711
        want=$(sed -n 's/^env *= *//p' "$ROOT/lang.d/python.conf" | tr ' ' '\n' | LC_ALL=C sort)
        run -0 --separate-stderr hcr env.py
        jqe '.run.status == null'
        jqe --arg w "$want" '.run.stdout == $w + "\nenviron: " + ($w | gsub("\n"; " ")) + "\n"'
        [[ $output != *hostile-secret* ]]
        host_unchanged
}

@test "setuid binaries run without privilege: euid never 0, root-only acts refused" {
        local b uid
        for b in su passwd chfn gpasswd; do
                [ -u "/usr/bin/$b" ] || skip_or_fail "/usr/bin/$b is not setuid on this host"
        done
        run -0 --separate-stderr hcr setuid.sh '{run_timeout:5000}'
        jqe '.run.status == null'
        uid=$(jq -r '.run.stdout | split("\n")[0]' <<<"$output")
        [[ $uid =~ ^6117[0-3]$ ]]
        jqe --arg u "$uid" '.run.stdout == "\($u)\nsu: uid \($u) euid \($u)\npasswd: 1\nchfn: 1\ngpasswd: 1\n\($u)\nNoNewPrivs:\t1\n"'
        jqe '.run.stderr == "passwd: You may not view or modify password information for root.\nchfn: Permission denied.\ngpasswd: Permission denied.\n"'
        host_unchanged
}

# --- network ---

@test "loopback listeners of the host (TCP, UDP, 127.0.0.1, ::1) are out of reach" {
        start_listener
        run -0 --separate-stderr cr "$(net_req "[\"$T4\",\"$T6\",\"$U4\",\"$U6\",\"job\"]")"
        jqe '.run.status == null'
        jqe '.run.stdout == "tcp4 ENETUNREACH\ntcp6 EADDRNOTAVAIL\nudp4 ENETUNREACH\nudp6 EADDRNOTAVAIL\n"'
        # The control, the test's own code: the listeners log what reaches them.
        run -0 host_probe test
        wait_log 4
        run -0 sort "$NET_LOG"
        [ "$output" = $'tcp4 test\ntcp6 test\nudp4 test\nudp6 test' ]
        host_unchanged
}

@test "raw, packet, netlink and AF_VSOCK sockets are refused" {
        run -0 --separate-stderr hcr sockets.py
        jqe '.run.status == null'
        jqe '.run.stdout == "AF_INET SOCK_RAW EPERM\nAF_INET SOCK_RAW EPERM\nAF_INET6 SOCK_RAW EPERM\nAF_PACKET SOCK_RAW EAFNOSUPPORT\nAF_NETLINK SOCK_RAW EAFNOSUPPORT\nAF_VSOCK SOCK_STREAM EAFNOSUPPORT\nAF_VSOCK SOCK_DGRAM EAFNOSUPPORT\n"'
        host_unchanged
}

@test "the connection is out of reach: the job holds no socket, cannot reach the executor's port" {
        command -v systemd-socket-activate >/dev/null || skip_or_fail "no systemd-socket-activate"
        command -v curl >/dev/null || skip_or_fail "no curl"
        # inetd style first (stdin/stdout are the connection), then socket activation.
        run -0 --separate-stderr hcr fds.c
        jqe '.run.status == null and .run.stdout == "0 pipe\n1 pipe\n2 pipe\n"'
        serve
        start_listener
        run -0 --separate-stderr curl -sS --max-time 20 "http://127.0.0.1:$PORT/api/v2/execute" \
                --data-binary "$(case_req fds.c)"
        jqe '.run.status == null and .run.stdout == "0 pipe\n1 pipe\n2 pipe\n"'
        run -0 --separate-stderr curl -sS --max-time 20 "http://127.0.0.1:$PORT/api/v2/execute" \
                --data-binary "$(net_req "[\"$T4\",\"$T6\",\"$U4\",\"$U6\",\"job\",\"$PORT\"]")"
        jqe '.run.stdout == "tcp4 ENETUNREACH\ntcp6 EADDRNOTAVAIL\nudp4 ENETUNREACH\nudp6 EADDRNOTAVAIL\nexec ENETUNREACH\n"'
        # The control: the executor's port answers the test.
        run -0 curl -sf --max-time 5 "http://127.0.0.1:$PORT/health"
        jqe '.ok == true'
        [ ! -s "$NET_LOG" ]
        host_unchanged
}

# --- system calls ---

@test "io_uring, keyctl, ptrace, mount, unshare, setns, bpf, perf_event_open, init_module: SIGSYS" {
        local calls='["io_uring_setup","keyctl","ptrace","mount","unshare","setns","bpf","perf_event_open","init_module"]'
        run -0 --separate-stderr hcr syscalls.c "{tests: ($calls | map({args:[.]}))}"
        jqe '.compile.status == null'
        jqe --argjson c "$calls" '.tests | length == ($c | length)'
        jqe '[.tests[] | .status == "SG" and .signal == "SIGSYS" and .stdout == ""] | all'
        host_unchanged
}

@test "a 32-bit int 0x80 system call from a 64-bit binary: SIGSYS" {
        run -0 --separate-stderr hcr int80.c
        jqe '.compile.status == null'
        jqe '.run.status == "SG" and .run.signal == "SIGSYS" and .run.stdout == ""'
        host_unchanged
}

# --- the compiler ---

@test "#include \"/dev/zero\": the compile stage is stopped, the reply arrives" {
        local t0=$EPOCHREALTIME
        run -0 --separate-stderr hcr include_zero.c \
                '{compile_timeout:2000, compile_cpu_time:2000, compile_memory_limit:268435456}'
        [ "$(ms_since "$t0")" -lt 6000 ]
        jqe '.compile.status | IN("ML", "TO", "RE", "SG")'
        jqe 'has("run") | not'
        host_unchanged
}

@test "#include \"/etc/shadow\" and .incbin: no such file for the compiler" {
        run -0 --separate-stderr hcr include_shadow.c
        jqe '.compile.status == "RE" and (has("run") | not)'
        jqe '.compile.stderr | contains("/etc/shadow: No such file or directory")'
        run -0 --separate-stderr hcr incbin_shadow.c
        jqe '.compile.status == "RE" and (has("run") | not)'
        jqe '.compile.stderr | contains("file not found: /etc/shadow")'
        host_unchanged
}

@test "huge template expansion: the compile stage is stopped, the reply arrives" {
        local t0=$EPOCHREALTIME
        run -0 --separate-stderr hcr template_bomb.cpp '{compile_timeout:2000, compile_cpu_time:2000}'
        [ "$(ms_since "$t0")" -lt 6000 ]
        jqe '.compile.status | IN("TO", "ML", "SG")'
        jqe 'has("run") | not'
        host_unchanged
}

# --- statuses ---

@test "SIGSEGV, SIGFPE, abort, stack overflow and exit 255 map to their statuses" {
        run -0 --separate-stderr hcr crash.c \
                '{tests:[{args:["segv"]}, {args:["fpe"]}, {args:["abort"]}, {args:["stack"]}, {args:["exit255"]}], run_timeout:5000}'
        jqe '.compile.status == null'
        jqe '[.tests[] | [.status, .signal, .code]] == [["SG","SIGSEGV",null], ["SG","SIGFPE",null], ["SG","SIGABRT",null], ["SG","SIGSEGV",null], ["RE",null,255]]'
        host_unchanged
}

@test "pipes sent into an SCM_RIGHTS socket cycle: the reply comes at once, status null" {
        local t0=$EPOCHREALTIME
        run -0 --separate-stderr hcr fd_cycle.c '{run_timeout:3000}'
        [ "$(ms_since "$t0")" -lt 3000 ]
        jqe '.run.status == null and .run.stdout == "sent\n"'
        host_unchanged
}

@test "workers reaped by the kernel (SIGCHLD ignored): the CPU budget holds and counts them" {
        run -0 --separate-stderr hcr nocldwait.py '{run_cpu_time:1000, run_timeout:5000}'
        jqe '.run.status == "TO" and .run.message == "CPU time limit exceeded (1000 ms)"'
        jqe '.run.cpu_time >= 1000 and .run.cpu_time < 1500'
        host_unchanged
}

@test "a test that chmods /box to 000 fails its own next run, not the request" {
        run -0 --separate-stderr cr "$(jq -nc '{language:"python", source:"import os\nprint(os.getcwd())\nos.chmod(\"/box\", 0)", tests:[{}, {}]}')"
        jqe '.tests[0].status == null and .tests[0].stdout == "/box\n"'
        jqe '.tests[1].status == "RE" and (.tests[1].stderr | contains("Permission denied"))'
        host_unchanged
}
