# setuid.sh: attack: gain root through the host's setuid binaries (su, passwd, mount...). Safe: no_new_privs and nosuid: they run with the job's uid, euid never 0.
id -u
for b in /usr/bin/su /usr/bin/passwd /usr/bin/chsh /usr/bin/newgrp; do
        [ -u "$b" ] || { echo "$b: not setuid here"; continue; }
        # Stdin held open: the binary waits for a password; read its ids meanwhile.
        sleep 1 | "$b" >/dev/null 2>&1 &
        sleep 0.2
        echo "$b: $(awk '/^Uid:/ { print "uid", $2, "euid", $3 }' /proc/$!/status 2>/dev/null)"
        kill $! 2>/dev/null
done
/usr/bin/mount -t tmpfs none /tmp >/dev/null 2>&1; echo "mount: $?"
id -u
grep NoNewPrivs /proc/self/status
