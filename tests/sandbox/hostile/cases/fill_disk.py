# fill_disk.py: attack: write /box, /tmp and /dev/shm full. Safe: ENOSPC inside the job at each tmpfs's size; nothing reaches the host's disks.
import errno, os
chunk = b"\1" * (1 << 20)
for d in ("/box", "/tmp", "/dev/shm"):
    total, n, err = 0, 0, None
    while err is None:
        # Files of 8 MiB: RLIMIT_FSIZE (box_size) must not be what stops us.
        try:
            fd = os.open(f"{d}/fill{n}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            n += 1
            try:
                for _ in range(8):
                    total += os.write(fd, chunk)  # after a short write, the next says why
            finally:
                os.close(fd)
        except OSError as e:
            err = errno.errorcode[e.errno]
    print(d, err, total)
    for i in range(n):
        os.unlink(f"{d}/fill{i}")
