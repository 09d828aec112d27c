#!/usr/bin/env bats
# judging.bats: checkers, verdicts, stop_on_failure and compile_args against the real
# executor, served on a port of its own (job uids 61020-61023): each built-in
# checker on a real run's output, every status as a test's verdict, the stream's
# exit and done events, the strict parsing of the new fields, compile_args changing
# C and C++ programs, and hostile compile_args that reach only what the compile
# sandbox already could (docs/protocol.md, "Judging").
bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        need_root
        serve_file uid_first=61020 slots=4
}

teardown_file() {
        unserve_file
}

setup() {
        need_root
}

# post_src LANG SOURCE JQ-OBJECT: post of req_src's request.
post_src() {
        post "$(req_src "$@")"
}

# bad FIELD-MESSAGE JSON: the request is refused, bad_request, with exactly this message.
bad() {
        post "$2"
        [ "$code" = 400 ] || { echo "HTTP $code: $output" >&2; return 1; }
        jqe --arg m "$1" '.error == "bad_request" and .message == $m'
}

# An echo of stdin: each test's output is its stdin, byte for byte.
CAT='cat'

@test "each checker judges a real run: AC, WA and the reason" {
        post_src bash "$CAT" '{tests:[
                {stdin:"1 2\n",expected_output:"1 2"},
                {stdin:"1 2\n",expected_output:"1 3"},
                {stdin:"1 2\n",expected_output:"1 2\n",checker:"exact"},
                {stdin:"1 2",expected_output:"1 2\n",checker:"exact"},
                {stdin:" 1\n\n2 ",expected_output:"1 2",checker:"tokens"},
                {stdin:"1 2",expected_output:"1 2 3",checker:"tokens"},
                {stdin:"0.1000001 x",expected_output:"0.1 x",checker:{type:"float",abs:1e-6}},
                {stdin:"0.1",expected_output:"0.2",checker:{type:"float",abs:1e-6,rel:1e-6}},
                {stdin:"b\na\n",expected_output:"a\nb\n",checker:"unordered"},
                {stdin:"b\nb\n",expected_output:"a\nb\n",checker:{type:"unordered"}}]}'
        [ "$code" = 200 ]
        jqe '[.tests[].verdict] == ["AC","WA","AC","WA","AC","WA","AC","WA","AC","WA"]'
        jqe '[.tests[].passed] == [true,false,true,false,true,false,true,false,true,false]'
        jqe '[.tests[] | select(.verdict == "AC") | .checker_message] | all(. == null)'
        jqe '.tests[1].checker_message == "line 1: expected \"1 3\", got \"1 2\""'
        jqe '.tests[3].checker_message == "line 1, column 4: expected \"1 2\\n\", got \"1 2\" (the output ends there)"'
        jqe '.tests[5].checker_message == "token 3: expected \"3\", got the end of the output"'
        jqe '.tests[7].checker_message == "token 1: \"0.1\" differs from \"0.2\" by more than abs 1e-06 and rel 1e-06"'
        jqe '.tests[9].checker_message == "expected line \"a\" is missing from the output (2 lines expected, 2 output)"'
}

@test "the request's checker judges every test that names none" {
        post_src bash "$CAT" '{checker:"exact",tests:[
                {stdin:"a\n",expected_output:"a"},
                {stdin:"a\n",expected_output:"a",checker:"lines"},
                {stdin:"a\n",expected_output:"a\n"}]}'
        jqe '[.tests[].verdict] == ["WA","AC","AC"]'
}

@test "lines is the default: blanks at line ends, CRLF and blank lines at the end do not count" {
        post_src bash "$CAT" '{tests:[
                {stdin:"a  \r\nb\n\n\n",expected_output:"a\nb"},
                {stdin:"",expected_output:""},
                {stdin:"",expected_output:"x"},
                {stdin:"a\n\nb",expected_output:"a\nb"}]}'
        jqe '[.tests[].verdict] == ["AC","AC","WA","WA"]'
        jqe '.tests[2].checker_message == "line 1: expected \"x\", got the end of the output"'
}

@test "a test without expected output is not judged: passed, verdict and checker_message null" {
        post_src bash 'echo hi; exit 3' '{tests:[{},{expected_output:"hi"}]}'
        jqe '.tests[0] | .passed == null and .verdict == null and .checker_message == null and .status == "RE"'
        jqe '.tests[1] | .passed == false and .verdict == "RE" and .checker_message == null'
}

