#!/usr/bin/env bats
# vscode.bats: the VS Code extension (vscode/). Its own tests run with node's test
# runner against this suite's executor (serve_file, job uids of its own): the logic
# under vscode/lib/ alone, and the glue with vscode stubbed (vscode/test/vscode.js).
# Then the .vsix: @vscode/vsce packages it with stdin closed (it must never stop to
# ask), and its listing holds the extension's files and its one dependency, nothing
# else. No VS Code runs here: none can be had from Debian or npm for this machine
# (the npm packages that run one download it first), see README.md.

bats_require_minimum_version 1.7.0

load ../helper

EXT="$ROOT/vscode"

setup_file() {
        [ "$(id -u)" -eq 0 ] || return 0        # every test skips (need_root)
        [ -x "$EXEC" ] || { echo "$EXEC missing: make" >&2; return 1; }
        make -s -C "$ROOT" vscode/node_modules/.package-lock.json >&2
        serve_file uid_first=61176 slots=4
        export CODERUN_TEST_SERVER="http://127.0.0.1:$PORT"
}

teardown_file() {
        unserve_file
}

setup() {
        need_root
}

# node_test FILE: one of the extension's test files, one at a time against the
# server (the busy test counts on holding its 4 slots itself).
node_test() {
        run -0 --separate-stderr node --test --test-concurrency=1 --test-reporter=tap "$EXT/test/$1"
        [[ "$output" =~ \#\ fail\ 0 ]] || { echo "$output"; return 1; }
        [[ "$output" =~ \#\ pass\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge "$2" ] ||
                { echo "expected at least $2 passing tests:"; echo "$output"; return 1; }
}

@test "the event parser: chunks cut at every byte, UTF-8 split across them" {
        node_test ndjson.test.js 6
}

@test "the pty adapter: typed keys to client events, output to the terminal" {
        node_test pty.test.js 7
}

@test "settings fail closed, outcomes in words" {
        node_test words.test.js 3
}

@test "the language map reaches every runtime the server offers" {
        node_test langmap.test.js 6
}

@test "compile errors of gcc, clang, g++, javac, rustc and go are problems on their lines" {
        node_test diagnostics.test.js 8
}

@test "live runs: five languages, typed input, Ctrl-C and Ctrl-D, tty, limits, Stop, busy, test cases" {
        node_test live.test.js 18
}

@test "the glue with vscode stubbed: the contributed commands, and each calling the logic" {
        node_test glue.test.js 7
}

@test "nothing under lib/ or glue/ imports vscode; only extension.js does" {
        run -1 grep -rlE "require\(['\"]vscode['\"]\)" "$EXT/lib" "$EXT/glue"
        run -0 grep -lE "require\(['\"]vscode['\"]\)" "$EXT/extension.js"
}

@test "vsce packages the .vsix with stdin closed: the extension's files and ws, nothing else" {
        local vsix="$BATS_TEST_TMPDIR/coderun.vsix"
        run -0 --separate-stderr bash -c "cd '$EXT' && node_modules/.bin/vsce package --out '$vsix' </dev/null"
        refute_output --partial "Do you want to continue"
        [[ "$stderr" != *WARNING* ]] || { echo "$stderr"; return 1; }
        run -0 unzip -Z1 "$vsix"
        local listed=$output
        # What must be there: every tracked file of the extension but its tests, the
        # lock file and .vscodeignore (LICENSE becomes LICENSE.txt, README readme.md).
        local f want
        while read -r f; do
                case $f in
                test/*|package-lock.json|.vscodeignore) continue ;;
                LICENSE) want=extension/LICENSE.txt ;;
                README.md) want=extension/readme.md ;;
                *) want=extension/$f ;;
                esac
                grep -qxF "$want" <<<"$listed" || { echo "missing from the .vsix: $want"; return 1; }
        done < <(git -C "$EXT" ls-files)
        grep -qxF extension/node_modules/ws/index.js <<<"$listed"
        grep -qxF extension/node_modules/ws/lib/websocket.js <<<"$listed"
        # And nothing else: no tests, maps, lock file, and of node_modules ws alone.
        local extra
        extra=$(grep -vxE 'extension\.vsixmanifest|\[Content_Types\]\.xml|extension/(LICENSE\.txt|readme\.md|package\.json|extension\.js|(lib|glue)/[a-z]+\.js|node_modules/ws/[A-Za-z/.-]+)' \
                <<<"$listed" || true)
        [ -z "$extra" ] || { echo "in the .vsix but not the extension's: $extra"; return 1; }
        run -1 grep -E '\.map$|\.ts$|/test/|package-lock' <<<"$listed"
        # Small: the extension is some 90 KB of JavaScript and ws, zipped.
        [ "$(stat -c %s "$vsix")" -lt 150000 ]
}

@test "a run drawn by xterm.js, the terminal VS Code's is built on (build/screenshots/vscode-terminal.png)" {
        [ -d "$ROOT/node_modules/playwright-core" ] && [ -d "$ROOT/node_modules/@xterm/xterm" ] ||
                (cd "$ROOT" && npm ci --no-audit --no-fund >&2)
        run -0 env TMPDIR="$BATS_TEST_TMPDIR" OUT="$BUILD/screenshots/vscode-terminal.png" \
                node "$ROOT/tests/vscode/render.mjs"
        assert_output --regexp 'What is your name\? Ada'
        [ -s "$BUILD/screenshots/vscode-terminal.png" ]
}
