#!/usr/bin/env bats
# stream.bats: streaming and interactive runs against the real executor behind real
# socket activation (helper.bash's serve): the four framings (raw TCP NDJSON, HTTP
# NDJSON, SSE, WebSocket), client events reaching the running stage (typed stdin,
# stdin_close, signals, resize), tty runs, every batch limit while streaming, and
# the client that breaks the protocol or leaves: each gets its documented error or
# close code, and nothing is left behind. tests/stream/client.py is the client
# (Python's websockets for the WebSocket: a client the project did not write);
# tests/stream/wsraw.py sends the frames no good client sends. nginx.bats has the
# same framings through nginx.

bats_require_minimum_version 1.7.0

load ../helper
load ../slow

CLIENT="$ROOT/tests/stream/client.py"
WSRAW="$ROOT/tests/stream/wsraw.py"

# Job uids and a state dir of our own: no_job_left looks for processes and cgroups
# of these uids only, whatever other suites run meanwhile.
setup_file() {
        [ "$(id -u)" -eq 0 ] || return 0        # every test skips (need_root)
        FILE_STATE="$BATS_FILE_TMPDIR/state"
        FILE_CONF=$(BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR" conf_with state_dir="$FILE_STATE" \
                uid_first=61170 slots=4)
        CONF=$FILE_CONF serve
        export PORT SERVE_PID FILE_STATE FILE_CONF
}

teardown_file() {
        stop_serving
        [ -z "${FILE_STATE:-}" ] || release_state "$FILE_STATE"
}

setup() {
        need_root
        CONF=$FILE_CONF
        TEST_STATE= TEST_SERVE= TEST_BG=
}

# A test's own server (test_serve), stopped and its state dir released even when
# the test failed.
teardown() {
        [ -z "$TEST_BG" ] || kill "$TEST_BG" 2>/dev/null || true
        [ -z "$TEST_SERVE" ] || SERVE_PID=$TEST_SERVE stop_serving
        [ -z "$TEST_STATE" ] || release_state "$TEST_STATE"
}

# test_serve KEY=VALUE...: a server of this test's own (uids 61150..61152, its own
# state dir), with the given keys; sets PORT.
test_serve() {
        local conf
        TEST_STATE="$BATS_TEST_TMPDIR/state"
        conf=$(conf_with state_dir="$TEST_STATE" uid_first=61150 slots=3 "$@")
        CONF=$conf serve_conf "$conf"
        TEST_SERVE=$SERVE_PID
}

# stream FRAMING REQUEST [SCRIPT]: client.py's events, one JSON line each, in $output.
stream() {
        printf '%s' "$2" > "$BATS_TEST_TMPDIR/req.json"
        printf '%s' "${3:-[]}" > "$BATS_TEST_TMPDIR/script.json"
        run -0 --separate-stderr /usr/bin/python3 "$CLIENT" --timeout 60 "$1" "127.0.0.1:$PORT" \
                "$BATS_TEST_TMPDIR/req.json" "$BATS_TEST_TMPDIR/script.json"
}

# ev JQ...: jq -e over all events as one array.
ev() {
        [ -n "$output" ] || { echo "no events (stderr: ${stderr:-})" >&2; return 1; }
        jq -se "$@" <<<"$output" >/dev/null || { echo "events:" >&2; cut -c1-300 <<<"$output" >&2; return 1; }
}

# wsraw STEP...: wsraw.py's lines in $output.
wsraw() {
        run -0 --separate-stderr timeout 40 /usr/bin/python3 "$WSRAW" "127.0.0.1:$PORT" "$@"
}

# no_job_left: no process of a job uid, in a cgroup of one or not, within a second.
no_job_left() {
        wait_for 1 job_gone && return 0
        echo "left behind:" >&2
        pgrep -a -u "$(job_uids)" >&2 || true
        return 1
}

job_gone() {
        pgrep -u "$(job_uids)" >/dev/null && return 1
        # A slot keeps its cgroups (sandbox/cgroup.c): none may hold a task.
        [ -z "$(job_cgroup_tasks)" ]
}

MASK='del(.. | objects | .cpu_time, .wall_time, .memory)'

@test "raw: runtime, stage, data as printed, exit and done; done.result is the batch reply" {
        local src='import sys, time
print("out 1", flush=True)
time.sleep(0.05)
print("err 1", file=sys.stderr, flush=True)
time.sleep(0.05)
print("out 2", flush=True)
sys.exit(3)' req batch
        req=$(req_src python "$src" '{stdin: "x"}')
        run -0 --separate-stderr cr "$req"
        batch=$output
        stream raw "$req"
        ev '[.[].type] == ["runtime", "stage", "data", "data", "data", "exit", "done"]
            or ([.[].type] | (.[0:2] == ["runtime", "stage"] and .[-2:] == ["exit", "done"]))'
        ev '.[0] == {type: "runtime", language: "python", version: .[0].version, t: .[0].t}'
        ev '[.[] | select(.type == "data" and .stream == "stdout") | .data] | add == "out 1\nout 2\n"'
        ev '[.[] | select(.type == "data" and .stream == "stderr") | .data] | add == "err 1\n"'
        ev '.[] | select(.type == "exit") | .stage == "run" and .code == 3 and .status == "RE"
            and .signal == null and (has("stdout") | not)'
        jq -se --argjson b "$batch" "(last.result | $MASK) == (\$b | $MASK)" <<<"$output"
}

@test "raw: a compiled language streams its compile stage, then its run" {
        stream raw "$(req_src c '#include <stdio.h>
int main(void) { puts("hi"); return 0; }')"
        ev '[.[] | select(.type == "stage") | .stage] == ["compile", "run"]'
        ev '[.[] | select(.type == "exit") | [.stage, .code]] == [["compile", 0], ["run", 0]]'
        ev 'last.type == "done" and last.result.compile.status == null and last.result.run.stdout == "hi\n"'
}

@test "raw: tests stream one stage and one exit each, with passed; typed stdin is refused" {
        stream raw "$(req_src python 'print(input())' \
                '{tests: [{stdin: "a\n", expected_output: "a"}, {stdin: "b\n", expected_output: "x"}]}')"
        ev '[.[] | select(.type == "stage") | .test] == [0, 1]'
        ev '[.[] | select(.type == "exit") | [.test, .passed]] == [[0, true], [1, false]]'
        ev 'last.type == "done" and (last.result.tests | length) == 2'
        stream raw "$(req_src python 'import time; time.sleep(5)' '{tests: [{}]}')" \
                '[{"after": "stage"}, {"send": {"type": "data", "stream": "stdin", "data": "x"}}]'
        ev 'last.type == "error" and last.error == "bad_request" and (last.message | test("tests"))'
        no_job_left
}

@test "HTTP: Accept picks NDJSON or SSE; stdin comes from the request alone" {
        local req
        req=$(req_src python 'print(input()); print(input("more? "))' '{stdin: "one\n"}')
        stream ndjson "$req"
        ev '.[0] == {type: "http", status: 200, content_type: "application/x-ndjson",
                     x_accel_buffering: "no", t: .[0].t}'
        ev 'last.type == "done" and last.result.run.stdout == "one\nmore? " and last.result.run.status == "RE"'
        stream sse "$req"
        ev '.[0].content_type == "text/event-stream" and last.type == "done"'
        # The wire format itself: an event line, then its data line.
        run -0 curl -sN --max-time 20 -H 'Accept: text/event-stream' --data-binary "$req" \
                "http://127.0.0.1:$PORT/api/v2/execute"
        [ "$(sed -n 1p <<<"$output")" = "event: runtime" ]
        [[ "$(sed -n 2p <<<"$output")" == 'data: {"type":"runtime",'* ]]
        grep -qx 'event: done' <<<"$output"
}