@test "a run that failed has its status for verdict, whatever its output" {
        post_src bash 'case "$(cat)" in
re) echo ok; exit 1;;
sg) echo ok; kill -SEGV $$;;
to) echo ok; sleep 10;;
ol) yes ok | head -c 3000000;;
el) yes ok | head -c 3000000 >&2;;
*) echo ok;;
esac' '{run_timeout:1000,tests:[
                {stdin:"re",expected_output:"ok"},
                {stdin:"sg",expected_output:"ok"},
                {stdin:"to",expected_output:"ok"},
                {stdin:"ol",expected_output:"ok"},
                {stdin:"el",expected_output:"ok"},
                {stdin:"",expected_output:"ok"}]}'
        jqe '[.tests[].status] == ["RE","SG","TO","OL","EL",null]'
        jqe '[.tests[].verdict] == ["RE","SG","TO","OL","EL","AC"]'
        jqe '[.tests[].passed] == [false,false,false,false,false,true]'
}

@test "ML and XX are verdicts too" {
        post_src python 'import sys
if sys.stdin.read() == "big":
    b = bytearray(1 << 30)
    for i in range(0, len(b), 4096):
        b[i] = 1
print("ok")' '{run_memory_limit:134217728,tests:[{stdin:"big",expected_output:"ok"},{expected_output:"ok"}]}'
        jqe '[.tests[].verdict] == ["ML","AC"]'
        post_src c '#include <stdio.h>
#include <unistd.h>
int main(void) { puts("ok"); return unlink("/box/main"); }' '{tests:[{expected_output:"ok"},{expected_output:"ok"}]}'
        jqe '[.tests[].verdict] == ["AC","XX"]'
}

@test "stop_on_failure: the tests after the first that did not pass are NR, not run" {
        post_src bash 'read -r x; echo "$x"; echo ran >&2' '{stop_on_failure:true,tests:[
                {stdin:"1",expected_output:"1"},
                {stdin:"2",expected_output:"3"},
                {stdin:"3",expected_output:"3"},
                {stdin:"4"}]}'
        jqe '[.tests[].verdict] == ["AC","WA","NR","NR"]'
        jqe '[.tests[].passed] == [true,false,false,null]'
        jqe '.tests[2:] | all(.stdout == "" and .stderr == "" and .code == null and .status == null and .checker_message == null)'
        post_src bash 'read -r x; echo "$x"' '{stop_on_failure:false,tests:[
                {stdin:"2",expected_output:"3"},{stdin:"3",expected_output:"3"}]}'
        jqe '[.tests[].verdict] == ["WA","AC"]'
        # A test without expected output never stops the run, even when it fails.
        post_src bash 'read -r x; echo "$x"; exit $x' '{stop_on_failure:true,tests:[
                {stdin:"1"},{stdin:"0",expected_output:"0"}]}'
        jqe '[.tests[].verdict] == [null,"AC"]'
}

@test "a stream's exit events carry the verdict; a test not run has none, only done's NR" {
        local req
        req=$(req_src bash 'read -r x; echo "$x"' '{stream:true,stop_on_failure:true,tests:[
                {stdin:"1",expected_output:"1"},{stdin:"2",expected_output:"x"},{stdin:"3",expected_output:"3"}]}')
        run -0 --separate-stderr bash -c 'printf "%s\n" "$1" | nc -N -w 60 127.0.0.1 "$2"' _ "$req" "$PORT"
        output=$(grep -v '^ *$' <<<"$output" | sed 's/^ *//' | jq -sc .)
        jqe '[.[] | select(.type == "stage") | .test] == [0, 1]'
        jqe '[.[] | select(.type == "exit") | [.test, .verdict, .passed]] == [[0,"AC",true],[1,"WA",false]]'
        jqe '[.[] | select(.type == "exit")][1].checker_message == "line 1: expected \"x\", got \"2\""'
        jqe '[.[] | select(.type == "done")][0].result.tests | map(.verdict) == ["AC","WA","NR"]'
}

@test "checker, tests[].checker and stop_on_failure are parsed strictly, naming the field" {
        local t='"tests":[{"expected_output":"1"}]'
        bad 'checker: must be "lines", "exact", "tokens", "unordered", "float" or "program" (these two as the type of an object)' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":\"Lines\",$t}"
        bad 'checker: must be a string or an object with a "type"' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":3,$t}"
        bad 'checker: must be a string or an object with a "type"' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":null,$t}"
        bad 'checker: an object needs a "type"' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{},$t}"
        bad 'checker.type: must be a string' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":1},$t}"
        bad 'checker: unknown field "abs"' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"tokens\",\"abs\":1},$t}"
        bad 'checker: unknown field "eps"' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"float\",\"eps\":1},$t}"
        bad 'checker: duplicate field "abs"' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"float\",\"abs\":1,\"abs\":2},$t}"
        bad 'checker: "float" needs its tolerances: {"type":"float","abs":A,"rel":R}' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":\"float\",$t}"
        bad 'checker: float needs "abs", "rel" or both' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"float\"},$t}"
        bad 'checker.abs: must be a finite number >= 0' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"float\",\"abs\":-1e-6},$t}"
        bad 'checker.rel: must be a finite number >= 0' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"float\",\"rel\":1e999},$t}"
        bad 'checker.rel: must be a number >= 0 (at most 64 characters)' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"float\",\"rel\":\"NaN\"},$t}"
        bad 'tests[0].checker: must be "lines", "exact", "tokens", "unordered", "float" or "program" (these two as the type of an object)' \
                '{"language":"bash","source":"","tests":[{"expected_output":"1","checker":"diff"}]}'
        bad 'tests[0].checker: needs an expected_output to judge against' \
                '{"language":"bash","source":"","tests":[{"checker":"exact"}]}'
        bad 'checker: only with "tests" (it judges their runs)' \
                '{"language":"bash","source":"","checker":"exact"}'
        bad 'stop_on_failure: only with "tests" (it judges their runs)' \
                '{"language":"bash","source":"","stop_on_failure":true}'
        bad 'stop_on_failure: must be true or false' \
                "{\"language\":\"bash\",\"source\":\"\",\"stop_on_failure\":1,$t}"
}

