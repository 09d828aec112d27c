#!/usr/bin/env bats
# ws.bats: the WebSocket layer (base/ws.c, ws-accept.c, ws-lib.c) through its
# harness build/test-ws (make build/test-ws, ASan and UBSan), against a peer the
# project did not write: Python's websockets (tests/wire/ws-peer.py), and raw frames
# where websockets would refuse to send them. Each test serves one connection on a
# free loopback port and checks both ends: what the client saw and how the harness
# ended ("end RESULT code=PEER'S-CLOSE-CODE close_sent=0|1").
bats_require_minimum_version 1.7.0
load ../helper

H="$BUILD/test-ws"
PY=/usr/bin/python3
PEER="$BATS_TEST_DIRNAME/ws-peer.py"

setup() {
        [ -x "$H" ] || { echo "build the harness first: make build/test-ws" >&2; return 1; }
        "$PY" -c 'import websockets' 2>/dev/null || skip_or_fail "needs python3-websockets"
        HPID=
}

teardown() {
        [ -z "$HPID" ] || kill "$HPID" 2>/dev/null || true
}

# serve_ws [MAX]: the harness in the background, max_message MAX (2 MiB unless
# given), listening once this returns; sets PORT, HPID, HOUT, HERR.
serve_ws() {
        PORT=$(free_port)
        HOUT="$BATS_TEST_TMPDIR/harness.$PORT.out"
        HERR="$BATS_TEST_TMPDIR/harness.$PORT.err"
        "$H" serve "$PORT" "${1:-2097152}" >"$HOUT" 2>"$HERR" 3>&- &
        HPID=$!
        wait_for 10 grep -qx listening "$HOUT"
}

# peer CASE [ARG]: the client against the harness, its lines in $output.
peer() {
        run -0 --separate-stderr timeout 60 "$PY" "$PEER" "$1" "$PORT" "${@:2}"
}

# ended RC LINE: the harness exited RC within 3 s of the client's end, its last
# line was LINE (both extended regexes, matched whole), and no sanitizer said a word.
ended() {
        local t0=$EPOCHREALTIME rc=0 last

        wait "$HPID" || rc=$?
        HPID=
        last=$(tail -n 1 "$HOUT")
        [[ ! -s $HERR ]] || { echo "harness stderr: $(cat "$HERR")" >&2; return 1; }
        [[ $rc =~ ^($1)$ ]] || { echo "harness exited $rc, not $1 ($last)" >&2; return 1; }
        [[ $last =~ ^($2)$ ]] || { echo "harness ended '$last', not '$2'" >&2; return 1; }
        (($(ms_since "$t0") < 3000)) || {
                echo "harness took $(ms_since "$t0") ms to end" >&2
                return 1
        }
}

@test "ws_accept_value: RFC 6455 1.3's example key gives its accept value" {
        run -0 "$H" accept dGhlIHNhbXBsZSBub25jZQ==
        [ "$output" = s3pPLMBiTxaQ9kYGzzhZRbK+xOo= ]
}

