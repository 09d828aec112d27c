# rig.bash: a real systemd (252, the host's own from its /usr) booted in systemd-nspawn
# with coderun installed, so that tests see the units behave as on a systemd host: this
# machine's PID 1 is not systemd. Sourced by bats files; needs root. rig_up, then
# rig_exec / rig_net / rig_cr, then rig_down, which must leave no process, mount or
# cgroup behind and never touches the host's network (the container has its own).

RIG_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
RIG_CACHE="${CODERUN_RIG_CACHE:-/var/cache/coderun-rig}"

# The container's PID 1 before systemd: nspawn mounts the cgroup v1 controllers
# read-only, and then systemd silently ignores MemoryMax=, TasksMax= and CPUQuota=.
# The hierarchies are the host's, but the container's systemd only writes below its own
# cgroup, which rig_up made for it. Fail rather than boot with limits that do nothing.
RIG_INIT='for c in memory pids cpu cpuacct; do
        if mountpoint -q /sys/fs/cgroup/$c; then
                mount -o remount,bind,rw /sys/fs/cgroup/$c || exit 1
        fi
done
exec /usr/lib/systemd/systemd'

# rig_mirror SUITE: the Debian mirror apt already uses for SUITE; the rig must not
# invent a host to download from.
rig_mirror() {
        {
                cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v s="$1" '
                        function flush() { if (deb && suite && uri) print uri; deb = suite = 0; uri = "" }
                        /^[ \t]*$/ { flush(); next }
                        tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
                        tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s) suite = 1 }
                        tolower($1) == "uris:" { uri = $2 }
                        END { flush() }'
                cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
                        sed -n "s/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) $1 .*/\2/p"
        } | head -n 1
}

