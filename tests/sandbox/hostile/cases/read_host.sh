# read_host.sh: attack: read host secrets given as args: /etc/shadow, /proc/1/environ, /sys/fs/cgroup, the executor's config, lang.d, state dir. Safe: none exists in the sandbox.
for p in "$@"; do
        if [ -e "$p" ] || [ -L "$p" ]; then
                cat "$p" >/dev/null 2>&1 && echo "$p readable" || echo "$p unreadable"
        else
                echo "$p absent"
        fi
done
