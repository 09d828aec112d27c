#!/usr/bin/env bats
# protocol.bats: the protocol (docs/protocol.md) end to end through ./coderun-exec, never its internals.
# Raw mode on stdin (as systemd's StandardInput=socket hands it a connection) and
# over TCP; HTTP mode through the real socket-activation front (systemd-socket-activate,
# Accept=yes) with curl, nc and a raw socket. Every error code and every HTTP status
# is provoked for real; then hostile input, 16 clients at once, the tests field and
# output_encoding.
#
# The file's server has a state dir of its own, so that /health's free slots are
# exact and jobs other suites run on this machine cannot make ours busy.

bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        [ "$(id -u)" -eq 0 ] || return 0        # every test skips (need_root)
        [ -x "$EXEC" ] || { echo "$EXEC missing: make" >&2; return 1; }
        serve_file
}

teardown_file() {
        unserve_file
}

setup() {
        # `load helper` set CONF to the repo's file: cr uses the file's config.
        [ -z "${FILE_CONF:-}" ] || CONF=$FILE_CONF
        SERVE_PID=${FILE_SERVE_PID:-}
        pids=()
        TEST_STATE=
}

teardown() {
        local pid
        for pid in "${pids[@]}"; do
                kill "$pid" 2>/dev/null || true
        done
        # A test that served a config of its own stops that server, not the file's.
        if [ -n "${SERVE_PID:-}" ] && [ "$SERVE_PID" != "${FILE_SERVE_PID:-}" ]; then
                stop_serving
        fi
        [ -z "$TEST_STATE" ] || release_state "$TEST_STATE"
}

url() {
        echo "http://127.0.0.1:$PORT$1"
}

# http CURL_ARGS...: one request with curl. Sets code (the final status), hdrs (the
# final response's header lines, CR dropped) and output (the body); the body's exact
# bytes stay in $BATS_TEST_TMPDIR/body.
http() {
        local d="$BATS_TEST_TMPDIR"
        code=$(curl -sS --max-time 20 -D "$d/head" -o "$d/body" -w '%{http_code}' "$@") || return
        # After a 100 Continue, -D holds two header blocks: keep the last.
        hdrs=$(tr -d '\r' < "$d/head" | awk '/^HTTP\// { b = "" } { b = b $0 "\n" } END { printf "%s", b }')
        output=$(cat "$d/body")
}

# header NAME: the value of header NAME in $hdrs (names are case-insensitive).
header() {
        awk -v n="$1" 'BEGIN { n = tolower(n) }
                { i = index($0, ":"); if (i && tolower(substr($0, 1, i - 1)) == n) print substr($0, i + 2) }' <<<"$hdrs"
}

# The headers every reply carries, and a Content-Length that counts the body.
http_framing_ok() {
        [ "$(header Content-Type)" = application/json ] || { echo "Content-Type: $(header Content-Type)" >&2; return 1; }
        [ "$(header Connection)" = close ] || { echo "Connection: $(header Connection)" >&2; return 1; }
        [ "$(header Content-Length)" = "$(stat -c %s "$BATS_TEST_TMPDIR/body")" ] ||
                { echo "Content-Length $(header Content-Length), body $(stat -c %s "$BATS_TEST_TMPDIR/body") bytes" >&2; return 1; }
}

# The installed version of LANG, as `make` learned it.
version_of() {
        awk -v l="$1" '$1 == l { print $2 }' "$BUILD/runtimes"
}

# A request with one python file of this name (a JSON string, as written).
named_file() {
        printf '{"language":"python","files":[{"name":%s,"content":"print(1)"}]}' "$1"
}

# ---------------------------------------------------------------- raw mode

@test "raw: a request is answered" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(6*7)"}'
        jqe --arg v "$(version_of python)" '.language == "python" and .version == $v
                and (has("compile") | not) and .run.stdout == "42\n" and .run.stderr == ""
                and .run.output == "42\n" and .run.code == 0 and .run.signal == null
                and .run.status == null and .run.message == null
                and .run.stdout_truncated == false and .run.stderr_truncated == false'
}

