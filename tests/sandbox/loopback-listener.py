# loopback-listener.py LOG PORTS: TCP and UDP listeners on the host's 127.0.0.1 and
# ::1, each on a free port, for the tests that show a job has no network. Writes the
# "tcp4 tcp6 udp4 udp6" ports to PORTS, then logs the first bytes of every
# connection and every datagram to LOG as "PROTO DATA". Loopback only.
import os, select, socket, sys
log = open(sys.argv[1], "a", buffering=1)
socks = {}
for name, fam, typ, host in (("tcp4", socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1"),
                             ("tcp6", socket.AF_INET6, socket.SOCK_STREAM, "::1"),
                             ("udp4", socket.AF_INET, socket.SOCK_DGRAM, "127.0.0.1"),
                             ("udp6", socket.AF_INET6, socket.SOCK_DGRAM, "::1")):
    s = socket.socket(fam, typ)
    s.bind((host, 0))
    if typ == socket.SOCK_STREAM:
        s.listen(8)
    socks[s] = name
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(" ".join(str(s.getsockname()[1]) for s in socks) + "\n")
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
while True:
    for s in select.select(list(socks), [], [])[0]:
        if socks[s].startswith("tcp"):
            c, _ = s.accept()
            c.settimeout(2)
            try:
                data = c.recv(64)
            except OSError:
                data = b"?"
            c.close()
        else:
            data, _ = s.recvfrom(64)
        log.write(socks[s] + " " + data.decode(errors="replace") + "\n")
