#!/usr/bin/env bats
# The browser playground end to end: Debian's chromium, driven by playwright-core
# (tests/www/browser/playground.mjs, one scenario per test), loads the page from nginx
# (www/nginx-run with www/nginx.conf, on a free loopback port), which proxies the API
# to the real executor (helper.bash's serve). Screenshots of the main states land in
# build/screenshots/. Nothing here is skipped for a missing tool: what is missing is
# installed (npm ci, tools/install-deps test); only a non-root run skips (need_root).

bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        # A state dir of our own: other suites' jobs cannot make this server busy. Job
        # uids of our own too: a job's cgroup is named after its uid, so two executors
        # with other state dirs on one uid (a `make run` server, another suite) collide.
        playground_file uid_first=61100
}

teardown_file() {
        unplayground_file
}

setup() {
        need_root
        TEST_NGINX= TEST_SERVE= TEST_STATE=
        export TMPDIR="$BATS_TEST_TMPDIR"        # chromium's profile dirs
}

teardown() {
        www_stop "$TEST_NGINX"
        SERVE_PID=$TEST_SERVE stop_serving
        [ -z "$TEST_STATE" ] || release_state "$TEST_STATE"
}

# browser SCENARIO [VAR=VALUE...]: one scenario of tests/www/browser/playground.mjs.
browser() {
        local scenario=$1
        shift
        run -0 env "$@" node "$ROOT/tests/www/browser/playground.mjs" "$scenario"
}

@test "the page loads from nginx alone, under a strict CSP, and lists the server's runtimes" {
        browser load
}

@test "nginx: security headers on every answer, the API proxied, the folder not served" {
        run -0 curl -sS -D - -o /dev/null "$CODERUN_URL"
        assert_output --partial "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self';"
        assert_output --partial "frame-ancestors 'none'"
        assert_output --partial "X-Content-Type-Options: nosniff"
        assert_output --partial "Referrer-Policy: no-referrer"
        refute_output --partial "unsafe-inline"
        run -0 curl -sS "${CODERUN_URL}health"
        jqe '.ok == true'
        run -0 curl -sS "${CODERUN_URL}api/v2/execute" -d '{"language":"python","source":"print(6*7)"}'
        jqe '.run.stdout == "42\n"'
        # A body nginx keeps in a temp file (over client_body_buffer_size) arrives whole.
        /usr/bin/python3 -c 'import json; print(json.dumps({"language": "python",
                "source": "#" + "x" * 3000000 + "\nprint(7)"}))' > "$BATS_TEST_TMPDIR/big.json"
        run -0 curl -sS --data-binary @"$BATS_TEST_TMPDIR/big.json" "${CODERUN_URL}api/v2/execute"
        jqe '.run.stdout == "7\n"'
        # A body over the executor's 16 MiB cap is refused by nginx, headers included.
        run -0 bash -c "head -c 17000000 /dev/zero | curl -sS -o /dev/null -D - --data-binary @- '${CODERUN_URL}api/v2/execute'"
        assert_line --regexp '^HTTP/1.1 413'
        assert_output --partial "X-Content-Type-Options: nosniff"
        for path in nginx.conf nginx-run src/main.js dist/ ../README.md; do
                run -0 curl -sS -o /dev/null -w '%{http_code}' "$CODERUN_URL$path"
                [ "$output" = 404 ] || { echo "$path: $output" >&2; false; }
        done
}

@test "each installed language runs its starter program" {
        browser languages
        assert_line "c: OK"
        assert_line "python: OK"
}

@test "stdin and the arguments reach the program" {
        browser stdin
}

@test "a compile error shows the compiler's output apart, and no run" {
        browser compile_error
}

@test "time limit, memory limit, output limit (truncated), runtime error and signal have their badges and facts" {
        browser statuses
}

@test "test cases run in one request and get a verdict each" {
        browser tests
}

@test "a share link carries code, language, stdin, arguments and tests, and runs the same" {
        browser share
}

@test "program output is shown as text, never as HTML (even with the CSP bypassed)" {
        browser output_text
}

@test "keyboard: Tab indents, Escape then Tab leaves the editor, Ctrl+Enter runs; edited code survives a language switch, a draft comes back" {
        browser keyboard
}

@test "the page says the server is down when nginx gets no answer (502)" {
        local dead
        dead=$(free_port)
        www_start "$dead" "$BATS_TEST_TMPDIR/nginx.log"
        TEST_NGINX=$NGINX_PID
        browser down CODERUN_DOWN_URL="http://127.0.0.1:$WWW_PORT/"
}

@test "the page says the server is down when the executor stops while it is open" {
        CONF="$FILE_CONF" serve
        TEST_SERVE=$SERVE_PID
        www_start "$PORT" "$BATS_TEST_TMPDIR/nginx.log"
        TEST_NGINX=$NGINX_PID
        browser down_midway CODERUN_LONE_URL="http://127.0.0.1:$WWW_PORT/" CODERUN_LONE_PID="$SERVE_PID"
}

