#!/usr/bin/env bats
# reply.bats: the reply (wire/encode.c, reply.c, send.c) through its harness
# build/test-reply (make build/test-reply, built with ASan and UBSan). Whatever
# bytes a program prints, the reply is valid JSON; the HTTP framing, error table and
# wire names match docs/protocol.md.
bats_require_minimum_version 1.7.0
load ../slow
# Note: bats' `run` overwrites $status, $output, $lines and even a loop's $i; the
# loops here use other names.

H="$BATS_TEST_DIRNAME/../../build/test-reply"
PY=/usr/bin/python3

setup() {
        [ -x "$H" ] || { echo "build the harness first: make build/test-reply" >&2; return 1; }
}

# valid_json FILE: both jq and Python's strict parser accept it.
valid_json() {
        jq -e . "$1" >/dev/null
        "$PY" -c 'import json,sys; json.load(open(sys.argv[1], "rb"))' "$1"
}

# same_as_python RAW JSON: the decoded string equals Python's own decoding of the
# raw bytes with errors="replace", which substitutes U+FFFD per maximal subpart.
same_as_python() {
        "$PY" - "$1" "$2" <<'EOF'
import json, sys
raw = open(sys.argv[1], "rb").read()
got = json.load(open(sys.argv[2], "rb"))
want = raw.decode("utf-8", errors="replace")
if got != want:
    i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    sys.exit(f"differs at char {i}: got {got[i:i+8]!r} want {want[i:i+8]!r}")
EOF
}

# http_check FILE STATUS: a well-formed HTTP/1.1 reply; prints the body.
http_check() {
        "$PY" - "$1" "$2" <<'EOF'
import json, sys
data = open(sys.argv[1], "rb").read()
head, sep, body = data.partition(b"\r\n\r\n")
assert sep, "no end of head"
lines = head.decode("ascii").split("\r\n")
proto, status, reason = lines[0].split(" ", 2)
assert proto == "HTTP/1.1" and status == sys.argv[2] and reason, lines[0]
hdr = {}
for l in lines[1:]:
    k, v = l.split(": ", 1)
    assert k.lower() not in hdr, "duplicate " + k
    hdr[k.lower()] = v
assert hdr["content-type"] == "application/json", hdr
assert hdr["connection"] == "close", hdr
assert int(hdr["content-length"]) == len(body), (hdr["content-length"], len(body))
assert body.endswith(b"\n") and not body.endswith(b"\n\n"), body[-8:]
assert ("retry-after" in hdr) == (status == "503"), hdr
if status == "503":
    assert hdr["retry-after"] == "1"
json.loads(body)
sys.stdout.buffer.write(body)
EOF
}

@test "random bytes always give valid JSON, decoded as Python decodes them" {
        for round in 1 2 3 4 5; do
                head -c 1M /dev/urandom > "$BATS_TEST_TMPDIR/raw"
                run -0 --separate-stderr bash -c '"$1" str < "$2" > "$3"' _ "$H" \
                        "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
                valid_json "$BATS_TEST_TMPDIR/out"
                same_as_python "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
        done
}

@test "random bytes in a stage: every field valid, bytes as Python decodes them" {
        head -c 300K /dev/urandom > "$BATS_TEST_TMPDIR/raw"
        run -0 --separate-stderr bash -c '"$1" stage < "$2" > "$3"' _ "$H" \
                "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
        valid_json "$BATS_TEST_TMPDIR/out"
        jq '.run.stdout' "$BATS_TEST_TMPDIR/out" > "$BATS_TEST_TMPDIR/stdout"
        same_as_python "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/stdout"
}

@test "NUL bytes survive as \\u0000" {
        run -0 --separate-stderr bash -c 'printf "a\0b\0\0" | "$1" str' _ "$H"
        [ "$output" = '"a\u0000b\u0000\u0000"' ]
        printf 'a\0b\0\0' > "$BATS_TEST_TMPDIR/raw"
        printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
        same_as_python "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
}