@test "HTTP: a stream that cannot start is a plain error with its status; raw: an error event" {
        run -0 curl -s --max-time 20 -o /dev/null -w '%{http_code}' -H 'Accept: application/x-ndjson' \
                --data-binary '{"language":"nope","source":""}' "http://127.0.0.1:$PORT/api/v2/execute"
        [ "$output" = 400 ]
        stream raw '{"language":"nope","source":""}'
        ev 'length == 1 and .[0].type == "error" and .[0].error == "unknown_language"'
        # tty needs a client that can type.
        run -0 curl -s --max-time 20 -H 'Accept: application/x-ndjson' \
                --data-binary '{"language":"bash","source":"","tty":true}' "http://127.0.0.1:$PORT/api/v2/execute"
        jqe '.error == "bad_request" and (.message | test("tty"))'
        run -0 --separate-stderr cr '{"language":"bash","source":"","tty":true}'
        jqe '.error == "bad_request" and (.message | test("tty"))'
}

@test "refused before any stream: tty with tests, stream false with a streaming Accept, type outside a WebSocket, a bad handshake" {
        run -0 --separate-stderr cr '{"language":"bash","source":"","stream":true,"tty":true,"tests":[{}]}'
        jq -se 'last.error == "bad_request" and (last.message | test("tty: a run with tests"))' <<<"$output"
        run -0 curl -s --max-time 20 -H 'Accept: text/event-stream' \
                --data-binary '{"language":"bash","source":"","stream":false}' "http://127.0.0.1:$PORT/api/v2/execute"
        jqe '.error == "bad_request" and (.message | test("^stream: false contradicts"))'
        run -0 --separate-stderr cr '{"language":"bash","source":"","type":"init"}'
        jqe '.error == "bad_request" and (.message | test("^type: only a WebSocket"))'
        # The WebSocket handshake as RFC 6455 asks, else 400 naming what is missing.
        run -0 curl -s --max-time 20 -w ' %{http_code}' "http://127.0.0.1:$PORT/api/v2/connect"
        [[ $output == *"Upgrade: websocket"*" 400" ]]
        run -0 curl -s --max-time 20 -w ' %{http_code}' -H 'Upgrade: websocket' -H 'Connection: Upgrade' \
                -H 'Sec-WebSocket-Version: 8' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \
                "http://127.0.0.1:$PORT/api/v2/connect"
        [[ $output == *"Sec-WebSocket-Version must be 13"*" 400" ]]
        run -0 curl -s --max-time 20 -w ' %{http_code}' -H 'Upgrade: websocket' -H 'Connection: Upgrade' \
                -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: short' "http://127.0.0.1:$PORT/api/v2/connect"
        [[ $output == *"Sec-WebSocket-Key"*" 400" ]]
        run -0 curl -s --max-time 20 -w ' %{http_code}' -X POST "http://127.0.0.1:$PORT/api/v2/connect"
        [[ $output == *" 405" ]]
}