@test "raw: op runtimes lists the installed languages with versions, aliases and compiled flags" {
        need_root
        run -0 --separate-stderr cr '{"op":"runtimes"}'
        jqe --arg l "$(cut -d' ' -f1 "$BUILD/runtimes" | LC_ALL=C sort | tr '\n' ' ')" \
                '[.[].language] | sort | join(" ") + " " == $l'
        jqe '[.[].language] | contains(["bash","c","cpp","java","javascript","python"])'
        jqe 'all(.[]; (.version | type == "string" and length > 0) and (.aliases | type == "array")
                and (.compiled | type == "boolean"))'
        jqe 'map({(.language): .compiled}) | add | {c, cpp, java, python, javascript, bash} ==
                {"c":true,"cpp":true,"java":true,"python":false,"javascript":false,"bash":false}'
        jqe 'map({(.language): .aliases}) | add | any(.python[]; . == "py") and any(.javascript[]; . == "js")
                and any(.javascript[]; . == "node") and any(.bash[]; . == "sh") and any(.c[]; . == "gcc")
                and any(.cpp[]; . == "c++")'
        # The versions are the ones `make` learned from the toolchains.
        local l
        for l in bash c cpp java javascript python; do
                jqe --arg l "$l" --arg v "$(version_of "$l")" '.[] | select(.language == $l) | .version == $v'
        done
}

@test "raw: op runtimes takes no other field" {
        need_root
        run -0 --separate-stderr cr '{"op":"runtimes","language":"python"}'
        jqe '.error == "bad_request" and (.message | startswith("op:"))'
}

@test "raw: the reply ends in exactly one newline, a result and an error alike" {
        need_root
        cr '{"language":"bash","source":"echo hi"}' > "$BATS_TEST_TMPDIR/ok"
        [ "$(tail -c 2 "$BATS_TEST_TMPDIR/ok" | od -An -tx1 | tr -d ' ')" = 7d0a ]
        [ "$(wc -l < "$BATS_TEST_TMPDIR/ok")" -eq 1 ]
        cr '{"language":"cobol9","source":""}' > "$BATS_TEST_TMPDIR/err"
        [ "$(tail -c 2 "$BATS_TEST_TMPDIR/err" | od -An -tx1 | tr -d ' ')" = 7d0a ]
        [ "$(wc -l < "$BATS_TEST_TMPDIR/err")" -eq 1 ]
}

@test "raw: the executor exits 0 after an error reply and logs why" {
        local_only
        need_root
        run -0 --separate-stderr cr '{"language":'
        jqe '.error == "bad_request" and (keys == ["error","message"])'
        [[ $stderr == *refused* ]]
}

@test "raw: malformed JSON is bad_request" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":}'
        jqe '.error == "bad_request" and (.message | test("JSON"))'
        run -0 --separate-stderr cr '{"language" "python"}'
        jqe '.error == "bad_request"'
}

@test "raw: EOF before the object is complete is bad_request" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)"'
        jqe '.error == "bad_request" and (.message | test("before the JSON object was complete"))'
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)}'
        jqe '.error == "bad_request"'
}

@test "raw: an empty request is bad_request" {
        need_root
        run -0 --separate-stderr cr $'  \n '
        jqe '.error == "bad_request"'
}

@test "raw: trailing bytes after the object are bad_request" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)"} x'
        jqe '.error == "bad_request" and (.message | test("trailing"))'
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)"}{}'
        jqe '.error == "bad_request" and (.message | test("trailing"))'
        # Blanks after the object are no bytes of substance.
        run -0 --separate-stderr cr $'{"language":"python","source":"print(1)"} \n\n'
        jqe '.run.stdout == "1\n"'
}

@test "raw: an unknown language is unknown_language" {
        need_root
        run -0 --separate-stderr cr '{"language":"cobol9","source":""}'
        jqe '.error == "unknown_language" and (.message | test("cobol9"))'
}

@test "raw: version 2.7 of python is unknown_language" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","version":"2.7","source":"print(1)"}'
        jqe '.error == "unknown_language" and (.message | test("2.7"))'
}

@test "raw: a version prefix picks the version, a prefix of a number does not" {
        need_root
        local v
        v=$(version_of python)
        [[ $v == 3.* ]]
        run -0 --separate-stderr cr '{"language":"python","version":"3","source":"print(1)"}'
        jqe --arg v "$v" '.version == $v and .run.stdout == "1\n"'
        run -0 --separate-stderr cr "$(jq -nc --arg v "$v" '{language:"python",version:$v,source:"print(1)"}')"
        jqe --arg v "$v" '.version == $v and .run.stdout == "1\n"'
        # 3.11.2 starts with the string "3.1", but 3.1 is not its version.
        run -0 --separate-stderr cr '{"language":"python","version":"3.1","source":"print(1)"}'
        jqe '.error == "unknown_language"'
}

