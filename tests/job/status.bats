#!/usr/bin/env bats
# status.bats: every run status provoked for real, end to end through ./coderun-exec,
# with the code, signal and message the reply gives it (docs/protocol.md, "Reply"): null,
# RE, SG, TO by wall clock and by CPU, OL, EL and XX; then stdin and stdout corner
# cases that must neither hang nor lose output. ML needs the memory limits of a later
# issue and is not tested here; neither is the `memory` field (null for now).
bats_require_minimum_version 1.7.0
# Note: bats' `run` overwrites $status, $output and $lines; names here avoid them.

load ../helper



# big_stdin_req FILE SOURCE: a bash request with 10 MiB of stdin, written to FILE.
big_stdin_req() {
        yes abcdefghi | head -c 10485760 > "$BATS_TEST_TMPDIR/in"
        jq -nc --rawfile in "$BATS_TEST_TMPDIR/in" --arg src "$2" \
                '{language:"bash", source:$src, stdin:$in, run_timeout:5000}' > "$1"
}

@test "exit 0: status, code 0, no signal, no message" {
        need_root
        run -0 --separate-stderr cr_src bash 'echo hi'
        jqe '.run | .status == null and .code == 0 and .signal == null and .message == null'
        jqe '.run.stdout == "hi\n" and .run.stderr == ""'
        jqe '.run.stdout_truncated == false and .run.stderr_truncated == false'
}

@test "exit 3 is RE with code 3" {
        need_root
        run -0 --separate-stderr cr_src bash 'echo out; echo err >&2; exit 3'
        jqe '.run | .status == "RE" and .code == 3 and .signal == null'
        jqe '.run.message == "exited with code 3"'
        jqe '.run.stdout == "out\n" and .run.stderr == "err\n"'
}

@test "python sys.exit(2) is RE with code 2" {
        need_root
        run -0 --separate-stderr cr_src python 'import sys
print("bye")
sys.exit(2)'
        jqe '.run | .status == "RE" and .code == 2 and .signal == null'
        jqe '.run.message == "exited with code 2" and .run.stdout == "bye\n"'
}

@test "exit 255 is RE with code 255" {
        need_root
        run -0 --separate-stderr cr_src c 'int main(void) { return 255; }'
        jqe '.compile.status == null'
        jqe '.run | .status == "RE" and .code == 255 and .signal == null'
        jqe '.run.message == "exited with code 255"'
}

@test "a null pointer dereference is SG, SIGSEGV" {
        need_root
        run -0 --separate-stderr cr_src c 'int main(void) { volatile int *p = 0; return *p; }'
        jqe '.compile.status == null'
        jqe '.run | .status == "SG" and .code == null and .signal == "SIGSEGV"'
        jqe '.run.message == "killed by signal 11 (Segmentation fault)"'
}

@test "integer division by zero is SG, SIGFPE" {
        need_root
        run -0 --separate-stderr cr_src c 'int main(void) { volatile int a = 1, b = 0; return a / b; }'
        jqe '.compile.status == null'
        jqe '.run | .status == "SG" and .code == null and .signal == "SIGFPE"'
        jqe '.run.message == "killed by signal 8 (Floating point exception)"'
}

@test "abort() is SG, SIGABRT, output before it kept" {
        need_root
        run -0 --separate-stderr cr_src c '#include <stdio.h>
#include <stdlib.h>
int main(void) { fputs("going\n", stderr); abort(); }'
        jqe '.compile.status == null'
        jqe '.run | .status == "SG" and .code == null and .signal == "SIGABRT"'
        jqe '.run.message == "killed by signal 6 (Aborted)" and .run.stderr == "going\n"'
}

@test "a stack overflow by infinite recursion is SG, SIGSEGV" {
        need_root
        run -0 --separate-stderr cr_src c 'int down(volatile int n) {
        volatile char frame[1024];
        frame[0] = (char)n;
        return down(n + 1) + frame[0];
}
int main(void) { return down(0); }' '{run_timeout:5000}'
        jqe '.compile.status == null'
        jqe '.run | .status == "SG" and .code == null and .signal == "SIGSEGV"'
        jqe '.run.message == "killed by signal 11 (Segmentation fault)"'
}

