#!/usr/bin/env bats
# live.bats: the coderun command's live runs, on a real terminal: each test drives
# an interactive bash in a tmux pane of its own (a real pseudo-terminal, as a user
# has), types into it as a user would, and reads the screen back. Against the real
# executor through systemd-socket-activate, over raw TCP and over http:// (the
# WebSocket: the executor's own HTTP, and the playground's nginx in front of it).
# The terminal's state (stty -a) is compared before and after every run: it must
# be the same whatever ended it.

bats_require_minimum_version 1.7.0

load ../helper
load fake

CLI="$ROOT/cli/coderun"

setup_file() {
        [ -x "$CLI" ] || { echo "cli/coderun missing: make" >&2; return 1; }
        [ "$(id -u)" -eq 0 ] || return 0        # every test skips (need_root)
        command -v tmux >/dev/null && command -v nginx >/dev/null ||
                "$ROOT/tools/install-deps" test >&2
        # Job uids of our own (cli.bats has 61124-61127): a job's cgroup is named
        # after its uid, so two executors on one uid collide.
        serve_file uid_first=61130 slots=4
        www_start "$PORT" "$BATS_FILE_TMPDIR/nginx.log"
        FILE_NGINX_PID=$NGINX_PID
        export WWW_PORT FILE_NGINX_PID
        # The programs that more than one test runs, over raw TCP and over http://.
        PROGS="$BATS_FILE_TMPDIR/progs"
        mkdir -p "$PROGS"
        cat > "$PROGS/ask.py" <<'EOF'
name = input("name? ")
print("hello", name)
raise SystemExit(3)
EOF
        cat > "$PROGS/sum.c" <<'EOF'
#include <stdio.h>
int main(void) {
        long s = 0, x;
        printf("numbers:\n");
        fflush(stdout);
        while (scanf("%ld", &x) == 1)
                s += x;
        printf("sum %ld\n", s);
        return 0;
}
EOF
        cat > "$PROGS/tty.py" <<'EOF'
import sys, time
print("isatty", sys.stdin.isatty(), sys.stdout.isatty(), flush=True)
try:
    while True:
        time.sleep(0.1)
except KeyboardInterrupt:
    print("caught SIGINT")
    raise SystemExit(7)
EOF
        export PROGS
}

teardown_file() {
        www_stop "${FILE_NGINX_PID:-}"
        unserve_file
}

setup() {
        need_root
        T="$BATS_TEST_TMPDIR"
        pids=()
        # A tmux server of this test's own: nothing of another test's pane is seen.
        TMUX_SOCK="coderun-live-$$-$BATS_TEST_NUMBER"
        tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 100 -y 30 \
                env -i PATH="$PATH" HOME="$T" TERM=xterm-256color PS1='$ ' \
                CODERUN_SERVER="127.0.0.1:$PORT" bash --norc --noprofile -i
        type_line "stty -a > $T/stty.before"
        wait_for 30 [ -s "$T/stty.before" ]
}

teardown() {
        local pid
        for pid in "${pids[@]}"; do
                kill "$pid" 2>/dev/null || true
        done
        if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
                echo "--- the screen:" >&2
                screen >&2 || true
        fi
        tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
}

# screen: what the pane shows now (its whole history, lines joined back).
screen() {
        tmux -L "$TMUX_SOCK" capture-pane -p -J -S - -E -
}

keys() {
        tmux -L "$TMUX_SOCK" send-keys "$@"
}

# type_line TEXT: TEXT typed, then Enter.
type_line() {
        keys -l "$1"
        keys Enter
}

screen_has() {
        screen | grep -qF -- "$1"
}

# on_screen TEXT [SECONDS]: wait until TEXT is on the screen (60 s: a cold
# toolchain's first compile on a busy machine).
on_screen() {
        wait_for "${2:-60}" screen_has "$1" || {
                echo "never on the screen: $1" >&2
                return 1
        }
}

# live ARGS...: the CLI, run in the pane, then its exit status as "EXIT=N".
live() {
        type_line "$CLI $*; echo EXIT=\$?"
}