@test "the page says the server is busy (503) when every job slot is taken" {
        local cfg
        TEST_STATE="$BATS_TEST_TMPDIR/state"
        cfg=$(conf_with slots=1 state_dir="$TEST_STATE" uid_first=61116)
        CONF="$cfg" serve
        TEST_SERVE=$SERVE_PID
        www_start "$PORT" "$BATS_TEST_TMPDIR/nginx.log"
        TEST_NGINX=$NGINX_PID
        # The scenario takes the slot itself once the page is up (a slot is held for
        # run_timeout_max at most, which a cold chromium start must not use up).
        browser busy CODERUN_BUSY_URL="http://127.0.0.1:$WWW_PORT/" CODERUN_BUSY_API="http://127.0.0.1:$PORT/"
}

@test "a request the executor refuses shows its message" {
        browser refused
}

@test "axe-core finds no accessibility violation, light and dark" {
        browser a11y
        assert_line --partial "axe (light): "
        assert_line --partial "axe (dark): "
}

@test "on a phone: one column, nothing wider than the screen, and it runs" {
        browser phone
}

@test "syntax colouring comes per language: a mode's chunk is fetched when it is picked, then colours the code" {
        browser colouring
}

@test "the terminal's line discipline (linedisc.js): echo, Backspace, Ctrl-U, Ctrl-D, Ctrl-C, pasted lines" {
        run -0 node "$ROOT/tests/www/linedisc.mjs"
        assert_line "ok: a pasted CRLF is one line end; arrows and other escapes are dropped"
}

@test "live: a prompt shows before anything is typed, and the answer typed in the terminal reaches the program" {
        browser live_prompt
}

@test "live: a C program sums the numbers typed until Ctrl-D" {
        browser live_scanf
}

@test "live: Stop ends a busy loop within 1 s with SIGKILL" {
        browser stop
        assert_line --regexp '^stop: ended [0-9]+ ms after the click$'
}

@test "live: a tty run of the Python REPL takes two expressions and shows their values" {
        browser tty_repl
}

@test "live: ANSI colours render in the terminal (constructed stylesheets, no CSP violation)" {
        browser ansi
}

@test "live: the previous result is cleared while a new run is live" {
        browser cleared
}

@test "live: when the WebSocket route fails (nginx 502), the run goes in batch with a note" {
        local dir="$BATS_TEST_TMPDIR/nows"
        # The site as it is, but the WebSocket's location answers 502 as a dead upstream would.
        www_variant "$dir" '/location = \/api\/v2\/connect {/,/}/ s|proxy_pass http://@UPSTREAM@;|return 502;|' \
                'return 502;'
        www_start "$PORT" "$BATS_TEST_TMPDIR/nginx.log" "$dir"
        TEST_NGINX=$NGINX_PID
        run -0 curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$WWW_PORT/api/v2/connect"
        [ "$output" = 502 ]
        browser fallback CODERUN_NOWS_URL="http://127.0.0.1:$WWW_PORT/"
}

@test "the terminal by keyboard (Tab in, Escape then Tab out); axe-core finds nothing with it showing, light and dark" {
        browser terminal_a11y
        assert_line --partial "axe (terminal live, light): "
        assert_line --partial "axe (terminal live, dark): "
}

@test "on a 375 px phone the terminal fits, and a tty run gets its width" {
        browser phone_terminal
}

@test "make install puts the site and a filled-in nginx site file that nginx accepts" {
        local t="$BATS_TEST_TMPDIR/inst"
        make -s -C "$ROOT" install DESTDIR="$t" PREFIX=/usr/local SYSCONFDIR=/etc >/dev/null
        # Every file of dist/: a language's chunk that is not installed breaks its colouring.
        for f in index.html style.css favicon.svg $(cd "$ROOT/www" && echo dist/*); do
                cmp "$ROOT/www/$f" "$t/usr/local/share/coderun/www/$f"
        done
        local site="$t/etc/nginx/sites-available/coderun"
        run -0 grep -E '^ *(listen|root|proxy_pass) ' "$site"
        assert_line "    listen 127.0.0.1:8080;"
        assert_line "    root /usr/local/share/coderun/www;"
        assert_line "        proxy_pass http://127.0.0.1:7070;"
        run -1 grep -F '@' "$site"
        # As a system nginx would include it: in the http block of a main config.
        mkdir -p "$t/run"
        printf 'pid %s/nginx.pid;\nevents {}\nhttp {\n    include /etc/nginx/mime.types;\n    include %s;\n}\n' \
                "$t/run" "$site" > "$t/run/nginx.conf"
        run -0 nginx -e stderr -p "$t/run" -c "$t/run/nginx.conf" -t
}
