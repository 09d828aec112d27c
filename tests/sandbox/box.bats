#!/usr/bin/env bats
# box.bats: the work dir's two ways (sandbox/box.c). On Linux 6.15 and later it is a
# detached tmpfs and the executor never leaves the host's mount namespace; on older
# kernels (taken here with CODERUN_BOX_ATTACHED=1) the executor mounts it in a
# private namespace of its own. Both must run every kind of stage: a compile and its
# run over the same files, a stage whose root is built (lang.d etc: python), a tty
# run, a checker program beside the solution; and leave no mount on the host.
# Network rule: none; the jobs' loopback is down.
bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        BOX_STATE="$BATS_FILE_TMPDIR/state"
        BOX_CONF=$(BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR" conf_with uid_first=61052 slots=4 \
                stream_slots=2 state_dir="$BOX_STATE")
        export BOX_STATE BOX_CONF
}

teardown_file() {
        [ -z "${BOX_STATE:-}" ] || release_state "$BOX_STATE"
}

setup() {
        local_only
        need_root
        export -f req_src
        export EXEC
}

# run_req JSON: the request through the executor with $BOX_CONF; the reply in $output.
run_req() {
        run -0 --separate-stderr bash -c 'printf "%s\n" "$1" | "$EXEC" --config "$BOX_CONF"' _ "$1"
}

# every_kind: each kind of stage once, each reply checked.
every_kind() {
        run_req "$(jq -nc '{language: "c", files: [{name: "main.c", content: "#include <stdio.h>
int main(void) { FILE *f = fopen(\"data.txt\", \"r\"); char b[8] = \"\"; fgets(b, 8, f); printf(\"%s|\", b); f = fopen(\"out\", \"w\"); return fputs(\"x\", f) < 0; }"},
                {name: "data.txt", content: "from-a-file"}]}')"
        jqe '.compile.code == 0 and .run.stdout == "from-a-|" and .run.code == 0'
        run_req "$(jq -nc '{language: "python", source: "import os\nprint(os.getcwd(), sorted(os.listdir(\".\")))"}')"
        jqe '.run.stdout == "/box [\u0027main.py\u0027]\n"'
        run_req '{"language":"bash","source":"tty; ls /dev/pts; ls /box","tty":true,"stream":true}'
        [[ "$output" == *'"data":"/dev/pts/0\r\n"'* ]]
        [[ "$output" == *'"data":"0  ptmx\r\n"'* ]]
        [[ "$output" == *'"type":"done"'* ]]
        run_req "$(jq -nc '{language: "bash", source: "cat",
                tests: [{stdin: "a b\n", expected_output: "a b\n"}, {stdin: "c\n", expected_output: "d\n"}],
                checker: {type: "program", language: "python",
                          source: "import sys\nsys.exit(0 if open(sys.argv[2]).read() == open(sys.argv[3]).read() else 1)"}}')"
        jqe '[.tests[].verdict] == ["AC", "WA"]'
}

# executor_mnt_ns: "host" when an executor running a job is in our mount namespace,
# "own" when in another; the job killed after.
executor_mnt_ns() {
        local exec_pid
        bash -c 'req_src bash "sleep 20" "{run_timeout: 15000}" | "$EXEC" --config "$BOX_CONF"' \
                >/dev/null 2>&1 &
        wait_for 30 pgrep -u 61052,61053,61054,61055 -x sleep >/dev/null
        exec_pid=$(pgrep -o -f -x "$EXEC --config $BOX_CONF")
        # The job itself is in a root of its own either way.
        [ "$(readlink "/proc/$(pgrep -u 61052,61053,61054,61055 -x sleep)/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ]
        if [ "$(readlink "/proc/$exec_pid/ns/mnt")" = "$(readlink /proc/self/ns/mnt)" ]; then
                echo host
        else
                echo own
        fi
        kill "$exec_pid"
        wait || true
}

@test "on this kernel the work dir is detached: the executor stays in the host's mount namespace" {
        local major minor
        IFS=. read -r major minor _ <<<"$(uname -r)"
        [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 15 ]; } ||
                skip_or_fail "Linux $(uname -r) cannot clone a detached mount (6.15 can)"
        [ "$(executor_mnt_ns)" = host ]
        [ "$(CODERUN_BOX_ATTACHED=1 executor_mnt_ns)" = own ]
}

@test "detached (this kernel's way): every kind of stage runs, and no mount is left" {
        local before
        before=$(host_mounts | awk '{print $5}' | sort)
        every_kind
        [ "$(host_mounts | awk '{print $5}' | sort)" = "$before" ]
}

@test "attached (older kernels' way): every kind of stage runs, and no mount is left" {
        local before
        export CODERUN_BOX_ATTACHED=1
        before=$(host_mounts | awk '{print $5}' | sort)
        every_kind
        [ "$(host_mounts | awk '{print $5}' | sort)" = "$before" ]
        # The executor's own namespace was made: it is gone with it, and took its
        # staging /tmp along (nothing of the jobs' uids in the host's /tmp).
        run -0 find /tmp -maxdepth 2 \( -uid 61052 -o -uid 61053 -o -uid 61054 -o -uid 61055 \) -print
        [ -z "$output" ]
}
