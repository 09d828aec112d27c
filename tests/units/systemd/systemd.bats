#!/usr/bin/env bats
# systemd.bats: the installed units under a real systemd 252 (rig.bash boots one in
# systemd-nspawn): socket activation with Accept=yes on both loopback addresses, one
# service instance per connection that goes away after it, the units as systemd's own
# checker sees them installed, jobs on the host's toolchains with the limits enforced,
# and a rig that leaves nothing behind on the host.

bats_require_minimum_version 1.7.0

load ../../helper
load rig

@test "coderun.socket is active and listens on 127.0.0.1:7070 and [::1]:7070" {
        run -0 rig_exec systemctl is-active coderun.socket
        [ "$output" = active ]
        run -0 rig_exec systemctl show -P Listen coderun.socket
        assert_line '127.0.0.1:7070 (Stream)'
        assert_line '[::1]:7070 (Stream)'
        # Listed is not listening: connect to both.
        rig_net curl -sf --max-time 10 http://127.0.0.1:7070/health >/dev/null
        rig_net curl -sfg --max-time 10 'http://[::1]:7070/health' >/dev/null
}

@test "GET /health answers 200 with JSON" {
        run -0 rig_net curl -sS --max-time 10 -o - -w '\n%{http_code} %{content_type}' \
                http://127.0.0.1:7070/health
        [ "${lines[1]}" = "200 application/json" ]
        output=${lines[0]}
        jqe '.ok == true and (.slots | type == "number")'
}

@test "a Python job prints 42" {
        run -0 rig_cr '{"language":"python","version":"*","files":[{"content":"print(6*7)"}]}'
        jqe '.run.stdout == "42\n" and .run.status == null'
}

@test "no coderun@ instance stays after its connection" {
        rig_cr '{"language":"python","version":"*","files":[{"content":"print(1)"}]}' >/dev/null
        for _ in $(seq 20); do
                run -0 rig_exec systemctl list-units --all --plain --no-legend 'coderun@*.service'
                [ -n "$output" ] || return 0
                sleep 0.1
        done
        echo "still loaded after 2 s: $output" >&2
        return 1
}

@test "systemd-analyze verify finds nothing to say about the installed units" {
        local f units=()
        for f in "$RIG_DIR"/stage/etc/systemd/system/*; do
                units+=("/etc/systemd/system/${f##*/}")
        done
        run -0 --separate-stderr rig_exec systemd-analyze verify --man=no "${units[@]}"
        [ -z "$output" ] && [ -z "$stderr" ] || { echo "$output$stderr" >&2; return 1; }
}

@test "systemd-analyze security: coderun@.service stays at the exposure the README gives" {
        # The README explains each remaining exposure; a unit edit that raises the
        # score must also update it (README: "Units").
        run -0 rig_exec systemd-analyze security --no-pager coderun@probe.service
        local score
        score=$(sed -n 's/.*Overall exposure level for coderun@probe.service: \([0-9.]*\).*/\1/p' <<<"$output")
        echo "# systemd-analyze security coderun@.service: $score" >&3
        [ -n "$score" ]
        grep -q "exposure level: $score " "$ROOT/README.md" ||
                { echo "README does not give the score $score" >&2; return 1; }
}

@test "a C job compiles and runs with the host's gcc" {
        local src='#include <stdio.h>
int main(void) { printf("%d\n", 6 * 7); return 0; }'
        run -0 rig_cr "$(jq -nc --arg s "$src" '{language:"c", version:"*", files:[{content:$s}]}')"
        jqe '.compile.status == null and .run.stdout == "42\n" and .run.status == null'
}

# The host's /usr and /etc/alternatives are the container's: every toolchain the
# host has runs there as on the host (Java is reached through /etc/alternatives).
@test "a hello world in each language of lang.d" {
        local l src
        for l in c cpp python javascript bash java; do
                case $l in
                c)          src='#include <stdio.h>
int main(void) { puts("42"); return 0; }' ;;
                cpp)        src='#include <iostream>
int main() { std::cout << 42 << std::endl; }' ;;
                python)     src='print(42)' ;;
                javascript) src='console.log(42)' ;;
                bash)       src='echo 42' ;;
                java)       src='class Main { public static void main(String[] a) { System.out.println(42); } }' ;;
                esac
                run -0 rig_cr "$(jq -nc --arg l "$l" --arg s "$src" \
                        '{language:$l, version:"*", files:[{content:$s}]}')"
                jqe '.run.stdout == "42\n" and .run.status == null and (.compile.status // null) == null' ||
                        { echo "$l: $output" >&2; return 1; }
        done
}

# nspawn mounts the v1 controllers read-only and systemd then ignores MemoryMax=
# without a word; the rig remounts them. Shown for systemd and for coderun's jobs.
@test "memory limits hold in the rig: MemoryMax= and run_memory_limit" {
        local hog='b = bytearray(256 << 20)'
        run -0 rig_exec systemd-run --wait /usr/bin/python3 -c "$hog"
        run ! rig_exec systemd-run --wait -p MemoryMax=64M /usr/bin/python3 -c "$hog"
        assert_output --partial 'code=killed/status=KILL'
        run -0 rig_cr "$(jq -nc --arg s "$hog" \
                '{language:"python", version:"*", run_memory_limit:67108864, files:[{content:$s}]}')"
        jqe '.run.status == "ML"'
}

# Last: rig_down here, so that the checks can look at the host after it.
# teardown_file's rig_down then finds nothing to do.
@test "rig_down leaves no process, mount or cgroup on the host" {
        local name=coderun-rig-${RIG_DIR##*.} pid start
        read -r pid start <"$RIG_DIR/nspawn.pid"
        local leader=$RIG_LEADER leader_start
        leader_start=$(rig_start "$leader")
        rig_down
        rig_down
        run ! rig_alive "$pid" "$start"
        run ! rig_alive "$leader" "$leader_start"
        [ ! -e "$RIG_DIR" ]
        run -1 grep -F -e "$RIG_DIR" -e "$RIG_CACHE/root" /proc/self/mountinfo
        run -0 find /sys/fs/cgroup -name "$name"
        [ -z "$output" ]
}