@test "raw: a request over 16 MiB is too_large" {
        need_root
        local f="$BATS_TEST_TMPDIR/big.json"
        # 12.6 MB of random bytes are 16.8 MB of base64.
        { printf '{"language":"python","source":"'
          head -c 12600000 /dev/urandom | base64 -w0
          printf '"}'; } > "$f"
        [ "$(stat -c %s "$f")" -gt $((16 << 20)) ]
        run -0 --separate-stderr cr_file "$f"
        jqe '.error == "too_large"'
}

@test "raw: a client too slow to send its request gets timeout after 5 s" {
        need_root
        local t0 dt
        t0=$(ms_now)
        # One byte every 0.3 s: each read is quick, the whole would take 12 s.
        run -0 --separate-stderr tcp_send "$PORT" 0.3 <<<'{"language":"bash","source":"echo hi"}'
        dt=$(($(ms_now) - t0))
        jqe '.error == "timeout"'
        [ "$dt" -ge 4500 ] && [ "$dt" -lt 8000 ] || { echo "answered after $dt ms" >&2; false; }
}

@test "raw: busy when the only job slot is taken" {
        local_only
        need_root
        local cfg t0 dt
        TEST_STATE="$BATS_TEST_TMPDIR/state"
        cfg=$(conf_with slots=1 state_dir="$TEST_STATE")
        cr_with "$cfg" '{"language":"bash","source":"sleep 3","run_timeout":4000}' \
                > "$BATS_TEST_TMPDIR/holder.json" 2>/dev/null 3>&- &
        pids+=($!)
        wait_slot_held "$TEST_STATE" 0
        t0=$(ms_now)
        run -0 --separate-stderr cr_with "$cfg" '{"language":"bash","source":"echo hi"}'
        dt=$(($(ms_now) - t0))
        jqe '.error == "busy"'
        [ "$dt" -lt 1500 ] || { echo "busy took $dt ms" >&2; false; }
        # The job holding the slot was not disturbed.
        wait "${pids[0]}"
        output=$(cat "$BATS_TEST_TMPDIR/holder.json")
        jqe '.run.status == null and .run.code == 0'
}

@test "raw: a missing seccomp filter is internal" {
        local_only
        need_root
        local cfg
        TEST_STATE="$BATS_TEST_TMPDIR/state"
        cfg=$(conf_with seccomp=/nonexistent state_dir="$TEST_STATE")
        run -0 --separate-stderr cr_with "$cfg" '{"language":"bash","source":"echo hi"}'
        jqe '.error == "internal" and (.message | test("/nonexistent"))'
}

# ---------------------------------------------------------------- bad input

@test "bad input: file name ../x is refused" {
        need_root
        run -0 --separate-stderr cr "$(named_file '"../x"')"
        jqe '.error == "bad_request" and (.message | startswith("files[0].name:"))'
        run -0 --separate-stderr cr "$(named_file '"a/../../x"')"
        jqe '.error == "bad_request" and (.message | startswith("files[0].name:"))'
}

@test "bad input: file name /etc/x is refused" {
        need_root
        run -0 --separate-stderr cr "$(named_file '"/etc/x"')"
        jqe '.error == "bad_request" and (.message | startswith("files[0].name:"))'
}

@test "bad input: an empty file name is refused" {
        need_root
        run -0 --separate-stderr cr "$(named_file '""')"
        jqe '.error == "bad_request" and (.message | startswith("files[0].name:"))'
}

@test "bad input: file names . and a/./b and a//b are refused" {
        need_root
        local n
        for n in '"."' '"a/./b"' '"a//b"' '"a/"'; do
                run -0 --separate-stderr cr "$(named_file "$n")"
                jqe '.error == "bad_request" and (.message | startswith("files[0].name:"))'
        done
}

@test "bad input: NUL in a file name is refused" {
        need_root
        run -0 --separate-stderr cr "$(named_file '"a\u0000b.py"')"
        jqe '.error == "bad_request" and (.message | startswith("files[0].name:")) and (.message | test("NUL"))'
}

@test "bad input: a newline in a file name is refused" {
        need_root
        run -0 --separate-stderr cr "$(named_file '"a\nb.py"')"
        jqe '.error == "bad_request" and (.message | startswith("files[0].name:"))'
}

@test "bad input: a 4 KB file name is refused" {
        need_root
        local n
        n=$(head -c 4096 /dev/zero | tr '\0' a)
        run -0 --separate-stderr cr "$(named_file "\"$n\"")"
        jqe '.error == "bad_request" and (.message | startswith("files[0].name:"))'
        # One 256-byte segment is over NAME_MAX too.
        n=$(head -c 256 /dev/zero | tr '\0' a)
        run -0 --separate-stderr cr "$(named_file "\"$n\"")"
        jqe '.error == "bad_request" and (.message | startswith("files[0].name:"))'
}

