#!/usr/bin/env bats
# cgroup2.bats: the cgroupfs v2 backend's limits, which a hybrid (v1) host such as
# CI's never exercises. setup_file boots one VM whose kernel runs pure cgroup v2
# (vm.bash) and, inside it, sends every request below to the real ./coderun-exec,
# each from a fresh cgroup of its own (guest.sh); each test then judges what one
# request left in the io dir. No request and no user code runs on the host.
bats_require_minimum_version 1.7.0

load ../../helper
load vm

# cases: "NAME MODE" lines, in the order guest.sh runs them. MODE: alone (the
# executor alone in a fresh cgroup), watch (alone, and looked at while its stage
# runs), shared (a sleep is in the fresh cgroup first).
cases() {
        printf 'health alone\n'
        printf 'oom alone\n'
        printf 'forkbomb alone\n'
        printf 'busy alone\n'
        printf 'spinner alone\n'
        printf 'leaf watch\n'
        printf 'orphan kill\n'
        printf 'shared shared\n'
}

# requests DIR: each case's request in DIR/NAME.json (/health's is raw HTTP).
requests() {
        local d=$1
        printf 'GET /health HTTP/1.0\r\n\r\n' > "$d/health.json"
        # Touched bytes (a bytes product is written), not a calloc the kernel backs lazily.
        req_src python 'b = b"x" * (512 << 20)
print(len(b))' '{run_memory_limit:134217728, run_timeout:10000, run_cpu_time:10000}' \
                > "$d/oom.json"
        # Twice hostile.bats' 2 s, and CPU time to match two CPUs: emulated (vm.bash,
        # vm_accel) a fork is slow, and the bomb must reach the process limit before
        # its time is up.
        jq -nc --rawfile src "$ROOT/tests/sandbox/hostile/cases/fork_bomb.sh" \
                '{language:"bash", source:$src, run_timeout:4000, run_cpu_time:8000}' \
                > "$d/forkbomb.json"
        req_src python 'while True: pass' '{run_cpu_time:1000, run_timeout:5000}' > "$d/busy.json"
        # Four workers of 1 s of CPU each that the kernel reaps (SIGCHLD ignored):
        # their time reaches no rusage, only the stage cgroup's cpu.stat. The parent
        # prints its own CPU time (ms), which the stage's includes too.
        req_src python 'import os, signal, time
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
for _ in range(4):
    if os.fork() == 0:
        while time.process_time() < 1.0:
            pass
        os._exit(0)
try:
    os.wait()
except ChildProcessError:
    pass
print(round(time.process_time() * 1000))' '{run_cpu_time:15000, run_timeout:15000}' \
                > "$d/spinner.json"
        req_src bash 'cat /proc/self/cgroup; sleep 2; echo ok' \
                '{run_memory_limit:67108864, run_timeout:10000}' > "$d/leaf.json"
        req_src bash 'sleep 30' '{run_timeout:15000}' > "$d/orphan.json"
        req_src bash 'echo hi' > "$d/shared.json"
}

setup_file() {
        if ! vm_ready; then
                # make test installs them (test-deps); a bare `bats` run may not have.
                "$ROOT/tools/install-deps" test >&2 || true
                vm_ready || skip_or_fail "needs qemu-system-x86, linux-image-amd64, busybox-static"
        fi
        VM="$BATS_FILE_TMPDIR/vm"
        IO="$BATS_FILE_TMPDIR/io"
        export VM IO
        mkdir -p "$VM" "$IO/req"
        echo "$ROOT" > "$IO/repo"
        cases > "$IO/cases"
        requests "$IO/req"
        # The state dir on the guest's /run tmpfs; lang.d, runtimes, seccomp in the repo.
        BATS_TEST_TMPDIR="$IO" conf_with state_dir=/run/coderun > /dev/null
        local t0=$EPOCHREALTIME t1 built
        vm_initramfs "$(vm_kernel)" "$VM/initramfs.cpio"
        built=$(ms_since "$t0")
        t1=$EPOCHREALTIME
        vm_run "$VM" "$IO" || true
        if [ ! -e "$IO/out/done" ]; then
                echo "the VM did not finish its cases; qemu: $(cat "$VM/qemu.log")" >&2
                tail -n 40 "$VM/console.log" >&2
                return 1
        fi
        # Into the TAP stream: how long the VM costs, emulated or not.
        echo "# cgroup2 VM ($(vm_accel)): initramfs ${built} ms, guest up at" \
             "$(fact facts boot_ms) ms of uptime, cases done at $(fact facts run_ms) ms," \
             "qemu ran $(ms_since "$t1") ms" >&3
}

teardown_file() {
        [ -z "${VM:-}" ] || vm_stop "$VM"
}

# reply NAME: the case's reply as $output, its stderr as $stderr, its exit code as
# $rc, as `run` would set them (the /health reply: its body, the last line).
reply() {
        output=$(tail -n 1 "$IO/out/$1.reply")
        stderr=$(cat "$IO/out/$1.stderr")
        rc=$(cat "$IO/out/$1.rc")
        # Shown when the test fails.
        echo "reply: $output"
        echo "stderr: $stderr"
}

# fact FILE KEY: a key=value line's value.
fact() {
        sed -n "s/^$2=//p" "$IO/out/$1"
}

# left NAME: the cgroups the case's executor left in its cgroup, one per line.
left() {
        cat "$IO/out/$1.cgroups"
}

