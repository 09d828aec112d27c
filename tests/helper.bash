# helper.bash: shared by every suite. `cr` sends a request to ./coderun-exec on stdin,
# exactly as systemd does with StandardInput=socket or inetd, so most suites need no
# server; `serve` starts the real socket-activation front for the HTTP and load tests.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXEC="$ROOT/coderun-exec"
CONF="$ROOT/coderun.conf"
BUILD="$ROOT/build"

bats_load_library bats-support
bats_load_library bats-assert

# cr JSON: one raw-mode request, the reply on stdout. With CODERUN_VIA=rig
# (tests/units/systemd/suites.bats, which runs the suite in the rig's network namespace)
# it goes instead to coderun.socket there, through real Accept=yes activation and
# the installed units.
cr() {
        printf '%s' "$1" | cr_stdin
}

# cr_file FILE: the request from a file (large or binary requests).
cr_file() {
        cr_stdin < "$1"
}

cr_stdin() {
        if [ "${CODERUN_VIA:-}" = rig ]; then
                nc -N -w 60 127.0.0.1 7070
        else
                "$EXEC" --config "$CONF"
        fi
}

# local_only: this test runs ./coderun-exec itself (another config, a changed
# view of the host), so it has no meaning against the rig; it ran in the host's run.
local_only() {
        [ "${CODERUN_VIA:-}" != rig ] || skip "runs the local executor with its own config"
}

# A test that needs something this machine lacks skips, except in CI, where
# CODERUN_REQUIRE_ALL=1 turns the skip into a failure.
skip_or_fail() {
        if [ "${CODERUN_REQUIRE_ALL:-0}" = 1 ]; then
                echo "required in CI, would have skipped: $*" >&2
                return 1
        fi
        skip "$*"
}

need_root() {
        [ "$(id -u)" -eq 0 ] || skip_or_fail "needs root (namespaces, mounts, job uids)"
}

# A JSON string of a file's or stdin's bytes.
json_str() {
        jq -Rs . "$@"
}

