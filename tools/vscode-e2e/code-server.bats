#!/usr/bin/env bats
# code-server.bats (make vscode-e2e): the extension end to end in a real VS Code,
# code-server 4.100.3 (VS Code 1.100.3 from npm, tools/vscode-e2e/install-code-server),
# its .vsix installed as a person would (--install-extension), its settings naming this
# suite's executor, driven in Debian's chromium by e2e.mjs. It lives outside tests/ on
# purpose: make test does not run it, since installing code-server takes minutes and
# some 320 MB; tests/vscode/vscode.bats is the extension's suite there. Job uids
# 61176..61179, as that suite's: never run the two at once.

bats_require_minimum_version 1.7.0

load ../../tests/helper

CS="$BUILD/code-server"

setup_file() {
        [ "$(id -u)" -eq 0 ] || return 0
        "$ROOT/tools/vscode-e2e/install-code-server" "$CS" >&2
        serve_file uid_first=61176 slots=4
        local d="$BATS_FILE_TMPDIR"
        mkdir -p "$d/ws" "$d/user/User" "$d/ext"
        cp "$ROOT/examples/ask.py" "$d/ws/"
        printf 'int main(void) {\n    return nope;\n}\n' > "$d/ws/bad.c"
        printf 'echo up\nsleep 60\n' > "$d/ws/wait.sh"
        # The DOM renderer (no GPU here) leaves the terminal's rows readable as text.
        cat > "$d/user/User/settings.json" <<JSON
{
  "coderun.server": "http://127.0.0.1:$PORT",
  "terminal.integrated.gpuAcceleration": "off",
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false
}
JSON
        local cs=(node "$CS/node_modules/code-server/out/node/entry.js" --config "$d/config.yaml"
                  --user-data-dir "$d/user" --extensions-dir "$d/ext")
        "${cs[@]}" --install-extension "$(ls "$BUILD"/coderun-*.vsix)" >&2
        # code-server listens on $PORT when it is set, before --bind-addr: that is the
        # executor's here, so it goes without. A free port can still be taken before
        # code-server binds it: a few tries, each on a port of its own.
        local try
        for try in 1 2 3; do
                CS_PORT=$(free_port)
                env -u PORT "${cs[@]}" --auth none --bind-addr "127.0.0.1:$CS_PORT" --disable-telemetry \
                        --disable-update-check --disable-workspace-trust "$d/ws" > "$d/code-server.log" 2>&1 3>&- &
                CS_PID=$!
                export CS_PORT CS_PID
                wait_for 60 cs_settled || true
                curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$CS_PORT/healthz" && return 0
                cat "$d/code-server.log" >&2
                kill "$CS_PID" 2>/dev/null || true
        done
        return 1
}

# cs_settled: code-server answers, or has died: waiting longer changes nothing.
cs_settled() {
        curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$CS_PORT/healthz" || ! kill -0 "$CS_PID" 2>/dev/null
}

teardown_file() {
        { [ -n "${CS_PID:-}" ] && kill "$CS_PID" 2>/dev/null && wait "$CS_PID" 2>/dev/null; } || true
        unserve_file
}

setup() {
        need_root
}

@test "in VS Code: a typed answer reaches the program, a compile error is a squiggle, Stop's key stops" {
        run -0 env TMPDIR="$BATS_TEST_TMPDIR" SHOTS="$BUILD/screenshots" \
                node "$ROOT/tools/vscode-e2e/e2e.mjs" "http://127.0.0.1:$CS_PORT/?folder=$BATS_FILE_TMPDIR/ws"
        assert_output --regexp '\[stopped · '
        [ -s "$BUILD/screenshots/vscode-e2e-run.png" ] && [ -s "$BUILD/screenshots/vscode-e2e-problems.png" ]
}
