#!/usr/bin/env bats
# checker.bats: checker programs ({"type":"program"} in "checker") against the real
# executor, served on a port of its own (job uids 61024-61027, each judged request
# taking two): testlib's command line and exit codes in C and in Python, a checker
# that crashes, loops, prints megabytes or exits 3 (CF, the run's own result
# intact), one that does not compile, and what a checker can reach: not the
# solution's files, not another test's answer, not the host, not the network; nor
# can the solution reach the answer (docs/protocol.md, "Judging").
bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        need_root
        serve_file uid_first=61024 slots=4
}

teardown_file() {
        unserve_file
}

setup() {
        need_root
}

# judged LANG SOURCE CHECKER-LANG CHECKER-SOURCE TESTS [JQ-OBJECT]: post the
# solution with the checker program over the tests (TESTS in jq syntax).
judged() {
        post "$(jq -nc --arg l "$1" --arg s "$2" --arg cl "$3" --arg cs "$4" \
                "{language:\$l, source:\$s, tests:($5),
                  checker:({type:\"program\", language:\$cl, source:\$cs} + (${6:-{\}}))}")"
}

# A testlib-style checker in C: the tokens of output against answer; "2" in the
# output is a presentation error, for the PE path.
CHECK_C='#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
        char a[256], b[256];
        FILE *in = fopen(argv[1], "r"), *out = fopen(argv[2], "r"), *ans = fopen(argv[3], "r");
        int n = 0;
        if (argc != 4 || !in || !out || !ans) { fprintf(stderr, "bad command line\n"); return 3; }
        while (fscanf(ans, "%255s", b) == 1) {
                if (fscanf(out, "%255s", a) != 1) { fprintf(stderr, "wrong answer: output ends at token %d\n", n + 1); return 1; }
                if (!strcmp(a, "2")) { fprintf(stderr, "presentation: 2 is spelt two\n"); return 2; }
                if (strcmp(a, b)) { fprintf(stderr, "wrong answer: token %d is %s, not %s\n", n + 1, a, b); return 1; }
                n++;
        }
        fprintf(stderr, "ok %d tokens\n", n);
        return 0;
}'

# The same rule in Python: any permutation of the answer's words is right.
CHECK_PY='import sys
inp, out, ans = sys.argv[1:4]
got, want = open(out).read().split(), open(ans).read().split()
if sorted(got) == sorted(want):
    print("ok: a permutation of", len(want), "words", file=sys.stderr)
    sys.exit(0)
print("wrong answer: not a permutation of", want, file=sys.stderr)
sys.exit(1)'

@test "a checker in C: testlib's command line, 0 AC, 1 WA, 2 PE, its message and its own run" {
        judged bash 'cat' c "$CHECK_C" '[
                {stdin:"1 3\n", expected_output:"1 3"},
                {stdin:"1 4", expected_output:"1 3"},
                {stdin:"2", expected_output:"two"},
                {stdin:"7"}]'
        [ "$code" = 200 ] || { echo "$code $output" >&2; return 1; }
        jqe '[.tests[] | .verdict] == ["AC", "WA", "PE", null]'
        jqe '[.tests[] | .passed] == [true, false, false, null]'
        jqe '[.tests[] | .checker_message] == ["ok 2 tokens", "wrong answer: token 2 is 4, not 3",
                                              "presentation: 2 is spelt two", null]'
        # The run's own result is untouched; the checker's run is reported beside it.
        jqe '.tests[1].stdout == "1 4" and .tests[1].code == 0 and .tests[1].status == null'
        jqe '.tests[0].checker | .code == 0 and .stderr == "ok 2 tokens\n" and (.memory > 0)
                and (.wall_time >= 0) and (.cpu_time >= 0)'
        jqe '.tests[1].checker | .code == 1 and .status == "RE"'
        # A test with nothing to judge against runs no checker.
        jqe '.tests[3] | has("checker") | not'
}

@test "a checker in Python: any permutation of the answer is right" {
        judged python 'import sys; print(*reversed(sys.stdin.read().split()))' python "$CHECK_PY" '[
                {stdin:"a b c", expected_output:"a b c\n"},
                {stdin:"a b", expected_output:"a b c\n"}]'
        [ "$code" = 200 ] || { echo "$code $output" >&2; return 1; }
        jqe '.tests[0].stdout == "c b a\n" and .tests[0].verdict == "AC"'
        jqe '.tests[0].checker_message == "ok: a permutation of 3 words"'
        jqe '.tests[1].verdict == "WA" and (.tests[1].checker_message | startswith("wrong answer: not a permutation"))'
}