@test "bad input: duplicate file names are refused, naming the second" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","files":[{"name":"main.py","content":"print(1)"},
                {"name":"a.py","content":""},{"name":"a.py","content":""}]}'
        jqe '.error == "bad_request" and (.message | startswith("files[2].name:"))'
        # A file cannot also be a folder.
        run -0 --separate-stderr cr '{"language":"python","files":[{"name":"a","content":"print(1)"},
                {"name":"a/b.py","content":""}]}'
        jqe '.error == "bad_request" and (.message | startswith("files[1].name:"))'
}

@test "bad input: an unknown field is refused, naming it" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","colour":"red"}'
        jqe '.error == "bad_request" and (.message | test("colour"))'
        run -0 --separate-stderr cr '{"language":"python","files":[{"content":"print(1)","mode":"0755"}]}'
        jqe '.error == "bad_request" and (.message | test("mode"))'
}

@test "bad input: a duplicate key is refused" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","language":"bash"}'
        jqe '.error == "bad_request" and (.message | test("language"))'
}

@test "bad input: a limit above the server maximum is refused, naming it" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","run_timeout":999999}'
        jqe '.error == "bad_request" and (.message | startswith("run_timeout:"))'
        run -0 --separate-stderr cr '{"language":"c","source":"int main(){}","compile_memory_limit":17179869184}'
        jqe '.error == "bad_request" and (.message | startswith("compile_memory_limit:"))'
}

@test "bad input: -1 limits mean the server defaults" {
        need_root
        run -0 --separate-stderr cr '{"language":"c","source":"int main(){return 0;}",
                "compile_timeout":-1,"run_timeout":-1,"compile_cpu_time":-1,"run_cpu_time":-1,
                "compile_memory_limit":-1,"run_memory_limit":-1}'
        jqe '.compile.status == null and .run.status == null and .run.code == 0'
}

@test "bad input: a 0 limit is refused, naming it" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","run_timeout":0}'
        jqe '.error == "bad_request" and (.message | startswith("run_timeout:"))'
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","run_memory_limit":0}'
        jqe '.error == "bad_request" and (.message | startswith("run_memory_limit:"))'
}

@test "bad input: negative limits other than -1 and non-integers are refused" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","run_cpu_time":-2}'
        jqe '.error == "bad_request" and (.message | startswith("run_cpu_time:"))'
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","run_timeout":1.5}'
        jqe '.error == "bad_request" and (.message | startswith("run_timeout:"))'
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","run_timeout":"100"}'
        jqe '.error == "bad_request" and (.message | startswith("run_timeout:"))'
}

# ---------------------------------------------------------------- HTTP mode

@test "HTTP: POST /api/v2/execute answers 200 with the framing headers" {
        need_root
        http "$(url /api/v2/execute)" --data-binary '{"language":"python","source":"print(6*7)"}'
        [ "$code" = 200 ]
        http_framing_ok
        jqe '.language == "python" and .run.stdout == "42\n" and .run.status == null'
        [[ $hdrs == "HTTP/1.1 200 OK"* ]]
}

@test "HTTP: GET /api/v2/runtimes is the raw runtime list" {
        need_root
        local raw
        raw=$(cr '{"op":"runtimes"}')
        http "$(url /api/v2/runtimes)"
        [ "$code" = 200 ]
        http_framing_ok
        jqe --argjson raw "$raw" --argjson n "$(wc -l < "$BUILD/runtimes")" '. == $raw and length == $n'
}

@test "HTTP: GET /health says ok and counts the free slots" {
        local_only
        need_root
        http "$(url /health)"
        [ "$code" = 200 ]
        http_framing_ok
        jqe '.ok == true and .slots == 16 and .free_slots == 16 and .limits == "cgroup-v1"'
}

