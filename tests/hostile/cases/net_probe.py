# net_probe.py: attack: reach listeners the test started on the host's loopback (TCP and UDP, 127.0.0.1 and ::1) and, given a 6th port, the executor's own. Safe: every try fails; no byte arrives.
import errno, socket, sys
t4, t6, u4, u6 = (int(a) for a in sys.argv[1:5])
def probe(name, fam, typ, host, port):
    s = socket.socket(fam, typ)
    s.settimeout(2)
    try:
        if typ == socket.SOCK_STREAM:
            s.connect((host, port))
            s.sendall(b"job")
            r = "connected"
        else:
            s.sendto(b"job", (host, port))
            r = "sent"
    except OSError as e:
        r = errno.errorcode.get(e.errno, str(e))
    finally:
        s.close()
    print(name, r)
probe("tcp4", socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1", t4)
probe("tcp6", socket.AF_INET6, socket.SOCK_STREAM, "::1", t6)
probe("udp4", socket.AF_INET, socket.SOCK_DGRAM, "127.0.0.1", u4)
probe("udp6", socket.AF_INET6, socket.SOCK_DGRAM, "::1", u6)
if len(sys.argv) > 5:
    probe("exec", socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1", int(sys.argv[5]))