@test "wall clock: sleep 10 with run_timeout 500 is TO near 500 ms, earlier output kept" {
        need_root
        local t0=$EPOCHREALTIME
        run -0 --separate-stderr cr_src bash 'echo before; echo err >&2; sleep 10; echo after' \
                '{run_timeout:500}'
        [ "$(ms_since "$t0")" -lt 3000 ]
        jqe '.run | .status == "TO" and .code == null and .signal == "SIGKILL"'
        jqe '.run.message == "wall time limit exceeded (500 ms)"'
        jqe '.run.wall_time >= 500 and .run.wall_time < 1000'
        jqe '.run.stdout == "before\n" and .run.stderr == "err\n"'
        jqe '.run.output == "before\nerr\n"'
}

@test "CPU: a busy loop with run_cpu_time 1000 is TO with cpu_time >= 1000" {
        need_root
        run -0 --separate-stderr cr_src c 'int main(void) { for (;;); }' \
                '{run_cpu_time:1000, run_timeout:5000}'
        jqe '.compile.status == null'
        # The stage's init holds the budget and kills the whole job when it is spent.
        jqe '.run | .status == "TO" and .code == null and .signal == "SIGKILL"'
        jqe '.run.message == "CPU time limit exceeded (1000 ms)"'
        jqe '.run.cpu_time >= 1000 and .run.cpu_time < 1300 and .run.wall_time < 5000'
}

@test "CPU: two spinning threads are TO with cpu_time >= 1000" {
        need_root
        run -0 --separate-stderr cr_src c '#include <pthread.h>
static void *spin(void *arg) { for (;;); return arg; }
int main(void) {
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
                pthread_create(&t[i], 0, spin, 0);
        return pthread_join(t[0], 0);
}' '{run_cpu_time:1000, run_timeout:5000}'
        jqe '.compile.status == null'
        # The stage's init holds the budget and kills the whole job when it is spent.
        jqe '.run | .status == "TO" and .code == null and .signal == "SIGKILL"'
        jqe '.run.message == "CPU time limit exceeded (1000 ms)"'
        jqe '.run.cpu_time >= 1000 and .run.cpu_time < 1300 and .run.wall_time < 5000'
}

@test "CPU: a program that would use 800 ms of a 500 ms budget is stopped at 500 ms" {
        need_root
        # RLIMIT_CPU alone counts whole seconds and would let it finish.
        run -0 --separate-stderr cr_src c '#include <time.h>
int main(void) {
        struct timespec ts;
        do
                clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        while (ts.tv_sec * 1000 + ts.tv_nsec / 1000000 < 800);
        return 0;
}' '{run_cpu_time:500, run_timeout:5000}'
        jqe '.compile.status == null'
        jqe '.run | .status == "TO" and .code == null and .signal == "SIGKILL"'
        jqe '.run.message == "CPU time limit exceeded (500 ms)"'
        jqe '.run.cpu_time >= 500 and .run.cpu_time < 800'
}

@test "CPU: a busy program stopped by the wall clock reports the CPU it used" {
        need_root
        run -0 --separate-stderr cr_src c 'int main(void) { for (;;); }' \
                '{run_cpu_time:5000, run_timeout:1000}'
        jqe '.run | .status == "TO" and .signal == "SIGKILL"'
        jqe '.run.message == "wall time limit exceeded (1000 ms)"'
        # It spun for a whole second of wall time: at least half of it is CPU time.
        jqe '.run.cpu_time >= 500'
}

@test "CPU: time spent by a background process of the job is counted" {
        need_root
        run -0 --separate-stderr cr_src bash '(while :; do :; done) & sleep 1; echo done' \
                '{run_cpu_time:5000, run_timeout:5000}'
        jqe '.run.stdout == "done\n" and .run.code == 0'
        jqe '.run.cpu_time >= 500'
}

