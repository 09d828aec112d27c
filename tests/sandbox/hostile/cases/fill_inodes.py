# fill_inodes.py: attack: create empty files in /box, /tmp and /dev/shm until none is left. Safe: ENOSPC at each tmpfs's inode limit; nothing reaches the host.
import errno, os
for d in ("/box", "/tmp", "/dev/shm"):
    n, err = 0, None
    while err is None:
        try:
            os.close(os.open(f"{d}/i{n}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            n += 1
        except OSError as e:
            err = errno.errorcode[e.errno]
    print(d, err, n)
    for i in range(n):
        os.unlink(f"{d}/i{i}")
