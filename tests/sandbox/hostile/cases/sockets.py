# sockets.py: attack: open raw IP sockets, packet, netlink and AF_VSOCK sockets (a way out of the network namespace). Safe: EPERM for raw IP (no CAP_NET_RAW), EAFNOSUPPORT for the rest (seccomp).
import errno, socket
for fam, typ, proto in (("AF_INET", socket.SOCK_RAW, socket.IPPROTO_ICMP),
                        ("AF_INET", socket.SOCK_RAW, socket.IPPROTO_RAW),
                        ("AF_INET6", socket.SOCK_RAW, socket.IPPROTO_ICMPV6),
                        ("AF_PACKET", socket.SOCK_RAW, 0),
                        ("AF_NETLINK", socket.SOCK_RAW, 0),
                        ("AF_VSOCK", socket.SOCK_STREAM, 0),
                        ("AF_VSOCK", socket.SOCK_DGRAM, 0)):
    try:
        socket.socket(getattr(socket, fam), typ, proto).close()
        r = "opened"
    except OSError as e:
        r = errno.errorcode[e.errno]
    print(fam, typ.name, r)
