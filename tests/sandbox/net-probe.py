# net-probe.py T4 T6 U4 U6 PAYLOAD [EXEC_PORT]: connect (TCP) or send (UDP) PAYLOAD to
# the loopback listeners of tests/sandbox/loopback-listener.py and, given EXEC_PORT, to the
# executor's port; one line per try, "connected"/"sent" or the errno's name. Sent as
# a job to show it has no network, and run by the test itself as the control.
import errno, socket, sys
t4, t6, u4, u6 = (int(a) for a in sys.argv[1:5])
payload = sys.argv[5].encode()
def probe(name, fam, typ, host, port):
    s = socket.socket(fam, typ)
    s.settimeout(2)
    try:
        if typ == socket.SOCK_STREAM:
            s.connect((host, port))
            s.sendall(payload)
            r = "connected"
        else:
            s.sendto(payload, (host, port))
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
if len(sys.argv) > 6:
    probe("exec", socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1", int(sys.argv[6]))