@test "coderun.conf: stream_timeout is a streaming run's default wall time; above stream_timeout_max is refused" {
        test_serve stream_timeout=700
        stream raw "$(req_src bash 'sleep 5')"
        ev '.[] | select(.type == "exit") | .status == "TO" and .message == "wall time limit exceeded (700 ms)"'
        run -0 --separate-stderr cr_with "$(conf_with stream_timeout=2000 stream_timeout_max=1000)" \
                "$(req_src bash 'true')"
        jqe '.error == "internal" and (.message | test("stream_timeout = 2000 is above stream_timeout_max = 1000"))'
}

@test "echo: a line typed comes back as stdout within 100 ms (raw, WebSocket)" {
        local req framing
        req=$(req_src python 'import sys
for line in sys.stdin:
    print("got", line, end="", flush=True)' '{run_timeout: 20000}')
        for framing in raw ws; do
                stream $framing "$req" '[{"after": "stage"}, {"sleep": 0.3},
                        {"send": {"type": "data", "stream": "stdin", "data": "ping 1\n"}},
                        {"after": "data", "contains": "got ping 1"},
                        {"send": {"type": "data", "stream": "stdin", "data": "ping 2\n"}},
                        {"after": "data", "contains": "got ping 2"}, {"send": {"type": "stdin_close"}}]'
                # Each line typed: its echo's first chunk within 100 ms.
                ev '[.[] | select(.type == "sent" and .sent == "data") | .t] as $s
                    | [.[] | select(.type == "data") | .t] as $d
                    | ($s | length) == 2 and all($s[]; . as $t | any($d[]; . >= $t and . - $t <= 100))
                    and ($d | map(select(. >= $s[1])) | length) > 0'
                ev 'last.type == "done" or (.[-2].type == "done" and last.type == "close" and last.code == 4999)'
        done
}

@test "wc -l ends only on stdin_close (raw, WebSocket)" {
        local framing
        for framing in raw ws; do
                stream $framing "$(req_src bash 'wc -l' '{run_timeout: 20000}')" '[{"after": "stage"},
                        {"send": {"type": "data", "stream": "stdin", "data": "a\nb\n"}}, {"sleep": 1},
                        {"send": {"type": "stdin_close"}}]'
                ev '([.[] | select(.type == "sent" and .sent == "stdin_close") | .t][0]) as $c
                    | [.[] | select(.type == "exit")] | length == 1 and .[0].t >= $c and .[0].code == 0'
                ev '[.[] | select(.type == "data") | .data] | add == "2\n"'
        done
}

@test "raw: nc -N sends the request and a line, half-closes, and gets the whole run" {
        run -0 --separate-stderr bash -c "{ printf '%s\n' '{\"language\":\"bash\",\"source\":\"cat; echo end\",\"stream\":true}'
                printf '%s\n' '{\"type\":\"data\",\"stream\":\"stdin\",\"data\":\"a\\nb\\n\"}'; } |
                nc -N -w 20 127.0.0.1 $PORT"
        jq -se 'last.type == "done" and last.result.run.stdout == "a\nb\nend\n"' <<<"$output"
}

@test "raw: client events in the request's own packet are handled at once" {
        local t0
        t0=$EPOCHREALTIME
        run -0 --separate-stderr tcp_send "$PORT" < <(printf '%s\n' \
                "$(req_src bash 'read -r a; echo "got $a"' '{stream: true, run_timeout: 20000}')" \
                '{"type":"data","stream":"stdin","data":"one\n"}' '{"type":"stdin_close"}')
        jq -se 'last.type == "done" and last.result.run.stdout == "got one\n"' <<<"$output"
        # Not at the first ping, 15 s on: nothing arrives on the socket to wake a poll.
        [ "$(ms_since "$t0")" -lt 5000 ]
}

