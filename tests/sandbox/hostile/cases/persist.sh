# persist.sh: attack: leave files in /tmp, /dev/shm, /var/tmp and /box for the next job. Safe: /var/tmp does not exist, the next request finds nothing.
for d in /tmp /dev/shm /var/tmp /box; do
        [ -e "$d/$1" ] && echo "$d: found" || echo "$d: none"
        (echo left > "$d/$1") 2>/dev/null && echo "$d: written" || echo "$d: not writable"
done
