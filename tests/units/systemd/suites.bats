#!/usr/bin/env bats
# suites.bats: the protocol, language and limits-and-statuses suites again, run in
# the rig's network namespace with CODERUN_VIA=rig: every request goes to
# coderun.socket there (helper.bash's cr and serve) instead of to ./coderun-exec:
# real Accept=yes activation, the installed and hardened units, the delegated
# cgroup. The few tests that run the local executor with a config of their own or
# read its log skip there (local_only); they ran in the host's run of the suites.

bats_require_minimum_version 1.7.0

load ../../helper
load rig

# rig_suite FILE EXPECTED_SKIPS: run tests/FILE against the rig; it must pass with
# exactly EXPECTED_SKIPS skips (the local_only tests), so a test that starts to skip
# for another reason fails here.
rig_suite() {
        run nsenter -t "$RIG_LEADER" -n env CODERUN_VIA=rig CODERUN_REQUIRE_ALL=0 \
                bats --print-output-on-failure "$ROOT/tests/$1"
        grep -E '^(not ok|# )' <<<"$output" | head -40 >&2 || true
        [ "$status" -eq 0 ]
        local skips
        skips=$(grep -c '^ok .* # skip' <<<"$output" || true)
        echo "# $1 through coderun.socket: $(( $(grep -c '^ok' <<<"$output") - skips )) passed, $skips skipped (local only)" >&3
        [ "$skips" -eq "$2" ]
}

@test "protocol.bats through coderun.socket under systemd" {
        rig_suite wire/protocol.bats 12
}

@test "languages.bats through coderun.socket under systemd" {
        rig_suite languages/languages.bats 0
}

@test "status.bats (limits and statuses) through coderun.socket under systemd" {
        rig_suite job/status.bats 3
}
