#!/usr/bin/env bats
# load.bats: coderun under a real systemd 252 (rig.bash) taking load and faults:
# 2,000 requests at concurrency 16 with no reply lost, a burst past MaxConnections
# in which no client is half-served, a client that leaves mid-job, an executor
# SIGKILLed mid-job; after each, the socket unit is still active and no unit,
# cgroup or job process is left. Traffic stays on the container's loopback.

bats_require_minimum_version 1.7.0

load ../../helper
load rig

# socket_healthy: coderun.socket is still active (not failed by a trigger limit).
socket_healthy() {
        run -0 rig_exec systemctl show -P ActiveState coderun.socket
        [ "$output" = active ] || { echo "coderun.socket is $output" >&2; return 1; }
}

# sleeper_pid: the pid (host view) of the job process running `sleep`, once it runs.
sleeper_pid() {
        for _ in $(seq 100); do
                pgrep -u "$(job_uids)" -x sleep && return 0
                sleep 0.05
        done
        return 1
}

@test "2,000 requests at concurrency 16: each gets its result or busy, none is lost" {
        run -0 rig_net /usr/bin/python3 "$ROOT/tests/wire/load-client.py" 127.0.0.1 7070 2000 16 600
        echo "# 2000 x c16 through systemd: $output" >&3
        jqe '.lost == 0 and .error == 0 and .ok + .busy == 2000'
        socket_healthy
        rig_nothing_left
}

@test "a burst of 320 connections past MaxConnections=256: answered or refused, none half-served" {
        run -0 rig_net /usr/bin/python3 "$ROOT/tests/wire/burst-client.py" 127.0.0.1 7070 320
        echo "# burst of 320: $output" >&3
        jqe '.partial == 0 and .reply + .refused == 320'
        # Past the limit systemd closes at once; within it, every reply is a result
        # or busy.
        jqe '.refused > 0 and .reply >= 16'
        jqe '.errors | keys - ["none", "busy"] == []'
        socket_healthy
        rig_nothing_left
}

@test "a client that leaves mid-job: its job and unit are gone at once" {
        local t0=$EPOCHREALTIME
        run -0 rig_net /usr/bin/python3 "$ROOT/tests/wire/disconnect.py" http 7070
        rig_nothing_left
        # disconnect.py holds 1 s; the job would sleep 14 s.
        [ "$(ms_since "$t0")" -lt 5000 ]
        run -0 rig_exec journalctl -b --no-pager -u 'coderun@*'
        assert_output --partial "client gone: the client closed the connection"
        socket_healthy
}

# kill_executor_mid_job: a job sleeping 14 s, its executor SIGKILLed while it runs;
# the client gets EOF, and job, unit, scope and cgroups go at once.
kill_executor_mid_job() {
        local t0=$EPOCHREALTIME sleeper exec_pid
        rig_cr '{"language":"bash","version":"*","run_timeout":15000,"files":[{"content":"sleep 14"}]}' \
                >"$BATS_TEST_TMPDIR/reply" &
        sleeper=$(sleeper_pid)
        [ -n "$sleeper" ]
        exec_pid=$(pgrep -x coderun-exec | head -1)
        [ -n "$exec_pid" ]
        kill -KILL "$exec_pid"
        wait
        # No reply: at most the one-space probe the executor sent when nc half-closed.
        [ -z "$(tr -d ' ' <"$BATS_TEST_TMPDIR/reply")" ]
        rig_nothing_left
        [ "$(ms_since "$t0")" -lt 8000 ]
        socket_healthy
}

@test "the executor SIGKILLed mid-job: the job dies with it, nothing is left" {
        kill_executor_mid_job
}

@test "the executor SIGKILLed mid-job in a transient scope: the same" {
        rig_delegate no
        kill_executor_mid_job
        rig_delegate yes
}