@test "a run that failed is not given to the checker: its own verdict" {
        judged bash 'read x; [ "$x" = 1 ] || exit 4; echo 1' c "$CHECK_C" '[
                {stdin:"1", expected_output:"1"}, {stdin:"2", expected_output:"2"}]'
        jqe '[.tests[] | .verdict] == ["AC", "RE"]'
        jqe '.tests[1] | has("checker") | not'
}

@test "stop_on_failure stops at the checker's WA" {
        post "$(jq -nc --arg cs "$CHECK_C" '{language:"bash", source:"cat", stop_on_failure:true,
                checker:{type:"program", language:"c", source:$cs},
                tests:[{stdin:"1",expected_output:"1"},{stdin:"1",expected_output:"2"},{stdin:"3",expected_output:"3"}]}')"
        jqe '[.tests[] | .verdict] == ["AC", "WA", "NR"]'
}

@test "a checker that crashes, loops, floods its stderr or exits 3 is CF, with the reason; the run intact" {
        judged bash 'echo 42' c '#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
        FILE *ans = fopen(argv[3], "r");
        char how[16] = "";
        if (!ans || fscanf(ans, "%15s", how) != 1) return 5;
        if (!strcmp(how, "crash")) { fprintf(stderr, "about to crash\n"); fflush(stderr); *(volatile int *)0 = 1; }
        if (!strcmp(how, "loop")) for (;;) ;
        if (!strcmp(how, "flood")) for (;;) fputs("0123456789abcdef", stderr);
        if (!strcmp(how, "three")) { fprintf(stderr, "my own bug\n"); return 3; }
        return 0;
}' '[{stdin:"", expected_output:"crash"}, {stdin:"", expected_output:"loop"},
     {stdin:"", expected_output:"flood"}, {stdin:"", expected_output:"three"},
     {stdin:"", expected_output:"fine"}]' '{run_timeout:1000, run_cpu_time:1000}'
        [ "$code" = 200 ] || { echo "$code $output" >&2; return 1; }
        jqe '[.tests[] | .verdict] == ["CF", "CF", "CF", "CF", "AC"]'
        jqe '.tests[0].checker_message | startswith("the checker failed (killed by signal 11") and endswith("about to crash")'
        jqe '.tests[1].checker_message | startswith("the checker failed (") and test("time limit exceeded \\(1000 ms\\)")'
        jqe '.tests[2].checker_message | startswith("the checker failed (stderr exceeded the output limit (65536 bytes))")'
        jqe '.tests[2].checker.stderr_truncated == true and (.tests[2].checker.stderr | length) == 65536'
        jqe '.tests[3].checker_message == "the checker failed (exited with code 3): my own bug"'
        # Each run is its own: the program printed 42 every time, and passed nothing.
        jqe '[.tests[] | .stdout] == ["42\n","42\n","42\n","42\n","42\n"] and ([.tests[] | .code] | unique) == [0]'
        jqe '.tests[1].checker.wall_time < 5000'
}

@test "a checker that does not compile fails the request, with the compiler's words" {
        judged bash 'echo 1' c 'int main(void) { return undeclared; }' '[{stdin:"", expected_output:"1"}]'
        [ "$code" = 400 ]
        jqe '.error == "bad_request"'
        jqe '.message | startswith("checker: the checker program did not compile (exited with code 1): ") and test("undeclared")'
}