@test "typed stdin sent during the compile stage waits for the run" {
        stream raw "$(req_src c '#include <stdio.h>
int main(void) { char b[64]; if (fgets(b, sizeof b, stdin)) printf("read %s", b); return 0; }')" \
                '[{"after": "stage"}, {"send": {"type": "data", "stream": "stdin", "data": "early\n"}},
                  {"send": {"type": "stdin_close"}}]'
        # Typed while gcc ran (tens of ms): the run had not begun.
        ev '([.[] | select(.type == "stage" and .stage == "run") | .t][0]) as $run
            | [.[] | select(.type == "sent") | .t] | length == 2 and max < $run'
        ev 'last.type == "done" and last.result.run.stdout == "read early\n"'
}

@test "signal: SIGINT reaches a Python handler; SIGKILL ends the run as SIGKILL (raw, WebSocket)" {
        local framing src='import time
try:
    print("ready", flush=True)
    time.sleep(30)
except KeyboardInterrupt:
    print("caught SIGINT", flush=True)'
        for framing in raw ws; do
                stream $framing "$(req_src python "$src" '{run_timeout: 20000}')" \
                        '[{"after": "data", "contains": "ready"}, {"send": {"type": "signal", "signal": "SIGINT"}}]'
                ev '[.[] | select(.type == "data") | .data] | add == "ready\ncaught SIGINT\n"'
                ev '.[] | select(.type == "exit") | .code == 0 and .signal == null'
                stream $framing "$(req_src bash 'echo ready; sleep 30' '{run_timeout: 20000}')" \
                        '[{"after": "data", "contains": "ready"}, {"send": {"type": "signal", "signal": "SIGKILL"}}]'
                ev '.[] | select(.type == "exit") | .signal == "SIGKILL" and .code == null and .status == "SG"'
                ev '(.[] | select(.type == "exit") | .wall_time) < 10000'
        done
}

@test "a client that closes mid-run: its processes and cgroup are gone within 1 s (raw, WebSocket, HTTP)" {
        local framing before t0
        before=$(host_mounts | awk '{ print $5 }' | sort)
        for framing in raw ws ndjson; do
                t0=$EPOCHREALTIME
                stream $framing "$(req_src bash 'echo ready; sleep 30 & sleep 30' '{run_timeout: 20000}')" \
                        '[{"after": "data", "contains": "ready"}, {"close": true}]'
                ev 'any(.[]; .type == "data") and all(.[]; .type != "exit")'
                no_job_left
                # Gone at the close, not at the run's time limit.
                [ "$(ms_since "$t0")" -lt 10000 ]
        done
        # Nor a mount on the host, nor a file a job uid owns.
        [ "$(host_mounts | awk '{ print $5 }' | sort)" = "$before" ]
        [ -z "$(CONF=$FILE_CONF job_files)" ]
}

