#!/usr/bin/env bats
# nginx.bats: streams through the playground's nginx (www/nginx-run with www/nginx.conf,
# on a free loopback port) in front of the real executor (serve_conf), in every framing
# the site passes on: HTTP NDJSON, SSE and the WebSocket. Events must reach the client
# as the program writes them, not when a proxy's buffer fills or the run ends; an
# nginx that buffers (a variant of the site made here) must be caught; an idle
# WebSocket must outlive nginx's read timeout on the executor's pings. The client is
# tests/stream/client.py (Python's websockets for the WebSocket, a client the project
# did not write), which stamps every event with its arrival on the wall clock: the
# program in the sandbox reads that same clock (no time namespace offsets
# CLOCK_REALTIME), so arrival minus the time the program printed is the delay.

bats_require_minimum_version 1.7.0

load ../helper
load ../slow

CLIENT="$ROOT/tests/stream/client.py"

setup_file() {
        [ "$(id -u)" -eq 0 ] || return 0        # every test skips (need_root)
        have_tools || return 0                  # every test skips (skip_or_fail)
        [ -x "$EXEC" ] || { echo "$EXEC missing: make" >&2; return 1; }
        # A state dir and job uids of our own (61140..61143): a job's cgroup is named
        # after its uid, so two executors with other state dirs on one uid collide.
        FILE_STATE="$BATS_FILE_TMPDIR/state"
        FILE_CONF=$(BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR" conf_with state_dir="$FILE_STATE" \
                uid_first=61140 slots=4)
        serve_conf "$FILE_CONF"
        FILE_SERVE_PID=$SERVE_PID EXEC_ADDR="127.0.0.1:$PORT"
        www_start "$PORT" "$BATS_FILE_TMPDIR/nginx.log"
        FILE_NGINX_PID=$NGINX_PID WWW_ADDR="127.0.0.1:$WWW_PORT"
        # Five lines one second apart, each the wall clock in ms when it was printed.
        FIVE="$BATS_FILE_TMPDIR/five.json"
        jq -n '{language: "python", run_timeout: 10000, source: "import time
for i in range(5):
    if i:
        time.sleep(1)
    print(int(time.time() * 1000), flush=True)
"}' > "$FIVE"
        # The 60 s silence of the last test, begun now so that it passes while the
        # other tests run: its client writes what it gets to QUIET_OUT.
        QUIET_OUT="$BATS_FILE_TMPDIR/quiet.out"
        if slow_runs; then
                jq -n '{language: "bash", run_timeout: 90000, source: "echo first\nsleep 60\necho second\n"}' \
                        > "$BATS_FILE_TMPDIR/quiet.json"
                /usr/bin/python3 "$CLIENT" --timeout 120 ws "$WWW_ADDR" "$BATS_FILE_TMPDIR/quiet.json" \
                        > "$QUIET_OUT" 2>&1 3>&- &
        fi
        export FILE_SERVE_PID FILE_NGINX_PID FILE_STATE EXEC_ADDR WWW_ADDR FIVE QUIET_OUT
}

teardown_file() {
        www_stop "${FILE_NGINX_PID:-}"
        SERVE_PID=${FILE_SERVE_PID:-} stop_serving
        [ -z "${FILE_STATE:-}" ] || release_state "$FILE_STATE"
}

setup() {
        need_root
        have_tools || skip_or_fail "needs nginx and Python's websockets: tools/install-deps test"
        TEST_NGINX=
}

teardown() {
        www_stop "$TEST_NGINX"
}

have_tools() {
        { command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null &&
                /usr/bin/python3 -c 'import websockets.client' 2>/dev/null
}

# late FRAMING HOST:PORT: the five-line program in FRAMING; $output becomes a JSON array
# of how late (ms) each line reached the client after the program printed it.
late() {
        local events="$BATS_TEST_TMPDIR/events.$1"

        /usr/bin/python3 "$CLIENT" --timeout 30 "$1" "$2" "$FIVE" > "$events"
        # A data event may hold several lines: each counts on its own.
        run -0 jq -sc '[.[] | select(.type == "data" and .stream == "stdout") | .t as $t
                | .data | split("\n")[] | select(. != "") | $t - tonumber]' "$events"
        echo "$1 via $2: lines arrived late by (ms) $output"
}

# prompt: five lines, none late by more than 100 ms. None early either: a line read
# before it was printed would mean the two clocks differ, and nothing here is measured.
prompt() {
        jqe 'length == 5 and all(. >= 0 and . <= 100)'
}

@test "raw TCP, no proxy: each of five lines reaches the client within 100 ms of its write" {
        late raw "$EXEC_ADDR"
        prompt
}

@test "HTTP NDJSON through nginx: each of five lines reaches the client within 100 ms of its write" {
        late ndjson "$WWW_ADDR"
        prompt
}

@test "SSE through nginx: each of five lines reaches the client within 100 ms of its write" {
        late sse "$WWW_ADDR"
        prompt
}

@test "WebSocket through nginx: each of five lines reaches the client within 100 ms of its write" {
        late ws "$WWW_ADDR"
        prompt
}

@test "an nginx that buffers the API (X-Accel-Buffering ignored) is caught: NDJSON and SSE lines arrive late" {
        local dir="$BATS_TEST_TMPDIR/buffered"

        # The site as it would be without the unbuffering.
        www_variant "$dir" 's|^\(    location /api/ {\)$|\1\n        proxy_ignore_headers X-Accel-Buffering;\n        proxy_buffering on;|' \
                'proxy_ignore_headers X-Accel-Buffering;'
        www_start "${EXEC_ADDR#*:}" "$BATS_TEST_TMPDIR/nginx.log" "$dir"
        TEST_NGINX=$NGINX_PID
        for framing in ndjson sse; do
                late "$framing" "127.0.0.1:$WWW_PORT"
                jqe 'length == 5 and any(. > 100)'
        done
}

@test "Piston's transcript over the WebSocket through nginx: cat echoes stdin, SIGTERM ends it, close 4999" {
        jq -n '{language: "bash", version: "*", files: [{content: "cat"}]}' > "$BATS_TEST_TMPDIR/cat.json"
        jq -n '[{after: "stage"},
                {send: {type: "data", stream: "stdin", data: "Hello World!\n"}},
                {after: "data", contains: "Hello World!"},
                {send: {type: "signal", signal: "SIGTERM"}}]' > "$BATS_TEST_TMPDIR/steps.json"
        run -0 /usr/bin/python3 "$CLIENT" --timeout 30 ws "$WWW_ADDR" \
                "$BATS_TEST_TMPDIR/cat.json" "$BATS_TEST_TMPDIR/steps.json"
        echo "$output"
        # The server's events only (client.py also logs what it sent).
        output=$(jq -c 'select(.type != "sent")' <<<"$output")
        # Piston's events, in Piston's order (coderun adds done, the batch reply, last).
        jqe -s 'map(.type) == ["runtime", "stage", "data", "exit", "done", "close"]'
        jqe -s '.[0] | .language == "bash" and (.version | test("^[0-9]+\\.[0-9]+"))'
        jqe -s '.[1] | .stage == "run"'
        jqe -s '.[2] | .stream == "stdout" and .data == "Hello World!\n"'
        jqe -s '.[3] | .stage == "run" and .signal == "SIGTERM" and .code == null'
        jqe -s '.[5] | .code == 4999 and .reason == "Job Completed"'
}