@test "control characters, quote and backslash are escaped; DEL passes as-is" {
        run -0 --separate-stderr bash -c 'printf "\b\f\n\r\t\001\037\033\"\\\\\177x" | "$1" str' _ "$H"
        [ "$output" = "$(printf '"\\b\\f\\n\\r\\t\\u0001\\u001f\\u001b\\"\\\\\177x"')" ]
}

@test "every byte 0x00-0x7f round-trips through JSON" {
        "$PY" -c 'import sys; sys.stdout.buffer.write(bytes(range(128)) * 3)' > "$BATS_TEST_TMPDIR/raw"
        run -0 --separate-stderr bash -c '"$1" str < "$2" > "$3"' _ "$H" \
                "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
        valid_json "$BATS_TEST_TMPDIR/out"
        same_as_python "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
}

@test "valid 2, 3 and 4-byte UTF-8 and emoji pass through byte for byte" {
        # U+0080 U+07FF U+0800 U+FFFF U+E000 U+10000 U+10FFFF, é € 😀 and a ZWJ family.
        printf '\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xee\x80\x80\xf0\x90\x80\x80\xf4\x8f\xbf\xbf \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9' \
                > "$BATS_TEST_TMPDIR/raw"
        run -0 --separate-stderr bash -c '"$1" str < "$2" > "$3"' _ "$H" \
                "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
        printf '"' > "$BATS_TEST_TMPDIR/want"
        cat "$BATS_TEST_TMPDIR/raw" >> "$BATS_TEST_TMPDIR/want"
        printf '"\n' >> "$BATS_TEST_TMPDIR/want"
        cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/out"
}

@test "invalid UTF-8 becomes U+FFFD, one per maximal invalid subpart" {
        # hex input, then the expected decoding with R for U+FFFD. The first row is
        # the example of Unicode 15 ch. 3.9, table 3-8.
        while read -r hex want; do
                printf '%s' "$hex" | xxd -r -p > "$BATS_TEST_TMPDIR/raw"
                run -0 --separate-stderr bash -c '"$1" str < "$2"' _ "$H" "$BATS_TEST_TMPDIR/raw"
                got=$(jq -r . <<<"$output" | sed 's/\xef\xbf\xbd/R/g')
                [ "$got" = "$want" ] || { echo "$hex: got $got want $want" >&2; return 1; }
        done <<'EOF'
61f18080e180c262806380bf64 aRRRbRcRRd
c080 RR
c1bf RR
e08080 RRR
e09fbf RRR
eda080 RRR
edbfbf RRR
f0808080 RRRR
f08fbfbf RRRR
f4908080 RRRR
f5 R
ff R
80 R
bf R
e282 R
e282e282ac R€
f09f98 R
f09f9841 RA
c3 R
c341 RA
41c3 AR
EOF
}

@test "invalid UTF-8 around the 8-byte fast path boundaries" {
        for pre in 0 1 6 7 8 9 15 16; do
                { head -c "$pre" /dev/zero | tr '\0' a; printf '\xe2\x82\xac\xff\xf0\x9f\x98"x'; } > "$BATS_TEST_TMPDIR/raw"
                run -0 --separate-stderr bash -c '"$1" str < "$2" > "$3"' _ "$H" \
                        "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
                same_as_python "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
        done
}

@test "base64 output round-trips random bytes exactly, all lengths mod 3" {
        slow "every length mod 3"
        for n in 0 1 2 3 4 5 1048576 1048577; do
                head -c "$n" /dev/urandom > "$BATS_TEST_TMPDIR/raw"
                run -0 --separate-stderr bash -c '"$1" --base64 stage < "$2" > "$3"' _ "$H" \
                        "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
                valid_json "$BATS_TEST_TMPDIR/out"
                jq -r .run.stdout "$BATS_TEST_TMPDIR/out" | base64 -d > "$BATS_TEST_TMPDIR/back"
                cmp "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/back"
                jq -r .run.output "$BATS_TEST_TMPDIR/out" | base64 -d > "$BATS_TEST_TMPDIR/back"
                cmp "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/back"
                # Python's decoder is strict about padding; base64 -d is lenient.
                "$PY" -c 'import base64,json,sys; d=json.load(open(sys.argv[1])); base64.b64decode(d["run"]["stdout"], validate=True)' \
                        "$BATS_TEST_TMPDIR/out"
        done
}

@test "base64 applies to program output only, not to message" {
        run -0 --separate-stderr bash -c 'printf hi | "$1" --base64 stage msg=caf$(printf "\xc3\xa9")' _ "$H"
        jq -e '.run.stdout == "aGk=" and .run.stderr == "d2FybmluZwo=" and .run.output == "aGk="' <<<"$output"
        jq -e '.run.message == "café"' <<<"$output"
}

@test "one 100 MB line encodes (time logged, not asserted)" {
        slow "a 100 MB line"
        head -c 100000000 /dev/zero | tr '\0' a > "$BATS_TEST_TMPDIR/raw"
        run -0 --separate-stderr bash -c '"$1" str < "$2" | wc -c' _ "$H" "$BATS_TEST_TMPDIR/raw"
        [ "$output" -eq 100000003 ]      # quotes and the final newline
        echo "# 100 MB line (ASan build): $stderr" >&3
        printf '\xff' >> "$BATS_TEST_TMPDIR/raw"
        run -0 --separate-stderr bash -c '"$1" stage < "$2" | jq -e ".run.stdout | endswith(\"a\\ufffd\")"' _ "$H" "$BATS_TEST_TMPDIR/raw"
}

@test "a stage has its fields in protocol order with the right types" {
        run -0 --separate-stderr bash -c 'echo out | "$1" stage' _ "$H"
        jq -e '.run | keys_unsorted == ["stdout","stderr","output","code","signal","status",
                "message","cpu_time","wall_time","memory","stdout_truncated","stderr_truncated"]' <<<"$output"
        jq -e '.run == {stdout:"out\n",stderr:"warning\n",output:"out\n",code:0,signal:null,
                status:null,message:null,cpu_time:41,wall_time:58,memory:1048576,
                stdout_truncated:false,stderr_truncated:false}' <<<"$output"
}

