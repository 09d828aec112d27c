#!/usr/bin/env bats
# cli.bats: the coderun command (cli/) end to end, against the real executor served
# through systemd-socket-activate on a free loopback port: every option, every exit
# status, stdin and byte-exact output, the tests mode, the runtime list, colours,
# and every error it reports. A fake server (tests/cli/fake-server.py) stands in
# where a real one cannot: to see the exact request, and to send escapes and broken
# replies the executor never writes.

bats_require_minimum_version 1.7.0

load ../helper
load fake

CLI="$ROOT/cli/coderun"

setup_file() {
        [ -x "$ROOT/cli/coderun" ] || { echo "cli/coderun missing: make" >&2; return 1; }
        [ "$(id -u)" -eq 0 ] || return 0        # the tests that need a server skip
        serve_file uid_first=61124 slots=4
}

teardown_file() {
        unserve_file
}

setup() {
        T="$BATS_TEST_TMPDIR"
        export CODERUN_SERVER="127.0.0.1:${PORT:-1}"
        unset NO_COLOR
        pids=()
}

teardown() {
        local pid
        for pid in "${pids[@]}"; do
                kill "$pid" 2>/dev/null || true
        done
        # A failed check shows only the exit code: show what the CLI said too.
        if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
                echo "last CLI stderr: ${stderr:-}" >&2
                tail -n 5 "$BATS_FILE_TMPDIR/serve.log" >&2 2>/dev/null || true
        fi
}

# cli ARGS...: the CLI with an empty stdin (bats passes its own stdin on, which may
# be a pipe); cli_stdin ARGS...: with the caller's stdin.
cli() {
        "$CLI" "$@" </dev/null
}

cli_stdin() {
        "$CLI" "$@"
}

version_of() {
        awk -v l="$1" '$1 == l { print $2 }' "$BUILD/runtimes"
}

# src NAME TEXT: write a source file into the test's folder; prints its path.
src() {
        mkdir -p "$(dirname "$T/$1")"
        printf '%s\n' "$2" > "$T/$1"
        echo "$T/$1"
}

# in_tty CMD: CMD (a shell command line) on a pseudo-terminal, its output as the
# terminal shows it.
in_tty() {
        timeout 60 script -qec "$1" /dev/null </dev/null
}

# ---------------------------------------------------------------- usage

@test "--help: usage, options and the exit status table; exit 0" {
        run -0 --separate-stderr cli --help
        [ "${lines[0]}" = "Usage: coderun [OPTION]... FILE... [-- ARG...]" ]
        for line in "  128+N  the program was killed by signal N" "  1      --test, --tests: a test failed" \
                    "  118    the checker program or interactor failed on a test (CF)" \
                    "  119    output limit exceeded" "  120    server unreachable, or its reply was not a coderun reply" \
                    "  121    the server refused the request (e.g. unknown language) or could not run it" \
                    "  122    compile error" "  123    memory limit exceeded" \
                    "  124    time limit exceeded (wall-clock or CPU)" \
                    "  125    bad usage, or a file that cannot be read or sent"; do
                assert_line "$line"
        done
        [ -z "$stderr" ]
        run -0 --separate-stderr cli -h
        [ "${lines[0]}" = "Usage: coderun [OPTION]... FILE... [-- ARG...]" ]
}

@test "--version" {
        run -0 --separate-stderr cli --version
        [ "$output" = "coderun 0.1.0" ]
}