@test "WebSocket through nginx: a client that types while the program floods still gets done and the close, in five runs" {
        # Output outruns the client, so nginx still holds much of it when the run
        # ends. Were the executor's FIN not to wait for the client's close frame,
        # nginx would close the client's end at once, over typed events it had not
        # read: an RST that destroys the output on its way, done and close included.
        jq -n '{language: "python", run_timeout: 10000,
                source: "for i in range(200000):\n    print(\"x\" * 60, i)\n"}' > "$BATS_TEST_TMPDIR/flood.json"
        jq -n '[range(1; 200) | ({after: "data", count: (. * 50)},
                                 {send: {type: "data", stream: "stdin", data: "hi\n"}})]' \
                > "$BATS_TEST_TMPDIR/steps.json"
        for i in 1 2 3 4 5; do
                /usr/bin/python3 "$CLIENT" --timeout 60 ws "$WWW_ADDR" "$BATS_TEST_TMPDIR/flood.json" \
                        "$BATS_TEST_TMPDIR/steps.json" > "$BATS_TEST_TMPDIR/out.$i"
                output=$(jq -c 'select(.type != "sent")' "$BATS_TEST_TMPDIR/out.$i")
                echo "run $i: $(jq -sc 'map(.type) | group_by(.) | map({(.[0]): length}) | add' <<<"$output")"
                jqe -s '.[-2].type == "done" and .[-2].result.run.status == "OL"'
                jqe -s '.[-1] | .type == "close" and .code == 4999'
                # The client did type during the flood, more than once.
                [ "$(grep -c '"sent": "data"' "$BATS_TEST_TMPDIR/out.$i")" -ge 2 ]
        done
}