@test "yes streamed: capped at the output limit, status OL, the executor's memory bounded" {
        local limit rss
        limit=$(conf_value_bytes output_limit)
        stream raw "$(req_src bash 'yes')"
        ev --argjson l "$limit" '[.[] | select(.type == "data" and .stream == "stdout") | .data | length]
            | add == $l'
        ev '.[] | select(.type == "exit") | .status == "OL" and .stdout_truncated == true'
        # Its peak RSS, from the kernel: the stream adds at most its queue to the batch's buffers.
        req_src bash 'yes' '{stream: true}' > "$BATS_TEST_TMPDIR/yes.json"
        rss=$(/usr/bin/python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdin=open(sys.argv[-1] + ".json" if False else "'"$BATS_TEST_TMPDIR/yes.json"'"),
               stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$EXEC" --config "$CONF")
        echo "# peak RSS of a streamed yes: $rss KiB" >&3
        [ "$rss" -lt $((limit * 12 / 1024 + 16384)) ]
}

@test "a slow reader slows the program, never grows the executor; its run still ends whole" {
        local pid hwm
        printf '%s' "$(req_src bash 'yes | head -c 50000000; echo end' '{stream: true, run_timeout: 15000}')" \
                > "$BATS_TEST_TMPDIR/req.json"
        # A client that sends its request, reads nothing for 3 s, then reads all.
        /usr/bin/python3 -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(open(sys.argv[2], "rb").read())
time.sleep(3)
out = b""
while True:
    b = s.recv(1 << 20)
    if not b:
        break
    out += b
open(sys.argv[3], "wb").write(out)' "$PORT" "$BATS_TEST_TMPDIR/req.json" "$BATS_TEST_TMPDIR/out" &
        local client=$!
        sleep 1.5
        pid=$(pgrep -n -P "$SERVE_PID" coderun-exec)
        hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
        wait "$client"
        echo "# executor VmHWM while its client did not read: $hwm KiB" >&3
        [ "$hwm" -lt 32768 ]
        run -0 tail -n 1 "$BATS_TEST_TMPDIR/out"
        jqe '.type == "done" and .result.run.status == "OL"'
}

@test "a client that takes nothing for 10 s is gone: its run is killed, the executor exits" {
        slow "10 s of a client not reading"
        local t0 pid
        # 16 MiB of output and the reply twice that: more than the socket buffers hold.
        test_serve output_limit=16M
        req_src bash 'echo start; yes' '{stream: true, run_timeout: 60000}' > "$BATS_TEST_TMPDIR/req.json"
        /usr/bin/python3 -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.sendall(open(sys.argv[2], "rb").read())
time.sleep(40)' "$PORT" "$BATS_TEST_TMPDIR/req.json" 3>&- &
        TEST_BG=$!
        t0=$EPOCHREALTIME
        wait_for 10 pgrep -P "$TEST_SERVE" coderun-exec
        pid=$(pgrep -n -P "$TEST_SERVE" coderun-exec)
        # Gone after LIMIT_REPLY_MS (10 s) without progress, well before run_timeout,
        # and not waited on again for an error event it would never read.
        wait_for 20 bash -c "! kill -0 $pid 2>/dev/null"
        echo "# executor gone after $(ms_since "$t0") ms" >&3
        [ "$(ms_since "$t0")" -lt 16000 ]
        CONF=$BATS_TEST_TMPDIR/coderun.conf no_job_left
}

@test "every batch limit holds while streaming: TO, CPU time, ML, EL" {
        stream raw "$(req_src bash 'sleep 10' '{run_timeout: 500}')"
        ev '.[] | select(.type == "exit") | .status == "TO" and .wall_time < 2000'
        stream raw "$(req_src python 'while True: pass' '{run_cpu_time: 300, run_timeout: 10000}')"
        ev '.[] | select(.type == "exit") | .status == "TO" and (.message | test("CPU"))'
        stream raw "$(req_src python 'b = bytearray(400 << 20); print(len(b))' '{run_memory_limit: 67108864}')"
        ev '.[] | select(.type == "exit") | .status == "ML"'
        stream raw "$(req_src bash 'yes >&2')"
        ev '.[] | select(.type == "exit") | .status == "EL" and .stderr_truncated == true'
}

@test "a streaming run may ask for a longer wall time than a batch run, up to stream_timeout_max" {
        local max
        max=$(sed -n 's/^stream_timeout_max *= *//p' "$CONF")
        run -0 --separate-stderr cr "$(req_src bash 'true' '{run_timeout: 60000}')"
        jqe '.error == "bad_request" and (.message | test("run_timeout"))'
        stream raw "$(req_src bash 'echo ok' '{run_timeout: 60000}')"
        ev 'last.type == "done" and last.result.run.stdout == "ok\n"'
        stream raw "$(req_src bash 'true' "{run_timeout: $((max + 1))}")"
        ev 'length == 1 and .[0].error == "bad_request" and (.[0].message | test("run_timeout"))'
        # Never a longer CPU time.
        stream raw "$(req_src bash 'true' '{run_cpu_time: 60000}')"
        ev '.[0].error == "bad_request" and (.[0].message | test("run_cpu_time"))'
}

@test "stream_slots caps streaming runs; batch runs still get the other slots" {
        local hold
        test_serve stream_slots=1
        req_src bash 'echo held; sleep 20' '{stream: true, run_timeout: 30000}' > "$BATS_TEST_TMPDIR/hold.json"
        /usr/bin/python3 "$CLIENT" raw "127.0.0.1:$PORT" "$BATS_TEST_TMPDIR/hold.json" \
                > "$BATS_TEST_TMPDIR/hold.out" &
        hold=$!
        wait_for 20 grep -q held "$BATS_TEST_TMPDIR/hold.out"
        stream raw "$(req_src bash 'echo second')"
        ev 'length == 1 and .[0].error == "busy" and (.[0].message | test("streaming"))'
        run -0 tcp_send "$PORT" <<<"$(req_src bash 'echo batch')"
        jqe '.run.stdout == "batch\n"'
        kill "$hold" 2>/dev/null || true
        wait "$hold" 2>/dev/null || true
}

@test "batch runs take the slots streams may not first, leaving the streaming ones free" {
        test_serve slots=2 stream_slots=1
        req_src bash 'sleep 3' > "$BATS_TEST_TMPDIR/batch.json"
        tcp_send "$PORT" < "$BATS_TEST_TMPDIR/batch.json" > /dev/null &
        TEST_BG=$!
        # Slot 1, whatever the executor's pid: slot 0 is the one streams may take.
        wait_slot_held "$TEST_STATE" 1
        ! slot_held "$TEST_STATE/slot.0"
        stream raw "$(req_src bash 'echo streamed')"
        ev 'last.type == "done" and last.result.run.stdout == "streamed\n"'
}

@test "raw: a client event that is not one is an error event, and the run is gone" {
        local bad
        for bad in 'not json' '{"type":"nope"}' '{"type":"data","stream":"stdout","data":"x"}' \
                   '{"type":"signal","signal":"SIGSTOP"}' '{"type":"data","stream":"stdin"}' \
                   '{"type":"stdin_close","extra":1}' '{"type":"resize","rows":0,"cols":80}' \
                   '{"type":"init"}' $'{"type":"stdin_close"}\n{"type":"data","stream":"stdin","data":"x"}'; do
                printf '%s\n' "$(req_src bash 'echo ready; sleep 30' '{stream: true, run_timeout: 20000}')" "$bad" \
                        > "$BATS_TEST_TMPDIR/req"
                run -0 --separate-stderr nc -w 20 127.0.0.1 "$PORT" < "$BATS_TEST_TMPDIR/req"
                jq -se --arg bad "$bad" 'last.type == "error" and last.error == "bad_request"
                        and (map(.type) | index("exit") == null)' <<<"$output" ||
                        { echo "for $bad: $output" >&2; return 1; }
                no_job_left
        done
        # A line longer than any client event.
        /usr/bin/python3 -c 'import sys; print(sys.argv[1]); print("{\"type\":\"data\",\"stream\":\"stdin\",\"data\":\"" + "a" * (2 << 20) + "\"}")' \
                "$(req_src bash 'sleep 30' '{stream: true, run_timeout: 20000}')" > "$BATS_TEST_TMPDIR/req"
        run -0 --separate-stderr nc -w 20 127.0.0.1 "$PORT" < "$BATS_TEST_TMPDIR/req"
        jq -se 'last.type == "error" and last.error == "too_large"' <<<"$output"
        no_job_left
}

@test "a flood of client events: every one handled, memory bounded, the run ends normally" {
        local n=20000
        /usr/bin/python3 -c 'import json, sys
print(sys.argv[1])
for i in range(int(sys.argv[2])):
    print(json.dumps({"type": "resize", "rows": 24, "cols": 80}))
    print(json.dumps({"type": "data", "stream": "stdin", "data": "x\n"}))
print(json.dumps({"type": "stdin_close"}))' \
                "$(req_src bash 'wc -l' '{stream: true, run_timeout: 20000}')" "$n" > "$BATS_TEST_TMPDIR/req"
        run -0 --separate-stderr nc -w 30 127.0.0.1 "$PORT" < "$BATS_TEST_TMPDIR/req"
        jq -se --arg n "$n" 'last.type == "done" and last.result.run.stdout == ($n + "\n")' <<<"$output"
}

@test "WebSocket: Piston's transcript (bash cat: init, data, signal) replays unchanged" {
        stream ws '{"language":"bash","version":"*","files":[{"content":"cat"}]}' \
                '[{"after": "stage"}, {"send": {"type": "data", "stream": "stdin", "data": "Hello World!"}},
                  {"after": "data"}, {"send": {"type": "signal", "signal": "SIGTERM"}}]'
        ev '.[0].type == "runtime" and .[0].language == "bash"'
        ev '[.[] | select(.type == "stage")] == [.[] | select(.type == "stage") | {type: "stage", stage: "run", t}]'
        ev '[.[] | select(.type == "data")][0] | .stream == "stdout" and .data == "Hello World!"'
        ev '.[] | select(.type == "exit") | .stage == "run" and .signal == "SIGTERM" and .code == null'
        ev 'last == {type: "close", code: 4999, reason: "Job Completed", t: last.t}'
}