# curl is said to send Expect: 100-continue for bodies over 1 KiB; curl 7.88
# (Debian 12) does so over 1 MiB only, older curls and other clients over 1 KiB.
# Either way the 100 Continue must come at once, not after the client's 1 s wait.
@test "HTTP: Expect: 100-continue is answered at once, no 1 s stall" {
        need_root
        local f="$BATS_TEST_TMPDIR/req.json" t0 dt
        # A bash script with a 1.1 MB comment: curl itself asks for 100 Continue.
        { printf '# '; head -c 1100000 /dev/zero | tr '\0' x; printf '\necho big\n'; } |
                jq -Rsc '{language:"bash",source:.}' > "$f"
        t0=$(ms_now)
        run -0 --separate-stderr curl -sS -v --max-time 20 "$(url /api/v2/execute)" --data-binary "@$f"
        dt=$(($(ms_now) - t0))
        [[ $stderr == *"> Expect: 100-continue"* ]]
        [[ $stderr == *"< HTTP/1.1 100 Continue"* ]]
        [[ $stderr == *"< HTTP/1.1 200 OK"* ]]
        jqe '.run.stdout == "big\n"'
        [ "$dt" -lt 900 ] || { echo "took $dt ms: did curl wait for 100 Continue?" >&2; false; }

        # A 4 KB body with the header asked for explicitly.
        { printf '# '; head -c 4000 /dev/zero | tr '\0' x; printf '\necho small\n'; } |
                jq -Rsc '{language:"bash",source:.}' > "$f"
        t0=$(ms_now)
        run -0 --separate-stderr curl -sS -v --max-time 20 -H 'Expect: 100-continue' \
                "$(url /api/v2/execute)" --data-binary "@$f"
        dt=$(($(ms_now) - t0))
        [[ $stderr == *"< HTTP/1.1 100 Continue"* ]]
        jqe '.run.stdout == "small\n"'
        [ "$dt" -lt 900 ] || { echo "took $dt ms: did curl wait for 100 Continue?" >&2; false; }
}

@test "HTTP: a text/plain body is accepted" {
        need_root
        http "$(url /api/v2/execute)" -H 'Content-Type: text/plain' \
                --data-binary '{"language":"bash","source":"echo plain"}'
        [ "$code" = 200 ]
        jqe '.run.stdout == "plain\n"'
}

@test "HTTP 400: malformed JSON" {
        need_root
        http "$(url /api/v2/execute)" --data-binary '{"language":"python",'
        [ "$code" = 400 ]
        http_framing_ok
        jqe '.error == "bad_request"'
}

@test "HTTP 400: unknown_language" {
        need_root
        http "$(url /api/v2/execute)" --data-binary '{"language":"cobol9","source":""}'
        [ "$code" = 400 ]
        http_framing_ok
        jqe '.error == "unknown_language"'
}

@test "HTTP 400: op is for raw mode only" {
        need_root
        http "$(url /api/v2/execute)" --data-binary '{"op":"runtimes"}'
        [ "$code" = 400 ]
        jqe '.error == "bad_request" and (.message | startswith("op:"))'
}

@test "HTTP 404: unknown path" {
        need_root
        http "$(url /api/v2/nothing)"
        [ "$code" = 404 ]
        http_framing_ok
        jqe '.error == "bad_request"'
}

@test "HTTP 405: wrong method" {
        need_root
        http "$(url /api/v2/execute)"
        [ "$code" = 405 ]
        http_framing_ok
        jqe '.error == "bad_request"'
        http -X POST "$(url /health)" --data-binary '{}'
        [ "$code" = 405 ]
}

@test "HTTP 408: a request not complete within 5 s" {
        need_root
        local t0 dt
        t0=$(ms_now)
        run -0 --separate-stderr tcp_send "$PORT" < <(printf 'POST /api/v2/execute HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"language"')
        dt=$(($(ms_now) - t0))
        [[ ${lines[0]} == "HTTP/1.1 408 "* ]]
        [[ $output == *$'\r\nConnection: close\r\n'* ]]
        [[ $output == *'{"error":"timeout",'* ]]
        [ "$dt" -ge 4500 ] && [ "$dt" -lt 8000 ] || { echo "answered after $dt ms" >&2; false; }
}

@test "HTTP 411: no Content-Length" {
        need_root
        run -0 --separate-stderr tcp_send "$PORT" < <(printf 'POST /api/v2/execute HTTP/1.1\r\nHost: x\r\n\r\n{"language":"bash","source":"echo hi"}')
        [[ ${lines[0]} == "HTTP/1.1 411 "* ]]
        [[ $output == *'{"error":"bad_request",'* ]]
}

@test "HTTP 411: a chunked body" {
        need_root
        http "$(url /api/v2/execute)" -H 'Transfer-Encoding: chunked' \
                --data-binary '{"language":"bash","source":"echo hi"}'
        [ "$code" = 411 ]
        http_framing_ok
        jqe '.error == "bad_request"'
}

