#!/usr/bin/env bats
# judge.bats: the coderun command with judge programs (cli/), against the real
# executor served on a port of its own (job uids 61032-61035, each judged request
# taking two): --checker FILE in C and in Python (AC, WA, PE with their messages,
# the checker's time, CF and its exit status), --interactor with the guessing game
# of examples/judging/guess (AC in Python and C, WA), the language of the judge's
# file, the request the CLI sends (to a fake server), and the usage errors.

bats_require_minimum_version 1.7.0

load ../helper
load fake

CLI="$ROOT/cli/coderun"

setup_file() {
        [ -x "$ROOT/cli/coderun" ] || { echo "cli/coderun missing: make" >&2; return 1; }
        [ "$(id -u)" -eq 0 ] || return 0        # the tests that need a server skip
        serve_file uid_first=61032 slots=4
}

teardown_file() {
        unserve_file
}

setup() {
        T="$BATS_TEST_TMPDIR"
        export CODERUN_SERVER="127.0.0.1:${PORT:-1}"
        unset NO_COLOR
        pids=()
        GUESS="$ROOT/examples/judging/guess"
}

teardown() {
        local pid
        for pid in "${pids[@]}"; do
                kill "$pid" 2>/dev/null || true
        done
        if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
                echo "last CLI output: ${output:-}" >&2
                echo "last CLI stderr: ${stderr:-}" >&2
                tail -n 5 "$BATS_FILE_TMPDIR/serve.log" >&2 2>/dev/null || true
        fi
}

# cli ARGS...: the CLI with an empty stdin.
cli() {
        "$CLI" "$@" </dev/null
}

# src NAME TEXT: write a file into the test's folder; prints its path.
src() {
        mkdir -p "$(dirname "$T/$1")"
        printf '%s\n' "$2" > "$T/$1"
        echo "$T/$1"
}

# case DIR NAME IN [OUT]: DIR/NAME.in, and DIR/NAME.out when OUT is given (printf %s).
case_() {
        mkdir -p "$T/$1"
        printf '%s' "$3" > "$T/$1/$2.in"
        [ $# -lt 4 ] || printf '%s' "$4" > "$T/$1/$2.out"
}

# A testlib-style checker in C (as tests/judge/checker.bats's): the tokens of the
# output against the answer's; a "2" in the output is a presentation error.
check_c() {
        src "${1:-check.c}" '#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
        char a[256], b[256];
        FILE *in = fopen(argv[1], "r"), *out = fopen(argv[2], "r"), *ans = fopen(argv[3], "r");
        int n = 0;
        if (argc != 4 || !in || !out || !ans) { fprintf(stderr, "bad command line\n"); return 3; }
        while (fscanf(ans, "%255s", b) == 1) {
                if (!strcmp(b, "checker-bug")) { fprintf(stderr, "my own bug\n"); return 3; }
                if (fscanf(out, "%255s", a) != 1) { fprintf(stderr, "wrong answer: output ends at token %d\n", n + 1); return 1; }
                if (!strcmp(a, "2")) { fprintf(stderr, "presentation: 2 is spelt two\n"); return 2; }
                if (strcmp(a, b)) { fprintf(stderr, "wrong answer: token %d is %s, not %s\n", n + 1, a, b); return 1; }
                n++;
        }
        fprintf(stderr, "ok %d tokens\n", n);
        return 0;
}'
}

@test "--checker check.c: testlib's verdicts in the table, each with the checker's words and its time; exit 1" {
        need_root
        local sol chk
        sol=$(src cat.sh 'exec cat')
        chk=$(check_c)
        case_ cases a '1 3' $'1 3\n'
        case_ cases b '1 4' '1 3'
        case_ cases c '2' 'two'
        case_ cases d 'seven'
        run -1 --separate-stderr cli "$sol" --tests "$T/cases" --checker "$chk"
        [ -z "$stderr" ]
        [ "${lines[0]}" = "test  result       time        cpu      memory    checker" ]
        # A pass shows the checker's own words too.
        [[ ${lines[1]} =~ ^a\ +AC\ +[0-9]+\ ms\ +[0-9]+\ ms\ +[0-9.]+\ (KiB|MiB)\ +[0-9]+\ ms\ +ok\ 2\ tokens$ ]]
        [[ ${lines[2]} =~ ^b\ +WA\ .*\ ms\ +wrong\ answer:\ token\ 2\ is\ 4,\ not\ 3$ ]]
        [ "${lines[3]}" = "    expected: 1 3" ]
        [ "${lines[4]}" = "    got:      1 4" ]
        [[ ${lines[5]} =~ ^c\ +PE\ .*\ ms\ +presentation:\ 2\ is\ spelt\ two$ ]]
        [ "${lines[6]}" = "    expected: two" ]
        [ "${lines[7]}" = "    got:      2" ]
        # Nothing to judge against: no checker ran, no time of its.
        [[ ${lines[8]} =~ ^d\ +-\ .*\ +-\ +not\ judged:\ no\ expected\ output$ ]]
        [ "${lines[9]}" = "    output:   seven" ]
        [ "${lines[10]}" = "1 of 3 passed, 1 not judged" ]
        [ "${#lines[@]}" -eq 11 ]
        # All passing is 0; --stop-on-failure stops at the checker's WA.
        run -0 --separate-stderr cli "$sol" --test "$T/cases/a.in:$T/cases/a.out" --checker="$chk"
        [ "${lines[2]}" = "1 of 1 passed" ]
        run -1 --separate-stderr cli "$sol" --tests "$T/cases" --checker "$chk" --stop-on-failure
        [[ ${lines[2]} =~ ^b\ +WA\  ]]
        [[ ${lines[5]} =~ ^c\ +NR\ .*not\ run\ \(--stop-on-failure\)$ ]]
}

