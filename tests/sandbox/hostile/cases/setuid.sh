# setuid.sh: attack: gain root through the host's setuid binaries (su, passwd, chfn, gpasswd). Safe: no_new_privs and nosuid: they run as the job's uid, euid never 0, root-only acts refused.
id -u
# su waits for a password on the held-open pipe: read its uid and euid meanwhile.
sleep 2 | /usr/bin/su >/dev/null 2>&1 &
for _ in 1 2 3 4 5 6 7 8 9 10; do
        ids=$(awk '/^Uid:/ { print "uid", $2, "euid", $3 }' /proc/$!/status 2>/dev/null)
        [ -n "$ids" ] && break
        sleep 0.05
done
echo "su: $ids"
kill $!
/usr/bin/passwd -S root; echo "passwd: $?"
/usr/bin/chfn -f x root; echo "chfn: $?"
/usr/bin/gpasswd -r root; echo "gpasswd: $?"
id -u
grep NoNewPrivs /proc/self/status