@test "a checker sees its test's three files and nothing of the solution's, another test's or the host's" {
        start_listener
        # The solution leaves a file in its work dir and prints its uid; the checker
        # prints what it can see, tries the solution's file, the host and the network.
        judged bash 'echo secret-of-the-solution > mine.txt; id -u' python 'import os, socket, sys
inp, out, ans = sys.argv[1:4]
seen = {"args": sys.argv[1:], "uid": os.getuid(), "cwd": os.getcwd(),
        "here": sorted(os.listdir(".")), "judge": sorted(os.listdir(os.path.dirname(inp))),
        "answer": open(ans).read(), "output": open(out).read(),
        "writable": os.access(ans, os.W_OK) or os.access(os.path.dirname(inp), os.W_OK)}
for path in ["mine.txt", "/box/mine.txt", "/tmp/box/mine.txt", "/etc/shadow", "/root", "/tmp/judge"]:
    seen[path] = os.path.exists(path)
seen["repo"] = os.path.exists("'"$ROOT"'")
try:
    socket.create_connection(("127.0.0.1", '"$T4"'), timeout=2)
    seen["net"] = "connected"
except OSError as e:
    seen["net"] = type(e).__name__
import json; print(json.dumps(seen), file=sys.stderr)
' '[{stdin:"in-0", expected_output:"answer-0"}, {stdin:"in-1", expected_output:"answer-1"}]'
        kill "$LISTENER"
        [ "$code" = 200 ] || { echo "$code $output" >&2; return 1; }
        local a b
        a=$(jq -c '.tests[0].checker.stderr | fromjson' <<<"$output")
        b=$(jq -c '.tests[1].checker.stderr | fromjson' <<<"$output")
        output=$a
        jqe '.args == [".judge-0/input", ".judge-0/output", ".judge-0/answer"] and .cwd == "/box"'
        jqe '.judge == ["answer", "input", "output"] and .answer == "answer-0" and .writable == false'
        jqe '.here == [".judge-0", "main.py"]'
        jqe '."mine.txt" == false and ."/box/mine.txt" == false and ."/tmp/box/mine.txt" == false'
        jqe '."/etc/shadow" == false and ."/root" == false and .repo == false and ."/tmp/judge" == false'
        jqe '.net != "connected"'
        # Its own uid, not the solution's, whose output it judges.
        jqe --argjson sol "$(jq '.tests[0].stdout | tonumber' <<<"$(cat "$BATS_TEST_TMPDIR/body")")" \
                '.uid != $sol and .output == ($sol | tostring) + "\n"'
        # The next test's checker sees only its own folder: test 0's is gone.
        output=$b
        jqe '.here == [".judge-1", "main.py"] and .answer == "answer-1"'
        [ ! -s "$NET_LOG" ] || { cat "$NET_LOG" >&2; return 1; }
}

@test "the solution cannot reach the expected output or the checker's work dir" {
        judged bash 'grep -rsl answer-ZQX /box /tmp /dev/shm /etc /var /run /home 2>/dev/null; ls -a /tmp; ls / | tr "\n" " "' \
                c "$CHECK_C" '[{stdin:"", expected_output:"answer-ZQX"}]'
        [ "$code" = 200 ] || { echo "$code $output" >&2; return 1; }
        jqe '.tests[0].verdict == "WA"'
        jqe '.tests[0].stdout | test("answer-ZQX") | not'
        jqe '.tests[0].stdout | test("judge") | not'
}

@test "a judged request needs two slots: with one, it is refused as busy" {
        local conf state="$BATS_TEST_TMPDIR/state"
        conf=$(conf_with slots=1 uid_first=61027 state_dir="$state")
        run --separate-stderr cr_with "$conf" "$(jq -nc --arg cs "$CHECK_PY" '{language:"bash", source:"cat",
                checker:{type:"program", language:"python", source:$cs}, tests:[{expected_output:""}]}')"
        release_state "$state"
        jqe '.error == "busy" and (.message | startswith("a checker program or an interactor needs a second job slot"))'
}

@test "nothing of a checker outlives its request: no process, task in a cgroup, mount or file of the job uids" {
        local before
        before=$(host_mounts | wc -l)
        judged bash 'echo 1' python 'import os, subprocess
subprocess.Popen(["sleep", "1000"], start_new_session=True)
open("/tmp/left-by-checker", "w").write("x")
' '[{stdin:"", expected_output:"1"}, {stdin:"", expected_output:"1"}]'
        jqe '[.tests[] | .verdict] == ["AC", "AC"]'
        ! pgrep -u 61024,61025,61026,61027
        [ "$(host_mounts | wc -l)" = "$before" ]
        # A slot keeps its cgroups (sandbox/cgroup.c), empty.
        [ -z "$(CONF=$FILE_CONF job_cgroup_tasks)" ]
        [ -z "$(CONF=$FILE_CONF job_files)" ]
}