@test "killed stage: code null, signal name, SG, message, memory null, truncated" {
        run -0 --separate-stderr bash -c ': | "$1" stage name=compile code=-1 sig=9 status=2 msg="killed: wall time" mem=-1 otrunc=1 etrunc=1 cpu=7 wall=2000' _ "$H"
        jq -e '.compile | .code == null and .signal == "SIGKILL" and .status == "SG"
                and .message == "killed: wall time" and .memory == null
                and .stdout_truncated and .stderr_truncated
                and .cpu_time == 7 and .wall_time == 2000' <<<"$output"
}

@test "code is null when killed even if an exit code was set, and when negative" {
        run -0 --separate-stderr bash -c ': | "$1" stage code=3 sig=11 status=2' _ "$H"
        jq -e '.run.code == null and .run.signal == "SIGSEGV"' <<<"$output"
        run -0 --separate-stderr bash -c ': | "$1" stage code=-1 status=7' _ "$H"
        jq -e '.run.code == null and .run.signal == null and .run.status == "XX"' <<<"$output"
        run -0 --separate-stderr bash -c ': | "$1" stage code=3 status=1' _ "$H"
        jq -e '.run.code == 3 and .run.signal == null and .run.status == "RE"' <<<"$output"
}

@test "a message with control bytes and bad UTF-8 is still valid JSON" {
        run -0 --separate-stderr bash -c ': | "$1" stage msg="$(printf "a\"b\\\\c\001\xff")"' _ "$H"
        jq -e '.run.message == "a\"b\\c\u0001\ufffd"' <<<"$output"
}