# sane: the terminal's state is what it was before the test.
sane() {
        rm -f "$T/stty.after"
        type_line "stty -a > $T/stty.after"
        wait_for 30 [ -s "$T/stty.after" ]
        diff "$T/stty.before" "$T/stty.after"
}

# no_jobs: nothing left running as the executor's job uids.
no_jobs() {
        wait_for 30 eval '! pgrep -u "$(CONF=$FILE_CONF job_uids)" >/dev/null'
}

@test "an input() prompt shows before anything is typed; the typed line reaches the program; its exit code is ours" {
        live "$PROGS/ask.py"
        on_screen "name? "
        ! screen | grep -qF "hello"
        type_line "Ada"
        on_screen "hello Ada"
        on_screen "EXIT=3"
        sane
}

@test "a C program reads typed numbers until Ctrl-D (end of file on its stdin)" {
        live "$PROGS/sum.c"
        on_screen "numbers:"
        type_line "1 2"
        type_line "39"
        keys C-d
        on_screen "sum 42"
        on_screen "EXIT=0"
        sane
}

@test "output shows as it is printed, not at the end; --no-stream waits for the end" {
        cat > "$T/slow.py" <<'EOF'
import time
print("first", flush=True)
time.sleep(2)
print("second")
EOF
        live "$T/slow.py"
        on_screen "first"
        ! screen | grep -qF "second"
        on_screen "EXIT=0"
        keys C-l
        type_line "clear"
        live --no-stream "$T/slow.py"
        # Batch: the program's stdin is empty, not the terminal; both lines at once.
        on_screen "second"
        screen | grep -qF "first"
        on_screen "EXIT=0"
        sane
}

@test "Ctrl-C is SIGINT for the program; one that ignores it is left after the third" {
        cat > "$T/catch.py" <<'EOF'
import time
print("ready", flush=True)
try:
    while True:
        time.sleep(0.1)
except KeyboardInterrupt:
    print("caught SIGINT")
    raise SystemExit(5)
EOF
        live "$T/catch.py"
        on_screen "ready"
        keys C-c
        on_screen "caught SIGINT"
        on_screen "EXIT=5"
        cat > "$T/deaf.py" <<'EOF'
import signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
print("SIGINT now ignored", flush=True)
while True:
    time.sleep(0.1)
EOF
        live "$T/deaf.py"
        on_screen "SIGINT now ignored"
        keys C-c
        sleep 0.3
        keys C-c
        sleep 0.3
        keys C-c
        on_screen "the program went on after three Ctrl-C"
        on_screen "EXIT=130"
        no_jobs
        sane
}

@test "--tty: the program has a terminal, Ctrl-C goes to it as a key, and the terminal is restored" {
        live --tty "$PROGS/tty.py"
        on_screen "isatty True True"
        keys C-c
        on_screen "caught SIGINT"
        on_screen "EXIT=7"
        sane
}

@test "--tty: a Python REPL takes two expressions, line editing included, and ends on Ctrl-D" {
        printf 'import code\ncode.interact(banner="repl up")\n' > "$T/repl.py"
        live --tty "$T/repl.py"
        on_screen "repl up"
        on_screen ">>>"
        type_line "6*7"
        on_screen "42"
        # A typo mended with backspace: the program's terminal edits the line.
        keys -l "'ab'*4"
        keys BSpace
        type_line "3"
        on_screen "'ababab'"
        keys C-d
        on_screen "EXIT=0"
        sane
}

@test "--tty: the program's terminal has ours' size, and follows a resize" {
        cat > "$T/size.py" <<'EOF'
import os
print("size %dx%d" % os.get_terminal_size(), flush=True)
input()
print("now %dx%d" % os.get_terminal_size())
EOF
        live --tty "$T/size.py"
        on_screen "size 100x30"
        tmux -L "$TMUX_SOCK" resize-window -x 90 -y 25
        sleep 1
        type_line ""
        on_screen "now 90x25"
        on_screen "EXIT=0"
        tmux -L "$TMUX_SOCK" resize-window -x 100 -y 30
        sane
}