@test "ws_accept_value: agrees with Python's hashlib on random keys" {
        local key want k

        for k in 1 2 3 4 5; do
                key=$("$PY" -c 'import base64, os; print(base64.b64encode(os.urandom(16)).decode())')
                want=$("$PY" -c 'import base64, hashlib, sys
guid = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
print(base64.b64encode(hashlib.sha1(sys.argv[1].encode() + guid).digest()).decode())' "$key")
                run -0 "$H" accept "$key"
                [ "$output" = "$want" ]
        done
}

@test "ws_accept_value: a key that is not the base64 of 16 bytes is refused" {
        local key

        for key in "" dGhlIHNhbXBsZSBub25jZQ= dGhlIHNhbXBsZSBub25jZQ=== dGhlIHNhbXBsZSBub25jZQ \
                   AAAAAAAAAAAAAAAAAAAAAAAA 'dGhlIHNhbXBsZSBub25j!Q==' 'dGhlIHNhbXBsZSBub25j Q==' \
                   'dGhlIHNhbXBsZSBub25jZ===' 'dGhl*HNhbXBsZSBub25jZQ=='; do
                run -1 "$H" accept "$key"
                [ "$output" = "error EINVAL" ] || { echo "key '$key': $output" >&2; return 1; }
        done
}

@test "handshake: websockets accepts our 101 and its Sec-WebSocket-Accept, then closes 1000" {
        serve_ws
        peer open
        [ "${lines[*]}" = "open closed 1000" ]
        ended 0 "end EPIPE code=1000 close_sent=1"
}

@test "echo: a small message comes back as sent" {
        serve_ws
        peer echo "héllo, wörld ✓"
        [ "$output" = "echo héllo, wörld ✓" ]
        ended 0 "end EPIPE code=1000 close_sent=1"
}

@test "echo: a 1 MiB message comes back whole" {
        serve_ws
        peer size 1048576
        [ "$output" = "echo 1048576 SAME" ]
        ended 0 "end EPIPE code=1000 close_sent=1"
}

@test "echo: a message the client sends in three fragments comes back as one" {
        serve_ws
        peer fragments
        [ "$output" = "echo frag-one frag-two frag-three" ]
        ended 0 "end EPIPE code=1000 close_sent=1"
}

@test "fragments: 1024 frames make one message, 1025 get close 1009" {
        # websockets ends a fragmented message with an empty final frame of its own:
        # N fragments are N + 1 frames.
        serve_ws
        peer fragments 1023
        [ "$output" = "echo 2046" ]
        ended 0 "end EPIPE code=1000 close_sent=1"
        serve_ws
        peer fragments 1024
        [ "$output" = "closed 1009" ]
        ended 0 "end EPIPE code=0 close_sent=1"
}

@test "ping: the client's ping is answered with a pong" {
        serve_ws
        peer ping
        [ "$output" = pong ]
        ended 0 "end EPIPE code=1000 close_sent=1"
}

@test "ping flood from a client that reads nothing for a second: every pong arrives" {
        # The harness stops reading while WS_QUEUE_MAX messages wait to be written
        # (TCP then holds the client back); what this checks is that the pause
        # resumes and loses nothing, not the memory it saves.
        serve_ws
        peer raw-pings 20000
        [ "${lines[*]}" = "accept ok pongs 20000 closed 1000" ]
        ended 0 "end EPIPE code=1000 close_sent=1"
}

@test "binary message: close 1003" {
        serve_ws
        peer binary
        [ "$output" = "closed 1003" ]
        ended 0 "end EPIPE code=0 close_sent=1"
}

@test "invalid UTF-8 in a text frame sent with the handshake (pending bytes): close 1007" {
        serve_ws
        peer raw-utf8
        [ "${lines[*]}" = "accept ok closed 1007" ]
        grep -qx "pending 15" "$HOUT"
        ended 0 "end EPIPE code=0 close_sent=1"
}

@test "max_message: a message of exactly max_message passes, one byte more gets close 1009" {
        serve_ws 1024
        peer size 1024
        [ "$output" = "echo 1024 SAME" ]
        ended 0 "end EPIPE code=1000 close_sent=1"
        serve_ws 1024
        peer toolong 1025
        [ "$output" = "closed 1009" ]
        ended 0 "end EPIPE code=0 close_sent=1"
}

@test "max_message: 3 MB against a 2 MiB max gets close 1009 before it is all read" {
        serve_ws
        peer toolong 3000000
        [ "$output" = "closed 1009" ]
        ended 0 "end EPIPE code=0 close_sent=1"
}

@test "unmasked client frame: close 1002" {
        serve_ws
        peer raw-unmasked
        [ "${lines[*]}" = "accept ok closed 1002" ]
        ended 0 "end EPIPE code=0 close_sent=1"
}

@test "close:4002: the server's close code reaches the client" {
        serve_ws
        peer send close:4002
        [ "$output" = "closed 4002" ]
        ended 0 "end EPIPE code=4002 close_sent=1"
}

@test "close:1005: ws_send_close refuses a code no one may send; on_text's error ends the pump" {
        serve_ws
        peer send close:1005
        # The harness gave up without a close frame: websockets saw none.
        [ "$output" = "closed None" ]
        ended 3 "end EINVAL code=0 close_sent=0"
}

@test "big:3000000: a 3 MB message from the server arrives whole, ws_flush empties the backlog" {
        serve_ws 4000000
        peer big 3000000
        [ "$output" = "got 3000000 SAME" ]
        grep -qx "flushed 3000000 backlog=0" "$HOUT"
        ended 0 "end EPIPE code=1000 close_sent=1"
}

@test "a client that resets the connection without a close frame ends the harness at once" {
        serve_ws
        peer raw-abrupt
        [ "${lines[*]}" = "accept ok gone" ]
        # An RST reads as ECONNRESET (exit 3); a FIN first would be EPIPE (exit 0).
        ended "0|3" "end (ECONNRESET|EPIPE) code=0 close_sent=0"
}

@test "a client that closes TCP without a close frame ends the harness at once" {
        serve_ws
        peer raw-fin
        [ "${lines[*]}" = "accept ok gone" ]
        ended 0 "end EPIPE code=0 close_sent=0"
}