@test "the man page: valid groff, every option of --help and every exit status; make install installs it" {
        run -0 groff -man -Tutf8 -ww -z "$ROOT/cli/coderun.1"
        [ -z "$output" ]
        page=$(MANWIDTH=100 man -l "$ROOT/cli/coderun.1" 2>/dev/null)
        for opt in $(cli --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
                grep -qF -- "$opt" <<<"$page" || { echo "man page lacks $opt" >&2; return 1; }
        done
        for code in 118 119 120 121 122 123 124 125 128+N; do
                grep -qP "^ +\Q$code\E " <<<"$page" || { echo "man page lacks exit status $code" >&2; return 1; }
        done
        run -0 make -s -n -C "$ROOT" install PREFIX=/p DESTDIR=/d
        assert_line "install -Dm755 cli/coderun /d/p/bin/coderun"
        assert_line "install -Dm644 cli/coderun.1 /d/p/share/man/man1/coderun.1"
}

@test "bad usage exits 125 with one line and a hint" {
        check() {
                run -125 --separate-stderr cli "$@"
                [ -z "$output" ]
                [ "${stderr_lines[1]}" = "Try 'coderun --help'." ] || return 1
                echo "${stderr_lines[0]}"
        }
        [ "$(check --bogus)" = "coderun: unknown option --bogus" ]
        [ "$(check -x main.py)" = "coderun: unknown option -x" ]
        [ "$(check main.py -l)" = "coderun: option -l needs a value" ]
        [ "$(check main.py --timeout)" = "coderun: option --timeout needs a value" ]
        [ "$(check)" = "coderun: no source file given" ]
        [ "$(check --timeout 2x a.py)" = "coderun: --timeout: \"2x\" is not a duration (e.g. 2, 1.5s, 500ms, 1m)" ]
        [ "$(check --cpu-time 0 a.py)" = "coderun: --cpu-time: \"0\" is not a duration (e.g. 2, 1.5s, 500ms, 1m)" ]
        [ "$(check --memory 1T a.py)" = "coderun: --memory: \"1T\" is not a size (e.g. 256M, 1G, 512K, or bytes)" ]
        [ "$(check --compile-memory=-1 a.py)" = "coderun: --compile-memory: \"-1\" is not a size (e.g. 256M, 1G, 512K, or bytes)" ]
        [ "$(check --list a.py)" = "coderun: --list takes no files, tests or arguments" ]
        [ "$(check a.py -)" = "coderun: only the first file (the entry point) can be - (the source on stdin)" ]
        [ "$(check -)" = "coderun: the source is read from stdin: name its language with -l LANG" ]
        [ "$(check -i in.txt --test a:b a.py)" = "coderun: -i and --test/--tests: each test has its own stdin" ]
        [ "$(check --test ab a.py)" = "coderun: --test: \"ab\" is not IN:OUT (stdin file and expected output file)" ]
        [ "$(check --encoding latin1 a.py)" = "coderun: --encoding: \"latin1\" is not utf8 or base64" ]
        [ "$(check a.py -- $'\xff')" = "coderun: a program argument is not valid UTF-8: the protocol carries it as text" ]
}

# ---------------------------------------------------------------- running

@test "a program's stdout, stderr and exit code pass through" {
        need_root
        f=$(src main.py 'import sys
print("to stdout")
print("to stderr", file=sys.stderr)
sys.exit(3)')
        run -3 --separate-stderr cli "$f"
        [ "$output" = "to stdout" ]
        [ "$stderr" = "to stderr" ]
        f=$(src ok.py 'print("fine")')
        run -0 --separate-stderr cli "$f"
        [ "$output" = fine ]
        [ -z "$stderr" ]
}

@test "binary output passes byte for byte: all 256 byte values on stdout and stderr" {
        need_root
        f=$(src bin.py 'import sys
sys.stdout.buffer.write(bytes(range(256)) * 3)
sys.stderr.buffer.write(bytes(reversed(range(256))))')
        /usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 3)' > "$T/want.out"
        /usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes(reversed(range(256))))' > "$T/want.err"
        run -0 bash -c '"$1" "$2" > "$3/out" 2> "$3/err" </dev/null' _ "$CLI" "$f" "$T"
        cmp "$T/want.out" "$T/out"
        cmp "$T/want.err" "$T/err"
}

@test "stdout and stderr into one file (2>&1) keep the program's order" {
        need_root
        # Spaced out, so that the executor reads each write before the next.
        f=$(src order.py 'import sys, time
for i in range(3):
    print("out", i, flush=True)
    time.sleep(0.1)
    print("err", i, file=sys.stderr, flush=True)
    time.sleep(0.1)')
        run -0 bash -c '"$1" "$2" 2>&1 </dev/null' _ "$CLI" "$f"
        [ "$output" = $'out 0\nerr 0\nout 1\nerr 1\nout 2\nerr 2' ]
        # Apart, each stream is whole.
        run -0 --separate-stderr cli "$f"
        [ "$output" = $'out 0\nout 1\nout 2' ]
        [ "$stderr" = $'err 0\nerr 1\nerr 2' ]
}

@test "a C compile error exits 122: the compiler's messages and one line on stderr" {
        need_root
        f=$(src bad.c 'int main(void) { return x; }')
        run -122 --separate-stderr cli "$f"
        [ -z "$output" ]
        grep -q "^bad.c:1:25: error: .x. undeclared" <<<"$stderr"
        [ "${stderr_lines[-1]}" = "coderun: compile error: exited with code 1" ]
}

@test "compile warnings go to stderr, the program runs" {
        need_root
        f=$(src warn.c '#warning careful
#include <stdio.h>
int main(void) { puts("ran"); return 0; }')
        run -0 --separate-stderr cli "$f"
        [ "$output" = ran ]
        grep -q "^warn.c:1:2: warning: #warning careful" <<<"$stderr"
}

@test "killed by a signal: 128+N and the signal named" {
        need_root
        f=$(src seg.c 'int main(void) { volatile int *p = 0; return *p; }')
        run -139 --separate-stderr cli "$f"
        [ "$stderr" = "coderun: killed by signal 11 (Segmentation fault)" ]
        f=$(src usr1.py 'import os, signal
print("before", flush=True)
os.kill(os.getpid(), signal.SIGUSR1)')
        run -138 --separate-stderr cli "$f"
        [ "$output" = before ]
        [ "$stderr" = "coderun: killed by signal 10 (User defined signal 1)" ]
}

@test "time limits exit 124: --timeout (wall) and --cpu-time; partial output kept" {
        need_root
        f=$(src loop.py 'print("started", flush=True)
while True: pass')
        run -124 --separate-stderr cli --timeout 300ms "$f"
        [ "$output" = started ]
        [ "$stderr" = "coderun: wall time limit exceeded (300ms): --timeout raises it" ]
        run -124 --separate-stderr cli --cpu-time 0.2 --timeout 5 "$f"
        [ "$stderr" = "coderun: CPU time limit exceeded (200ms): --cpu-time raises it" ]
        f=$(src sleep.py 'import time; time.sleep(10)')
        run -124 --separate-stderr cli --timeout=1s "$f"
        [ "$stderr" = "coderun: wall time limit exceeded (1s): --timeout raises it" ]
}

@test "the memory limit exits 123: --memory with units" {
        need_root
        f=$(src mem.py 'x = b"x" * (512 << 20)')
        run -123 --separate-stderr cli --memory 64M "$f"
        [ "$stderr" = "coderun: memory limit exceeded (64M): --memory raises it" ]
        run -123 --separate-stderr cli --memory 65536K "$f"
        [ "$stderr" = "coderun: memory limit exceeded (64M): --memory raises it" ]
        run -123 --separate-stderr cli --memory 100000000 "$f"
        [ "$stderr" = "coderun: memory limit exceeded (100000000 bytes): --memory raises it" ]
        f=$(src small.py 'x = b"x" * (8 << 20); print(len(x))')
        run -0 --separate-stderr cli --memory=1G "$f"
        [ "$output" = 8388608 ]
}

@test "the output limit exits 119, with the output up to the limit; no flag raises it" {
        need_root
        limit=$(conf_value_bytes output_limit)
        [ "$limit" -eq 1048576 ]        # the message below says 1M
        f=$(src flood.py 'import sys
sys.stdout.write("y" * (3 << 20))')
        run -119 bash -c '"$1" "$2" > "$3/out" 2> "$3/err" </dev/null' _ "$CLI" "$f" "$T"
        [ "$(stat -c %s "$T/out")" -eq "$limit" ]
        [ "$(tr -d y < "$T/out" | wc -c)" -eq 0 ]
        [ "$(cat "$T/err")" = "coderun: stdout exceeded the output limit (1M): the server's own limit, which no flag raises" ]
}

@test "compile limits reach the compile step: exit 122 says which" {
        need_root
        f=$(src c.c 'int main(void) { return 0; }')
        run -122 --separate-stderr cli --compile-timeout 1ms "$f"
        [ "${stderr_lines[-1]}" = "coderun: compile error: wall time limit exceeded (1ms): --compile-timeout raises it" ]
        run -122 --separate-stderr cli --compile-memory 1M "$f"
        [ "${stderr_lines[-1]}" = "coderun: compile error: memory limit exceeded (1M): --compile-memory raises it" ]
        run -0 --separate-stderr cli --compile-timeout 20 --compile-cpu-time 20s --compile-memory 1G "$f"
}

@test "a limit above the server's maximum is the server's error, exit 121, in flags and units" {
        need_root
        f=$(src ok.py 'print(1)')
        [ "$(sed -n "s/^run_timeout_max *= *//p" "$CONF")" -eq 15000 ]
        [ "$(conf_value_bytes run_memory_limit_max)" -eq $((2 << 30)) ]
        run -121 --separate-stderr cli --timeout 1m "$f"
        [ -z "$output" ]
        [ "$stderr" = "coderun: --timeout 1m is above the server's maximum of 15s" ]
        run -121 --separate-stderr cli --memory 4096m --timeout 2.5 "$f"
        [ "$stderr" = "coderun: --memory 4096m is above the server's maximum of 2G" ]
        run -121 --separate-stderr cli --compile-cpu-time 90000ms "$f"
        [ "$stderr" = "coderun: --compile-cpu-time 90000ms is above the server's maximum of 30s" ]
        # Through the HTTP API the same.
        run -121 --separate-stderr cli -s "http://127.0.0.1:$PORT" --cpu-time 16s "$f"
        [ "$stderr" = "coderun: --cpu-time 16s is above the server's maximum of 15s" ]
}

@test "the limits map to the protocol's fields, in ms and bytes" {
        fake '{"language":"python","version":"3.11.2","run":{"stdout":"","stderr":"","output":"","code":0,"signal":null,"status":null,"message":null}}\n'
        f=$(src main.py 'print(1)')
        run -0 --separate-stderr cli -s "$FAKE" -l python --timeout 1.5 --cpu-time 500ms \
                --memory 256M --compile-timeout 1m --compile-cpu-time 2 --compile-memory 1G "$f"
        run -0 jq -c '[.run_timeout, .run_cpu_time, .run_memory_limit, .compile_timeout,
                       .compile_cpu_time, .compile_memory_limit]' "$LOG/1.json"
        [ "$output" = "[1500,500,268435456,60000,2000,1073741824]" ]
        # The last of a repeated option wins; a unit in any case, with or without B.
        run -0 --separate-stderr cli -s "$FAKE" -l python --memory 1g --memory 512kib --timeout 2 --timeout 250MS "$f"
        run -0 jq -c '[.run_memory_limit, .run_timeout]' "$LOG/2.json"
        [ "$output" = "[524288,250]" ]
}

@test "the request: language, files with names, stdin, args, base64 output" {
        fake '{"language":"python","version":"3.11.2","run":{"stdout":"","stderr":"","output":"","code":0,"signal":null,"status":null,"message":null}}\n'
        f=$(src p/main.py 'print(1)')
        src p/lib/util.py 'X = 1' >/dev/null
        src other/x.py 'Y = 2' >/dev/null
        printf '\x00\xff' > "$T/p/data.bin"
        run -0 --separate-stderr bash -c 'printf "in\\n" | "$1" --server "$2" -l python -V 3 "$3" "$4" "$5" "$6" -- a "b c"' \
                _ "$CLI" "$FAKE" "$f" "$T/p/lib/util.py" "$T/other/x.py" "$T/p/data.bin"
        run -0 jq -c . "$LOG/1.json"
        [ "$output" = '{"language":"python","version":"3","files":[{"name":"main.py","content":"print(1)\n"},{"name":"lib/util.py","content":"X = 1\n"},{"name":"x.py","content":"Y = 2\n"},{"name":"data.bin","content":"AP8=","encoding":"base64"}],"stdin":"in\n","args":["a","b c"],"output_encoding":"base64"}' ]
}

# ---------------------------------------------------------------- stdin and args

@test "the program's stdin: a pipe passes through exactly, NUL bytes included" {
        need_root
        f=$(src cat.py 'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())')
        printf 'line 1\nline\x002 \xc3\xa9\n' > "$T/in"
        run -0 bash -c '"$1" "$2" < "$3/in" > "$3/out"' _ "$CLI" "$f" "$T"
        cmp "$T/in" "$T/out"
}

@test "-i FILE is the program's stdin, rather than ours" {
        need_root
        f=$(src cat.py 'import sys; sys.stdout.write(sys.stdin.read())')
        printf 'from the file\n' > "$T/in.txt"
        run -0 --separate-stderr bash -c 'echo from the pipe | "$1" -i "$2" "$3"' _ "$CLI" "$T/in.txt" "$f"
        [ "$output" = "from the file" ]
        run -0 --separate-stderr bash -c 'echo from the pipe | "$1" --stdin="$2" "$3"' _ "$CLI" "$T/in.txt" "$f"
        [ "$output" = "from the file" ]
}

@test "a terminal on stdin: the live run's input ends with the terminal's (script's stdin is empty); --no-stream reads nothing of it" {
        need_root
        f=$(src len.py 'import sys; print("read", len(sys.stdin.read()))')
        run -0 in_tty "'$CLI' '$f'; echo status \$?"
        [ "$output" = $'read 0\r\nstatus 0\r' ]
        run -0 in_tty "'$CLI' --no-stream '$f'; echo status \$?"
        [ "$output" = $'read 0\r\nstatus 0\r' ]
}

@test "stdin that is not UTF-8 is refused, not altered (exit 125)" {
        need_root
        f=$(src cat.py 'import sys; print(sys.stdin.read())')
        run -125 --separate-stderr bash -c 'printf "\\xff" | "$1" "$2"' _ "$CLI" "$f"
        [ "$stderr" = "coderun: stdin: not valid UTF-8: the protocol carries a program's stdin as text" ]
}

@test "arguments after -- go to the program, options among them too" {
        need_root
        f=$(src args.py 'import json, sys; print(json.dumps(sys.argv[1:]))')
        run -0 --separate-stderr cli "$f" -- a "b c" --x -l -- ""
        [ "$output" = '["a", "b c", "--x", "-l", "--", ""]' ]
        # Options may follow the file; a value of -- is a value.
        printf 'x' > "$T/--"
        run -0 --separate-stderr bash -c 'cd "$1" && "$2" args.py -i -- -- z' _ "$T" "$CLI"
        [ "$output" = '["z"]' ]
}

@test "- reads the source from stdin, with -l; -i gives that program its input" {
        need_root
        run -0 --separate-stderr bash -c 'echo "print(6 * 7)" | "$1" -l python -' _ "$CLI"
        [ "$output" = 42 ]
        printf 'abc' > "$T/in"
        run -0 --separate-stderr bash -c 'echo "print(input().upper())" | "$1" -l py - -i "$2"' _ "$CLI" "$T/in"
        [ "$output" = ABC ]
}

# ---------------------------------------------------------------- languages

@test "the language comes from the extension: c, cc, py, js, mjs, sh, bash, java" {
        need_root
        run -0 --separate-stderr cli "$(src a.c '#include <stdio.h>
int main(void) { puts("c"); return 0; }')"
        [ "$output" = c ]
        run -0 --separate-stderr cli "$(src a.cc '#include <iostream>
int main() { std::cout << "cpp" << std::endl; }')"
        [ "$output" = cpp ]
        run -0 --separate-stderr cli "$(src a.py 'print("python")')"
        [ "$output" = python ]
        run -0 --separate-stderr cli "$(src a.js 'console.log("js")')"
        [ "$output" = js ]
        run -0 --separate-stderr cli "$(src a.mjs 'console.log(typeof require)')"
        [ "$output" = undefined ]
        run -0 --separate-stderr cli "$(src a.sh 'echo "$BASH_VERSION" | cut -d. -f1')"
        [ "$output" = "$(version_of bash | cut -d. -f1)" ]
        run -0 --separate-stderr cli "$(src b.BASH 'echo upper-case extension')"
        [ "$output" = "upper-case extension" ]
        run -0 --separate-stderr cli "$(src Main.java 'class Main { public static void main(String[] a) { System.out.println("java"); } }')"
        [ "$output" = java ]
}

@test "-l and -V override: another language, an alias, a version prefix" {
        need_root
        f=$(src prog.txt 'print("as python")')
        run -0 --separate-stderr cli -l python "$f"
        [ "$output" = "as python" ]
        run -0 --separate-stderr cli --language=py3 "$f"
        [ "$output" = "as python" ]
        f=$(src script.py 'echo "bash, not python"')
        run -0 --separate-stderr cli -l bash "$f"
        [ "$output" = "bash, not python" ]
        v=$(version_of python)
        f=$(src v.py 'import platform; print(platform.python_version())')
        run -0 --separate-stderr cli -V "${v%%.*}" "$f"
        [ "$output" = "$v" ]
        run -0 --separate-stderr cli --lang-version "$v" "$f"
        [ "$output" = "$v" ]
}

@test "an unknown version or language is the server's error, its message shown (exit 121)" {
        need_root
        f=$(src main.py 'print(1)')
        run -121 --separate-stderr cli -V 0.0.1 "$f"
        [ -z "$output" ]
        [ "$stderr" = "coderun: unknown_language: python has no version 0.0.1 (installed: $(version_of python))" ]
        run -121 --separate-stderr cli -l cobol9 "$f"
        [ "$stderr" = 'coderun: unknown_language: unknown language "cobol9"' ]
}

@test "an unknown extension, or none, is exit 125 naming the file" {
        need_root
        f=$(src main.nolang 'puts 1')
        run -125 --separate-stderr cli "$f"
        [ "$stderr" = "coderun: $f: no language for the extension \".nolang\" (name one with -l LANG; coderun --list shows them)" ]
        f=$(src Makefile 'all:')
        run -125 --separate-stderr cli "$f"
        [ "$stderr" = "coderun: $f: no extension or #! line to tell the language by (name it with -l LANG)" ]
        f=$(src .py 'print(1)')
        run -125 --separate-stderr cli "$f"
        [ "$stderr" = "coderun: $f: no extension or #! line to tell the language by (name it with -l LANG)" ]
}

@test "a file without an extension gets its language from its #! line" {
        need_root
        f=$(src hello '#!/usr/bin/env python3
import sys; print(sys.version_info[0])')
        run -0 --separate-stderr cli "$f"
        [ "$output" = 3 ]
        f=$(src greet '#!/bin/bash
echo "bash $BASH_VERSINFO"')
        run -0 --separate-stderr cli "$f"
        [[ $output == "bash "[0-9]* ]]
        # A version at the end, options after it, env's own options, a CR line end.
        f=$(src versioned '#!/usr/bin/python3.11 -u
print("versioned")')
        run -0 --separate-stderr cli "$f"
        [ "$output" = versioned ]
        printf '#!/usr/bin/env -S -i PYTHONX=1 python3 -u\r\nprint("env -S")\n' > "$T/envs"
        run -0 --separate-stderr cli "$T/envs"
        [ "$output" = "env -S" ]
        # An interpreter the server does not offer is named; -l still wins.
        f=$(src odd '#!/usr/local/bin/frobnicate9 --fast
print(1)')
        run -125 --separate-stderr cli "$f"
        [ "$stderr" = "coderun: $f: its #! line names frobnicate9, which this server does not offer (name a language with -l LANG; coderun --list shows them)" ]
        run -0 --separate-stderr cli -l python "$f"
        [ "$output" = 1 ]
        # An extension decides before the #! line.
        f=$(src shebang.sh '#!/usr/bin/env python3
echo from-bash')
        run -0 --separate-stderr cli "$f"
        [ "$output" = from-bash ]
}

@test "several files: the first is the entry point; paths below its folder are kept" {
        need_root
        f=$(src proj/main.c '#include <stdio.h>
#include "lib/twice.h"
int main(void) { printf("%d\n", twice(21)); return 0; }')
        h=$(src proj/lib/twice.h 'static inline int twice(int x) { return 2 * x; }')
        run -0 --separate-stderr cli "$f" "$h"
        [ "$output" = 42 ]
        f=$(src py/main.py 'import os, helper
print(helper.NAME, sorted(os.path.join(d, n)[2:] for d, _, ns in os.walk(".") for n in ns))')
        src py/helper.py 'NAME = "helper"' >/dev/null
        src elsewhere/data.txt 'data' >/dev/null
        run -0 --separate-stderr bash -c 'cd "$1" && "$2" ./py/main.py py/helper.py elsewhere/data.txt </dev/null' _ "$T" "$CLI"
        [ "$output" = "helper ['data.txt', 'helper.py', 'main.py']" ]
}

@test "--list: every language with its version, aliases and extensions" {
        need_root
        run -0 --separate-stderr cli --list
        [ "$(sed 's/  */ /g' <<<"${lines[0]}")" = "language version aliases extensions" ]
        # A header and one line per offered language (build/runtimes).
        [ "${#lines[@]}" -eq $(($(wc -l < "$BUILD/runtimes") + 1)) ]
        assert_line --regexp "^bash +$(version_of bash) +sh +sh bash\$"
        assert_line --regexp "^c +$(version_of c) +gcc +c\$"
        assert_line --regexp "^cpp +$(version_of cpp) +c\+\+ g\+\+ +cpp cc cxx\$"
        assert_line --regexp "^java +$(version_of java) +java\$"
        assert_line --regexp "^javascript +$(version_of javascript) +js node node-js nodejs +js mjs\$"
        assert_line --regexp "^python +$(version_of python) +py python3 py3 +py\$"
        # Columns line up: every row with extensions has them where the header's start.
        col=$(awk 'NR == 1 { print index($0, "extensions") }' <<<"$output")
        [ "$(awk -v c="$col" 'length($0) >= c && (substr($0, c - 2, 2) != "  " || substr($0, c, 1) == " ")' <<<"$output")" = "" ]
}

@test "--list --json: the runtime list as the server sent it" {
        need_root
        run -0 --separate-stderr cli --list --json
        valid_json
        [ "$(jq -cS . <<<"$output")" = "$(cr '{"op":"runtimes"}' | jq -cS .)" ]
        jqe 'map(select(.language == "cpp"))[0].extensions == ["cpp","cc","cxx"]'
}

# ---------------------------------------------------------------- tests mode

tests_fixture() {
        f=$(src sum.c '#include <stdio.h>
int main(void) {
        long a, b;
        if (scanf("%ld %ld", &a, &b) != 2) return 2;
        if (a < 0) for (;;) ;
        printf("%ld\n", a + b);
        return 0;
}')
        mkdir -p "$T/cases"
        printf '1 2\n' > "$T/cases/a.in"; printf '3\n' > "$T/cases/a.out"
        printf '5 5\n' > "$T/cases/b.in"; printf '10  \n\n' > "$T/cases/b.out"
}

@test "--tests DIR: compiled once, a table with time and memory, exit 0 when all pass" {
        need_root
        tests_fixture
        run -0 --separate-stderr cli "$f" --tests "$T/cases"
        [ -z "$stderr" ]
        [ "${lines[0]}" = "test  result       time        cpu      memory" ]
        [[ ${lines[1]} =~ ^a\ +AC\ +[0-9]+\ ms\ +[0-9]+\ ms\ +[0-9.]+\ (KiB|MiB)$ ]]
        [[ ${lines[2]} =~ ^b\ +AC\ +[0-9]+\ ms\ +[0-9]+\ ms\ +[0-9.]+\ (KiB|MiB)$ ]]
        [ "${lines[3]}" = "2 of 2 passed" ]
        [ "${#lines[@]}" -eq 4 ]
}

@test "--tests: wrong output, a time limit and a crash fail; exit 1; the verdict and reason are shown" {
        need_root
        tests_fixture
        printf '1 1\n' > "$T/cases/c.in"; printf '3\n' > "$T/cases/c.out"
        printf '%s\n' '-1 0' > "$T/cases/d.in"; printf '0\n' > "$T/cases/d.out"
        printf 'x\n' > "$T/cases/e.in"; printf '0\n' > "$T/cases/e.out"
        run -1 --separate-stderr cli --timeout 300ms "$f" --tests "$T/cases"
        [ -z "$stderr" ]
        [[ ${lines[1]} =~ ^a\ +AC\  ]]
        [[ ${lines[3]} =~ ^c\ +WA\ .*\ line\ 1:\ expected\ \"3\",\ got\ \"2\"$ ]]
        # A wrong answer shows both outputs, short.
        [ "${lines[4]}" = "    expected: 3" ]
        [ "${lines[5]}" = "    got:      2" ]
        [[ ${lines[6]} =~ ^d\ +TO\ +3[0-9][0-9]\ ms\ .*\ wall\ time\ limit\ exceeded\ \(300\ ms\)$ ]]
        [[ ${lines[7]} =~ ^e\ +RE\ .*\ exited\ with\ code\ 2$ ]]
        [ "${lines[8]}" = "2 of 5 passed" ]
}

@test "--checker, --stop-on-failure and --compile-arg go to the server; a NAME.in alone is run, not judged" {
        need_root
        tests_fixture
        printf '1 2\n' > "$T/cases/a.in"; printf '3.0000001\n' > "$T/cases/a.out"
        printf '7 7\n' > "$T/cases/z.in"
        run -1 --separate-stderr cli "$f" --tests "$T/cases"
        [[ ${lines[1]} =~ ^a\ +WA\ .*\ line\ 1:\ expected\ \"3.0000001\",\ got\ \"3\"$ ]]
        run -0 --separate-stderr cli "$f" --tests "$T/cases" --checker float:1e-6
        [ -z "$stderr" ]
        [[ ${lines[1]} =~ ^a\ +AC\  ]]
        [[ ${lines[2]} =~ ^b\ +AC\  ]]
        [[ ${lines[3]} =~ ^z\ +-\ .*\ not\ judged:\ no\ expected\ output$ ]]
        [ "${lines[4]}" = "    output:   14" ]
        [ "${lines[5]}" = "2 of 2 passed, 1 not judged" ]
        run -1 --separate-stderr cli "$f" --tests "$T/cases" --checker float:0,1e-9 --stop-on-failure
        [[ ${lines[1]} =~ ^a\ +WA\ .*\ token\ 1:\ \"3\"\ differs\ from\ \"3.0000001\"\ by\ more\ than\ abs\ 0\ and\ rel\ 1e-09$ ]]
        [[ ${lines[4]} =~ ^b\ +NR\ .*\ not\ run\ \(--stop-on-failure\)$ ]]
        [[ ${lines[5]} =~ ^z\ +NR\  ]]
        [ "${lines[6]}" = "0 of 2 passed, 1 not judged" ]
        run -1 --separate-stderr cli "$f" --tests "$T/cases" --checker exact --test "$T/cases/b.in:$T/cases/a.out" --json
        jq -e '[.tests[].verdict] == ["WA", "WA", "WA", null]' <<<"$output"
        g=$(src opt.c '#include <stdio.h>
int main(void) { printf("%d\n", X); return 0; }')
        run -0 --separate-stderr cli "$g" --compile-arg=-DX=6 --compile-arg -DY
        [ "$output" = 6 ]
        run -125 --separate-stderr cli "$g" --checker diff --tests "$T/cases"
        # Not a built-in: a checker program's file, which is not there (a file's
        # error, as the sources', so without the --help hint).
        [ "$stderr" = "coderun: --checker diff: No such file or directory (a checker is lines, exact, tokens, unordered, float:ABS[,REL] or a program's file)" ]
        run -125 --separate-stderr cli "$g" --checker float:-1 --tests "$T/cases"
        [[ $stderr =~ ^coderun:\ --checker\ float:-1:\ ABS\ and\ REL\ must\ be ]]
        run -125 --separate-stderr cli "$g" --stop-on-failure
        [[ $stderr =~ ^coderun:\ --stop-on-failure\ judges\ tests ]]
        g=$(src x.py 'print(1)')
        run -121 --separate-stderr cli "$g" --compile-arg=-O0 < /dev/null
        [ "$stderr" = "coderun: bad_request: compile_args: python has no compile step" ]
}

@test "--test IN:OUT pairs, repeatable, with --tests together; a compile error is still 122" {
        need_root
        tests_fixture
        printf '2 2\n' > "$T/x.in"; printf '4\n' > "$T/x.out"; printf '5\n' > "$T/bad.out"
        run -0 --separate-stderr cli "$f" --test "$T/x.in:$T/x.out" --tests="$T/cases"
        [[ ${lines[1]} =~ ^$T/x.in\ +AC\  ]]
        [[ ${lines[2]} =~ ^a\ +AC\  ]]
        [ "${lines[4]}" = "3 of 3 passed" ]
        run -1 --separate-stderr cli "$f" --test "$T/x.in:$T/x.out" --test="$T/x.in:$T/bad.out"
        [[ ${lines[2]} =~ ^$T/x.in\ +WA\ .*line\ 1:\ expected\ \"5\",\ got\ \"4\"$ ]]
        [ "${lines[5]}" = "1 of 2 passed" ]
        bad=$(src broken.c 'int main(void) { return y; }')
        run -122 --separate-stderr cli "$bad" --tests "$T/cases"
        [ -z "$output" ]
        [ "${stderr_lines[-1]}" = "coderun: compile error: exited with code 1" ]
}

@test "--tests DIR: a lone .out, an empty or missing folder, too many tests (125)" {
        need_root
        tests_fixture
        printf '1\n' > "$T/cases/lone.out"
        run -125 --separate-stderr cli "$f" --tests "$T/cases"
        [ "$stderr" = "coderun: --tests $T/cases: lone.out has no lone.in" ]
        mkdir "$T/empty"
        run -125 --separate-stderr cli "$f" --tests "$T/empty"
        [ "$stderr" = "coderun: --tests $T/empty: no NAME.in files" ]
        run -125 --separate-stderr cli "$f" --tests "$T/nowhere"
        [ "$stderr" = "coderun: --tests $T/nowhere: No such file or directory" ]
        mkdir "$T/many"
        for i in $(seq 65); do : > "$T/many/$i.in"; : > "$T/many/$i.out"; done
        run -125 --separate-stderr cli "$f" --tests "$T/many"
        [ "$stderr" = "coderun: --tests $T/many: more than 64 tests (the server runs at most 64 per request)" ]
        run -125 --separate-stderr cli "$f" --test "$T/cases/a.in:$T/missing.out"
        [ "$stderr" = "coderun: $T/missing.out: No such file or directory" ]
}

# ---------------------------------------------------------------- --json, colours

@test "--json prints the raw reply as text; the exit status is the program's" {
        need_root
        f=$(src j.py 'import sys; print("x"); sys.exit(4)')
        run -4 --separate-stderr cli --json "$f"
        [ -z "$stderr" ]
        valid_json
        jqe --arg v "$(version_of python)" '.language == "python" and .version == $v and
                .run.stdout == "x\n" and .run.code == 4 and .run.status == "RE"'
        run -4 --separate-stderr cli --json --encoding base64 "$f"
        jqe '.run.stdout == "eAo="'
        run -121 --separate-stderr cli --json -l cobol9 "$f"
        jqe '.error == "unknown_language"'
        [ -z "$stderr" ]
}

@test "--encoding utf8: invalid UTF-8 arrives as U+FFFD, NUL as NUL" {
        need_root
        f=$(src u.py 'import sys; sys.stdout.buffer.write(b"a\x00b\xffc\xe2\x82\xac\n")')
        run -0 bash -c '"$1" --encoding utf8 "$2" </dev/null | od -An -tx1 | tr -s " \n" " "' _ "$CLI" "$f"
        [ "$output" = " 61 00 62 ef bf bd 63 e2 82 ac 0a " ]
        run -0 bash -c '"$1" "$2" </dev/null | od -An -tx1 | tr -s " \n" " "' _ "$CLI" "$f"
        [ "$output" = " 61 00 62 ff 63 e2 82 ac 0a " ]
}

@test "the note is red on a terminal; plain with NO_COLOR, TERM=dumb or off a terminal" {
        need_root
        f=$(src seg.c 'int main(void) { volatile int *p = 0; return *p; }')
        run -139 in_tty "'$CLI' '$f'"
        [ "$output" = $'\e[1;31mcoderun: killed by signal 11 (Segmentation fault)\e[0m\r' ]
        run -139 in_tty "NO_COLOR=1 '$CLI' '$f'"
        [ "$output" = $'coderun: killed by signal 11 (Segmentation fault)\r' ]
        run -139 in_tty "TERM=dumb '$CLI' '$f'"
        [ "$output" = $'coderun: killed by signal 11 (Segmentation fault)\r' ]
        # An empty NO_COLOR does not count (no-color.org).
        run -139 in_tty "NO_COLOR= '$CLI' '$f'"
        [ "$output" = $'\e[1;31mcoderun: killed by signal 11 (Segmentation fault)\e[0m\r' ]
        run -139 --separate-stderr cli "$f"
        [ "$stderr" = "coderun: killed by signal 11 (Segmentation fault)" ]
}

@test "the tests table is coloured on a terminal only" {
        need_root
        tests_fixture
        run -0 in_tty "'$CLI' '$f' --tests '$T/cases'"
        [[ ${lines[1]} == "a     "$'\e[1;32m'"AC    "$'\e[0m'* ]]
        run -0 in_tty "NO_COLOR=1 '$CLI' '$f' --tests '$T/cases'"
        [[ ${lines[1]} == "a     AC    "* ]]
}

# ---------------------------------------------------------------- servers

@test "the server: CODERUN_SERVER, --server over it, [::1]:PORT" {
        need_root
        f=$(src ok.py 'print("ok")')
        dead=$(free_port)
        CODERUN_SERVER="127.0.0.1:$dead" run -0 --separate-stderr cli --server "127.0.0.1:$PORT" "$f"
        [ "$output" = ok ]
        CODERUN_SERVER="127.0.0.1:$PORT" run -0 --separate-stderr cli "$f"
        [ "$output" = ok ]
        CODERUN_SERVER="localhost:$PORT" run -0 --separate-stderr cli "$f"
        [ "$output" = ok ]
        p6=$(/usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0)); print(s.getsockname()[1])')
        systemd-socket-activate -l "[::1]:$p6" -a "$EXEC" --config "$FILE_CONF" 2>/dev/null &
        pids+=($!)
        for _ in $(seq 100); do
                curl -sf "http://[::1]:$p6/health" >/dev/null && break
                sleep 0.05
        done
        run -0 --separate-stderr cli -s "[::1]:$p6" "$f"
        [ "$output" = ok ]
        CODERUN_SERVER="[::1]:$p6" run -0 --separate-stderr cli --list
        assert_line --regexp '^python '
}

@test "no server there: exit 120 naming the address; a malformed address is 125" {
        f=$(src ok.py 'print("ok")')
        dead=$(free_port)
        CODERUN_SERVER="127.0.0.1:$dead" run -120 --separate-stderr cli -l python "$f"
        [ -z "$output" ]
        [ "$stderr" = "coderun: cannot connect to 127.0.0.1:$dead: Connection refused (is coderun serving there? --server or CODERUN_SERVER name another)" ]
        run -120 --separate-stderr cli --server "[::1]:$dead" --list
        [ "$stderr" = "coderun: cannot connect to [::1]:$dead: Connection refused (is coderun serving there? --server or CODERUN_SERVER name another)" ]
        # Without -l the runtime list is asked for first: the same error.
        CODERUN_SERVER="127.0.0.1:$dead" run -120 --separate-stderr cli "$f"
        [[ $stderr == "coderun: cannot connect to 127.0.0.1:$dead: Connection refused "* ]]
        for bad in "[::1" "[::1]x" "host:99999" "host:" ":7070" "host:7o" "http://" \
                   "http://host/api" "http://host:99999"; do
                run -125 --separate-stderr cli -l python -s "$bad" "$f"
                [ "$stderr" = "coderun: server \"$bad\" is not HOST:PORT, [IPv6]:PORT or http://HOST[:PORT]" ]
        done
}

@test "http://HOST:PORT: the HTTP API, directly and through the playground's nginx" {
        need_root
        local f url
        f=$(src three.py 'import sys; print("over http"); sys.exit(3)')
        for url in "http://127.0.0.1:$PORT" "http://127.0.0.1:$PORT/" "http://localhost:$PORT"; do
                run -3 --separate-stderr cli -s "$url" "$f"
                [ "$output" = "over http" ]
        done
        run -0 --separate-stderr cli -s "http://127.0.0.1:$PORT" --list
        assert_line --regexp '^python '
        # The server's error over HTTP is the same error, exit 121.
        run -121 --separate-stderr cli -s "http://127.0.0.1:$PORT" -l nope "$f"
        [[ $stderr == "coderun: unknown_language: "* ]]
        # nginx speaks only HTTP: raw mode cannot pass, the HTTP API can.
        www_start "$PORT" "$T/nginx.log"
        pids+=("$NGINX_PID")
        run -3 --separate-stderr cli -s "http://127.0.0.1:$WWW_PORT" "$f"
        [ "$output" = "over http" ]
        run -0 --separate-stderr cli -s "http://127.0.0.1:$WWW_PORT" --list
        assert_line --regexp '^python '
        run -120 --separate-stderr cli -s "127.0.0.1:$WWW_PORT" "$f"
        # An HTTP server that is not coderun: its 404 page is no coderun reply.
        local other
        other=$(free_port)
        (cd "$T" && exec /usr/bin/python3 -m http.server --bind 127.0.0.1 "$other") >/dev/null 2>&1 3>&- &
        pids+=($!)
        wait_for 10 curl -s -o /dev/null "http://127.0.0.1:$other/"
        run -120 --separate-stderr cli -s "http://127.0.0.1:$other" "$f"
        [[ $stderr == *"not a coderun runtime list"* ]]
        run -120 --separate-stderr cli -s "http://127.0.0.1:$other" -l python "$f"
}

@test "the CLI needs no root" {
        need_root
        run -0 --separate-stderr bash -c 'echo "import os; print(os.getuid() != 0)" |
                setpriv --reuid=65534 --regid=65534 --clear-groups "$1" -l python -' _ "$CLI"
        [ "$output" = True ]
}

# ---------------------------------------------------------------- files

@test "unreadable files exit 125 naming the file and the reason" {
        run -125 --separate-stderr cli "$T/missing.py"
        [ "$stderr" = "coderun: $T/missing.py: No such file or directory" ]
        mkdir "$T/dir.py"
        run -125 --separate-stderr cli "$T/dir.py"
        [ "$stderr" = "coderun: $T/dir.py: Is a directory" ]
        f=$(src ok.py 'print(1)')
        run -125 --separate-stderr cli -i "$T/nope.txt" -l python "$f"
        [ "$stderr" = "coderun: $T/nope.txt: No such file or directory" ]
        chmod 600 "$f"
        run -125 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups "$CLI" -l python "$f"
        [ "$stderr" = "coderun: $f: Permission denied" ]
}

@test "too large: a file or stdin over 16 MiB, files together, or once encoded (125)" {
        truncate -s 17M "$T/big.py"
        run -125 --separate-stderr cli -l python "$T/big.py"
        [ "$stderr" = "coderun: $T/big.py: too large (17825792 bytes): the server takes requests of at most 16 MiB" ]
        run -125 --separate-stderr bash -c 'head -c 17M /dev/zero | "$1" -l python "$2"' _ "$CLI" "$(src ok.py 'print(1)')"
        [ "$stderr" = "coderun: stdin: too large (more than 16 MiB): the server takes requests of at most 16 MiB" ]
        truncate -s 9M "$T/a.py" "$T/b.py"
        run -125 --separate-stderr cli -l python "$T/a.py" "$T/b.py"
        [ "$stderr" = "coderun: $T/b.py: the files, stdin and tests together are over the server's request limit of 16 MiB" ]
        # 15 MiB of binary is under the cap, but not as base64.
        head -c 15M /dev/zero | tr '\0' '\377' > "$T/bin.dat"
        run -125 --separate-stderr cli -l python "$(src main.py 'print(1)')" "$T/bin.dat"
        [ "$stderr" = "coderun: the request is over the server's limit of 16 MiB once encoded as JSON (binary files grow by a third as base64)" ]
}

@test "a large source just under the cap is sent and run" {
        need_root
        { echo 'import sys'; head -c $((15 << 20)) /dev/zero | tr '\0' '#'; echo; echo 'print("big ok")'; } > "$T/big.py"
        run -0 --separate-stderr cli "$T/big.py"
        [ "$output" = "big ok" ]
}

# ---------------------------------------------------------------- replies

@test "a reply's \\u escapes, surrogate pairs and U+FFFD become their UTF-8 bytes" {
        fake '{"language":"python","version":"3.11.2","run":{"stdout":"caf\\u00e9 \\ud83d\\ude00 \\ufffd \\u0000 \\"q\\" \\\\ \\/ \\t\\n","stderr":"\\u00ff\\n","output":"","code":0,"signal":null,"status":null,"message":null,"cpu_time":1,"wall_time":1,"memory":null,"stdout_truncated":false,"stderr_truncated":false}}\n'
        f=$(src main.py 'print(1)')
        run -0 bash -c '"$1" -s "$2" -l python --encoding utf8 "$3" 2>"$4/err" </dev/null | od -An -tx1 | tr -s " \n" " "' _ "$CLI" "$FAKE" "$f" "$T"
        [ "$output" = " 63 61 66 c3 a9 20 f0 9f 98 80 20 ef bf bd 20 00 20 22 71 22 20 5c 20 2f 20 09 0a " ]
        [ "$(od -An -tx1 "$T/err" | tr -s ' \n' ' ')" = " c3 bf 0a " ]
        run -0 jq -r .output_encoding "$LOG/1.json"
        [ "$output" = null ]
}

@test "a reply that is not a coderun reply is exit 120, nothing shown" {
        f=$(src main.py 'print(1)')
        # check REPLY: a fake server sends REPLY; the CLI exits 120 and prints nothing.
        check() {
                rm -f "$T/port"
                fake "$1"
                run -120 --separate-stderr cli -s "$FAKE" -l python "$f"
                [ -z "$output" ]
        }
        check 'HTTP/1.1 400 Bad Request\r\n\r\n'
        [ "$stderr" = "coderun: the server's reply is not valid JSON" ]
        check '{"run":{"stdout":"\\ud83d"}}'
        [ "$stderr" = "coderun: the server's reply is not valid JSON" ]
        check '{"run":{"stdout":"a"} "x":1}'
        [ "$stderr" = "coderun: the server's reply is not valid JSON" ]
        check '{"run":{"stdout":"aGk="}}\n{}'
        [ "$stderr" = "coderun: the server's reply is not valid JSON" ]
        check '{"run":{"stdout":"not base64"}}'
        [ "$stderr" = "coderun: the server's reply: run.stdout is not base64 (a server without output_encoding? try --encoding utf8)" ]
        check '{"run":{"code":"3"}}'
        [ "$stderr" = "coderun: the server's reply is not a coderun reply: run has a code, time or memory that is not a whole number" ]
        check '{"ok":true}'
        [ "$stderr" = "coderun: the server's reply is not a coderun reply: the reply has no error, compile, run or tests" ]
        check '[1,2]'
        [ "$stderr" = "coderun: the server's reply is not a coderun reply: the reply is not an object" ]
        check ''
        [ "$stderr" = "coderun: $FAKE closed the connection without a reply" ]
}

@test "a server's error reply: its code and message, exit 121" {
        fake '{"error":"busy","message":"every job slot is taken"}\n'
        f=$(src main.py 'print(1)')
        run -121 --separate-stderr cli -s "$FAKE" -l python "$f"
        [ "$stderr" = "coderun: busy: every job slot is taken" ]
        run -121 --separate-stderr cli -s "$FAKE" "$f"
        [ "$stderr" = "coderun: server: every job slot is taken" ]
        run -121 --separate-stderr cli -s "$FAKE" --list
        [ "$stderr" = "coderun: server: every job slot is taken" ]
        run -121 --separate-stderr cli -s "$FAKE" --list --json
        [ "$output" = '{"error":"busy","message":"every job slot is taken"}' ]
        [ -z "$stderr" ]
}

@test "a reply with a leading blank, without status (Piston), or with an unknown status" {
        f=$(src main.py 'print(1)')
        fake ' {"run":{"stdout":"aGkK","stderr":"","output":"aGkK","code":7,"signal":null}}\n'
        run -7 --separate-stderr cli -s "$FAKE" -l python "$f"
        [ "$output" = hi ]
        rm -f "$T/port"
        fake '{"run":{"stdout":"","code":null,"signal":"SIGKILL","status":"SG","message":null}}\n'
        run -137 --separate-stderr cli -s "$FAKE" -l python "$f"
        [ "$stderr" = "coderun: SIGKILL" ]
        rm -f "$T/port"
        fake '{"run":{"stdout":"","code":null,"signal":"SIGRTMIN+2","status":"SG","message":"killed by signal 34"}}\n'
        run -162 --separate-stderr cli -s "$FAKE" -l python "$f"
        rm -f "$T/port"
        fake '{"run":{"stdout":"","code":null,"signal":null,"status":"XX","message":"could not start /box/main"}}\n'
        run -121 --separate-stderr cli -s "$FAKE" -l python "$f"
        [ "$stderr" = "coderun: the server could not run the program: could not start /box/main" ]
}
