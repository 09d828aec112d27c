#!/usr/bin/env bats
# conformance.bats: every language of lang.d runs its conformance program
# (tests/languages/NAME/, the contract in tests/languages/SPEC.md) through
# ./coderun-exec: stdout, stderr, exit code 3 as status RE, and for a compiled
# language a program its compiler must refuse and a program of two files. A
# language that is not installed skips, unless CODERUN_LANGUAGES=all (CI), where
# it fails.

bats_require_minimum_version 1.7.0

load ../helper

LANGS="$ROOT/tests/languages"
SPEC="$LANGS/SPEC.md"

# lang_value NAME KEY: the value of KEY in lang.d/NAME.conf, as learn-versions reads it.
lang_value() {
        sed -n "s/^[[:blank:]]*$2[[:blank:]]*=[[:blank:]]*//p" "$ROOT/lang.d/$1.conf" |
                sed -n '1s/[[:blank:]]*$//p'
}

# waived NAME PART: a row `| NAME | PART | why |` below SPEC.md's waivers marker.
waived() {
        sed -n '/^<!-- waivers:/,$p' "$SPEC" | awk -F'|' -v l="$1" -v p="$2" '
                { gsub(/[[:blank:]`]/, "", $2); gsub(/[[:blank:]`]/, "", $3) }
                $2 == l && $3 == p { found = 1 }
                END { exit !found }'
}

