#!/usr/bin/env bats
# netns-used.bats: how sandbox/netns-used.c tells an untouched network namespace from
# one a job left a trace in (build/test-netns-used, ASan and UBSan), on this kernel's
# own files and on edited copies of them: a counter moved, a socket left, a flow label,
# text that does not line up. A namespace judged "used" is replaced (sandbox/netns.c),
# so every doubt must read "used". Network rule: only namespaces the test makes, whose
# loopback is down; no packet leaves them.
bats_require_minimum_version 1.7.0

load ../helper

setup() {
        need_root
        T="$BUILD/test-netns-used"
        [ -x "$T" ] || { echo "build/test-netns-used missing: make build/test-netns-used" >&2; return 1; }
}

# judge FILE TEXT: what the harness says of TEXT as the whole of /proc/net/FILE.
judge() {
        run -0 "$T" "$1" <<<"$2"
}

# fresh FILE: that file of a new, empty namespace.
fresh() {
        unshare -n cat "/proc/self/net/$1"
}

@test "a fresh namespace's own files are clean, each and together" {
        local f
        for f in snmp sockstat snmp6 ip6_flowlabel; do
                run -0 unshare -n "$T" "$f" < <(fresh "$f")
                [ "$output" = clean ] || { echo "$f: $output" >&2; false; }
        done
        run -0 unshare -n "$T" live
        [ "$output" = clean ]
}

@test "snmp: one counter moved is used; its settings (Forwarding, DefaultTTL, RtoMin...) are not counters" {
        local snmp
        snmp=$(fresh snmp)
        # Ip's OutNoRoutes (the 12th column) at 1, as a datagram with no route leaves it.
        judge snmp "$(awk 'NR == 2 { $12 = 1 } { print }' <<<"$snmp")"
        [ "$output" = used ]
        # Forwarding and DefaultTTL (Ip's first two) other than a fresh one's.
        judge snmp "$(awk 'NR == 2 { $2 = 1; $3 = 255 } { print }' <<<"$snmp")"
        [ "$output" = clean ]
        # An IcmpMsg pair appears only once a message was counted.
        judge snmp "$snmp"$'\nIcmpMsg: OutType3\nIcmpMsg: 1'
        [ "$output" = used ]
}

@test "snmp: names and values that do not line up, or a header alone, are used" {
        local snmp
        snmp=$(fresh snmp)
        judge snmp "$(awk 'NR == 2 { $NF = "" } { print }' <<<"$snmp")"
        [ "$output" = used ]
        judge snmp "$(awk 'NR == 2 { $1 = "Tcp:" } { print }' <<<"$snmp")"
        [ "$output" = used ]
        judge snmp "$(head -1 <<<"$snmp")"
        [ "$output" = used ]
}

@test "sockstat: a socket in use is used; the host-wide alloc and mem are not this namespace's" {
        judge sockstat $'sockets: used 0\nTCP: inuse 0 orphan 0 tw 0 alloc 7 mem 64\nUDP: inuse 0 mem 3\nFRAG: inuse 0 memory 0'
        [ "$output" = clean ]
        judge sockstat $'sockets: used 1\nTCP: inuse 0 orphan 0 tw 0 alloc 7 mem 64'
        [ "$output" = used ]
        judge sockstat $'sockets: used 0\nTCP: inuse 0 orphan 0 tw 2 alloc 7 mem 64'
        [ "$output" = used ]
        judge sockstat $'sockets: used 0\nFRAG: inuse 0 memory 4096'
        [ "$output" = used ]
}

@test "snmp6 and ip6_flowlabel: a counter or a label is used; a file without its header is too" {
        judge snmp6 "$(fresh snmp6 | sed '1s/0$/3/')"
        [ "$output" = used ]
        judge snmp6 "$(fresh snmp6)"$'\nIp6Broken'
        [ "$output" = used ]
        judge ip6_flowlabel "$(fresh ip6_flowlabel)"$'\n01234 S 61036 1 150 150 ::1 0'
        [ "$output" = used ]
        judge ip6_flowlabel ''
        [ "$output" = used ]
}

@test "live: a socket kept open in the namespace is seen, and gone once closed" {
        # A unix socket bound to an abstract name, held by a process of the test while
        # the harness looks from inside the same namespace.
        run -0 unshare -n bash -c '
                python3 -c "import socket, time
s = socket.socket(socket.AF_UNIX); s.bind(b\"\0coderun-left\"); time.sleep(3)" &
                sleep 0.5; "$1" live; kill $!; wait; "$1" live' _ "$T"
        [ "$output" = $'used\nclean' ]
}
