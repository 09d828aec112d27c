#!/usr/bin/env bats
# examples.bats: README.md's examples and docs/judging.md's, as written, against a real
# executor (helper.bash's serve), so neither can drift from what works. Each `$` line of a ```sh block
# runs from the repository's folder (tests/examples/readme-examples.py reads them out), with
# the server's port for 7070 and a config of our own for coderun.conf, and must print
# the lines shown after it (stdout and stderr, as a terminal shows them); times and
# sizes are masked, `...` stands for any text.

bats_require_minimum_version 1.7.0

load ../helper

PY="$ROOT/tests/examples/readme-examples.py"

setup_file() {
        [ "$(id -u)" -eq 0 ] || return 0        # every test that runs one skips (need_root)
        [ -x "$ROOT/cli/coderun" ] && [ -x "$EXEC" ] || { echo "make first" >&2; return 1; }
        # A state dir and job uids of our own (as in browser.bats): other suites' jobs
        # can neither make this server busy nor meet ours in a uid's cgroup.
        serve_file uid_first=61120 slots=4
}

teardown_file() {
        unserve_file
}

setup() {
        EX="$BATS_TEST_TMPDIR/ex"
        mkdir -p "$EX"
        "$PY" extract "$ROOT/README.md" "$EX"
}

@test "README.md has its examples: nc, HTTP, the executor alone, the CLI, a stream" {
        local all
        all=$(cat "$EX"/*.cmd)
        [ "$(find "$EX" -name '*.cmd' | wc -l)" -ge 8 ]
        grep -q '| nc 127.0.0.1 7070$' <<<"$all"
        grep -q '^curl -s 127.0.0.1:7070/api/v2/execute' <<<"$all"
        grep -q '^./coderun-exec --config coderun.conf < examples/request.json$' <<<"$all"
        grep -q '^cli/coderun examples/sum.c --tests examples/cases' <<<"$all"
        grep -q '"stream":true' <<<"$all"
        grep -q '"type":"data","stream":"stdin"' <<<"$all"
}

# examples DIR NAME: each extracted example in DIR runs and prints what NAME shows.
examples() {
        local cmd n=0
        for cmd in "$1"/*.cmd; do
                sed -e "s/7070/$PORT/g" -e "s|--config coderun.conf|--config $FILE_CONF|" \
                        "$cmd" > "$cmd.here"
                (cd "$ROOT" && CODERUN_SERVER="127.0.0.1:$PORT" bash "$cmd.here" </dev/null \
                        > "${cmd%.cmd}.got" 2>&1) || true
                "$PY" match "${cmd%.cmd}.out" "${cmd%.cmd}.got" ||
                        { echo "$2's example failed: $(cat "$cmd")" >&2; return 1; }
                n=$((n + 1))
        done
        echo "$n examples" >&3
}

@test "each example prints what README.md shows" {
        need_root
        examples "$EX" README.md
}

@test "docs/judging.md's three problems print what it shows: float, a checker program, an interactor" {
        need_root
        local judging="$BATS_TEST_TMPDIR/judging"
        mkdir -p "$judging"
        "$PY" extract "$ROOT/docs/judging.md" "$judging"
        [ "$(find "$judging" -name '*.cmd' | wc -l)" -eq 8 ]
        grep -q 'checker:{type:"float"' "$judging"/002.cmd
        grep -q 'checker:{type:"program", language:"c"' "$judging"/003.cmd
        grep -q -- '--checker examples/judging/divisors/checker.c' "$judging"/005.cmd
        grep -q 'interactor:{language:"cpp"' "$judging"/006.cmd
        grep -q -- '--interactor examples/judging/guess/interactor.cpp' "$judging"/008.cmd
        examples "$judging" docs/judging.md
}

@test "the programs the examples call come with make run (tools/install-deps run)" {
        local cmd prog path pkg pkgs
        pkgs=$("$ROOT/tools/install-deps" --list run)
        for cmd in "$EX"/*.cmd; do
                while read -r prog; do
                        case $prog in
                        */*) [ -x "$ROOT/$prog" ] || { echo "$prog: not built by make" >&2; return 1; }
                             continue ;;
                        esac
                        [ "$(type -t "$prog")" != builtin ] || continue
                        path=$(readlink -f "$(command -v "$prog")") ||
                                { echo "$prog: not installed" >&2; return 1; }
                        # Merged /usr: dpkg may know the file as /bin/... only.
                        pkg=$({ dpkg -S "$path" || dpkg -S "${path#/usr}"; } 2>/dev/null |
                                sed -n '1s/:.*//p')
                        grep -qx "$pkg" <<<"$pkgs" ||
                                [ "$(dpkg-query -W -f='${Essential}' "$pkg")" = yes ] ||
                                { echo "$prog ($pkg) is not in install-deps' run list" >&2; return 1; }
                done < <("$PY" programs "$cmd")
        done
}

@test "examples/ holds the files the examples name, and no others" {
        local f rel all judging="$BATS_TEST_TMPDIR/judging"
        mkdir -p "$judging"
        "$PY" extract "$ROOT/docs/judging.md" "$judging"
        all=$(cat "$EX"/*.cmd "$judging"/*.cmd)
        while IFS= read -r f; do
                rel=${f#"$ROOT"/}
                # A folder of tests is named as the folder (--tests DIR).
                case $rel in
                */cases/* | */tests/*) grep -qF "${rel%/*}" <<<"$all" ;;
                *) grep -qF "$rel" <<<"$all" ;;
                esac || { echo "$rel: no example uses it" >&2; return 1; }
        done < <(find "$ROOT/examples" -type f)
        for f in $(grep -o 'examples/[A-Za-z0-9_./-]*' <<<"$all"); do
                [ -e "$ROOT/$f" ] || { echo "$f: named by an example, missing" >&2; return 1; }
        done
}