@test "HTTP 413: Content-Length over 16 MiB is answered before any body byte" {
        need_root
        local t0 dt
        t0=$(ms_now)
        run -0 --separate-stderr tcp_send "$PORT" < <(printf 'POST /api/v2/execute HTTP/1.1\r\nHost: x\r\nContent-Length: 16777217\r\nExpect: 100-continue\r\n\r\n')
        dt=$(($(ms_now) - t0))
        [[ ${lines[0]} == "HTTP/1.1 413 "* ]]
        [[ $output != *"100 Continue"* ]]
        [[ $output == *'{"error":"too_large",'* ]]
        [ "$dt" -lt 2000 ] || { echo "answered after $dt ms" >&2; false; }
}

@test "HTTP 413: curl uploading 17 MB gets too_large" {
        need_root
        local f="$BATS_TEST_TMPDIR/big.json"
        { printf '{"language":"python","source":"'
          head -c 12600000 /dev/urandom | base64 -w0
          printf '"}'; } > "$f"
        http "$(url /api/v2/execute)" --data-binary "@$f"
        [ "$code" = 413 ]
        http_framing_ok
        jqe '.error == "too_large"'
}

@test "HTTP 503 + Retry-After when the only job slot is taken" {
        local_only
        need_root
        local cfg t0 dt
        TEST_STATE="$BATS_TEST_TMPDIR/state"
        cfg=$(conf_with slots=1 state_dir="$TEST_STATE")
        serve_conf "$cfg"
        curl -sS --max-time 20 -o "$BATS_TEST_TMPDIR/holder.json" "$(url /api/v2/execute)" \
                --data-binary '{"language":"bash","source":"sleep 3","run_timeout":4000}' 3>&- &
        pids+=($!)
        wait_slot_held "$TEST_STATE" 0
        t0=$(ms_now)
        http "$(url /api/v2/execute)" --data-binary '{"language":"bash","source":"echo hi"}'
        dt=$(($(ms_now) - t0))
        [ "$code" = 503 ]
        http_framing_ok
        jqe '.error == "busy"'
        [[ $(header Retry-After) =~ ^[1-9][0-9]*$ ]]
        [ "$dt" -lt 1500 ] || { echo "busy took $dt ms" >&2; false; }
        http "$(url /health)"
        jqe '.ok == true and .slots == 1 and .free_slots == 0'
        wait "${pids[0]}"
        output=$(cat "$BATS_TEST_TMPDIR/holder.json")
        jqe '.run.status == null and .run.code == 0'
}

@test "HTTP 500: a missing seccomp filter is internal" {
        local_only
        need_root
        local cfg
        TEST_STATE="$BATS_TEST_TMPDIR/state"
        cfg=$(conf_with seccomp=/nonexistent state_dir="$TEST_STATE")
        serve_conf "$cfg"
        http "$(url /api/v2/execute)" --data-binary '{"language":"bash","source":"echo hi"}'
        [ "$code" = 500 ]
        http_framing_ok
        jqe '.error == "internal"'
}

@test "TCP: nc without half-closing gets the raw reply" {
        need_root
        printf '%s' '{"language":"python","source":"print(6*7)"}' > "$BATS_TEST_TMPDIR/request.json"
        run -0 --separate-stderr timeout 10 nc 127.0.0.1 "$PORT" < "$BATS_TEST_TMPDIR/request.json"
        jqe '.run.stdout == "42\n"'
        # Braces, brackets and escaped quotes inside strings do not end the object early.
        jq -nc '{language:"python",source:"print(\"}{\\\\\")  # ]]}}\""}' > "$BATS_TEST_TMPDIR/request.json"
        run -0 --separate-stderr timeout 10 nc 127.0.0.1 "$PORT" < "$BATS_TEST_TMPDIR/request.json"
        jqe '.run.stdout == "}{\\\n"'
}

@test "TCP: 16 clients at once all get their own answer" {
        need_root
        local d="$BATS_TEST_TMPDIR" i
        seq 16 | timeout 60 xargs -P16 -I{} \
                curl -sS --max-time 30 -o "$d/{}.json" "$(url /api/v2/execute)" \
                --data-binary '{"language":"python","source":"print({} * 1000 + 7)"}'
        for i in $(seq 16); do
                output=$(cat "$d/$i.json")
                jqe --arg want "$((i * 1000 + 7))"$'\n' '.run.status == null and .run.stdout == $want'
        done
}

# ---------------------------------------------------------------- tests and output_encoding