@test "a tests[] entry with passed, verdict and checker_message, and a whole composed reply" {
        run -0 --separate-stderr bash -c 'echo x | "$1" stage name=-' _ "$H"
        jq -e '.passed == false and .verdict == "WA" and .checker_message == "line 1: \"x\""
                and .stdout == "x\n"
                and (keys_unsorted[-3:]) == ["passed", "verdict", "checker_message"]' <<<"$output"
        run -0 --separate-stderr bash -c 'echo x | "$1" compose' _ "$H"
        jq -e '.language == "c" and .version == "12.2.0" and .compile.code == 0
                and (.tests | length) == 2 and .tests[0].passed == true
                and .tests[0].verdict == "AC" and .tests[0].checker_message == null
                and .tests[1].passed == null and .tests[1].verdict == null
                and .tests[1].output == "x\n"' <<<"$output"
}

@test "every status has its wire name; OK and out of range are null" {
        want=(null RE SG TO ML OL EL XX null)
        for st in 0 1 2 3 4 5 6 7 8; do
                run -0 --separate-stderr "$H" status "$st"
                [ "$output" = "${want[$st]}" ] || { echo "status $st: $output" >&2; return 1; }
        done
}

@test "signal names: standard ones, realtime as SIGRTMIN+n, null for none" {
        slow "every signal number"
        while read -r n want; do
                run -0 --separate-stderr "$H" signal "$n"
                [ "$output" = "$want" ] || { echo "signal $n: $output, want $want" >&2; return 1; }
        done <<'EOF'
0 null
-1 null
1 SIGHUP
6 SIGABRT
9 SIGKILL
11 SIGSEGV
13 SIGPIPE
15 SIGTERM
24 SIGXCPU
25 SIGXFSZ
31 SIGSYS
32 SIGRTMIN+0
34 SIGRTMIN+2
64 SIGRTMIN+32
65 null
EOF
        for n in $(seq 1 64); do
                run -0 --separate-stderr "$H" signal "$n"
                [[ "$output" == SIG* ]] || { echo "signal $n unnamed" >&2; return 1; }
        done
}

@test "error table: every enum err gives its code and HTTP status" {
        want=("bad_request 400" "bad_request 404" "bad_request 405" "bad_request 411"
              "unknown_language 400" "too_large 413" "timeout 408" "busy 503" "internal 500"
              "bad_request 400")
        run -0 --separate-stderr "$H" nerr
        [ "$output" -eq "${#want[@]}" ]
        for e in "${!want[@]}"; do
                read -r code http <<<"${want[$e]}"
                run -0 --separate-stderr bash -c '"$1" --http error "$2" "why $2" > "$3"' _ "$H" "$e" \
                        "$BATS_TEST_TMPDIR/out"
                run -0 http_check "$BATS_TEST_TMPDIR/out" "$http"
                jq -e --arg c "$code" --arg m "why $e" '. == {error: $c, message: $m}' <<<"$output"
        done
}

@test "an out-of-range err is answered as internal 500" {
        run -0 --separate-stderr bash -c '"$1" --http error 99 x > "$2"' _ "$H" "$BATS_TEST_TMPDIR/out"
        run -0 http_check "$BATS_TEST_TMPDIR/out" 500
        jq -e '.error == "internal"' <<<"$output"
}

@test "raw mode: the body and one newline, no HTTP head" {
        run -0 --separate-stderr bash -c '"$1" error 6 "too slow" | od -An -c | tr -s " \n" " "' _ "$H"
        [[ "$output" == *'} \n ' ]]
        run -0 --separate-stderr "$H" error 6 "too slow"
        [ "$output" = '{"error":"timeout","message":"too slow"}' ]
}

@test "HTTP head: Content-Length counts bytes of a multi-byte body and its newline" {
        head -c 200K /dev/urandom > "$BATS_TEST_TMPDIR/raw"
        run -0 --separate-stderr bash -c '"$1" --http stage < "$2" > "$3"' _ "$H" \
                "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
        run -0 http_check "$BATS_TEST_TMPDIR/out" 200
}

