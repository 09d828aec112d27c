#!/usr/bin/env bats
# request.bats: request_read framing, raw JSON and HTTP/1.x, through
# build/test-request (ASan + UBSan), which prints what it framed as one JSON line:
# {"mode","op","len","body"} or {"error","mode","message"}.
bats_require_minimum_version 1.7.0
load ../slow

setup() {
        H="$BATS_TEST_DIRNAME/../../build/test-request"
        [[ -x $H ]] || {
                echo "$H missing: make build/test-request" >&2
                return 1
        }
        pids=()
}

teardown() {
        local pid
        for pid in "${pids[@]}"; do
                kill "$pid" 2>/dev/null || true
        done
}

# Send exactly these bytes on a pipe, then EOF.
req() {
        printf '%s' "$1" | "$H"
}

# The harness printed one JSON line, no sanitizer said a word, and it matches.
ok() {
        [[ -z $stderr ]] || { echo "stderr: $stderr" >&2; return 1; }
        [[ $output != *$'\n'* ]] || { echo "more than one line: $output" >&2; return 1; }
        jq -e "$1" <<<"$output"
}

# A client that sends $1 and then keeps the pipe open for $2 seconds without
# closing it, as a socket peer that never half-closes. Read from "$fifo".
hold_open() {
        fifo="$BATS_TEST_TMPDIR/in"
        mkfifo "$fifo"
        { printf '%s' "$1"; exec sleep "$2"; } >"$fifo" 3>&- &
        pids+=($!)
}