@test "tests: compile once, run per test, passed true/false/null" {
        need_root
        local src req
        src='#include <stdio.h>
int main(int argc, char **argv) {
        int a, b;
        if (scanf("%d %d", &a, &b) != 2)
                return 2;
        printf("%d%s\n", a + b, argc > 1 ? argv[1] : "");
        return 0;
}'
        req=$(jq -nc --arg src "$src" '{language:"c",source:$src,stdin:"10 20",tests:[
                {stdin:"1 2",expected_output:"3"},
                {stdin:"2 2",expected_output:"5"},
                {stdin:"5 5"},
                {expected_output:"30"},
                {args:["!"],expected_output:"30!"},
                {stdin:"x",expected_output:""}]}')
        run -0 --separate-stderr cr "$req"
        jqe '(has("run") | not) and (.compile | type == "object") and .compile.status == null'
        jqe '.tests | length == 6'
        jqe '[.tests[].passed] == [true, false, null, true, true, false]'
        jqe '[.tests[].stdout] == ["3\n", "4\n", "10\n", "30\n", "30!\n", ""]'
        jqe '.tests[5].status == "RE" and .tests[5].code == 2'
}

@test "tests: expected_output ignores trailing whitespace only" {
        need_root
        local req
        req=$(jq -nc '{language:"bash",source:"printf \"a  \\nb\\t\\n\\n\\n\"",tests:[
                {expected_output:"a\nb"},
                {expected_output:"a\nb \n \n"},
                {expected_output:"a \r\nb"},
                {expected_output:"a\n\nb"},
                {expected_output:" a\nb"},
                {expected_output:"a\nb\nc"},
                {expected_output:"a"}]}')
        run -0 --separate-stderr cr "$req"
        jqe '[.tests[].passed] == [true, true, true, false, false, false, false]'
}

@test "tests: a compile error leaves out the tests" {
        need_root
        run -0 --separate-stderr cr '{"language":"c","source":"int main( {","tests":[{"expected_output":""}]}'
        jqe '.compile.status == "RE" and (has("tests") | not) and (has("run") | not)'
}

@test "output_encoding base64 returns the exact bytes" {
        need_root
        run -0 --separate-stderr cr "$(jq -nc '{language:"python",output_encoding:"base64",
                source:"import sys\nsys.stdout.buffer.write(b\"a\\x00\\xff\")\nsys.stdout.flush()\nsys.stderr.buffer.write(b\"\\xfe\")"}')"
        jqe '.run.stdout == "YQD/" and .run.stderr == "/g=="'
        [ "$(jq -r .run.stdout <<<"$output" | base64 -d | od -An -tx1 | tr -d ' ')" = 6100ff ]
        [ "$(jq -r .run.output <<<"$output" | base64 -d | wc -c)" -eq 4 ]
}

@test "output_encoding utf8 (default) turns invalid bytes into U+FFFD and keeps NUL" {
        need_root
        run -0 --separate-stderr cr "$(jq -nc '{language:"python",
                source:"import sys\nsys.stdout.buffer.write(b\"a\\x00\\xff\\xc3\\xa9\")"}')"
        jqe '.run.stdout == "a\u0000\ufffdé"'
        run -0 --separate-stderr cr "$(jq -nc '{language:"python",output_encoding:"utf8",
                source:"import sys\nsys.stdout.buffer.write(b\"a\\x00\\xff\")"}')"
        jqe '.run.stdout == "a\u0000\ufffd"'
}

@test "output_encoding must be utf8 or base64" {
        need_root
        run -0 --separate-stderr cr '{"language":"python","source":"print(1)","output_encoding":"hex"}'
        jqe '.error == "bad_request" and (.message | startswith("output_encoding:"))'
}