@test "CPU: the CPU limit holds for all of a job's processes together" {
        need_root
        run -0 --separate-stderr cr_src bash 'for w in 1 2 3 4; do (while :; do :; done) & done; wait' \
                '{run_cpu_time:1000, run_timeout:8000}'
        jqe '.run.status == "TO"'
        jqe '.run.message == "CPU time limit exceeded (1000 ms)"'
        # Four workers may not buy four times the limit.
        jqe '.run.cpu_time >= 1000 and .run.cpu_time < 1500'
}

@test "OL: yes floods stdout; exactly output_limit bytes kept, reply valid JSON" {
        need_root
        local limit t0=$EPOCHREALTIME
        limit=$(conf_value_bytes output_limit)
        [ "$limit" -eq 1048576 ]
        run -0 --separate-stderr cr_src bash 'echo start >&2; yes' '{run_timeout:10000}'
        [ "$(ms_since "$t0")" -lt 5000 ]
        valid_json
        jqe '.run | .status == "OL" and .code == null and .signal == "SIGKILL"'
        jqe --argjson n "$limit" '.run.message == "stdout exceeded the output limit (\($n) bytes)"'
        jqe '.run.stdout_truncated == true and .run.stderr_truncated == false'
        jqe --argjson n "$limit" '.run.stdout | length == $n'
        jqe --argjson n "$limit" '.run.stdout == ("y\n" * ($n / 2))'
        jqe '.run.stderr == "start\n"'
        jqe --argjson n "$limit" '.run.output | length == $n + 6'
}

@test "EL: a stderr flood; exactly output_limit bytes kept, reply valid JSON" {
        need_root
        local limit
        limit=$(conf_value_bytes output_limit)
        run -0 --separate-stderr cr_src bash 'echo start; yes err >&2' '{run_timeout:10000}'
        valid_json
        jqe '.run | .status == "EL" and .code == null and .signal == "SIGKILL"'
        jqe --argjson n "$limit" '.run.message == "stderr exceeded the output limit (\($n) bytes)"'
        jqe '.run.stderr_truncated == true and .run.stdout_truncated == false'
        jqe --argjson n "$limit" '.run.stderr == ("err\n" * ($n / 4))'
        jqe '.run.stdout == "start\n"'
}

@test "XX: the second test cannot start the program the first one deleted" {
        need_root
        run -0 --separate-stderr cr_src c '#include <stdio.h>
#include <unistd.h>
int main(void) { puts("ran"); return unlink("/box/main"); }' '{tests:[{}, {}]}'
        jqe '.compile.status == null'
        jqe '.tests | length == 2'
        jqe '.tests[0] | .status == null and .code == 0 and .stdout == "ran\n"'
        jqe '.tests[1] | .status == "XX" and .code == null and .signal == null and .stdout == ""'
        jqe '.tests[1].message == "could not start /box/main: No such file or directory"'
}

@test "a blocking read of stdin with no stdin given sees EOF at once" {
        need_root
        run -0 --separate-stderr cr_src bash 'read -r x; echo "read $? [$x]"; cat; echo "cat $?"' \
                '{run_timeout:2000}'
        jqe '.run.status == null and .run.stdout == "read 1 []\ncat 0\n"'
        jqe '.run.wall_time < 1000'
        run -0 --separate-stderr cr_src c '#include <stdio.h>
int main(void) { puts(getchar() == EOF ? "EOF" : "data"); return 0; }' '{run_timeout:2000}'
        jqe '.run.status == null and .run.stdout == "EOF\n"'
        run -0 --separate-stderr cr_src python 'import sys
print(repr(sys.stdin.read()))' '{run_timeout:2000}'
        jqe '.run.status == null and .run.stdout == "'"''"'\n"'
}

@test "10 MiB of stdin to a program that never reads it: no hang" {
        need_root
        local t0
        big_stdin_req "$BATS_TEST_TMPDIR/req.json" 'echo hi'
        t0=$EPOCHREALTIME
        run -0 --separate-stderr cr_file "$BATS_TEST_TMPDIR/req.json"
        [ "$(ms_since "$t0")" -lt 3000 ]
        jqe '.run.status == null and .run.code == 0 and .run.stdout == "hi\n"'
        big_stdin_req "$BATS_TEST_TMPDIR/req.json" 'sleep 0.3; head -c 9; echo; exit 5'
        run -0 --separate-stderr cr_file "$BATS_TEST_TMPDIR/req.json"
        jqe '.run.status == "RE" and .run.code == 5 and .run.stdout == "abcdefghi\n"'
}