# rig_mounts_under DIR: mount points at or below DIR, deepest first.
rig_mounts_under() {
        awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

# rig_scrap DIR: delete a half-built root. debootstrap mounts /proc and /sys inside its
# target; a killed build leaves them there, and rm must never walk into them.
rig_scrap() {
        local m
        for m in $(rig_mounts_under "$1"); do
                umount -l "$m" || return 1
        done
        rm -rf --one-file-system "$1"
}

# rig_root: the cached Debian root, built once per machine (30-40 s). Built under a temp
# name and renamed when complete, so an interrupted build is never booted; the lock
# keeps two suites from building at once and makes old temp dirs safe to delete.
rig_root() {
        [ -d "$RIG_CACHE/root" ] && return 0
        mkdir -p "$RIG_CACHE" || return 1
        (
                flock 9 || exit 1
                [ -d "$RIG_CACHE/root" ] && exit 0
                for d in "$RIG_CACHE"/root.tmp.*; do
                        [ ! -e "$d" ] || rig_scrap "$d" || exit 1
                done
                # The root's /usr is hidden by the host's at boot: same release as the host.
                suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
                mirror=$(rig_mirror "$suite")
                [ -n "$mirror" ] || { echo "rig: no apt mirror for $suite" >&2; exit 1; }
                tmp=$(mktemp -d "$RIG_CACHE/root.tmp.XXXXXX") || exit 1
                chmod 755 "$tmp"
                if ! debootstrap --variant=minbase --include=systemd,dbus "$suite" "$tmp" \
                                "$mirror" >"$RIG_CACHE/debootstrap.log" 2>&1; then
                        tail -n 20 "$RIG_CACHE/debootstrap.log" >&2
                        rig_scrap "$tmp"
                        exit 1
                fi
                # debootstrap copies the host's /etc/hostname: without it the container
                # keeps the --machine name nspawn gives it.
                rm -rf "$tmp"/usr/share/doc/* "$tmp"/usr/share/man/* "$tmp"/usr/share/info/* \
                        "$tmp"/usr/share/locale/* "$tmp"/var/cache/apt/* "$tmp"/var/lib/apt/lists/* \
                        "$tmp"/etc/hostname
                mv -T "$tmp" "$RIG_CACHE/root"
        ) 9>"$RIG_CACHE/lock"
}

# rig_cgroup_dirs NAME: where the rig's cgroups go, one per hierarchy the container's
# systemd manages: below our own cgroup (so limits set above us still hold), in every
# hierarchy that nspawn shares with the container.
rig_cgroup_dirs() {
        local id ctrls path
        while IFS=: read -r id ctrls path; do
                case ",$ctrls," in
                ,,)     if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
                                echo "/sys/fs/cgroup${path%/}/$1"
                        elif mountpoint -q /sys/fs/cgroup/unified; then
                                echo "/sys/fs/cgroup/unified${path%/}/$1"
                        fi ;;
                *,name=systemd,*)
                        echo "/sys/fs/cgroup/systemd${path%/}/$1" ;;
                *,memory,* | *,pids,* | *,cpu,* | *,cpuacct,*)
                        echo "/sys/fs/cgroup/$ctrls${path%/}/$1" ;;
                esac
        done </proc/self/cgroup
}

# rig_start PID: when PID started (clock ticks since boot), which tells the process
# rig_up started from a later one that got the same number.
rig_start() {
        awk '{ print $22 }' "/proc/$1/stat" 2>/dev/null
}

# rig_alive PID START: that process still runs (a zombie has finished its work).
rig_alive() {
        [ -n "$1" ] && [ "$(rig_start "$1")" = "$2" ] &&
                ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# rig_leader: the container's PID 1 as the host sees it: nspawn's child whose PID in
# its own namespace is 1.
rig_leader() {
        local c
        for c in $(pgrep -P "$RIG_NSPAWN"); do
                if awk '/^NSpid:/ { exit !(NF == 3 && $3 == 1) }' "/proc/$c/status" 2>/dev/null; then
                        echo "$c"
                        return 0
                fi
        done
        return 1
}

# rig_up: boot the rig and wait until coderun answers in it. Exports RIG_DIR (scratch:
# staged install, logs), RIG_NSPAWN and RIG_LEADER. Call rig_down from a trap or
# teardown_file, also when rig_up failed: it undoes whatever was done, and nothing else
# stops a container whose parent went away.
rig_up() {
        local name d f binds=() state start
        "$RIG_REPO/tools/install-deps" test >&2 || return 1
        rig_root || return 1
        RIG_DIR=$(mktemp -d -t coderun-rig.XXXXXX) || return 1
        export RIG_DIR
        name=coderun-rig-${RIG_DIR##*.}

        make -s -C "$RIG_REPO" install DESTDIR="$RIG_DIR/stage" PREFIX=/opt/coderun \
                SYSCONFDIR=/etc UNITDIR=/etc/systemd/system >"$RIG_DIR/make.log" 2>&1 ||
                { cat "$RIG_DIR/make.log" >&2; return 1; }
        # The host's toolchains, as the executor will show them to jobs: /usr, and the
        # parts of /etc that runtimes in that /usr read (sandbox/mount.c binds the same).
        binds+=(--bind-ro=/usr)
        for f in alternatives ld.so.cache java-17-openjdk python3.11; do
                [ ! -e "/etc/$f" ] || binds+=("--bind-ro=/etc/$f")
        done
        binds+=("--bind-ro=$RIG_DIR/stage/opt/coderun:/opt/coderun"
                "--bind-ro=$RIG_DIR/stage/etc/coderun:/etc/coderun")
        for f in "$RIG_DIR"/stage/etc/systemd/system/*; do
                binds+=("--bind-ro=$f:/etc/systemd/system/${f##*/}")
        done

        rig_cgroup_dirs "$name" >"$RIG_DIR/cgroups"
        for d in $(cat "$RIG_DIR/cgroups"); do
                mkdir "$d" || return 1
        done
        # nspawn joins the cgroups before it starts: the container's systemd takes the
        # cgroup it was started in as its root. fd 3 closed: bats waits for it otherwise.
        (
                for d in $(cat "$RIG_DIR/cgroups"); do
                        echo "$BASHPID" >"$d/cgroup.procs" || exit 1
                done
                # --register=no --keep-unit: there is no host systemd (or bus) to ask.
                exec systemd-nspawn --quiet -D "$RIG_CACHE/root" --machine="$name" \
                        --volatile=overlay --private-network --register=no --keep-unit \
                        --kill-signal=SIGRTMIN+3 --link-journal=no --resolv-conf=off \
                        --timezone=off --console=read-only "${binds[@]}" /bin/sh -c "$RIG_INIT"
        ) </dev/null >"$RIG_DIR/nspawn.log" 2>&1 3>&- &
        RIG_NSPAWN=$! RIG_LEADER=
        start=$(rig_start "$RIG_NSPAWN")
        echo "$RIG_NSPAWN $start" >"$RIG_DIR/nspawn.pid"
        export RIG_NSPAWN

        for _ in $(seq 100); do
                RIG_LEADER=$(rig_leader) && break
                rig_alive "$RIG_NSPAWN" "$start" || break
                sleep 0.1
        done
        [ -n "$RIG_LEADER" ] || { echo "rig: the container did not start" >&2; rig_log; return 1; }
        export RIG_LEADER

        for _ in $(seq 300); do
                state=$(rig_exec systemctl is-system-running 2>/dev/null) || true
                case $state in running | degraded) break ;; esac
                rig_alive "$RIG_NSPAWN" "$start" || break
                sleep 0.1
        done
        case $state in
        running) ;;
        degraded) rig_exec systemctl --failed --no-pager >&2 ;;
        *) echo "rig: systemd is '$state', not running" >&2; rig_log; return 1 ;;
        esac

        rig_exec systemctl enable --now --quiet coderun.socket || { rig_log; return 1; }
        for _ in $(seq 100); do
                rig_net curl -sf --max-time 5 http://127.0.0.1:7070/health >/dev/null && return 0
                sleep 0.1
        done
        echo "rig: coderun does not answer GET /health on 7070" >&2
        rig_log
        return 1
}

