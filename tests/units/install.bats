#!/usr/bin/env bats
# make install: the binary, lang.d, the config pointing at the installed files, the
# learned versions, the seccomp filter and the systemd units, and that what was
# installed serves a request and passes systemd's own unit checker.
bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        export T="$BATS_FILE_TMPDIR/inst"
        make -s -C "$ROOT" install PREFIX="$T/usr" SYSCONFDIR="$T/etc" \
                UNITDIR="$T/units" >/dev/null
}

@test "install puts every part in its place" {
        [ -x "$T/usr/bin/coderun-exec" ]
        for l in c cpp python javascript bash java; do
                [ -f "$T/etc/coderun/lang.d/$l.conf" ]
        done
        [ -f "$T/etc/coderun/coderun.conf" ]
        [ -s "$T/usr/lib/coderun/runtimes" ]
        [ -s "$T/usr/lib/coderun/seccomp.bpf" ]
        [ -f "$T/units/coderun.socket" ]
        [ -f "$T/units/coderun@.service" ]
}

@test "the installed config names the installed files, not the source tree" {
        run -0 grep -E '^(lang_dir|runtimes|seccomp) *=' "$T/etc/coderun/coderun.conf"
        assert_line "lang_dir = $T/etc/coderun/lang.d"
        assert_line "runtimes = $T/usr/lib/coderun/runtimes"
        assert_line "seccomp = $T/usr/lib/coderun/seccomp.bpf"
}

@test "the installed filter is root's and read-only to others, as the executor demands" {
        run -0 stat -c '%u %a' "$T/usr/lib/coderun/seccomp.bpf"
        [ "$output" = "0 644" ]
}

@test "the installed executor serves a request with the installed config" {
        need_root
        run -0 --separate-stderr bash -c "printf '%s' '{\"language\":\"python\",\"source\":\"print(6*7)\"}' |
                '$T/usr/bin/coderun-exec' --config '$T/etc/coderun/coderun.conf'"
        jqe '.run.stdout == "42\n" and .run.status == null'
}

@test "the units pass systemd-analyze verify" {
        cd "$T/units"
        run -0 systemd-analyze verify --man=no coderun.socket coderun@.service
        refute_output --partial "error"
}

@test "the service runs the installed binary; the socket is Accept=yes on loopback 7070 with limits set on purpose" {
        run -0 grep -x "ExecStart=$T/usr/bin/coderun-exec" "$T/units/coderun@.service"
        for line in ListenStream=127.0.0.1:7070 'ListenStream=[::1]:7070' Accept=yes MaxConnections=256 TriggerLimitIntervalSec=1s \
                    TriggerLimitBurst=5000; do
                run -0 grep -Fx "$line" "$T/units/coderun.socket"
        done
}