@test "checker programs and interactors are parsed strictly, naming the field" {
        local t='"tests":[{"expected_output":""}]' py='"language":"python","source":""'
        bad 'checker: a checker program is an object: {"type":"program","language":...,"files":[...]}' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":\"program\",$t}"
        bad 'tests[0].checker: a checker program is the request'"'"'s "checker", compiled once for every test; a test may name a built-in one' \
                '{"language":"bash","source":"","tests":[{"expected_output":"","checker":{"type":"program"}}]}'
        bad 'checker.language: required' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"program\",\"source\":\"\"},$t}"
        bad 'checker.files: required (or "source")' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"program\",\"language\":\"python\"},$t}"
        bad 'checker: unknown field "stdin"' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"program\",$py,\"stdin\":\"\"},$t}"
        bad 'checker.files[0].name: must be a relative path without ".."' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"program\",\"language\":\"python\",\"files\":[{\"name\":\"../x\",\"content\":\"\"}]},$t}"
        bad 'checker.files[1].name: duplicate of checker.files[0].name' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"program\",\"language\":\"python\",\"files\":[{\"name\":\"a\",\"content\":\"\"},{\"name\":\"a\",\"content\":\"\"}]},$t}"
        bad 'checker.run_timeout: must be an integer >= 0 or -1' \
                "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"program\",$py,\"run_timeout\":\"1\"},$t}"
        bad 'interactor: must be an object' "{\"language\":\"bash\",\"source\":\"\",\"interactor\":1,$t}"
        bad 'interactor: unknown field "type"' \
                "{\"language\":\"bash\",\"source\":\"\",\"interactor\":{\"type\":\"program\",$py},$t}"
        bad 'interactor: only with "tests" (it judges their runs)' \
                "{\"language\":\"bash\",\"source\":\"\",\"interactor\":{$py}}"
        bad 'checker: not with an "interactor" (its exit code is the verdict)' \
                "{\"language\":\"bash\",\"source\":\"\",\"interactor\":{$py},\"checker\":\"exact\",$t}"
        bad 'tests[0].checker: not with an "interactor" (its exit code is the verdict)' \
                "{\"language\":\"bash\",\"source\":\"\",\"interactor\":{$py},\"tests\":[{\"expected_output\":\"\",\"checker\":\"exact\"}]}"
        # Its language is looked up as the request's is, and named as its.
        post "{\"language\":\"bash\",\"source\":\"\",\"interactor\":{\"language\":\"cobol-85\",\"source\":\"\"},$t}"
        [ "$code" = 400 ]
        jqe '.error == "unknown_language" and .message == "interactor: unknown language \"cobol-85\""'
        post "{\"language\":\"bash\",\"source\":\"\",\"checker\":{\"type\":\"program\",$py,\"run_timeout\":999999999},$t}"
        [ "$code" = 400 ]
        jqe '.message == "checker.run_timeout: 999999999 is above the server'"'"'s maximum 15000"'
}

# The same C or C++ program, built with the request's compile_args.
OPT='#include <stdio.h>
int main(void) {
#ifdef __OPTIMIZE__
        puts("optimized");
#else
        puts("not optimized");
#endif
#ifdef NAME
        printf("NAME=%d\n", NAME);
#endif
        return 0;
}'

