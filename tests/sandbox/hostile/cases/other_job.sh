# other_job.sh: attack: a job ("peek") looks for the files a concurrent job ("own") keeps in its /box, /tmp and /dev/shm. Safe: peek finds nothing; it runs as another uid.
m=$2
case "$1" in
own)
        for d in /box /tmp /dev/shm; do echo secret > "$d/$m"; done
        echo "own $(id -u) $(date +%s%N)"
        sleep 2
        echo "own end $(date +%s%N)"
        ;;
peek)
        echo "peek $(id -u) $(date +%s%N)"
        find / \( -path /proc -o -path /usr \) -prune -o -name "$m" -print 2>/dev/null
        ls /proc/*/root/box/"$m" /proc/*/cwd/"$m" 2>/dev/null
        echo "uids: $(stat -c %u /proc/[0-9]* | sort -u | tr '\n' ' ')"
        ;;
esac