@test "10 MiB of stdin reach a program that reads them all" {
        need_root
        big_stdin_req "$BATS_TEST_TMPDIR/req.json" 'wc -c; sha256sum | cut -c1-64'
        run -0 --separate-stderr cr_file "$BATS_TEST_TMPDIR/req.json"
        jqe '.run.status == null'
        # wc took it all; sha256sum then read nothing but EOF.
        jqe --arg e "$(printf '' | sha256sum | cut -c1-64)" '.run.stdout == "10485760\n\($e)\n"'
}

@test "a program that closes stdout early still gets its stderr and its exit code" {
        need_root
        run -0 --separate-stderr cr_src bash 'echo first; exec >&-; sleep 0.2; echo late >&2; exit 4' \
                '{run_timeout:3000}'
        jqe '.run | .status == "RE" and .code == 4 and .signal == null'
        jqe '.run.stdout == "first\n" and .run.stderr == "late\n"'
        run -0 --separate-stderr cr_src c '#include <stdio.h>
#include <unistd.h>
int main(void) {
        printf("first\n");
        fflush(stdout);
        close(1);
        if (printf("lost\n") < 0 || fflush(stdout) != 0)
                fputs("write failed\n", stderr);
        usleep(200000);
        fputs("still here\n", stderr);
        return 0;
}'
        jqe '.run | .status == null and .code == 0'
        jqe '.run.stdout == "first\n" and .run.stderr == "write failed\nstill here\n"'
}

@test "CPU: workers that make themselves non-dumpable still count against the budget" {
        need_root
        run -0 --separate-stderr cr_src c '#include <sys/prctl.h>
#include <unistd.h>
int main(void) {
        for (int i = 0; i < 2; i++)
                if (fork() == 0) {
                        prctl(PR_SET_DUMPABLE, 0);
                        for (;;);
                }
        for (;;) pause();
}' '{run_cpu_time:1000, run_timeout:8000}'
        jqe '.run.status == "TO" and .run.message == "CPU time limit exceeded (1000 ms)"'
        jqe '.run.cpu_time >= 1000 and .run.cpu_time < 1500'
}

@test "tests: NUL is output, not trailing whitespace, when comparing to expected_output" {
        need_root
        run -0 --separate-stderr cr '{"language":"bash","source":"printf \"42\\0\"","tests":[{"expected_output":"42"},{"expected_output":"42\u0000"}]}'
        jqe '[.tests[].passed] == [false, true]'
}

@test "the request's total output is bounded: later stages get what the earlier left" {
        local_only
        need_root
        local conf
        conf=$(conf_with output_limit=4M)
        # 5 runs of 4 MiB each against a 16 MiB budget: the fifth has nothing left.
        run -0 --separate-stderr cr_with "$conf" '{"language":"bash","source":"head -c 4194304 /dev/zero | tr \"\\0\" x","tests":[{},{},{},{},{}]}'
        jqe '[.tests[].status] == [null, null, null, null, "OL"]'
        jqe '[.tests[].stdout | length] == [4194304, 4194304, 4194304, 4194304, 0]'
}

@test "ML: touching 1 GiB under a 256 MiB limit is killed by the kernel and says so" {
        need_root
        run -0 --separate-stderr cr_src python 'b = bytearray(1 << 30)
for i in range(0, len(b), 4096):
    b[i] = 1
print("touched")' '{run_memory_limit:268435456}'
        jqe '.run | .status == "ML" and .signal == "SIGKILL" and .code == null'
        jqe '.run.message == "memory limit exceeded (268435456 bytes)"'
        jqe '.run.stdout == "" and .run.memory >= 260000000 and .run.memory <= 268435456'
}