@test "the terminal is restored when the server dies mid-run, on SIGTERM, and around a stop" {
        printf 'import time\nprint("up", flush=True)\ntime.sleep(60)\n' > "$T/wait.py"
        live --tty "$T/wait.py"
        on_screen "up"
        # The executor serving this connection (the socket activator's child) dies.
        pkill -KILL -P "$FILE_SERVE_PID"
        on_screen "closed the connection before the run ended"
        on_screen "EXIT=120"
        sane
        no_jobs
        type_line "clear"
        live --tty "$T/wait.py"
        on_screen "up"
        pkill -TERM -x coderun
        on_screen "ended by SIGTERM"
        on_screen "EXIT=143"
        sane
        no_jobs
        type_line "clear"
        live --tty "$T/wait.py"
        on_screen "up"
        pkill -TSTP -x coderun
        on_screen "Stopped"
        # Stopped, the shell has its cooked terminal back; fg makes it raw again.
        sane
        type_line "fg"
        sleep 1
        stty -F "$(tmux -L "$TMUX_SOCK" display -p '#{pane_tty}')" -a | grep -qw -- -icanon
        keys C-c
        on_screen "KeyboardInterrupt"
        sane
        no_jobs
}

@test "typed bytes that are not UTF-8 reach the program as U+FFFD, with a note" {
        printf 'print(repr(input()))\n' > "$T/repr.py"
        live "$T/repr.py"
        sleep 2
        keys -l "a"
        keys -H ff
        type_line "b"
        on_screen "'a$(printf '\xef\xbf\xbd')b'"
        on_screen "typed input that was not UTF-8"
        on_screen "EXIT=0"
        sane
}

@test "piped stdin stays batch, byte for byte (over http:// too); --tty refuses what makes a run batch" {
        printf 'import sys\nsys.stdout.write(repr(sys.stdin.read()))\n' > "$T/cat.py"
        type_line "printf 'x\\ny' | $CLI $T/cat.py > $T/out; echo EXIT=\$?"
        on_screen "EXIT=0"
        [ "$(cat "$T/out")" = "'x\\ny'" ]
        type_line "printf 'x\\ny' | $CLI -s http://127.0.0.1:$WWW_PORT $T/cat.py > $T/out2; echo EXIT2=\$?"
        on_screen "EXIT2=0"
        [ "$(cat "$T/out2")" = "'x\\ny'" ]
        run -125 "$CLI" --tty "$T/cat.py" </dev/null
        [[ "$output" == *"--tty needs a terminal on stdin"* ]]
        run -125 "$CLI" --tty --no-stream "$T/cat.py"
        [[ "$output" == *"--tty makes a live run: it cannot go with --no-stream"* ]]
        run -125 "$CLI" --tty --json "$T/cat.py"
        [[ "$output" == *"cannot go with --json"* ]]
        sane
}

@test "hostile server: a stream that breaks off or is not events ends the run with 120, the terminal sane" {
        printf 'print(1)\n' > "$T/one.py"
        # Output, then a line that is no JSON: what came before it is shown.
        fake '{"type":"runtime","language":"python","version":"3"}\n{"type":"data","stream":"stdout","data":"c2hvd24K"}\nnot json\n'
        live --tty -l python -s "$FAKE" "$T/one.py"
        on_screen "shown"
        on_screen "the server's stream has a line that is not a JSON object"
        on_screen "EXIT=120"
        sane
        # The request asked for a stream on a terminal, and base64 output (the
        # terminal's size may follow it: the size test sees that arrive).
        jq -se '.[0].stream == true and .[0].tty == true and .[0].output_encoding == "base64"' "$LOG/1.json"
        kill "${pids[@]}"
        pids=()
        rm -f "$T/port"
        type_line "clear"
        # Data that is not the base64 asked for; then a stream that ends before done.
        fake '{"type":"data","stream":"stdout","data":"not base64!"}\n'
        live -l python -s "$FAKE" "$T/one.py"
        on_screen "a data event that is not base64"
        on_screen "EXIT=120"
        kill "${pids[@]}"
        pids=()
        rm -f "$T/port"
        type_line "clear"
        fake '{"type":"runtime","language":"python","version":"3"}\n{"type":"stage","stage":"run"}\n'
        live -l python -s "$FAKE" "$T/one.py"
        on_screen "closed the connection before the run ended"
        on_screen "EXIT=120"
        sane
}