now_ms() {
        local t=${EPOCHREALTIME//[.,]/}
        echo $((t / 1000))
}

# Hand the harness the server end of a loopback TCP connection whose client is
# the given command (PORT in its words is replaced); print the client's stdout,
# then the milliseconds the whole exchange took.
over_tcp() {
        local py
        py=$(cat <<'EOF'
import socket, subprocess, sys, time
srv = socket.create_server(("127.0.0.1", 0))
port = str(srv.getsockname()[1])
t0 = time.monotonic()
client = subprocess.Popen([a.replace("PORT", port) for a in sys.argv[2:]],
                          stdout=subprocess.PIPE)
conn, _ = srv.accept()
subprocess.run([sys.argv[1]], stdin=conn, stdout=conn, check=True)
conn.close()
out = client.communicate(timeout=10)[0]
sys.stdout.buffer.write(out)
print("%d" % ((time.monotonic() - t0) * 1000))
sys.exit(client.returncode)
EOF
        )
        python3 -c "$py" "$H" "$@"
}

# ---- raw mode ----------------------------------------------------------------

@test "raw: leading blanks are skipped and the object is the body" {
        run -0 --separate-stderr req $' \r\n\t {"language":"c","source":"int main(){}"}'
        ok '.mode == "raw" and .op == "execute"
            and .body == "{\"language\":\"c\",\"source\":\"int main(){}\"}"'
}

@test "raw: the reply comes once the object closes, without EOF from the client" {
        hold_open '{"language":"c"}' 10
        run -0 --separate-stderr timeout 2 "$H" <"$fifo"
        ok '.body == "{\"language\":\"c\"}"'
}

@test "raw: nc over TCP without half-closing gets its reply at once" {
        run -0 --separate-stderr over_tcp nc 127.0.0.1 PORT <<<'{"language":"c","source":"x"}'
        [[ -z $stderr ]]
        jq -e '.mode == "raw" and .body == "{\"language\":\"c\",\"source\":\"x\"}"' <<<"${lines[0]}"
        # nc never half-closes: waiting for EOF would take the 5 s deadline.
        ((${lines[1]} < 4000))
}

@test "raw: nested objects and arrays close only at depth zero" {
        run -0 --separate-stderr req '{"a":[{"b":{}},[[],{}]],"c":{"d":[1,{"e":[]}]}}'
        ok '.body == "{\"a\":[{\"b\":{}},[[],{}]],\"c\":{\"d\":[1,{\"e\":[]}]}}"'
}

@test "raw: braces and brackets inside strings do not count" {
        run -0 --separate-stderr req '{"a":"}]}","b":"{{[","c":"]"}'
        ok '.len == 29 and (.body | fromjson | .b == "{{[")'
}

@test "raw: escaped quotes and backslashes are followed" {
        run -0 --separate-stderr req '{"a":"\"}","b":"\\","c":"\\\"}\\"}'
        ok '(.body | fromjson) == {"a":"\"}","b":"\\","c":"\\\"}\\"}'
}

@test "raw: trailing whitespace is fine" {
        run -0 --separate-stderr req $'{"a":1} \t\r\n\n'
        ok '.body == "{\"a\":1}" and .len == 7'
}

@test "raw: trailing bytes after the object are refused" {
        run -0 --separate-stderr req '{"a":1} x'
        ok '.error == "bad_request" and .mode == "raw"
            and .message == "trailing bytes after the JSON object"'
}

@test "raw: a second object is trailing bytes" {
        run -0 --separate-stderr req '{"a":1}{"b":2}'
        ok '.error == "bad_request" and (.message | test("trailing"))'
}

@test "raw: EOF before the object closes is bad_request" {
        run -0 --separate-stderr req '{"a":{"b":1}'
        ok '.error == "bad_request"
            and .message == "connection closed before the JSON object was complete"'
}

@test "raw: an unterminated string keeps the object open" {
        run -0 --separate-stderr req '{"a":"}'
        ok '.error == "bad_request" and (.message | test("closed before"))'
}

@test "raw: empty input is bad_request" {
        run -0 --separate-stderr "$H" </dev/null
        ok '.error == "bad_request" and .message == "empty request"'
}

@test "raw: only blanks is bad_request" {
        run -0 --separate-stderr req $' \n\r\n\t  \n'
        ok '.error == "bad_request" and .message == "empty request"'
}

@test "raw: an object of exactly 16 MiB is accepted" {
        slow "a 16 MiB request"
        f="$BATS_TEST_TMPDIR/big.json"
        { printf '{"a":"'; head -c $((16 * 1024 * 1024 - 8)) /dev/zero | tr '\0' x; printf '"}'; } >"$f"
        run -0 --separate-stderr "$H" <"$f"
        ok '.mode == "raw" and .len == 16777216 and (.body | length) == 16777216'
}

@test "raw: an object one byte over 16 MiB is too_large" {
        f="$BATS_TEST_TMPDIR/big.json"
        { printf '{"a":"'; head -c $((16 * 1024 * 1024 - 7)) /dev/zero | tr '\0' x; printf '"}'; } >"$f"
        run -0 --separate-stderr "$H" <"$f"
        ok '.error == "too_large" and .mode == "raw"'
}

@test "raw: stdin redirected from a regular file works" {
        printf '{"language":"c"}\n' >"$BATS_TEST_TMPDIR/r.json"
        run -0 --separate-stderr "$H" <"$BATS_TEST_TMPDIR/r.json"
        ok '.mode == "raw" and .body == "{\"language\":\"c\"}"'
}

@test "raw: a read error is bad_request naming it" {
        run -0 --separate-stderr "$H" </
        ok '.error == "bad_request" and .message == "reading the request: Is a directory"'
}

@test "raw: a partial request then silence times out after 5 s" {
        slow "the 5 s deadline"
        hold_open '{"language":"c","source":"' 10
        start=$(now_ms)
        run -0 --separate-stderr timeout 9 "$H" <"$fifo"
        elapsed=$(($(now_ms) - start))
        ok '.error == "timeout" and .mode == "raw"
            and .message == "request not complete within 5000 ms"'
        ((elapsed >= 4900 && elapsed < 8000))
}

# ---- HTTP mode ---------------------------------------------------------------

@test "http: GET /health" {
        run -0 --separate-stderr req $'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'
        ok '.mode == "http" and .op == "health" and .body == null'
}

@test "http: GET /api/v2/runtimes" {
        run -0 --separate-stderr req $'GET /api/v2/runtimes HTTP/1.1\r\nHost: x\r\n\r\n'
        ok '.mode == "http" and .op == "runtimes" and .body == null'
}

@test "http: POST /api/v2/execute returns the body, any Content-Type" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 17\r\n\r\n{"language":"c"}\n'
        ok '.mode == "http" and .op == "execute" and .len == 17 and .body == "{\"language\":\"c\"}\n"'
}

@test "http: HTTP/1.0 and leading blank lines are accepted" {
        run -0 --separate-stderr req $'\r\n\r\nPOST /api/v2/execute HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}'
        ok '.mode == "http" and .op == "execute" and .body == "{}"'
}

@test "http: the query string is stripped" {
        run -0 --separate-stderr req $'GET /health?probe=1&x=/api HTTP/1.1\r\n\r\n'
        ok '.op == "health"'
        run -0 --separate-stderr req $'POST /api/v2/execute?debug HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}'
        ok '.op == "execute" and .body == "{}"'
}

