# hostile.bash: what tests/sandbox/hostile/hostile.bats needs beyond ../helper.bash: the repo's
# paths, an isolated config, requests made of the programs in cases/, and
# host_unchanged, the check that follows every case.
# The programs in cases/ are only ever sent to ./coderun-exec as requests: no case
# runs on the host, not even as a control (the controls here are the test's own code).

CASES="$BATS_TEST_DIRNAME/cases"
# Every request of the suite uses the isolated config setup_file made (ISO_CONF): its
# own job uids and state dir, so that jobs other suites or other people run meanwhile
# are never taken for leftovers of ours. Before setup_file, the repo's config.
CONF="${ISO_CONF:-$ROOT/coderun.conf}"

PY=/usr/bin/python3

# iso_setup: the isolated config, exported as ISO_CONF and ISO_STATE (setup_file).
iso_setup() {
        ISO_STATE="$BATS_FILE_TMPDIR/state"
        ISO_CONF=$(BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR" conf_with uid_first=61170 slots=4 \
                state_dir="$ISO_STATE")
        # Made now (as the executor would: root's, 0700), so that it exists from the
        # first test on.
        mkdir -m 0700 -p "$ISO_STATE"
        CONF="$ISO_CONF"
        export ISO_STATE ISO_CONF
}

# case_lang FILE: the request language of a case, by its extension.
case_lang() {
        case "$1" in
        *.c) echo c ;;
        *.cpp) echo cpp ;;
        *.py) echo python ;;
        *.sh) echo bash ;;
        *) echo "case_lang: no language for $1" >&2; return 1 ;;
        esac
}

# case_req CASE [JQ-OBJECT]: the request for cases/CASE (file name with extension) as
# one JSON line; JQ-OBJECT is merged in as in req_src.
case_req() {
        local lang
        lang=$(case_lang "$1") || return 1
        [ -f "$CASES/$1" ] || { echo "case_req: no case $1" >&2; return 1; }
        jq -nc --arg lang "$lang" --rawfile src "$CASES/$1" \
                "{language:\$lang, source:\$src} + (${2:-{\}})"
}

# hcr CASE [JQ-OBJECT]: send the case to ./coderun-exec; the reply on stdout.
hcr() {
        local req
        req=$(case_req "$@") || return 1
        cr "$req"
}

# hcr_file CASE [JQ-OBJECT]: the case's request in $BATS_TEST_TMPDIR/req.json, for
# runs that need it as a file (a background job, /usr/bin/time).
hcr_file() {
        case_req "$@" > "$BATS_TEST_TMPDIR/req.json"
}



# --- host_unchanged ---


# host_cgroups: every cgroup, in every hierarchy, with "coderun" in its path.
host_cgroups() {
        find /sys/fs/cgroup -mindepth 2 -type d -path '*coderun*' 2>/dev/null | LC_ALL=C sort
}

# iso_uid_list: the isolated config's job uids, one per line.
iso_uid_list() {
        local first slots
        first=$(sed -n 's/^uid_first *= *//p' "$CONF")
        slots=$(sed -n 's/^slots *= *//p' "$CONF")
        seq "$first" $((first + slots - 1))
}


# host_snapshot: what host_unchanged compares with (setup, before each case).
host_snapshot() {
        host_mounts > "$BATS_TEST_TMPDIR/host.mounts"
        host_cgroups > "$BATS_TEST_TMPDIR/host.cgroups"
}

# host_unchanged: right after a case's reply, nothing of it is left on the host: no
# process of a job uid, no new mount, no new cgroup, no file of a job uid in /tmp,
# /var/tmp or /dev/shm. Says everything that is wrong, then fails.
host_unchanged() {
        local bad=0 new d u ours
        if pgrep -u "$(job_uids)" >/dev/null; then
                echo "host_unchanged: processes of job uids left:" >&2
                ps -o pid,uid,stat,etime,args -u "$(job_uids)" >&2
                bad=1
        fi
        if ! host_mounts | diff "$BATS_TEST_TMPDIR/host.mounts" - >&2; then
                echo "host_unchanged: the mount table changed (above)" >&2
                bad=1
        fi
        # A cgroup that holds a task is a leftover. An empty one of our job uids is a
        # slot's kept cgroup (sandbox/cgroup.c); any other new one still there a
        # second later is a leftover; one that goes away at once is a job of someone
        # else's executor (tests of other suites may run meanwhile).
        new=$(host_cgroups | LC_ALL=C comm -13 "$BATS_TEST_TMPDIR/host.cgroups" -)
        if [ -n "$new" ]; then
                ours=""
                for u in $(iso_uid_list); do
                        ours+=$(grep -E -- "/coderun-$u\$" <<<"$new" || true)$'\n'
                done
                sleep 1
                for d in $new; do
                        if [ -n "$(cat "$d/cgroup.procs" 2>/dev/null)" ] || { ! grep -qxF -- "$d" <<<"$ours" && [ -d "$d" ]; }; then
                                echo "host_unchanged: cgroup left: $d" >&2
                                cat "$d/cgroup.procs" >&2 2>/dev/null
                                bad=1
                        fi
                done
        fi
        new=$(job_files)
        if [ -n "$new" ]; then
                echo "host_unchanged: files of job uids left:" >&2
                echo "$new" >&2
                bad=1
        fi
        return "$bad"
}

# --- network ---

# host_probe PAYLOAD: the control, the test's own code on the host: the network
# probe sends PAYLOAD to the four listeners.
host_probe() {
        "$PY" "$ROOT/tests/sandbox/net-probe.py" "$T4" "$T6" "$U4" "$U6" "$1"
}

# net_req ARGS-JSON: the network probe as a python job with these args.
net_req() {
        jq -nc --rawfile src "$ROOT/tests/sandbox/net-probe.py" "{language:\"python\", source:\$src, run_timeout:8000, args:$1}"
}