@test "over http:// a run is live through the WebSocket: the executor's own HTTP and nginx's route, typed lines, Ctrl-D, --tty and Ctrl-C" {
        live -s "http://127.0.0.1:$PORT" "$PROGS/ask.py"
        on_screen "name? "
        ! screen | grep -qF "hello"
        type_line "Ada"
        on_screen "hello Ada"
        on_screen "EXIT=3"
        live -s "http://127.0.0.1:$WWW_PORT/" "$PROGS/sum.c"
        on_screen "numbers:"
        type_line "1 2"
        type_line "39"
        keys C-d
        on_screen "sum 42"
        on_screen "EXIT=0"
        live --tty -s "http://127.0.0.1:$WWW_PORT" "$PROGS/tty.py"
        on_screen "isatty True True"
        keys C-c
        on_screen "caught SIGINT"
        on_screen "EXIT=7"
        sane
        no_jobs
}

# ws_text JSON: a server's unmasked WebSocket text frame holding JSON (under 126
# bytes), in printf's format, for fake's REPLY.
ws_text() {
        printf '\\x81\\x%02x%s' "${#1}" "$1"
}

# refake REPLY: the last fake gone, another one answering REPLY.
refake() {
        kill "${pids[@]}"
        pids=()
        rm -f "$T/port"
        type_line "clear"
        fake "$1"
}

@test "hostile HTTP server: a refused, forged or broken WebSocket ends the run with a clear message, the terminal sane" {
        printf 'print(1)\n' > "$T/one.py"
        local head='HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
        # A proxy without the WebSocket route, which keeps the connection open after
        # its answer (HTTP/1.1): its Content-Length ends the body, not a 30 s wait.
        fake 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 10\r\n\r\nnot here\r\n' hold
        live -l python -s "http://$FAKE" "$T/one.py"
        on_screen "refused the WebSocket of a live run (GET /api/v2/connect): HTTP/1.1 404 Not Found"
        on_screen "EXIT=120"
        grep -q '^GET /api/v2/connect HTTP/1.1' "$LOG/1.json"
        grep -qi '^Sec-WebSocket-Version: 13' "$LOG/1.json"
        grep -qi "^Host: $FAKE" "$LOG/1.json"
        # The executor's own refusal is its error, as in batch (121).
        refake 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 58\r\n\r\n{"error":"busy","message":"every slot is taken: try again"}'
        live -l python -s "http://$FAKE" "$T/one.py"
        on_screen "busy: every slot is taken: try again"
        on_screen "EXIT=121"
        # A 101 whose accept is not our key's (a cache, or a proxy replaying one).
        refake "${head}Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
        live --tty -l python -s "http://$FAKE" "$T/one.py"
        on_screen "Sec-WebSocket-Accept that is not our key's"
        on_screen "EXIT=120"
        sane
        # A good handshake, output, then close 4002 and no done: what came is shown.
        refake "${head}Sec-WebSocket-Accept: @ACCEPT@\r\n\r\n$(ws_text '{"type":"data","stream":"stdout","data":"c2hvd24K"}')\\x88\\x02\\x0f\\xa2"
        live --tty -l python -s "http://$FAKE" "$T/one.py"
        on_screen "shown"
        on_screen "closed the WebSocket (code 4002) before the run ended"
        on_screen "EXIT=120"
        sane
        # A binary frame, which no event is: refused, and the run ended, not hung.
        refake "${head}Sec-WebSocket-Accept: @ACCEPT@\r\n\r\n\\x82\\x03abc"
        live -l python -s "http://$FAKE" "$T/one.py"
        on_screen "broke the WebSocket protocol"
        on_screen "EXIT=120"
        sane
}