@test "WebSocket: after its close frame the server awaits the client's, 10 s at most, before it ends TCP" {
        # A client that never answers the close frame (and never closes) costs the
        # executor the reply's 10 s (LIMIT_REPLY_MS), then its FIN: not less, since
        # a proxy in front must see the FIN only after the client's close frame, and
        # not forever.
        wsraw "text:$(req_src bash 'echo hi' '{type: "init"}')" mute wait:done
        jq -se '.[-2].close == 4999' <<<"$output"
        jq -se 'last.fin_after_close_ms >= 9000 and last.fin_after_close_ms <= 14000' <<<"$output"
        no_job_left
}

@test "WebSocket: no init within 5 s is close 4001; a second init 4000; another event first 4003" {
        local t0
        t0=$EPOCHREALTIME
        wsraw
        [ "$(ms_since "$t0")" -lt 8000 ]
        jq -se 'last.close == 4001' <<<"$output"
        wsraw "text:$(req_src bash 'sleep 5' '{type: "init"}')" wait:stage "text:{\"type\":\"init\"}"
        jq -se 'last.close == 4000 and (.[-2].text | fromjson | .type == "error")' <<<"$output"
        no_job_left
        wsraw 'text:{"type":"data","stream":"stdin","data":"x"}'
        jq -se 'last.close == 4003' <<<"$output"
}