# check LABEL JQ-FILTER [JQ-ARGS...]: jqe, and on failure show the stage that failed.
check() {
        local label=$1
        shift
        jqe "$@" >/dev/null && return 0
        echo "$label failed; the reply's stages:" >&2
        jq '{error, message} + (.compile // {} | {compile: {status, code, message, stdout, stderr}})
                + (.run // {} | {run: {status, code, signal, message, stdout, stderr, wall_time, memory}})' \
                <<<"$output" >&2
        return 1
}

# send JSON: run cr, again while the reply is "busy" (other suites on this machine hold
# every slot: a busy executor says nothing about a language), for at most 60 s.
send() {
        local _
        for _ in $(seq 120); do
                run -0 --separate-stderr cr "$1"
                jq -e '.error == "busy"' <<<"$output" >/dev/null || return 0
                sleep 0.5
        done
}

# room NAME: say (on the TAP stream, without failing) which stage of the reply used over
# half its default wall limit. The requests name no limits, so lang.d's defaults hold
# them, with room for a cold start on a busy machine: a start that grows towards its
# limit shows here before it fails there.
room() {
        local stage limit used
        for stage in compile run; do
                limit=$(lang_value "$1" "${stage}_timeout")
                [ -n "$limit" ] || limit=$(sed -n "s/^${stage}_timeout *= *//p" "$CONF")
                used=$(jq -r ".$stage.wall_time // 0" <<<"$output")
                [ "$used" -le $((limit / 2)) ] ||
                        echo "# $1: $stage took $used ms of its $limit ms default (lang.d/$1.conf)" >&3
        done
}

# installed NAME: root, lang.d/NAME.conf, and NAME in build/runtimes; else skip, or
# fail with CODERUN_LANGUAGES=all.
installed() {
        local name=$1
        need_root
        [ -f "$ROOT/lang.d/$name.conf" ] || { echo "lang.d/$name.conf is missing" >&2; return 1; }
        if ! awk -v l="$name" '$1 == l { f = 1 } END { exit !f }' "$BUILD/runtimes"; then
                if [ "${CODERUN_LANGUAGES:-}" = all ]; then
                        echo "$name is in lang.d but not installed (CODERUN_LANGUAGES=all):" \
                                "tools/install-languages $name" >&2
                        return 1
                fi
                skip "$name is not installed (tools/install-languages $name)"
        fi
}

# conform NAME: the conformance program of NAME, and its bad program if NAME compiles.
conform() {
        local name=$1 dir="$LANGS/$1" main bad expected args err exit_filter req
        installed "$name" || return 1

        main="$dir/$(lang_value "$name" file)"
        [ -f "$main" ] || { echo "no conformance program $main" >&2; return 1; }
        expected=$'coderun conformance\n'
        waived "$name" stdin || expected+=$'stdin: hello stdin\n'
        args='["a", "b c"]'
        if waived "$name" args; then
                args='[]'
        else
                expected+=$'args: a|b c\n'
        fi
        err=$'to stderr\n'
        ! waived "$name" stderr || err=
        exit_filter='.run.status == "RE" and .run.code == 3 and .run.signal == null'
        if waived "$name" exit; then
                exit_filter='.run.status == null and .run.code == 0 and .run.signal == null'
        fi

        req=$(jq -nc --arg l "$name" --rawfile src "$main" --argjson args "$args" \
                '{language: $l, source: $src, stdin: "hello stdin\n", args: $args}')
        send "$req"
        room "$name"
        check "$name: the reply" '.language == $l and (has("error") | not)' --arg l "$name"
        check "$name: the compile stage" '(.compile.status // null) == null'
        check "$name: stdout" '.run.stdout == $out' --arg out "$expected"
        check "$name: stderr" '.run.stderr == $err' --arg err "$err"
        check "$name: the exit" "$exit_filter"
        streamed "$name" "$req"

        [ -n "$(lang_value "$name" compile)" ] || return 0
        bad=$(find "$dir" -maxdepth 1 -iname 'bad.*' | head -n 1)
        [ -n "$bad" ] || { echo "$name compiles but has no bad.* program in $dir" >&2; return 1; }
        req=$(jq -nc --arg l "$name" --rawfile src "$bad" '{language: $l, source: $src}')
        send "$req"
        check "$name: the bad program's compile stage" \
                '.compile.status == "RE" and .compile.code != 0 and (has("run") | not)'
}

# streamed NAME REQUEST: the same request as a stream ("stream": true; its stdin
# ends with the pipe, as the batch run's does): the last event is done, and its
# result is the batch reply just checked ($output), but for what differs run to
# run (times, memory), "output", whose interleaving of the two streams depends
# on buffering, which a streaming run turns off (lang.d's stream_env), and
# "cached": the batch request's compile is kept, and the stream's restored from it
# (and its run must still print the same: the restored program is whole).
streamed() {
        local batch=$output mask='del(.. | objects | .cpu_time, .wall_time, .memory, .output, .cached)'
        local _
        for _ in $(seq 120); do
                run -0 --separate-stderr cr "$(jq -c '. + {stream: true}' <<<"$2")"
                jq -se 'last | .type == "error" and .error == "busy"' <<<"$output" >/dev/null || break
                sleep 0.5
        done
        output=$(tail -n 1 <<<"$output")
        check "$1: the stream ends with done" '.type == "done"'
        jq -e --argjson b "$batch" "(.result | $mask) == (\$b | $mask)" <<<"$output" >/dev/null || {
                echo "$1: done.result differs from the batch reply:" >&2
                diff <(jq -S "$mask" <<<"$batch") <(jq -S ".result | $mask" <<<"$output") >&2
                return 1
        }
}

# two NAME: tests/languages/NAME/two/ as one request: the entry (lang.d's file name)
# first, then every other file there in name order, with its folders; the program
# must compile and print `coderun two files`, exit 0.
two() {
        local name=$1 dir="$LANGS/$1/two" entry files req
        installed "$name" || return 1
        ! waived "$name" two || skip "SPEC.md waives a second file for $name"
        entry=$(lang_value "$name" file)
        [ -f "$dir/$entry" ] || { echo "no two-file program $dir/$entry" >&2; return 1; }
        files=$( (cd "$dir" && find . -type f ! -path "./$entry" | sed 's|^\./||' | LC_ALL=C sort) )
        [ -n "$files" ] || { echo "$dir holds only the entry" >&2; return 1; }
        req=$( (cd "$dir" && { echo "$entry"; echo "$files"; } | while read -r f; do
                        jq -n --arg n "$f" --rawfile c "$f" '{name: $n, content: $c}'
                done) | jq -sc --arg l "$name" '{language: $l, files: .}')
        send "$req"
        check "$name: the reply" '.language == $l and (has("error") | not)' --arg l "$name"
        check "$name: the compile stage of two files" '.compile.status == null'
        check "$name: the run of two files" \
                '.run.stdout == "coderun two files\n" and .run.status == null and .run.code == 0'
}

@test "every lang.d language has a conformance program and a test here" {
        local f name dir
        for f in "$ROOT"/lang.d/*.conf; do
                name=$(basename "$f" .conf)
                dir="$LANGS/$name"
                [ -f "$dir/$(lang_value "$name" file)" ] ||
                        { echo "$name: no tests/languages/$name/$(lang_value "$name" file)" >&2; return 1; }
                if [ -n "$(lang_value "$name" compile)" ]; then
                        [ -n "$(find "$dir" -maxdepth 1 -iname 'bad.*')" ] ||
                                { echo "$name compiles: no tests/languages/$name/bad.*" >&2; return 1; }
                        [ -d "$dir/two" ] || waived "$name" two ||
                                { echo "$name compiles: no tests/languages/$name/two/" >&2; return 1; }
                        grep -qx "@test \"$name: two files\" { two $name; }" "$BATS_TEST_FILENAME" ||
                                { echo "$name: no two-file @test line in conformance.bats" >&2; return 1; }
                fi
                grep -qx "@test \"$name\" { conform $name; }" "$BATS_TEST_FILENAME" ||
                        { echo "$name: no @test line in conformance.bats" >&2; return 1; }
        done
        for dir in "$LANGS"/*/; do
                name=$(basename "$dir")
                [ -f "$ROOT/lang.d/$name.conf" ] ||
                        { echo "tests/languages/$name has no lang.d/$name.conf" >&2; return 1; }
        done
}

@test "SPEC.md waives only known parts of known languages" {
        local rows
        rows=$(sed -n '/^<!-- waivers:/,$p' "$SPEC" | awk -F'|' 'NR > 3 && NF > 3 {
                gsub(/[[:blank:]`]/, "", $2); gsub(/[[:blank:]`]/, "", $3); print $2, $3 }')
        while read -r name part; do
                [ -n "$name" ] || continue
                [ -f "$ROOT/lang.d/$name.conf" ] || { echo "waiver for unknown $name" >&2; return 1; }
                case $part in
                stdin | args | stderr | exit | two) ;;
                *) echo "waiver $name: unknown part $part" >&2; return 1 ;;
                esac
        done <<<"$rows"
}

