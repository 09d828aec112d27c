#!/usr/bin/env bats
# limits.bats: the systemd limit backends (sandbox/scope.c, sandbox/cgroup-base.c)
# under a real systemd 252 (rig.bash). First as installed: coderun@.service says
# Delegate=yes and the executor makes its stage cgroups in the unit's own cgroup.
# Then with delegation turned off by a drop-in: the executor starts a transient
# scope with Delegate=yes for itself over systemd's private bus. Both ways: a memory
# hog is ML, a fork bomb is bounded, two jobs get one CPU share each however many
# threads they run, and no scope or cgroup is left after a job.

bats_require_minimum_version 1.7.0

load ../../helper
load rig

# job LANG SOURCE [EXTRA]: a raw request for one source file, EXTRA ('"k":v,...')
# spliced into the object.
job() {
        jq -cn --arg l "$1" --arg s "$2" --argjson x "{${3:-}}" \
                '{language: $l, version: "*", files: [{content: $s}]} + $x'
}

# cpu_share_pair: a job of four spinning processes and a job of one, at the same
# time for 2.5 s; prints the one's CPU time over the four's. With one share per job
# that is ~1 on two cores; with a share per process it would be ~0.25.
cpu_share_pair() {
        local four one
        four=$(job bash 'for i in 1 2 3 4; do (while :; do :; done) & done; wait' \
                '"run_timeout":2500,"run_cpu_time":15000')
        one=$(job bash 'while :; do :; done' '"run_timeout":2500,"run_cpu_time":15000')
        rig_cr "$four" >"$BATS_TEST_TMPDIR/four" &
        rig_cr "$one" >"$BATS_TEST_TMPDIR/one"
        wait
        jq -n --slurpfile a "$BATS_TEST_TMPDIR/one" --slurpfile b "$BATS_TEST_TMPDIR/four" \
                '$a[0].run.cpu_time / $b[0].run.cpu_time'
}

# median_ms N JSON: the median time of N sequential HTTP requests, in ms (curl's
# own clock: its start-up is not counted).
median_ms() {
        for _ in $(seq "$1"); do
                rig_net curl -s -o /dev/null -w '%{time_total}\n' -d "$2" \
                        http://127.0.0.1:7070/api/v2/execute
        done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] * 1000 }'
}

@test "Delegate=yes: the executor uses its unit's own cgroup" {
        run -0 rig_net curl -sS --max-time 10 http://127.0.0.1:7070/health
        jqe '.limits == "systemd-delegate+cgroup-v1"'
        # While a job runs, its stage cgroup sits in the coderun@ unit's cgroup with
        # the request's limits.
        rig_cr "$(job bash 'sleep 2' '"run_memory_limit":100000000')" >"$BATS_TEST_TMPDIR/r" &
        local dir=
        for _ in $(seq 50); do
                dir=$(rig_exec find /sys/fs/cgroup/memory/system.slice -path '*coderun@*.service/coderun-6*' -type d | head -1)
                [ -z "$dir" ] || break
                sleep 0.05
        done
        wait
        [ -n "$dir" ]
        run -0 jq -r '.run.status' "$BATS_TEST_TMPDIR/r"
        [ "$output" = null ]
        rig_nothing_left
}

@test "Delegate=yes: the stage's limits hold: memory, processes, CPU share" {
        run -0 rig_cr "$(job python 'b = bytearray(512 << 20)' '"run_memory_limit":134217728')"
        jqe '.run.status == "ML" and .run.memory == 134217728'
        run -0 rig_cr "$(job bash "$(cat "$ROOT/tests/sandbox/hostile/cases/fork_bomb.sh")" '"run_timeout":2000')"
        jqe '.run.stderr | test("fork: (retry: )?Resource temporarily unavailable")' || { echo "$output" | head -c 400 >&2; false; }
        run -0 cpu_share_pair
        echo "# delegated: one-spinner/four-spinner CPU time ratio $output" >&3
        jq -e '. > 0.5' <<<"$output"
        rig_nothing_left
}

@test "Delegate=no: the executor starts a transient scope and the limits hold there" {
        local fast slow req
        req=$(job bash 'true')
        fast=$(median_ms 21 "$req")

        rig_delegate no
        run -0 rig_net curl -sS --max-time 10 http://127.0.0.1:7070/health
        jqe '.limits == "systemd-scope+cgroup-v1"'

        # The job runs inside the scope, which is gone after it.
        rig_cr "$(job bash 'sleep 2')" >"$BATS_TEST_TMPDIR/r" &
        local scope=
        for _ in $(seq 50); do
                scope=$(rig_exec systemctl list-units --plain --no-legend 'coderun-*.scope' | head -1)
                [ -z "$scope" ] || break
                sleep 0.05
        done
        wait
        [ -n "$scope" ]
        run -0 jq -r '.run.stdout' "$BATS_TEST_TMPDIR/r"

        run -0 rig_cr "$(job python 'b = bytearray(512 << 20)' '"run_memory_limit":134217728')"
        jqe '.run.status == "ML" and .run.memory == 134217728'
        run -0 rig_cr "$(job bash "$(cat "$ROOT/tests/sandbox/hostile/cases/fork_bomb.sh")" '"run_timeout":2000')"
        jqe '.run.stderr | test("fork: (retry: )?Resource temporarily unavailable")' || { echo "$output" | head -c 400 >&2; false; }
        run -0 cpu_share_pair
        echo "# scope: one-spinner/four-spinner CPU time ratio $output" >&3
        jq -e '. > 0.5' <<<"$output"

        slow=$(median_ms 21 "$req")
        echo "# bash true over HTTP, median of 21: delegated ${fast} ms, transient scope ${slow} ms" >&3
        rig_delegate yes
        rig_nothing_left
}