@test "WebSocket: binary 1003, invalid UTF-8 1007, too large 1009, unmasked 1002; a fragmented init runs" {
        local init
        init=$(req_src bash 'echo ready; sleep 10' '{type: "init", run_timeout: 20000}')
        wsraw "text:$init" wait:stage binary:abc
        jq -se 'last.close == 1003' <<<"$output"
        no_job_left
        wsraw "text:$init" wait:stage badutf8
        jq -se 'last.close == 1007' <<<"$output"
        no_job_left
        wsraw "big:$((17 << 20))"
        jq -se 'last.close == 1009' <<<"$output"
        wsraw "unmasked:$init"
        jq -se 'last.close == 1002' <<<"$output"
        wsraw "frag:$(req_src bash 'echo fragmented' '{type: "init"}')"
        jq -se '[.[] | select(.text) | .text | fromjson] | last.type == "done"
                and last.result.run.stdout == "fragmented\n"' <<<"$output"
        jq -se 'last.close == 4999' <<<"$output"
}

@test "WebSocket: the init's stdin is written first and stdin stays open" {
        stream ws "$(req_src bash 'read a; read b; echo "$a+$b"' '{stdin: "one\n", run_timeout: 20000}')" \
                '[{"after": "stage"}, {"sleep": 0.3}, {"send": {"type": "data", "stream": "stdin", "data": "two\n"}}]'
        ev '[.[] | select(.type == "data") | .data] | add == "one+two\n"'
}

@test "tty: a REPL on the stage's own terminal: prompt, line editing, resize, Ctrl-C, Ctrl-D" {
        local src='import code, os, signal, sys
print("tty", os.isatty(0), os.ttyname(0), os.get_terminal_size(), flush=True)
signal.signal(signal.SIGWINCH, lambda *a: print("size", os.get_terminal_size(), flush=True))
code.interact(banner="", exitmsg="bye")'
        stream raw "$(req_src python "$src" '{tty: true, run_timeout: 20000}')" '[
                {"after": "data", "contains": ">>> "},
                {"send": {"type": "data", "stream": "stdin", "data": "1+1\r"}},
                {"after": "data", "contains": "2\r\n"},
                {"send": {"type": "resize", "rows": 40, "cols": 120}},
                {"after": "data", "contains": "columns=120"},
                {"send": {"type": "data", "stream": "stdin", "data": "import time; time.sleep(20)\r"}},
                {"sleep": 0.5}, {"send": {"type": "data", "stream": "stdin", "data": "\u0003"}},
                {"after": "data", "contains": "KeyboardInterrupt"},
                {"send": {"type": "stdin_close"}}]'
        ev '[.[] | select(.type == "data") | .data] | add
            | test("tty True /dev/pts/0 os.terminal_size\\(columns=80, lines=24\\)")
              and test("columns=120, lines=40") and test("KeyboardInterrupt") and test("bye")'
        ev '[.[] | select(.type == "data") | .stream] | all(. == "stdout")'
        ev '.[] | select(.type == "exit") | .code == 0'
        no_job_left
}

@test "tty: node's REPL edits the line, colours its result (TERM), and ends on ^D" {
        stream raw "$(req_src javascript 'require("repl").start({prompt: "> "})' '{tty: true, run_timeout: 20000}')" '[
                {"after": "data", "contains": "> "},
                {"send": {"type": "data", "stream": "stdin", "data": "[1,2].map(x => x * 21)\r"}},
                {"after": "data", "contains": "42"}, {"send": {"type": "stdin_close"}}]'
        # Line editing redraws with cursor moves; a number in yellow (SGR 33).
        ev '[.[] | select(.type == "data") | .data] | add
            | test("\u001b\\[[0-9]+G") and test("\u001b\\[33m42\u001b\\[39m")'
        ev '.[] | select(.type == "exit") | .code == 0'
}

@test "tty: the job sees only its own ptys, never the host's" {
        stream raw "$(req_src bash 'ls /dev/pts; python3 -c "import os, pty; m, s = pty.openpty(); print(os.ttyname(s))"' \
                '{tty: true}')" '[{"after": "exit"}]'
        ev '[.[] | select(.type == "data") | .data] | add | gsub("\r"; "") == "0\tptmx\n/dev/pts/1\n"
            or (gsub("\r"; "") | test("^0 *\n?ptmx\n/dev/pts/1\n$"))'
}

@test "an idle stream gets a ping every stream_ping ms: NDJSON, SSE, raw; the WebSocket a ping frame" {
        local framing
        test_serve stream_ping=500
        for framing in ndjson sse raw; do
                stream $framing "$(req_src bash 'echo a; sleep 1.8; echo b' '{run_timeout: 10000}')"
                # Pings only in the silence, each 500 ms after the last event.
                ev '[.[] | select(.type == "ping")] | length >= 2 and length <= 4'
                ev '[.[] | select(.type == "data" or .type == "ping")] as $e
                    | [range(1; $e | length) | select($e[.].type == "ping") | $e[.].t - $e[. - 1].t]
                    | all(. >= 450 and . <= 1000)'
                ev 'last.type == "done"'
        done
        # A WebSocket ping is a frame: the raw client answers it and prints none.
        wsraw "text:$(req_src bash 'echo a; sleep 1.8; echo b' '{type: "init", run_timeout: 10000}')"
        jq -se '[.[] | select(.ping)] | length >= 2' <<<"$output"
}