@test "compile_args: -O0 and -DNAME=1 change the C and the C++ program" {
        local lang
        for lang in c cpp; do
                post_src "$lang" "$OPT" '{}'
                jqe '.run.stdout == "optimized\n"'
                post_src "$lang" "$OPT" '{compile_args:["-O0"]}'
                jqe '.compile.status == null and .run.stdout == "not optimized\n"'
                post_src "$lang" "$OPT" '{compile_args:["-O0","-DNAME=1"]}'
                jqe '.run.stdout == "not optimized\nNAME=1\n"'
                # One argument each, never split or expanded: a space stays in the word.
                post_src "$lang" "$OPT" '{compile_args:["-DNAME=1 + 41"]}'
                jqe '.run.stdout == "optimized\nNAME=42\n"'
                # {stem} is main in lang.d's words, and text in a compile_arg.
                post_src "$lang" "$OPT" '{compile_args:["-DNAME=(int)sizeof(\"{stem}\")"]}'
                jqe '.run.stdout == "optimized\nNAME=7\n"'
                post_src "$lang" "$OPT" '{compile_args:["-Werror=unused-variable"],source:"int main(void) { int x; return 0; }"}'
                jqe '.compile.status == "RE" and (.compile.stderr | test("unused variable"))'
        done
}

@test "compile_args: a language without {compile_args}, or without a compile step, refuses them" {
        bad 'compile_args: python has no compile step' '{"language":"python","source":"","compile_args":[]}'
        bad 'compile_args: gas takes no compile arguments (its lang.d compile command has no {compile_args})' \
                '{"language":"gas","source":"","compile_args":["-g"]}'
        bad 'compile_args: must be an array of strings' '{"language":"c","source":"","compile_args":"-O0"}'
        bad 'compile_args[1]: must be a string' '{"language":"c","source":"","compile_args":["-O0",1]}'
        bad 'compile_args[0]: must not contain NUL' '{"language":"c","source":"","compile_args":["-O\u0000"]}'
        bad 'compile_args[0]: must be 1 to 4096 bytes' '{"language":"c","source":"","compile_args":[""]}'
        bad 'compile_args[0]: must be 1 to 4096 bytes' \
                "$(jq -nc '{language:"c",source:"",compile_args:["-D" + ("x" * 4095)]}')"
        bad 'compile_args: more than 64 args' \
                "$(jq -nc '{language:"c",source:"",compile_args:[range(65) | "-DX\(.)"]}')"
        post "$(jq -nc --arg s "$OPT" '{language:"c",source:$s,compile_args:[range(64) | "-DX\(.)"]}')"
        jqe '.compile.status == null and .run.stdout == "optimized\n"'
}

@test "hostile compile_args reach only what the compile sandbox can: no host file, no host dir" {
        local host="$BATS_TEST_TMPDIR/host" mark
        mark="host-secret-$RANDOM$RANDOM"
        mkdir -p "$host"
        printf -- '-DLEAK="%s"\n' "$mark" > "$host/args"
        printf '#!/bin/sh\necho %s; echo %s > %s/ran\n' "$mark" "$mark" "$host" > "$host/as"
        cp "$host/as" "$host/cc1"
        chmod 755 "$host/as" "$host/cc1"
        [ -s /etc/shadow ]
        # @file: the host's /etc/shadow and a host-only file are not in the sandbox, so
        # gcc reads each as a plain argument and fails on it; nothing of either shows.
        post_src c "$OPT" '{compile_args:["@/etc/shadow"]}'
        jqe '.compile.status == "RE" and (.compile.stderr | test("/etc/shadow: No such file"))'
        ! grep -qF -- "$(head -c 8 /etc/shadow)" <<<"$output"
        post_src c "$OPT" "$(jq -nc --arg f "@$host/args" '{compile_args:[$f]}')"
        jqe '.compile.status == "RE"'
        ! grep -qF -- "$mark" <<<"$output"
        # -fplugin: a host path is no file in there either.
        post_src c "$OPT" "$(jq -nc --arg f "-fplugin=$host/plugin.so" '{compile_args:[$f]}')"
        jqe '.compile.status == "RE" and (.compile.stderr | test("plugin"))'
        # -B: gcc looks for its cc1 and as in a host dir that is not there, and
        # falls back to its own: the program builds, the host's never run.
        post_src c "$OPT" "$(jq -nc --arg f "-B$host/" '{compile_args:[$f]}')"
        jqe '.compile.status == null and .run.stdout == "optimized\n"'
        ! grep -qF -- "$mark" <<<"$output"
        [ ! -e "$host/ran" ]
        # -wrapper runs a program of the sandbox, as the job's uid and no one else
        # (on stderr: with -pipe, cc1's stdout is the assembler's input).
        post_src c "$OPT" '{compile_args:["-wrapper","/usr/bin/sh,-c,id -u >&2; exec \"$0\" \"$@\""]}'
        jqe '.compile.status == null and (.compile.stderr | test("^(6102[0-3]\n)+$"))'
        jqe '.run.stdout == "optimized\n"'
        post_src c "$OPT" '{compile_args:["-wrapper","/usr/bin/sh,-c,cat /etc/shadow; exec \"$0\" \"$@\""]}'
        jqe '.compile.stderr | test("/etc/shadow: No such file")'
        ! grep -qF -- "$(head -c 8 /etc/shadow)" <<<"$output"
}