@test "memory: the peak of the whole stage is measured by the kernel, per stage" {
        need_root
        run -0 --separate-stderr cr_src python 'b = bytearray(64 << 20)
for i in range(0, len(b), 4096):
    b[i] = 1
print(len(b))'
        jqe '.run.status == null and .run.memory >= 67108864 and .run.memory < 134217728'
        # A program no other request compiled: a compile the cache restored has no memory.
        run -0 --separate-stderr cr_src c "int main(void) { return 0; } /* $RANDOM$RANDOM */"
        jqe '(.compile.memory > 0) and (.run.memory > 0) and (.run.memory < 16777216)'
}

@test "Java and Node run under the default memory limit and report ML past it" {
        need_root
        run -0 --separate-stderr cr_src javascript 'const a = []; for (;;) a.push(new Array(1e6).fill(1));' \
                '{run_memory_limit:134217728, run_timeout:10000}'
        jqe '.run.status == "ML" and .run.memory == 134217728'
        run -0 --separate-stderr cr_src java 'import java.util.*;
public class Main { public static void main(String[] a) { List<long[]> l = new ArrayList<>(); for (;;) l.add(new long[1 << 20]); } }' \
                '{run_memory_limit:134217728, run_timeout:10000}'
        jqe '.compile.status == null'
        jqe '.run.status == "ML" and .run.memory == 134217728'
}

@test "no cgroup backend: jobs are refused, unless the config allows rlimit-only" {
        local_only
        need_root
        local strict loose state="$BATS_TEST_TMPDIR/state"
        strict=$(conf_with state_dir="$state")
        cp "$strict" "$BATS_TEST_TMPDIR/strict.conf"
        loose=$(conf_with state_dir="$state" allow_rlimit_only=yes)
        cp "$loose" "$BATS_TEST_TMPDIR/loose.conf"
        # Hide the cgroup hierarchies from the executor only.
        run -0 --separate-stderr unshare -m bash -c "mount -t tmpfs none /sys/fs/cgroup
                printf '{\"language\":\"bash\",\"source\":\"echo hi\"}' | '$EXEC' --config '$BATS_TEST_TMPDIR/strict.conf'
                printf '{\"language\":\"bash\",\"source\":\"echo hi\"}' | '$EXEC' --config '$BATS_TEST_TMPDIR/loose.conf'
                printf 'GET /health HTTP/1.0\r\n\r\n' | '$EXEC' --config '$BATS_TEST_TMPDIR/loose.conf' | tail -n 1"
        release_state "$state"
        run -0 jq -s -c '.' <<<"$output"
        jqe '.[0].error == "internal" and (.[0].message | contains("allow_rlimit_only"))'
        jqe '.[1].run.stdout == "hi\n" and .[1].run.memory == null'
        jqe '.[2].limits == "rlimit-only"'
}

@test "cgroup v2 without the memory and pids controllers: refused, and says why" {
        local_only
        need_root
        local strict state="$BATS_TEST_TMPDIR/state"
        [ -d /sys/fs/cgroup/unified ] || skip_or_fail "no cgroup2 mount to show the executor"
        strict=$(conf_with state_dir="$state")
        cp "$strict" "$BATS_TEST_TMPDIR/strict.conf"
        # The executor alone sees a cgroup2 root at /sys/fs/cgroup: this machine kind's
        # unified hierarchy, which holds no memory or pids controller.
        run -0 --separate-stderr unshare -m bash -c "mount --bind /sys/fs/cgroup/unified /sys/fs/cgroup
                printf '{\"language\":\"bash\",\"source\":\"echo hi\"}' | '$EXEC' --config '$BATS_TEST_TMPDIR/strict.conf'
                printf 'GET /health HTTP/1.0\r\n\r\n' | '$EXEC' --config '$BATS_TEST_TMPDIR/strict.conf' | tail -n 1"
        release_state "$state"
        run -0 jq -s -c '.' <<<"$output"
        jqe '.[0].error == "internal" and (.[0].message | contains("memory and pids controllers are not delegated"))'
        jqe '.[1].limits == "none"'
}