@test "http: an unknown path is not_found" {
        run -0 --separate-stderr req $'GET /api/v2/packages HTTP/1.1\r\n\r\n'
        ok '.error == "not_found" and .mode == "http"'
        run -0 --separate-stderr req $'GET /health/ HTTP/1.1\r\n\r\n'
        ok '.error == "not_found"'
}

@test "http: a known path with the wrong method is method (405), HEAD included" {
        local line
        for line in 'HEAD /health' 'POST /health' 'GET /api/v2/execute' \
                    'PUT /api/v2/execute' 'POST /api/v2/runtimes' 'get /health'; do
                run -0 --separate-stderr req "$line"$' HTTP/1.1\r\nContent-Length: 0\r\n\r\n'
                ok '.error == "method" and .mode == "http"'
        done
}

@test "http: POST without Content-Length is length_required" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nHost: x\r\n\r\n{}'
        ok '.error == "length_required" and .mode == "http"'
}

@test "http: Transfer-Encoding is length_required, even beside Content-Length" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'
        ok '.error == "length_required" and (.message | test("chunked bodies are refused"))'
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: gzip\r\n\r\n{}'
        ok '.error == "length_required"'
}

@test "http: a huge Content-Length is too_large without reading the body" {
        local n
        for n in 16777217 99999999999999999999999999; do
                rm -f "$BATS_TEST_TMPDIR/in"
                hold_open $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: '"$n"$'\r\n\r\n{"a":' 10
                run -0 --separate-stderr timeout 2 "$H" <"$fifo"
                ok '.error == "too_large" and .mode == "http"'
        done
}

@test "http: Content-Length that is not plain decimal is bad_request" {
        local v
        for v in 12abc -1 +2 '2, 2' '0x2' '' '2 2' '１'; do
                run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: '"$v"$'\r\n\r\n{}'
                ok '.error == "bad_request" and (.message | test("Content-Length"))'
        done
}

@test "http: two differing Content-Length headers are bad_request, equal ones fine" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{} '
        ok '.error == "bad_request"'
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\n{}'
        ok '.op == "execute" and .body == "{}"'
}

@test "http: an HTTP version other than 1.0 and 1.1 is bad_request" {
        local v
        for v in HTTP/2.0 HTTP/1.2 http/1.1 HTTP/1.1x; do
                run -0 --separate-stderr req "GET /health $v"$'\r\n\r\n'
                ok '.error == "bad_request" and .mode == "http" and (.message | test("version"))'
        done
}

@test "http: a malformed request line is bad_request" {
        local line
        for line in hello 'GET /health' 'GET  /health HTTP/1.1' 'GET /health HTTP/1.1 ' \
                    'GET /health HTTP/1.1 x' 'G(T /health HTTP/1.1' '/health'; do
                run -0 --separate-stderr req "$line"$'\r\n\r\n'
                ok '.error == "bad_request" and .mode == "http"'
        done
}

@test "http: binary garbage fails at once, without waiting for a blank line" {
        hold_open $'\x16\x03\x01\x02\x01\x01\xfc\x03\x03' 10
        run -0 --separate-stderr timeout 2 "$H" <"$fifo"
        ok '.error == "bad_request" and (.message | test("control byte 0x16"))'
}

@test "http: malformed header lines are bad_request" {
        local h
        for h in 'NoColon' ': empty-name' 'Content-Length : 2' 'Bad Name: 1' $' folded: x'; do
                run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nHost: x\r\n'"$h"$'\r\nContent-Length: 2\r\n\r\n{}'
                ok '.error == "bad_request" and (.message | test("header"))'
        done
}

@test "http: a bare CR in the header section is bad_request" {
        run -0 --separate-stderr req $'GET /health HTTP/1.1\r\nX: a\rb\r\n\r\n'
        ok '.error == "bad_request" and (.message | test("bare CR"))'
}

@test "http: lower- and upper-case header names" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}'
        ok '.body == "{}"'
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nCONTENT-LENGTH: 2\r\n\r\n{}'
        ok '.body == "{}"'
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n'
        ok '.error == "length_required"'
}

@test "http: LF-only line ends" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\nHost: x\ncontent-length: 2\n\n{}'
        ok '.mode == "http" and .op == "execute" and .body == "{}"'
        run -0 --separate-stderr req $'GET /health HTTP/1.1\n\n'
        ok '.op == "health"'
}

@test "http: header values are trimmed" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: \t 2 \t\r\n\r\n{}'
        ok '.body == "{}"'
}

@test "http: bytes past Content-Length are ignored" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}GET / HTTP/1.1\r\n\r\n'
        ok '.body == "{}" and .len == 2'
}

