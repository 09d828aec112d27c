#!/usr/bin/env bats
# interactor.bats: interactors against the real executor, served on a port of its
# own (job uids 61028-61031, each request taking two): the guessing game of
# examples/judging/guess solved right (Python and C), wrongly, with too many
# queries, never answering, flooding the pipe; an interactor that dies; two
# programs waiting for each other; a client that leaves mid-game; what the two can
# reach of each other (only the pipes); nothing left after (docs/judging.md).
bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        need_root
        serve_file uid_first=61028 slots=4
}

teardown_file() {
        unserve_file
}

setup() {
        need_root
        GUESS="$ROOT/examples/judging/guess"
}

# game LANG SOLUTION [TESTS [JQ-OBJECT]]: the solution against the guessing game's
# C++ interactor; TESTS (jq syntax) default to three secrets with 30 queries each.
game() {
        local tests='[{stdin:"1 30"}, {stdin:"777777777 30"}, {stdin:"1000000000 30"}]' more='{}'
        post "$(jq -nc --arg l "$1" --arg s "$2" --rawfile i "$GUESS/interactor.cpp" \
                "{language:\$l, source:\$s,
                  interactor:{language:\"cpp\", files:[{name:\"interactor.cpp\", content:\$i}]},
                  tests:(${3:-$tests})} + (${4:-$more})")"
        [ "$code" = 200 ] || { echo "HTTP $code: $output" >&2; return 1; }
}

@test "the guessing game solved by binary search, in Python and in C: AC, with both runs measured" {
        game python "$(cat "$GUESS/solution.py")"
        jqe '[.tests[] | .verdict] == ["AC", "AC", "AC"] and ([.tests[] | .passed] | all)'
        jqe '.tests[0].checker_message == "ok: found 1 in 29 queries"'
        jqe '.tests[2].checker_message == "ok: found 1000000000 in 30 queries"'
        # Both stages' time and memory: the solution's as a test's, the interactor's beside.
        jqe '.tests[0] | (.memory > 0) and (.wall_time >= 0) and .code == 0 and .stdout == ""'
        jqe '.tests[0].interactor | (.memory > 0) and (.wall_time >= 0) and (.cpu_time >= 0) and .code == 0'
        jqe '.tests[0].interactor.stderr == "ok: found 1 in 29 queries\n"'
        game c "$(cat "$GUESS/solution.c")"
        jqe '[.tests[] | .verdict] == ["AC", "AC", "AC"]'
}

@test "a wrong game: off by one is WA; a linear search runs out of queries (WA from the interactor)" {
        # Never moves its bound past mid: loops on the same two guesses until the limit.
        game python 'lo, hi = 1, 10**9
while True:
    mid = (lo + hi) // 2
    print("?", mid, flush=True)
    r = input()
    if r == "=": break
    if r == "<": hi = mid
    else: lo = mid' '[{stdin:"1000000000 30"}]'
        jqe '.tests[0].verdict == "WA" and .tests[0].checker_message == "wrong answer: more than 30 queries"'
        game python 'x = 1
while True:
    print("?", x, flush=True)
    if input() == "=": break
    x += 1' '[{stdin:"5 3"}, {stdin:"2 3"}]'
        jqe '[.tests[] | .verdict] == ["WA", "AC"]'
        jqe '.tests[0].checker_message == "wrong answer: more than 3 queries"'
        # The interactor ended first: the solution's own end (EOF on stdin) does not count.
        jqe '.tests[0].code != 0'
}

@test "a solution that never answers is TO, and the message says who waited" {
        # It reads forever: both wait, each for the other.
        game python 'import sys; sys.stdin.read()' '[{stdin:"5 30"}]' '{run_timeout:1000}'
        jqe '.tests[0].verdict == "TO" and .tests[0].status == "TO"'
        jqe '.tests[0].checker_message | startswith("the solution and the interactor waited for each other until the solution'"'"'s wall time limit (1000 ms")'
        # It computes and never asks: the interactor waited for it.
        game c 'int main(void) { for (volatile long i = 0;; i++) ; }' '[{stdin:"5 30"}]' '{run_timeout:3000, run_cpu_time:1000}'
        jqe '.tests[0].verdict == "TO"'
        jqe '.tests[0].checker_message == "the solution used its CPU time (1000 ms) computing"'
        jqe '.tests[0].interactor.wall_time < 6000'
}

@test "a solution that floods the pipe: the interactor judges the first bad line; nothing hangs" {
        game c '#include <stdio.h>
int main(void) { for (;;) fputs("garbage garbage garbage\n", stdout); }' '[{stdin:"5 30"}]'
        jqe '.tests[0].verdict == "WA"'
        jqe '.tests[0].checker_message == "wrong answer: expected \"? x\" as query 1"'
        # Valid queries as fast as it can, never reading the answers: the limit.
        game c '#include <stdio.h>
int main(void) { for (;;) { fputs("? 1\n", stdout); fflush(stdout); } }' '[{stdin:"5 30"}]'
        jqe '.tests[0].verdict == "WA" and .tests[0].checker_message == "wrong answer: more than 30 queries"'
}

@test "an interactor that dies, loops or exits 3 is CF; the solution's verdict is not made up" {
        local sol
        sol=$(cat "$GUESS/solution.py")
        post "$(jq -nc --arg s "$sol" '{language:"python", source:$s, run_timeout:1000, run_cpu_time:1000,
                interactor:{language:"c", run_timeout:1500, run_cpu_time:1000, source:"#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
        char how[16] = \"\";
        FILE *in = fopen(argv[1], \"r\");
        if (!in || fscanf(in, \"%15s\", how) != 1) return 4;
        if (!strcmp(how, \"crash\")) { fprintf(stderr, \"dying\\n\"); fflush(stderr); *(volatile int *)0 = 1; }
        if (!strcmp(how, \"three\")) return 3;
        if (!strcmp(how, \"spin\")) { printf(\"=\\n\"); fflush(stdout); for (;;) ; }
        return 0;
}"}, tests:[{stdin:"crash"}, {stdin:"three"}, {stdin:"spin"}]}')"
        [ "$code" = 200 ] || { echo "HTTP $code: $output" >&2; return 1; }
        jqe '[.tests[] | .verdict] == ["CF", "CF", "CF"]'
        jqe '.tests[0].checker_message | startswith("the interactor failed (killed by signal 11") and endswith("dying")'
        jqe '.tests[1].checker_message == "the interactor failed (exited with code 3)"'
        jqe '.tests[2].checker_message | startswith("the interactor failed (CPU time limit exceeded")'
        jqe '.tests[2].code == 0 and .tests[0].status == "RE"'
}

@test "the interactor gets the input file and the answer; the solution sees neither, nor the interactor's files" {
        post "$(jq -nc '{language:"bash", source:"ls -a >&2; cat /tmp/judge/* .judge-0/* 2>&1 | head -c 300 >&2; echo hi; read reply; echo \"$reply\" >&2",
                interactor:{language:"python", source:"import os, sys\nprint(\"seen\", sorted(os.listdir(\".\")), sys.argv[1:], open(sys.argv[1]).read(), open(sys.argv[3]).read(), file=sys.stderr)\nprint(\"back:\", input(), flush=True)\n"},
                tests:[{stdin:"secret-input", expected_output:"secret-answer"}]}')"
        [ "$code" = 200 ] || { echo "HTTP $code: $output" >&2; return 1; }
        jqe '.tests[0].verdict == "AC"'
        jqe '.tests[0].checker_message == "seen ['"'"'.judge-0'"'"', '"'"'main.py'"'"'] ['"'"'.judge-0/input'"'"', '"'"'.judge-0/output'"'"', '"'"'.judge-0/answer'"'"'] secret-input secret-answer"'
        jqe '.tests[0].stderr | test("secret") | not'
        jqe '.tests[0].stderr | endswith("back: hi\n")'
}

@test "the solution and the interactor share no network: no abstract socket, no loopback" {
        # The solution listens on both and says so; the interactor tries both.
        post "$(jq -nc '{language:"python", run_timeout:5000,
                source:"import socket\nu = socket.socket(socket.AF_UNIX); u.bind(\"\\u0000coderun-judge\"); u.listen()\nt = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind((\"127.0.0.1\", 7999)); t.listen()\nprint(\"listening\", flush=True)\ninput()\n",
                interactor:{language:"python", source:"import socket, sys\ninput()\nfor fam, addr in [(socket.AF_UNIX, \"\\u0000coderun-judge\"), (socket.AF_INET, (\"127.0.0.1\", 7999))]:\n    s = socket.socket(fam)\n    try:\n        s.connect(addr); print(\"reached\", addr, file=sys.stderr); sys.exit(1)\n    except OSError as e:\n        print(type(e).__name__, end=\" \", file=sys.stderr)\nprint(\"bye\", flush=True)\n"},
                tests:[{stdin:""}]}')"
        [ "$code" = 200 ] || { echo "HTTP $code: $output" >&2; return 1; }
        jqe '.tests[0].verdict == "AC"'
        jqe '.tests[0].checker_message | test("reached") | not'
        jqe '.tests[0].checker_message | test("ConnectionRefusedError|FileNotFoundError")'
}

@test "a client that leaves mid-game ends both programs at once; nothing of them is left" {
        local before t0
        before=$(host_mounts | wc -l)
        t0=$EPOCHREALTIME
        # Both wait for each other, for up to 10 s; the client gives up after 1.
        printf '%s' "$(jq -nc '{language:"python", source:"input()", run_timeout:10000,
                interactor:{language:"python", source:"input()", run_timeout:10000},
                tests:[{stdin:""}]}')" | curl -s --max-time 1 --data-binary @- \
                "http://127.0.0.1:$PORT/api/v2/execute" || true
        wait_for 5 bash -c '! pgrep -u 61028,61029,61030,61031 >/dev/null'
        [ "$(ms_since "$t0")" -lt 6000 ]
        ! pgrep -u 61028,61029,61030,61031
        [ "$(host_mounts | wc -l)" = "$before" ]
        # A slot keeps its cgroups (sandbox/cgroup.c), empty.
        [ -z "$(CONF=$FILE_CONF job_cgroup_tasks)" ]
        [ -z "$(CONF=$FILE_CONF job_files)" ]
}

@test "a streamed run beside an interactor: the exit events carry the verdict and the interactor's run" {
        local req
        req=$(jq -nc --rawfile s "$GUESS/solution.py" --rawfile i "$GUESS/interactor.cpp" '{language:"python",
                source:$s, stream:true, interactor:{language:"cpp", source:$i}, tests:[{stdin:"3 30"}, {stdin:"4 1"}]}')
        run -0 --separate-stderr bash -c 'printf "%s\n" "$1" | nc -N -w 60 127.0.0.1 "$2"' _ "$req" "$PORT"
        output=$(grep -v '^ *$' <<<"$output" | sed 's/^ *//' | jq -sc .)
        jqe '[.[] | select(.type == "exit") | [.test, .verdict]] == [[0, "AC"], [1, "WA"]]'
        jqe '[.[] | select(.type == "exit")][0].interactor.code == 0'
        jqe '[.[] | select(.type == "done")][0].result.tests | map(.verdict) == ["AC", "WA"]'
}