# rig_log: what to read when the rig would not come up.
rig_log() {
        tail -n 20 "$RIG_DIR/nspawn.log" >&2
        [ -z "${RIG_LEADER:-}" ] || rig_exec journalctl -b --no-pager 2>/dev/null | tail -n 30 >&2
}

# rig_exec CMD...: as if logged in to the container: its files, PIDs and systemd.
rig_exec() {
        nsenter -t "${RIG_LEADER:?rig_up first}" -a "$@"
}

# rig_net CMD...: a host program (curl, nc, python3) on the container's loopback,
# which is the only place coderun listens.
rig_net() {
        nsenter -t "${RIG_LEADER:?rig_up first}" -n "$@"
}

# rig_cr JSON: one raw-mode request to the container's coderun, the reply on stdout;
# -N half-closes after the request as a careful client would.
rig_cr() {
        printf '%s' "$1" | rig_net nc -N -w 60 127.0.0.1 7070
}

# rig_down: stop the container and remove all the rig made; safe to call twice, and
# after a rig_up that failed half way. Fails when anything of the rig is left.
rig_down() {
        local pid= start= d left=
        [ -n "${RIG_DIR:-}" ] && [ -d "$RIG_DIR" ] || return 0
        [ ! -f "$RIG_DIR/nspawn.pid" ] || read -r pid start <"$RIG_DIR/nspawn.pid"
        if rig_alive "$pid" "$start"; then
                # nspawn turns SIGTERM into its --kill-signal, SIGRTMIN+3: systemd halts.
                kill -TERM "$pid" || true
                for _ in $(seq 100); do
                        rig_alive "$pid" "$start" || break
                        sleep 0.1
                done
                if rig_alive "$pid" "$start"; then
                        echo "rig: the container did not halt in 10 s, killing it" >&2
                        [ -z "${RIG_LEADER:-}" ] || kill -KILL "$RIG_LEADER" 2>/dev/null || true
                        kill -KILL "$pid" 2>/dev/null || true
                        sleep 0.5
                fi
        fi
        [ -z "$pid" ] || wait "$pid" 2>/dev/null || true       # reap it if it is ours

        # The container's systemd leaves empty cgroups below ours; the kernel frees a
        # cgroup's last tasks asynchronously, so retry a little.
        for d in $(cat "$RIG_DIR/cgroups" 2>/dev/null); do
                for _ in $(seq 20); do
                        [ -d "$d" ] || break
                        find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || sleep 0.1
                done
                [ ! -d "$d" ] || left="$left cgroup:$d"
        done
        [ -z "$pid" ] || ! rig_alive "$pid" "$start" || left="$left process:$pid"
        for d in $(rig_mounts_under "$RIG_DIR"); do
                left="$left mount:$d"
        done
        if [ -n "$left" ]; then
                echo "rig: left behind:$left" >&2
                return 1
        fi
        rm -rf --one-file-system "$RIG_DIR"
}

# The hooks every rig suite shares (bats takes them from a loaded file): one rig per
# file, torn down even when booting it failed half way.
setup_file() {
        [ "$(id -u)" -eq 0 ] || return 0        # every test skips (need_root)
        rig_up || { rig_down; return 1; }
}

teardown_file() {
        rig_down
}

setup() {
        need_root
}

# rig_delegate yes|no: coderun@.service as installed (Delegate=yes), or with
# delegation turned off by a runtime drop-in, so the executor must start a scope.
rig_delegate() {
        local d=/run/systemd/system/coderun@.service.d
        if [ "$1" = no ]; then
                rig_exec mkdir -p "$d"
                rig_exec sh -c "printf '[Service]\\nDelegate=no\\n' > $d/no-delegate.conf"
        else
                rig_exec rm -rf "$d"
        fi
        rig_exec systemctl daemon-reload
}

# rig_nothing_left: within 10 s, no stage cgroup or coderun scope in the container, no
# coderun unit, no process of a job uid (the container shares the host's uids).
rig_nothing_left() {
        local cg units procs
        for _ in $(seq 100); do
                cg=$(rig_exec find /sys/fs/cgroup -name 'coderun-6*' -o -name 'coderun-*.scope' | head -5)
                units=$(rig_exec systemctl list-units --all --plain --no-legend 'coderun-*.scope' 'coderun@*.service')
                procs=$(pgrep -u "$(job_uids)" -l || true)
                [ -z "$cg$units$procs" ] && return 0
                sleep 0.1
        done
        echo "left: cgroups [$cg] units [$units] processes [$procs]" >&2
        return 1
}