# first_then_exit LANG SOURCE: the program prints a line, waits 1.5 s, prints another;
# in a stream, the first line arrives a second or more before the run ends.
first_then_exit() {
        stream raw "$(req_src "$1" "$2" '{run_timeout: 20000}')"
        ev '([.[] | select(.type == "data")][0]) as $d | ([.[] | select(.type == "exit" and .stage == "run")][0]) as $e
            | ($d.data | startswith("first")) and ($e.t - $d.t) >= 1000 and $e.code == 0' ||
                { echo "$1 buffered its output" >&2; return 1; }
}

@test "a plain print shows at once in a stream: Python, C, C++, Perl (lang.d's stream_env)" {
        first_then_exit python 'import time
print("first")
time.sleep(1.5)
print("second")'
        first_then_exit c '#include <stdio.h>
#include <unistd.h>
int main(void) { printf("first\n"); usleep(1500000); printf("second\n"); return 0; }'
        first_then_exit cpp '#include <iostream>
#include <unistd.h>
int main() { std::cout << "first\n"; usleep(1500000); std::cout << "second\n"; }'
        first_then_exit perl 'print "first\n"; select(undef, undef, undef, 1.5); print "second\n";'
}

@test "a prompt without a newline shows before the program reads its answer (Python, C)" {
        local lang src
        for lang in python c; do
                src='name = input("Name? ")
print("hi", name)'
                [ "$lang" = python ] || src='#include <stdio.h>
int main(void) { char b[64]; printf("Name? "); if (fgets(b, sizeof b, stdin)) printf("hi %s", b); return 0; }'
                stream raw "$(req_src $lang "$src" '{run_timeout: 20000}')" \
                        '[{"after": "data", "contains": "Name? "}, {"send": {"type": "data", "stream": "stdin", "data": "bob\n"}}]'
                ev '[.[] | select(.type == "data")][0].data == "Name? "'
                ev 'last.type == "done" and last.result.run.stdout == "Name? hi bob\n"'
        done
}

@test "hostile output: characters cut across reads never split an event; invalid bytes as in the batch reply" {
        local src='import os, time
for b in "aé€😀".encode() + b"\xff\xc3" + "z".encode():
    os.write(1, bytes([b]))
    time.sleep(0.02)' req batch
        req=$(req_src python "$src")
        run -0 --separate-stderr cr "$req"
        batch=$output
        stream raw "$req"
        ev '[.[] | select(.type == "data") | .data] | length > 3'
        # No event holds half a character: each is exactly what the batch reply holds there.
        jq -se --argjson b "$batch" '[.[] | select(.type == "data") | .data] | add == $b.run.stdout' <<<"$output"
        jq -se '[.[] | select(.type == "data") | .data] | add == "aé€😀\ufffd\ufffdz"' <<<"$output"
        # base64: each chunk decodes on its own, and together they are the bytes printed.
        stream raw "$(req_src python "$src" '{output_encoding: "base64"}')"
        jq -sr '.[] | select(.type == "data") | .data' <<<"$output" | while read -r c; do
                printf '%s' "$c" | base64 -d
        done > "$BATS_TEST_TMPDIR/bytes"
        printf 'a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff\xc3z' | cmp - "$BATS_TEST_TMPDIR/bytes"
        # The same on a WebSocket, whose stream begins before its init names the encoding.
        stream ws "$(req_src python "$src" '{output_encoding: "base64"}')"
        jq -sr '.[] | select(.type == "data") | .data' <<<"$output" | while read -r c; do
                printf '%s' "$c" | base64 -d
        done > "$BATS_TEST_TMPDIR/bytes"
        printf 'a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff\xc3z' | cmp - "$BATS_TEST_TMPDIR/bytes"
}

@test "hostile: a program that floods stdout while the client floods stdin deadlocks neither side" {
        /usr/bin/python3 -c 'import json, sys
print(sys.argv[1])
chunk = "x" * 65000 + "\n"
for i in range(64):
    print(json.dumps({"type": "data", "stream": "stdin", "data": chunk}))' \
                "$(req_src bash 'yes' '{stream: true, run_timeout: 20000}')" > "$BATS_TEST_TMPDIR/req"
        run -0 --separate-stderr timeout 30 nc -w 25 127.0.0.1 "$PORT" < "$BATS_TEST_TMPDIR/req"
        jq -se 'last.type == "done" and last.result.run.status == "OL"' <<<"$output"
        no_job_left
}

@test "hostile: yes on a terminal is capped at the output limit too" {
        stream raw "$(req_src bash 'yes' '{tty: true}')"
        ev '.[] | select(.type == "exit") | .status == "OL" and .stdout_truncated'
        no_job_left
}