@test "the VM runs pure cgroup v2: no v1 hierarchy, every controller on cgroup2" {
        echo "VM facts: $(cat "$IO/out/facts")"
        [ "$(fact facts fstype)" = cgroup2fs ]
        # As systemd mounts it (init.sh).
        [[ ",$(fact facts options)," == *,nsdelegate,* ]]
        [ "$(fact facts v1_mounts)" = 0 ]
        [ "$(fact facts v1_memory_mount)" = refused ]
        [[ " $(fact facts controllers) " == *" memory "* ]]
        [[ " $(fact facts controllers) " == *" pids "* ]]
        [[ " $(fact facts controllers) " == *" cpu "* ]]
        # memory.peak, which `memory` reports on v2, is there since Linux 5.19.
        printf '%s\n' 5.19 "$(fact facts kernel)" | sort -CV
}

@test "/health says cgroup-v2, and its probe moves nothing" {
        reply health
        [ "$rc" = 0 ]
        jqe '.limits == "cgroup-v2"'
        [ -z "$(left health)" ]
        [ -z "$(cat "$IO/out/health.subtree")" ]
}

@test "512 MiB asked under a 128 MiB limit: ML, memory.peak near the limit, nothing left" {
        reply oom
        [ "$rc" = 0 ]
        jqe '.run.status == "ML" and .run.message == "memory limit exceeded (134217728 bytes)"'
        jqe '.run.signal == "SIGKILL"'
        jqe '.run.memory > 134217728 * 0.9 and .run.memory <= 134217728'
        [ "$(left oom)" = ./coderun-exec ]
}

@test "fork bomb: bounded by the process limit, the reply arrives in time, nothing left" {
        reply forkbomb
        [ "$rc" = 0 ]
        valid_json
        [ "$(cat "$IO/out/forkbomb.ms")" -lt 15000 ]
        jqe '.run.status | IN("TO", "SG", "RE", "EL")'
        jqe '.run.stderr | contains("fork: retry: Resource temporarily unavailable")
             or contains("fork: Resource temporarily unavailable")'
        [ "$(left forkbomb)" = ./coderun-exec ]
}

@test "busy loop: cpu_time from cpu.stat, ended at its CPU limit, nothing left" {
        reply busy
        [ "$rc" = 0 ]
        jqe '.run.status == "TO" and .run.message == "CPU time limit exceeded (1000 ms)"'
        jqe '.run.cpu_time >= 1000 and .run.cpu_time < 1500'
        [ "$(left busy)" = ./coderun-exec ]
}

@test "four spinning processes the kernel reaped: all of their CPU time counted" {
        reply spinner
        [ "$rc" = 0 ]
        jqe '.run.status == null and (.run.stdout | test("^[0-9]+\n$"))'
        # The workers' 4 x 1 s and the parent's own (emulated, its start alone can
        # take a second), with 1 s for the rest (the workers' exits, the stage's
        # init): all counted, none twice. And more than the wall time, on two CPUs.
        jqe '(.run.stdout | tonumber) as $parent |
             .run.cpu_time >= 4000 + $parent and .run.cpu_time < 5000 + $parent'
        jqe '.run.cpu_time > .run.wall_time'
        [ "$(left spinner)" = ./coderun-exec ]
}

@test "a fresh cgroup: the executor moves into a leaf coderun-exec and delegates the controllers" {
        reply leaf
        [ "$rc" = 0 ]
        # The job sees its own cgroup as the root of its cgroup namespace.
        jqe '.run.status == null and .run.stdout == "0::/\nok\n"'
        echo "while it ran: $(cat "$IO/out/leaf.watch")"
        # While the stage ran: the executor alone in the leaf, none in its old cgroup,
        # the job in a stage cgroup beside the leaf with the request's limits.
        [[ "$(fact leaf.watch stage)" == coderun-6* ]]
        [ "$(fact leaf.watch case_procs)" = 0 ]
        [ "$(fact leaf.watch leaf_procs)" = 1 ]
        [ "$(fact leaf.watch leaf_exe)" = "$EXEC" ]
        [ "$(fact leaf.watch exec_cgroup)" = 0::/case-leaf/coderun-exec ]
        [ "$(fact leaf.watch subtree)" = "cpu memory pids" ]
        [ "$(fact leaf.watch stage_procs)" -ge 1 ]
        [ "$(fact leaf.watch memory_max)" = 67108864 ]
        [ "$(fact leaf.watch swap_max)" = 0 ]
        [ "$(fact leaf.watch pids_max)" = "$(sed -n 's/^procs *= *//p' "$CONF")" ]
        [ "$(fact leaf.watch cpu_weight)" = 100 ]
        # After: the leaf stays (empty), the stage cgroup is gone.
        [ "$(left leaf)" = ./coderun-exec ]
        [ "$(cat "$IO/out/leaf.subtree")" = "cpu memory pids" ]
}

@test "a cgroup that holds another process: jobs refused, nothing changed" {
        reply shared
        [ "$rc" = 0 ]
        jqe '.error == "internal" and (.message | contains("holds other processes"))'
        [ -z "$(left shared)" ]
        [ -z "$(cat "$IO/out/shared.subtree")" ]
}

# The stage's init watches the executor's pidfd; orphaned, it ends the job and
# removes the stage cgroup itself, which under nsdelegate it may do only from
# outside the job's cgroup namespace.
@test "an executor SIGKILLed mid-job: its stage ends and the stage cgroup goes" {
        echo "while it ran: $(cat "$IO/out/orphan.watch")"
        [[ "$(fact orphan.watch stage)" == coderun-6* ]]
        [ "$(cat "$IO/out/orphan.rc")" = 137 ]
        [ "$(left orphan)" = ./coderun-exec ]
}