# free_port: a TCP port on 127.0.0.1 nobody listens on now.
free_port() {
        /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for SECONDS CMD...: CMD every 50 ms until it succeeds, failing after SECONDS.
# The bound is the clock's, not a count of tries (slow tries on a busy machine do not
# stretch it), and generous: it only ever delays a failure, never a pass.
wait_for() {
        local end=$(($(ms_now) + $1 * 1000))
        shift
        until "$@"; do
                [ "$(ms_now)" -lt "$end" ] || return 1
                sleep 0.05
        done
}

# serve: systemd-socket-activate on a free loopback port in the background;
# sets PORT and SERVE_PID. stop_serving ends it.
serve() {
        # Against the rig the server is coderun.socket, and this whole bats run is
        # in the container's network namespace (tests/units/systemd/suites.bats).
        if [ "${CODERUN_VIA:-}" = rig ]; then
                PORT=7070 SERVE_PID=
                return 0
        fi
        PORT=$(free_port)
        systemd-socket-activate -l "127.0.0.1:$PORT" -a "$EXEC" --config "$CONF" \
                2>"$BATS_FILE_TMPDIR/serve.log" &
        SERVE_PID=$!
        wait_for 30 curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$PORT/health" && return 0
        echo "server did not start in 30 s" >&2
        return 1
}

# serve_file [KEY=VALUE...]: setup_file's server, for the whole file, with a state dir
# of its own (other suites' jobs can neither make it busy nor meet its jobs) and the
# config keys given: a uid_first of its own, since a job's cgroup is named after its
# uid and two executors on one uid collide. Sets and exports PORT, FILE_SERVE_PID,
# FILE_STATE and FILE_CONF; unserve_file (teardown_file) ends it and its mounts.
serve_file() {
        FILE_STATE="$BATS_FILE_TMPDIR/state"
        FILE_CONF=$(BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR" conf_with state_dir="$FILE_STATE" "$@")
        CONF="$FILE_CONF" serve || return 1
        FILE_SERVE_PID=$SERVE_PID
        export PORT FILE_SERVE_PID FILE_STATE FILE_CONF
}

unserve_file() {
        SERVE_PID=${FILE_SERVE_PID:-} stop_serving
        [ -z "${FILE_STATE:-}" ] || release_state "$FILE_STATE"
}

stop_serving() {
        { [ -n "${SERVE_PID:-}" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null; } || true
}

# jqe ARGS...: jq -e on $output. jq 1.6 -e exits 0 on empty input, so a program
# that printed nothing would pass every check: refuse that first.
jqe() {
        [ -n "$output" ] || { echo "jqe: no output to check (stderr: ${stderr:-})" >&2; return 1; }
        jq -e "$@" <<<"$output"
}

# conf_with KEY=VALUE...: a copy of the repo's coderun.conf in $BATS_TEST_TMPDIR with
# absolute paths and the given keys replaced; prints the new file's path.
conf_with() {
        local out="$BATS_TEST_TMPDIR/coderun.conf" kv
        sed -e "s|^lang_dir *=.*|lang_dir = $ROOT/lang.d|" \
            -e "s|^runtimes *=.*|runtimes = $ROOT/build/runtimes|" \
            -e "s|^seccomp *=.*|seccomp = $ROOT/build/seccomp.bpf|" \
            -e "s|^compile_cache *=.*|compile_cache = ${out%/*}/compile-cache|" "$CONF" > "$out"
        for kv in "$@"; do
                sed -i "s|^${kv%%=*} *=.*|${kv%%=*} = ${kv#*=}|" "$out"
        done
        echo "$out"
}

# --- protocol.bats / languages.bats helpers ---

# cr_with CONF JSON: cr with another config (a conf_with file).
cr_with() {
        printf '%s' "$2" | "$EXEC" --config "$1"
}

# serve_conf CONF: serve with another config (a conf_with file); sets PORT and
# SERVE_PID as serve does.
serve_conf() {
        local CONF="$1"
        serve
}

# ms_now: milliseconds on the wall clock, for loose timing checks.
ms_now() {
        local t=${EPOCHREALTIME//[.,]/}
        echo $((t / 1000))
}

# tcp_send PORT [DELAY]: send stdin's bytes to 127.0.0.1:PORT, one byte every DELAY
# seconds when DELAY is given, and never half-close (as nc without -N); print every
# byte the server sends until it closes, at most 20 s. Stops sending as soon as the
# server has answered, as a client would.
tcp_send() {
        /usr/bin/python3 -c '
import select, socket, sys, time
port, delay = int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
data = sys.stdin.buffer.read()
s = socket.create_connection(("127.0.0.1", port), timeout=20)
try:
    if delay:
        for i in range(len(data)):
            if select.select([s], [], [], 0)[0]:
                break
            s.sendall(data[i:i + 1])
            time.sleep(delay)
    else:
        s.sendall(data)
except OSError:
    pass
out = b""
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
except OSError:
    pass
sys.stdout.buffer.write(out)
' "$@"
}

# wait_slot_held STATE_DIR [SLOT]: wait (at most 30 s) until an executor holds the
# slot's lock, reading /proc/locks so that looking never takes the lock itself.
wait_slot_held() {
        wait_for 30 slot_held "$1/slot.${2:-0}" && return 0
        echo "nobody took $1/slot.${2:-0}" >&2
        return 1
}

slot_held() {
        [ -e "$1" ] && grep -Eq "OFDLCK .*:$(stat -c %i "$1") " /proc/locks
}

# release_state STATE_DIR: unmount the slots' network namespaces and prepared roots
# an executor bound into a test's own state dir, so that bats can delete the folder.
release_state() {
        local m
        for m in "$1"/netns.[0-9]* "$1"/root.[0-9]*; do
                [ -e "$m" ] || continue
                while grep -q " $m nsfs " /proc/mounts; do
                        umount "$m" || break
                done
        done
        return 0
}

# req_src LANG SOURCE [JQ-OBJECT]: a request for one source file as one JSON line;
# JQ-OBJECT (jq syntax, e.g. '{run_timeout:500, args:["a"]}') is merged in.
req_src() {
        jq -nc --arg lang "$1" --arg src "$2" "{language:\$lang, source:\$src} + (${3:-{\}})"
}

# post JSON: POST /api/v2/execute to the server on $PORT (a judged request with a
# cold compiler may take a while); the body in $output, the HTTP status in $code.
post() {
        local body="$BATS_TEST_TMPDIR/body"
        code=$(printf '%s' "$1" | curl -s --max-time 120 -o "$body" -w '%{http_code}' \
                --data-binary @- "http://127.0.0.1:$PORT/api/v2/execute")
        output=$(cat "$body")
}

# cr_src LANG SOURCE [JQ-OBJECT]: cr of req_src's request.
cr_src() {
        cr "$(req_src "$@")"
}

# conf_value_bytes KEY: a size key of the repo's coderun.conf in bytes (K/M/G = KiB/MiB/GiB).
conf_value_bytes() {
        numfmt --from=iec "$(sed -n "s/^$1 *= *//p" "$CONF")"
}

# job_uids: every job uid coderun.conf allows, comma-separated as pgrep -u wants them.
job_uids() {
        local first slots
        first=$(sed -n 's/^uid_first *= *//p' "$CONF")
        slots=$(sed -n 's/^slots *= *//p' "$CONF")
        seq -s, "$first" $((first + slots - 1))
}

# start_listener: tests/sandbox/loopback-listener.py in the background; sets LISTENER (pid),
# NET_LOG and T4 T6 U4 U6 (its ports). Stop it with kill "$LISTENER".
start_listener() {
        local ports="$BATS_TEST_TMPDIR/ports"
        NET_LOG="$BATS_TEST_TMPDIR/net.log"
        : > "$NET_LOG"
        /usr/bin/python3 "$ROOT/tests/sandbox/loopback-listener.py" "$NET_LOG" "$ports" </dev/null >/dev/null 2>&1 3>&- &
        LISTENER=$!
        wait_for 30 [ -s "$ports" ] || true
        read -r T4 T6 U4 U6 < "$ports"
}

# wait_log N: until the listener logged N lines (10 s at most; the caller checks them).
wait_log() {
        wait_for 10 log_has "$1" || true
}

log_has() {
        [ "$(wc -l < "$NET_LOG")" -ge "$1" ]
}

# host_mounts: the host's mount table without the slots' network namespaces and
# prepared roots, which an executor makes in its state dir on a slot's first use and
# keeps on purpose (sandbox/netns.c, sandbox/root.c), ours or other suites'.
host_mounts() {
        awk '!($5 ~ /\/(netns\.[0-9]+|root\.[0-9]+(-[0-9a-f]+)?)$/ && $(NF - 2) == "nsfs")' /proc/self/mountinfo
}

# job_cgroup_tasks: every task still in a cgroup of one of $CONF's job uids (a stage's
# or a slot's kept one, sandbox/cgroup.c), in every hierarchy, as "CGROUP-DIR: PID".
job_cgroup_tasks() {
        local u d t
        for u in $(job_uids | tr , ' '); do
                while read -r d; do
                        for t in $(cat "$d/cgroup.procs" 2>/dev/null); do
                                echo "$d: $t"
                        done
                done < <(find /sys/fs/cgroup -maxdepth 7 -type d -name "coderun-$u" 2>/dev/null)
        done
}

# job_files: anything owned by a job uid in the host's temporary dirs, at any depth.
job_files() {
        local first slots
        first=$(sed -n 's/^uid_first *= *//p' "$CONF")
        slots=$(sed -n 's/^slots *= *//p' "$CONF")
        find /tmp /var/tmp /dev/shm -xdev \( -uid +$((first - 1)) -uid -$((first + slots)) \) \
                -print 2>/dev/null
}

# ms_since T0: milliseconds since T0 (an $EPOCHREALTIME).
ms_since() {
        local now=${EPOCHREALTIME//[.,]/} then=${1//[.,]/}
        echo $(((now - then) / 1000))
}

# valid_json: Python's strict parser accepts $output too (jq is lenient on some input).
valid_json() {
        /usr/bin/python3 -c 'import json, sys; json.loads(sys.stdin.buffer.read())' <<<"$output"
}

# www_variant DIR SED_EXPR MARK: the playground's site in DIR with its nginx.conf
# changed by SED_EXPR (nginx-run fills in the nginx.conf beside it, so both go to
# DIR, for www_start's DIR); fails unless MARK, a changed line, is there exactly once.
www_variant() {
        mkdir -p "$1"
        cp "$ROOT/www/nginx-run" "$1/"
        sed "$2" "$ROOT/www/nginx.conf" > "$1/nginx.conf"
        [ "$(grep -cF -- "$3" "$1/nginx.conf")" = 1 ] || {
                echo "www_variant: \"$3\" is not in $1/nginx.conf once" >&2
                return 1
        }
}

# www_start UPSTREAM_PORT LOG [DIR]: DIR/nginx-run (default www/: the playground's
# site, DIR/nginx.conf) on a free loopback port in front of 127.0.0.1:UPSTREAM_PORT,
# serving the page from www/; sets WWW_PORT and NGINX_PID once it listens. www_stop
# PID ends it.
www_start() {
        local ready="$2.ready" dir=${3:-$ROOT/www}
        WWW_PORT=$(free_port)
        NGINX_RUN_READY=$ready "$dir/nginx-run" "127.0.0.1:$WWW_PORT" "127.0.0.1:$1" "$ROOT/www" \
                2>"$2" 3>&- &
        NGINX_PID=$!
        wait_for 30 [ -s "$ready" ] && return 0
        echo "nginx did not start in 30 s:" >&2
        cat "$2" >&2
        return 1
}

# playground_file KEY=VALUE...: setup_file of a suite that drives the playground in
# chromium (browser.bats, editor.bats, judging.bats): the tools, npm's packages and the
# site built, a server of the suite's own (serve_file with the keys given: its uids),
# and nginx in front of it. Exports CODERUN_URL and CODERUN_SHOTS for the scenarios; a non-root
# run sets nothing up (every test skips in need_root). unplayground_file ends both.
playground_file() {
        [ "$(id -u)" -eq 0 ] || return 0
        [ -x "$EXEC" ] || { echo "$EXEC missing: make" >&2; return 1; }
        command -v chromium >/dev/null && command -v nginx >/dev/null ||
                "$ROOT/tools/install-deps" test >&2
        [ -d "$ROOT/node_modules/playwright-core" ] && [ -d "$ROOT/node_modules/axe-core" ] ||
                (cd "$ROOT" && npm ci --no-audit --no-fund >&2)
        make -s -C "$ROOT" www/dist/app.js www/dist/xterm.css >&2
        serve_file "$@" || return 1
        www_start "$PORT" "$BATS_FILE_TMPDIR/nginx.log" || return 1
        FILE_NGINX_PID=$NGINX_PID
        export CODERUN_URL="http://127.0.0.1:$WWW_PORT/" CODERUN_SHOTS="$ROOT/build/screenshots"
        export FILE_NGINX_PID
}

unplayground_file() {
        www_stop "${FILE_NGINX_PID:-}"
        unserve_file
}

www_stop() {
        { [ -n "${1:-}" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null; } || true
}