@test "the log line of a refused request cannot be forged: control bytes become ?" {
        local_only
        need_root
        run -0 --separate-stderr cr '{"x\ncoderun-exec: internal error: forged\u001b[2J":1}'
        jqe '.error == "bad_request"'
        [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
        [[ "$stderr" == *"x?coderun-exec: internal error: forged?[2J"* ]]
}

@test "started with stderr closed, the executor still answers and the job still runs" {
        local_only
        need_root
        run -0 --separate-stderr bash -c "printf '%s' '{\"language\":\"bash\",\"source\":\"echo out; echo err >&2\"}' |
                '$EXEC' --config '$CONF' 2>&-"
        jqe '.run.stdout == "out\n" and .run.stderr == "err\n"'
}

@test "a client that never reads its reply is given up after 10 s: the executor exits" {
        local_only
        need_root
        local req t0 left
        # Three tests printing 1 MiB to stdout and stderr: a reply of ~12 MB, far more
        # than the socket buffers hold for a client that reads nothing.
        req=$(jq -nc '{language:"bash", source:"head -c 1048576 /dev/zero | tr \"\\u0000\" x; head -c 1048576 /dev/zero | tr \"\\u0000\" y >&2", tests:[{},{},{}]}')
        /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(("127.0.0.1", int(sys.argv[1])))
s.sendall(sys.argv[2].encode())
time.sleep(30)' "$PORT" "$req" &
        pids+=($!)
        t0=$EPOCHREALTIME
        # The executor that serves it: a child of the server running longer than a job.
        for _ in $(seq 100); do
                pgrep -P "$SERVE_PID" -f coderun-exec >/dev/null && break
                sleep 0.05
        done
        run -0 pgrep -P "$SERVE_PID" -f coderun-exec
        for _ in $(seq 200); do
                pgrep -P "$SERVE_PID" -f coderun-exec >/dev/null || break
                sleep 0.1
        done
        run -1 pgrep -P "$SERVE_PID" -f coderun-exec
        left=$(ms_since "$t0")
        # Not before the jobs ran and the send stalled for LIMIT_REPLY_MS.
        [ "$left" -ge 10000 ] && [ "$left" -lt 20000 ]
}

# The executor of a request whose client left: "client gone" in the log, then exit.
wait_gone() {
        for _ in $(seq 100); do
                [ "$(grep -c 'client gone' "$BATS_FILE_TMPDIR/serve.log")" -ge "$1" ] && return 0
                sleep 0.02
        done
        echo "no 'client gone' line $1 in the log" >&2
        return 1
}

@test "a client that leaves mid-job (HTTP, raw) gets its job killed at once" {
        local_only
        need_root
        serve
        : > "$BATS_FILE_TMPDIR/serve.log"
        local n=0 mode start
        for mode in http raw; do
                n=$((n + 1))
                start=$EPOCHREALTIME
                run -0 /usr/bin/python3 "$ROOT/tests/wire/disconnect.py" "$mode" "$PORT"
                wait_gone "$n"
                # Within a second or two of the close, not at the job's 15 s limit.
                [ "$(ms_since "$start")" -lt 3000 ]
                run pgrep -u "$(job_uids)" -l
                [ "$status" -eq 1 ] || { echo "left: $output" >&2; false; }
        done
        stop_serving
}

@test "a raw client that half-closes after its request (nc -N) still gets its reply" {
        local_only
        need_root
        serve
        run -0 /usr/bin/python3 "$ROOT/tests/wire/disconnect.py" raw-half "$PORT"
        stop_serving
        valid_json
        jqe '.run.stdout == "finished\n" and .run.status == null'
        run grep -c 'client gone' "$BATS_FILE_TMPDIR/serve.log"
        [ "$output" = 0 ]
}

@test "a raw client that half-closes, reads the probe, then closes is seen within a second, at a later stage" {
        local_only
        need_root
        serve
        : > "$BATS_FILE_TMPDIR/serve.log"
        local start=$EPOCHREALTIME
        run -0 /usr/bin/python3 "$ROOT/tests/wire/disconnect.py" raw-half-close "$PORT"
        local closed
        closed=$(ms_since "$start")
        wait_gone 1
        # The client closed about 1 s after the probe, during the second test's
        # 14 s sleep; its leaving must be seen within a second of the close.
        [ $(( $(ms_since "$start") - closed )) -lt 1500 ] || {
                echo "seen $(( $(ms_since "$start") - closed )) ms after the close" >&2; false; }
        run pgrep -u "$(job_uids)" -l
        [ "$status" -eq 1 ] || { echo "left: $output" >&2; false; }
        stop_serving
}

@test "socket activation variables: honoured only for our pid, more than one fd refused" {
        need_root
        # Meant for another process (the pid differs): the request is on stdin.
        run -0 --separate-stderr bash -c "printf '%s' '{\"language\":\"bash\",\"source\":\"echo hi\"}' |
                LISTEN_PID=1 LISTEN_FDS=1 '$EXEC' --config '$CONF'"
        jqe '.run.stdout == "hi\n"'
        # Ours, but two sockets: one connection per process is the design.
        run -0 --separate-stderr bash -c "export LISTEN_PID=\$\$ LISTEN_FDS=2
                exec '$EXEC' --config '$CONF' </dev/null"
        jqe '.error == "internal" and (.message | contains("socket activation"))'
        run -0 --separate-stderr bash -c "export LISTEN_PID=\$\$ LISTEN_FDS=x1
                exec '$EXEC' --config '$CONF' </dev/null"
        jqe '.error == "internal" and (.message | contains("socket activation"))'
}