@test "503 busy carries Retry-After: 1 and other statuses do not" {
        run -0 --separate-stderr bash -c '"$1" --http error 7 "no free slot"' _ "$H"
        grep -q $'^Retry-After: 1\r$' <<<"$output"
        grep -q $'^HTTP/1.1 503 Service Unavailable\r$' <<<"$output"
        run -0 --separate-stderr bash -c '"$1" --http error 8 oops' _ "$H"
        ! grep -qi '^Retry-After' <<<"$output"
}

@test "runtimes: language, version, aliases, compiled" {
        run -0 --separate-stderr "$H" runtimes
        jq -e '. == [{language:"c",version:"12.2.0",aliases:["gcc"],compiled:true},
                {language:"python",version:"3.11.2",aliases:["py","python3"],compiled:false},
                {language:"lua",version:"5.4",aliases:[],compiled:false}]' <<<"$output"
}

@test "health: ok, slots, free_slots, limits" {
        run -0 --separate-stderr bash -c '"$1" --http health 3 8 rlimit-only > "$2"' _ "$H" "$BATS_TEST_TMPDIR/out"
        run -0 http_check "$BATS_TEST_TMPDIR/out" 200
        jq -e '. == {ok:true,slots:8,free_slots:3,limits:"rlimit-only"}' <<<"$output"
}

@test "an overflowing reply is refused with E2BIG, and an error reply still fits" {
        run -0 --separate-stderr "$H" overflow
        [ "$stderr" = "send=-7 len_over_cap=1" ]
        jq -e '. == {error:"internal",message:"reply too large"}' <<<"$output"
}

@test "socket: the whole reply arrives and the unread input is drained to EOF" {
        slow "a drain it waits out"
        head -c 3M /dev/urandom > "$BATS_TEST_TMPDIR/raw"
        run -0 --separate-stderr bash -c '"$1" --http sock < "$2" > "$3"' _ "$H" \
                "$BATS_TEST_TMPDIR/raw" "$BATS_TEST_TMPDIR/out"
        [[ "$stderr" =~ ^linger_ms=([0-9]+)$ ]]
        # The client closed at once: the drain ends on EOF, long before LIMIT_LINGER_MS.
        [ "${BASH_REMATCH[1]}" -lt 900 ]
        run -0 http_check "$BATS_TEST_TMPDIR/out" 200
}

@test "socket: a client that never closes costs at most the linger time" {
        run -0 --separate-stderr bash -c 'echo hi | "$1" sock silent' _ "$H"
        jq -e '.stdout == "hi\n"' <<<"$output"
        [[ "$stderr" =~ ^linger_ms=([0-9]+)$ ]]
        [ "${BASH_REMATCH[1]}" -ge 900 ]
        [ "${BASH_REMATCH[1]}" -lt 3000 ]
}

@test "TCP: a client whose request was never read still gets the whole reply (no RST)" {
        head -c 8M /dev/urandom > "$BATS_TEST_TMPDIR/raw"
        run -0 --separate-stderr "$PY" - "$H" "$BATS_TEST_TMPDIR/raw" <<'EOF'
import json, socket, subprocess, sys, time
srv = subprocess.Popen([sys.argv[1], "--http", "tcp"], stdin=open(sys.argv[2], "rb"),
                       stdout=subprocess.PIPE)
port = int(srv.stdout.readline())
c = socket.create_connection(("127.0.0.1", port))
c.sendall(b"x" * 65536)          # a request the server never reads
time.sleep(0.2)                  # let the server finish writing first
data = b""
while True:
    b = c.recv(1 << 20)          # ConnectionResetError here means an RST hit the reply
    if not b:
        break
    data += b
c.close()
assert srv.wait(10) == 0
head, _, body = data.partition(b"\r\n\r\n")
length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0]
assert int(length.split(b":")[1]) == len(body), (length, len(body))
json.loads(body)
print(len(body))
EOF
        [ "$output" -gt 8000000 ]
}