@test "README.md's languages table (make languages-doc) names every lang.d language" {
        local listed known
        listed=$(sed -n '/^<!-- languages -->$/,/^<!-- \/languages -->$/p' "$ROOT/README.md" |
                sed -n 's/^| `\([a-z0-9-]*\)` |.*/\1/p' | LC_ALL=C sort)
        known=$(for f in "$ROOT"/lang.d/*.conf; do basename "$f" .conf; done | LC_ALL=C sort)
        [ "$listed" = "$known" ] || {
                echo "README.md's table is stale: run make languages-doc" >&2
                diff <(echo "$known") <(echo "$listed") >&2
                return 1
        }
}

# One line per language (the first test checks that none is missing).
@test "ada" { conform ada; }
@test "algol68" { conform algol68; }
@test "awk" { conform awk; }
@test "bash" { conform bash; }
@test "basic" { conform basic; }
@test "brainfuck" { conform brainfuck; }
@test "c" { conform c; }
@test "clang" { conform clang; }
@test "clojure" { conform clojure; }
@test "csharp" { conform csharp; }
@test "cobol" { conform cobol; }
@test "coffeescript" { conform coffeescript; }
@test "common-lisp" { conform common-lisp; }
@test "cpp" { conform cpp; }
@test "crystal" { conform crystal; }
@test "d" { conform d; }
@test "dash" { conform dash; }
@test "elixir" { conform elixir; }
@test "emacs-lisp" { conform emacs-lisp; }
@test "erlang" { conform erlang; }
@test "fish" { conform fish; }
@test "forth" { conform forth; }
@test "fortran" { conform fortran; }
@test "gas" { conform gas; }
@test "go" { conform go; }
@test "groovy" { conform groovy; }
@test "guile" { conform guile; }
@test "haxe" { conform haxe; }
@test "icon" { conform icon; }
@test "java" { conform java; }
@test "javascript" { conform javascript; }
@test "jq" { conform jq; }
@test "kotlin" { conform kotlin; }
@test "ksh" { conform ksh; }
@test "lua" { conform lua; }
@test "nasm" { conform nasm; }
@test "newlisp" { conform newlisp; }
@test "nim" { conform nim; }
@test "objective-c" { conform objective-c; }
@test "ocaml" { conform ocaml; }
@test "octave" { conform octave; }
@test "pascal" { conform pascal; }
@test "perl" { conform perl; }
@test "php" { conform php; }
@test "pike" { conform pike; }
@test "prolog" { conform prolog; }
@test "python" { conform python; }
@test "r" { conform r; }
@test "racket" { conform racket; }
@test "raku" { conform raku; }
@test "rexx" { conform rexx; }
@test "ruby" { conform ruby; }
@test "rust" { conform rust; }
@test "scala" { conform scala; }
@test "scheme" { conform scheme; }
@test "sml" { conform sml; }
@test "sqlite" { conform sqlite; }
@test "tcl" { conform tcl; }
@test "tcsh" { conform tcsh; }
@test "typescript" { conform typescript; }
@test "vala" { conform vala; }
@test "verilog" { conform verilog; }
@test "zsh" { conform zsh; }

# One line per compiled language: its program of two files (tests/languages/NAME/two/).
@test "ada: two files" { two ada; }
@test "c: two files" { two c; }
@test "clang: two files" { two clang; }
@test "cobol: two files" { two cobol; }
@test "cpp: two files" { two cpp; }
@test "crystal: two files" { two crystal; }
@test "csharp: two files" { two csharp; }
@test "d: two files" { two d; }
@test "fortran: two files" { two fortran; }
@test "gas: two files" { two gas; }
@test "go: two files" { two go; }
@test "icon: two files" { two icon; }
@test "java: two files" { two java; }
@test "kotlin: two files" { two kotlin; }
@test "nasm: two files" { two nasm; }
@test "nim: two files" { two nim; }
@test "objective-c: two files" { two objective-c; }
@test "ocaml: two files" { two ocaml; }
@test "pascal: two files" { two pascal; }
@test "rust: two files" { two rust; }
@test "scala: two files" { two scala; }
@test "typescript: two files" { two typescript; }
@test "vala: two files" { two vala; }
@test "verilog: two files" { two verilog; }
