# fake.bash: the CLI suites' stand-in server (fake-server.py), for what a real one
# never sends. The caller sets T (a test's folder) and pids (killed in its teardown).

# fake REPLY [hold]: start tests/cli/fake-server.py answering every connection with
# the bytes of REPLY (printf format), with hold keeping it open after them; sets FAKE (its HOST:PORT) and LOG (the folder
# holding each request it got as N.json).
fake() {
        LOG="$T/requests"
        mkdir -p "$LOG"
        # shellcheck disable=SC2059
        printf "$1" > "$T/reply"
        /usr/bin/python3 "$ROOT/tests/cli/fake-server.py" "$T/reply" "$LOG" "$T/port" ${2:-} \
                </dev/null >/dev/null 2>&1 3>&- &
        pids+=($!)
        for _ in $(seq 100); do
                [ -s "$T/port" ] && break
                sleep 0.05
        done
        FAKE="127.0.0.1:$(cat "$T/port")"
}