@test "http: Content-Length: 0 gives an empty body" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: 0\r\n\r\n'
        ok '.op == "execute" and .len == 0 and .body == ""'
}

@test "http: a body shorter than Content-Length then EOF is bad_request" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nContent-Length: 10\r\n\r\n{"a":1}'
        ok '.error == "bad_request" and .message == "connection closed after 7 of 10 body bytes"'
}

@test "http: EOF inside the headers is bad_request" {
        run -0 --separate-stderr req $'GET /health HTTP/1.1\r\nHost: x\r\n'
        ok '.error == "bad_request" and (.message | test("headers"))'
}

@test "http: a header section of 16 KiB is fine, one byte more is too_large" {
        # 22 bytes of request line, 7 + pad + 2 of X-Pad, 2 of blank line.
        pad=$(head -c $((16384 - 33)) /dev/zero | tr '\0' a)
        run -0 --separate-stderr req $'GET /health HTTP/1.1\r\nX-Pad: '"$pad"$'\r\n\r\n'
        ok '.op == "health"'
        run -0 --separate-stderr req $'GET /health HTTP/1.1\r\nX-Pad: '"${pad}a"$'\r\n\r\n'
        ok '.error == "too_large" and .mode == "http" and (.message | test("header"))'
}

@test "http: Expect: 100-continue is answered before the body is read" {
        fifo="$BATS_TEST_TMPDIR/in"
        out="$BATS_TEST_TMPDIR/out"
        mkfifo "$fifo"
        "$H" <"$fifo" >"$out" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
        pids+=($!)
        exec {w}>"$fifo"
        printf 'POST /api/v2/execute HTTP/1.1\r\nexpect: 100-Continue\r\nContent-Length: 7\r\n\r\n' >&"$w"
        # As curl does: hold the body back until the interim reply arrives.
        for _ in $(seq 50); do
                [[ -s $out ]] && break
                sleep 0.1
        done
        cmp "$out" <(printf 'HTTP/1.1 100 Continue\r\n\r\n')
        printf '{"a":1}' >&"$w"
        exec {w}>&-
        wait "${pids[-1]}"
        [[ ! -s $BATS_TEST_TMPDIR/err ]]
        output=$(<"$out")
        [[ $output == $'HTTP/1.1 100 Continue\r\n\r\n{'* ]]
        jq -e '.op == "execute" and .body == "{\"a\":1}"' <<<"${output#*$'\r\n\r\n'}"
}

@test "http: no 100 Continue when the body came with the headers, or over HTTP/1.0" {
        run -0 --separate-stderr req $'POST /api/v2/execute HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}'
        ok '.body == "{}"'
        fifo="$BATS_TEST_TMPDIR/in"
        mkfifo "$fifo"
        {
                printf 'POST /api/v2/execute HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n'
                sleep 0.5
                printf '{}'
                exec sleep 10
        } >"$fifo" 3>&- &
        pids+=($!)
        run -0 --separate-stderr timeout 3 "$H" <"$fifo"
        ok '.body == "{}"'
}

@test "http: curl sends its body at once instead of waiting for 100 Continue" {
        head -c 3000 /dev/zero | tr '\0' a >"$BATS_TEST_TMPDIR/body"
        run -0 --separate-stderr over_tcp curl -sS --http0.9 --expect100-timeout 5 \
                -H 'Expect: 100-continue' --data-binary "@$BATS_TEST_TMPDIR/body" \
                http://127.0.0.1:PORT/api/v2/execute
        [[ -z $stderr ]]
        jq -e '.mode == "http" and .op == "execute" and .len == 3000' <<<"${lines[0]}"
        # Unanswered, curl would hold the body back for its 5 s expect timeout.
        ((${lines[1]} < 4000))
}

@test "http: a client dripping its headers times out at 5 s in total" {
        slow "the 5 s deadline"
        fifo="$BATS_TEST_TMPDIR/in"
        mkfifo "$fifo"
        {
                printf 'POST /api/v2/execute HTTP/1.1\r\n'
                for i in $(seq 40); do
                        printf 'X-Drip: %d\r\n' "$i"
                        sleep 0.25
                done
        } >"$fifo" 3>&- &
        pids+=($!)
        start=$(now_ms)
        run -0 --separate-stderr timeout 9 "$H" <"$fifo"
        elapsed=$(($(now_ms) - start))
        ok '.error == "timeout" and .mode == "http"'
        # The drip goes on for 10 s: a per-read timeout would never fire.
        ((elapsed >= 4900 && elapsed < 8000))
}
