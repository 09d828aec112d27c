#!/usr/bin/bash
# guest.sh: runs inside the test VM as PID 1 (init.sh hands over to it), on a
# kernel with pure cgroup v2. It sends each request cgroup2.bats prepared in /io to
# the real ./coderun-exec, every one from a fresh cgroup of its own, and writes what
# happened to /io/out for the bats file to judge; it judges nothing itself.
# It must always end in a power-off, so that qemu exits and the suite goes on.
set -u

IO=/io
OUT=$IO/out
CG=/sys/fs/cgroup
REPO=$(cat $IO/repo)
EXEC=$REPO/coderun-exec
CONF=$IO/coderun.conf

# PID 1 must not exit (the kernel panics): power off instead, whatever happened.
# Writes to /io (cache=none) have reached the host by now.
trap 'echo "guest: done"; /bin/busybox poweroff -f' EXIT

# uptime_ms: milliseconds since the kernel started, from /proc/uptime ("12.34").
uptime_ms() {
        local up
        read -r up _ < /proc/uptime
        echo $((10#${up/./} * 10))
}

# nap: 10 ms without a fork (each costs tens of ms when the VM is emulated): a read
# that times out on a FIFO nobody writes to.
mkfifo /tmp/nap
exec {NAP}<>/tmp/nap
nap() {
        read -r -t 0.01 -u "$NAP" _ || :
}

# until_ms MS CMD...: run CMD every 10 ms until it succeeds, for at most MS ms.
until_ms() {
        local end=$(($(uptime_ms) + $1))
        shift
        until "$@"; do
                [ "$(uptime_ms)" -lt "$end" ] || return 1
                nap
        done
}

# stage_of DIR: the stage cgroup the executor of case cgroup DIR made, if any.
stage_of() {
        compgen -G "$1/coderun-6*"
}

no_stage() {
        ! stage_of "$1" > /dev/null
}

# facts: what kernel and cgroup setup the cases ran on.
facts() {
        echo "kernel=$(uname -r)"
        echo "fstype=$(stat -fc %T $CG)"
        echo "options=$(awk '$2 == "/sys/fs/cgroup" { print $4 }' /proc/mounts)"
        echo "controllers=$(cat $CG/cgroup.controllers)"
        echo "v1_mounts=$(awk '$3 == "cgroup"' /proc/mounts | wc -l)"
        echo "boot_ms=$(uptime_ms)"
}

# v1_probe: cgroup_no_v1=all lets no controller be bound to a v1 hierarchy. Tried
# before any controller is on in cgroup2 (that alone would make the mount fail).
v1_probe() {
        mkdir -p /tmp/v1
        if mount -t cgroup -o memory cgroup /tmp/v1 2>/dev/null; then
                echo "v1_memory_mount=allowed"
                umount /tmp/v1
        else
                echo "v1_memory_mount=refused"
        fi
}

# watch_stage DIR: while the executor of the case cgroup DIR runs its stage, where its
# processes are and what the stage cgroup holds (key=value lines).
watch_stage() {
        local dir=$1 stage pid
        if ! until_ms 10000 stage_of "$dir" > /dev/null; then
                echo "stage="
                return
        fi
        stage=$(stage_of "$dir")
        pid=$(head -n 1 "$dir/coderun-exec/cgroup.procs")
        echo "stage=${stage##*/}"
        echo "case_procs=$(wc -l < "$dir/cgroup.procs")"
        echo "leaf_procs=$(wc -l < "$dir/coderun-exec/cgroup.procs")"
        echo "leaf_exe=$(readlink "/proc/$pid/exe")"
        echo "exec_cgroup=$(cat "/proc/$pid/cgroup")"
        echo "subtree=$(cat "$dir/cgroup.subtree_control")"
        echo "stage_procs=$(wc -l < "$stage/cgroup.procs")"
        echo "stage_controllers=$(cat "$stage/cgroup.controllers")"
        echo "memory_max=$(cat "$stage/memory.max")"
        echo "swap_max=$(cat "$stage/memory.swap.max" 2>/dev/null)"
        echo "pids_max=$(cat "$stage/pids.max")"
        echo "cpu_weight=$(cat "$stage/cpu.weight" 2>/dev/null)"
}

# kill_executor DIR: SIGKILL the executor of the case cgroup DIR once its stage
# runs, then give the stage's init, which watches the executor's pidfd, 10 s to end
# the job and remove the stage cgroup.
kill_executor() {
        local dir=$1
        watch_stage "$dir"
        kill -9 "$(head -n 1 "$dir/coderun-exec/cgroup.procs")"
        until_ms 10000 no_stage "$dir"
}

# run_case NAME MODE: /io/req/NAME.json to an executor started alone in a fresh
# cgroup (MODE alone), watched while it runs (watch), SIGKILLed mid-job (kill), or
# sharing its cgroup with a sleep started first (shared).
# Writes out/NAME.{reply,stderr,rc,ms,cgroups,subtree}.
run_case() {
        local name=$1 mode=$2 dir=$CG/case-$1 sleeper='' t0 rc
        mkdir "$dir"
        if [ "$mode" = shared ]; then
                bash -c 'echo $$ > "$1/cgroup.procs" && exec sleep 60' - "$dir" < /dev/null &
                sleeper=$!
                until_ms 10000 grep -qx "$sleeper" "$dir/cgroup.procs"
        fi
        t0=$(uptime_ms)
        # The executor's shell joins the case cgroup, then becomes the executor.
        timeout -k 5 60 bash -c 'echo $$ > "$1/cgroup.procs" && exec "$2" --config "$3"' \
                - "$dir" "$EXEC" "$CONF" < "$IO/req/$name.json" \
                > "$OUT/$name.reply" 2> "$OUT/$name.stderr" &
        [ "$mode" != watch ] || watch_stage "$dir" > "$OUT/$name.watch"
        [ "$mode" != kill ] || kill_executor "$dir" > "$OUT/$name.watch"
        wait $!
        rc=$?
        echo $(($(uptime_ms) - t0)) > "$OUT/$name.ms"
        if [ -n "$sleeper" ]; then
                kill "$sleeper"
                wait "$sleeper"
        fi
        echo "$rc" > "$OUT/$name.rc"
        (cd "$dir" && find . -mindepth 1 -type d | sort) > "$OUT/$name.cgroups"
        cat "$dir/cgroup.subtree_control" > "$OUT/$name.subtree"
}

echo "guest: up after $(uptime_ms) ms"
mkdir -p $OUT
facts > $OUT/facts
v1_probe >> $OUT/facts
# The parent of every case cgroup offers these controllers, as a delegating service
# manager would: each executor must enable them for its own children itself.
echo "+memory +pids +cpu" > $CG/cgroup.subtree_control
while read -r name mode; do
        echo "guest: case $name ($mode)"
        run_case "$name" "$mode"
done < $IO/cases
echo "run_ms=$(uptime_ms)" >> $OUT/facts
touch $OUT/done