@test "--checker check.py: a Python checker (any permutation of the answer); the last --checker wins" {
        need_root
        local sol chk
        sol=$(src rev.py 'import sys; print(*reversed(sys.stdin.read().split()))')
        chk=$(src perm.py 'import sys
inp, out, ans = sys.argv[1:4]
got, want = open(out).read().split(), open(ans).read().split()
if sorted(got) == sorted(want):
    print("ok: a permutation of", len(want), "words", file=sys.stderr)
    sys.exit(0)
print("wrong answer: not a permutation of", want, file=sys.stderr)
sys.exit(1)')
        case_ cases a 'a b c' $'a b c\n'
        case_ cases b 'a b' $'a b c\n'
        run -1 --separate-stderr cli "$sol" --tests "$T/cases" --checker lines --checker "$chk"
        [ -z "$stderr" ]
        [[ ${lines[1]} =~ ^a\ +AC\ .*\ ms\ +ok:\ a\ permutation\ of\ 3\ words$ ]]
        [[ ${lines[2]} =~ ^b\ +WA\ .*\ ms\ +wrong\ answer:\ not\ a\ permutation\ of\ \[\'a\',\ \'b\',\ \'c\'\]$ ]]
        [ "${lines[3]}" = "    expected: a b c" ]
        [ "${lines[4]}" = "    got:      b a" ]
        [ "${lines[5]}" = "1 of 2 passed" ]
        # The built-in after the file: the reversed words are wrong line by line.
        run -1 --separate-stderr cli "$sol" --tests "$T/cases" --checker "$chk" --checker lines
        [[ ${lines[0]} =~ memory$ ]]
        [[ ${lines[1]} =~ ^a\ +WA\ .*line\ 1:\ expected ]]
}

@test "a checker that fails is CF: its reason shown, exit 118, one line on stderr" {
        need_root
        local sol chk
        sol=$(src cat.sh 'exec cat')
        chk=$(check_c)
        case_ cases a '1' '1'
        case_ cases b 'x' 'checker-bug'
        run -118 --separate-stderr cli "$sol" --tests "$T/cases" --checker "$chk"
        [[ ${lines[1]} =~ ^a\ +AC\  ]]
        [[ ${lines[2]} =~ ^b\ +CF\ .*\ ms\ +the\ checker\ failed\ \(exited\ with\ code\ 3\):\ my\ own\ bug$ ]]
        # A CF is the checker's failure: the solution's output is not the point.
        [ "${lines[3]}" = "1 of 2 passed" ]
        [ "$stderr" = "coderun: the checker failed on 1 of 2 tests (CF): fix it first, those tests have no verdict" ]
        # CF wins over a WA: the verdicts beside a broken checker are not to be trusted.
        case_ cases c '5' '6'
        run -118 --separate-stderr cli "$sol" --tests "$T/cases" --checker "$chk"
        [[ ${lines[3]} =~ ^c\ +WA\  ]]
        # The colours: CF is yellow, not the red of a failed program.
        run -118 bash -c "TERM=xterm timeout 60 script -qec '$CLI $sol --tests $T/cases --checker $chk' /dev/null </dev/null"
        [[ $output == *$'\e[1;33mCF'* ]]
        [[ $output == *$'\e[1;31mWA'* ]]
}

@test "--interactor: the guessing game, solved in Python and in C (AC), a NAME.in alone judged too" {
        need_root
        case_ game low '1 30'
        case_ game mid '777777777 30'
        case_ game top '1000000000 30' 'unused answer'
        run -0 --separate-stderr cli "$GUESS/solution.py" --tests "$T/game" --interactor "$GUESS/interactor.cpp"
        [ -z "$stderr" ]
        [ "${lines[0]}" = "test  result       time        cpu      memory  interactor" ]
        [[ ${lines[1]} =~ ^low\ +AC\ +[0-9]+\ ms\ +[0-9]+\ ms\ +[0-9.]+\ (KiB|MiB)\ +[0-9]+\ ms\ +ok:\ found\ 1\ in\ 29\ queries$ ]]
        [[ ${lines[2]} =~ ^mid\ +AC\ .*ok:\ found\ 777777777\ in\ [0-9]+\ queries$ ]]
        [[ ${lines[3]} =~ ^top\ +AC\ .*ok:\ found\ 1000000000\ in\ 30\ queries$ ]]
        [ "${lines[4]}" = "3 of 3 passed" ]
        [ "${#lines[@]}" -eq 5 ]
        run -0 --separate-stderr cli "$GUESS/solution.c" --test "$T/game/top.in:$T/game/top.out" \
                --interactor="$GUESS/interactor.cpp"
        [[ ${lines[1]} =~ ^$T/game/top.in\ +AC\  ]]
        [ "${lines[2]}" = "1 of 1 passed" ]
}

@test "--interactor: a wrong solution is WA with the interactor's words, no output excerpt; exit 1" {
        need_root
        local sol
        # A linear search: out of queries unless the secret is small.
        sol=$(src linear.py 'x = 1
while True:
    print("?", x, flush=True)
    if input() == "=": break
    x += 1')
        case_ game a '2 3'
        case_ game b '5 3'
        run -1 --separate-stderr cli "$sol" --tests "$T/game" --interactor "$GUESS/interactor.cpp"
        [ -z "$stderr" ]
        [[ ${lines[1]} =~ ^a\ +AC\ .*ok:\ found\ 2\ in\ 2\ queries$ ]]
        [[ ${lines[2]} =~ ^b\ +WA\ .*\ ms\ +wrong\ answer:\ more\ than\ 3\ queries$ ]]
        [ "${lines[3]}" = "1 of 2 passed" ]
        [ "${#lines[@]}" -eq 4 ]
        # The same game with --json: the reply as the server sent it, same exit status.
        run -1 --separate-stderr cli "$sol" --tests "$T/game" --interactor "$GUESS/interactor.cpp" --json
        jq -e '[.tests[].verdict] == ["AC", "WA"] and .tests[1].interactor.code == 1' <<<"$output"
}

@test "the request: the checker's or interactor's language and its file under its last part" {
        local sol chk
        sol=$(src cat.sh 'exec cat')
        case_ cases a '1' '1'
        # The fake answers every connection alike, runtime lists too: every language named.
        fake '{"language":"bash","version":"5","run":{"stdout":"","stderr":"","code":0,"signal":null,"status":null}}'
        chk=$(src judges/check.py 'import sys')
        run -0 --separate-stderr cli --server "$FAKE" -l bash "$sol" --tests "$T/cases" \
                --checker "$chk" --judge-language python
        jq -e --rawfile c "$chk" '.checker == {type:"program", language:"python",
                files:[{name:"check.py", content:$c}]} and .language == "bash"' "$LOG/1.json"
        run -0 --separate-stderr cli --server "$FAKE" -l bash "$sol" --tests "$T/cases" \
                --interactor "$chk" --judge-language=cpp
        jq -e --rawfile c "$chk" '.interactor == {language:"cpp", files:[{name:"check.py", content:$c}]}
                and (has("checker") | not) and (.tests | length) == 1' "$LOG/2.json"
        # Binary content goes as base64, as a source's would.
        printf '\xff\xfe' > "$T/bin.c"
        run -0 --separate-stderr cli --server "$FAKE" -l bash "$sol" --tests "$T/cases" \
                --checker "$T/bin.c" --judge-language c
        jq -e '.checker.files == [{name:"bin.c", content:"//4=", encoding:"base64"}]' "$LOG/3.json"
        [ ! -e "$LOG/4.json" ]
}

@test "the judge's language as the solution's: its extension, else its #! line; --judge-language overrides" {
        need_root
        local sol
        sol=$(src cat.sh 'exec cat')
        case_ cases a 'x' 'x'
        src judges/checkit '#!/usr/bin/env python3
import sys
print("python judged", file=sys.stderr)' >/dev/null
        run -0 --separate-stderr cli -l bash "$sol" --tests "$T/cases" --checker "$T/judges/checkit"
        [[ ${lines[1]} =~ ^a\ +AC\ .*python\ judged$ ]]
        cp "$T/judges/checkit" "$T/judges/check.txt"
        run -125 --separate-stderr cli "$sol" --tests "$T/cases" --checker "$T/judges/check.txt"
        [[ $stderr =~ no\ language\ for\ the\ extension\ \".txt\" ]]
        run -0 --separate-stderr cli "$sol" --tests "$T/cases" --checker "$T/judges/check.txt" \
                --judge-language python
        [[ ${lines[1]} =~ ^a\ +AC\ .*python\ judged$ ]]
}

@test "usage errors: a missing or unreadable file, both flags, no tests, a language not known (125)" {
        local sol
        sol=$(src cat.sh 'exec cat')
        case_ cases a '1' '1'
        check() {
                run -125 --separate-stderr cli "$@"
                [ -z "$output" ]
                echo "${stderr_lines[0]}"
        }
        # A word that is neither a built-in nor a file: likely a misspelt built-in.
        [ "$(check "$sol" --tests "$T/cases" --checker lnies)" = "coderun: --checker lnies: No such file or directory (a checker is lines, exact, tokens, unordered, float:ABS[,REL] or a program's file)" ]
        [ "$(check "$sol" --tests "$T/cases" --interactor "$T/nope.cpp")" = "coderun: --interactor $T/nope.cpp: No such file or directory" ]
        [ "$(check "$sol" --tests "$T/cases" --checker "$T/cases")" = "coderun: --checker $T/cases: Is a directory" ]
        if [ "$(id -u)" -ne 0 ]; then
                src secret.c 'x' >/dev/null
                chmod 000 "$T/secret.c"
                [ "$(check "$sol" --tests "$T/cases" --checker "$T/secret.c")" = "coderun: --checker $T/secret.c: Permission denied" ]
        fi
        src i.cpp 'int main() {}' >/dev/null
        src c.c 'int main() {}' >/dev/null
        [ "$(check "$sol" --tests "$T/cases" --checker "$T/c.c" --interactor "$T/i.cpp")" = "coderun: --checker and --interactor exclude each other: the interactor's exit code is the verdict" ]
        [ "$(check "$sol" --tests "$T/cases" --interactor "$T/i.cpp" --checker tokens)" = "coderun: --checker and --interactor exclude each other: the interactor's exit code is the verdict" ]
        [ "$(check "$sol" --interactor "$T/i.cpp")" = "coderun: --interactor judges tests: give --test or --tests" ]
        [ "$(check "$sol" --checker "$T/c.c")" = "coderun: --checker judges tests: give --test or --tests" ]
        [ "$(check "$sol" --tests "$T/cases" --judge-language c)" = "coderun: --judge-language is the language of --checker FILE or --interactor FILE: give one" ]
        [ "$(check "$sol" --tests "$T/cases" --checker exact --judge-language c)" = "coderun: --judge-language is the language of --checker FILE or --interactor FILE: give one" ]
        [ "$(check "$sol" --tests "$T/cases" --checker -)" = "coderun: --checker -: the program is read from a file, not from stdin" ]
        # Every usage error ends with the hint.
        run -125 --separate-stderr cli "$sol" --checker "$T/c.c"
        [ "${stderr_lines[1]}" = "Try 'coderun --help'." ]
        # The language: from the server's list, as for the solution.
        need_root
        src c.xyz 'x' >/dev/null
        [ "$(check -l bash "$sol" --tests "$T/cases" --checker "$T/c.xyz")" = "coderun: --checker $T/c.xyz: no language for the extension \".xyz\" (name one with --judge-language LANG; coderun --list shows them)" ]
        src noext 'x' >/dev/null
        [ "$(check "$sol" --tests "$T/cases" --interactor "$T/noext")" = "coderun: --interactor $T/noext: no extension or #! line to tell the language by (name it with --judge-language LANG)" ]
}

@test "the judge's file counts toward the request cap; a checker that does not compile is the server's error" {
        local sol
        sol=$(src cat.sh 'exec cat')
        case_ cases a '1' '1'
        head -c $((17 << 20)) /dev/zero | tr '\0' 'a' > "$T/big.c"
        run -125 --separate-stderr cli -l bash "$sol" --tests "$T/cases" --checker "$T/big.c"
        [ "${stderr_lines[0]}" = "coderun: --checker $T/big.c: too large (17825792 bytes): the server takes requests of at most 16 MiB" ]
        # Each under the cap, together over it.
        head -c $((9 << 20)) /dev/zero | tr '\0' 'a' > "$T/half.c"
        cp "$T/half.c" "$T/cases/a.out"
        run -125 --separate-stderr cli -l bash "$sol" --tests "$T/cases" --checker "$T/half.c"
        [[ ${stderr_lines[0]} =~ ^coderun:\ --checker\ $T/half.c:\ the\ files,\ stdin\ and\ tests\ together\ are\ over ]]
        need_root
        case_ cases a '1' '1'
        src broken.c 'int main(void) { return undeclared; }' >/dev/null
        run -121 --separate-stderr cli "$sol" --tests "$T/cases" --checker "$T/broken.c"
        [ -z "$output" ]
        [[ ${stderr_lines[0]} =~ ^coderun:\ bad_request:\ checker:\ the\ checker\ program\ did\ not\ compile ]]
}