@test "HTTP NDJSON through nginx: 200, application/x-ndjson, never gzipped, done last with the run's stdout" {
        local req="$BATS_TEST_TMPDIR/req.json" head="$BATS_TEST_TMPDIR/head" expect

        # Output well over gzip_min_length, and curl offers gzip: nginx must not take it.
        jq -n '{language: "python", source: "for i in range(1000):\n    print(i)\n"}' > "$req"
        expect=$(seq 0 999)
        run -0 curl -sS --compressed -D "$head" -H 'Accept: application/x-ndjson' \
                --data-binary @"$req" "http://$WWW_ADDR/api/v2/execute"
        run -0 cat "$head"
        assert_line --regexp '^HTTP/1\.1 200 '
        assert_line --regexp '^Content-Type: application/x-ndjson'
        refute_line --regexp '^Content-(Encoding|Length):'
        run -0 curl -sS --compressed -H 'Accept: application/x-ndjson' \
                --data-binary @"$req" "http://$WWW_ADDR/api/v2/execute"
        jqe -s --arg out "$expect"$'\n' '.[-1] | .type == "done" and .result.run.stdout == $out'
        jqe -s --arg out "$expect"$'\n' 'map(select(.type == "data") | .data) | add == $out'
        # SSE as well: its own type, not gzipped either.
        run -0 curl -sS --compressed -D "$head" -o /dev/null -H 'Accept: text/event-stream' \
                --data-binary @"$req" "http://$WWW_ADDR/api/v2/execute"
        run -0 cat "$head"
        assert_line --regexp '^Content-Type: text/event-stream'
        refute_line --regexp '^Content-(Encoding|Length):'
}

@test "a 90 s program that prints nothing for 60 s survives nginx (45 s read timeout) on the WebSocket" {
        slow "60 s of silence"
        # Its client began in setup_file: the silence passes while the other tests run.
        wait_for 120 grep -q '"type": "close"' "$QUIET_OUT" || { cat "$QUIET_OUT" >&2; return 1; }
        output=$(cat "$QUIET_OUT")
        jqe -s '[.[] | select(.type == "data") | .data] == ["first\n", "second\n"]'
        # The silence was real: the lines came 60 s apart, past nginx's 45 s.
        jqe -s '[.[] | select(.type == "data") | .t] | .[1] - .[0] >= 59000'
        jqe -s '[.[] | select(.type == "exit")] | length == 1 and .[0].code == 0'
        jqe -s '.[-1] | .type == "close" and .code == 4999'
}
