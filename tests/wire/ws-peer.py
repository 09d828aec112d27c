# ws-peer.py CASE PORT [ARG]: a WebSocket client the project did not write (Python's
# websockets, asyncio API: Debian has 10.4, without websockets.sync) against
# build/test-ws serve on 127.0.0.1:PORT, for tests/wire/ws.bats. It prints what it
# saw, one line per fact, and leaves the judging to the suite. The handshake's
# Sec-WebSocket-Accept is checked by websockets itself on every connect.
#   open           connect, close with 1000: "open", "closed 1000"
#   echo TEXT      send TEXT, print "echo " and what came back
#   size N         send N bytes of text, print "echo N SAME|DIFFERENT"
#   fragments      send one message in three fragments, print "echo " and the reply
#   fragments N    send "ab" in N fragments, print "echo LENGTH" or "closed CODE"
#   ping           ping(b"probe"), wait for its pong: "pong"
#   binary         send bytes, print the close code the server sent: "closed 1003"
#   toolong N      send N bytes of text, print the server's close code
#   send TEXT      send TEXT, wait for the server's close, print its code
#   big N          send "big:N", print "got N" (the length received)
#   raw-utf8       raw TCP: handshake and a masked text frame of invalid UTF-8 in
#                  one write; print "accept ok|bad" and "closed CODE"
#   raw-unmasked   raw TCP: handshake and an unmasked text frame: likewise
#   raw-pings N    raw TCP, a small receive buffer: N pings from a thread while
#                  nothing is read for a second, then read N pongs ("pongs N"),
#                  then a close 1000 ("closed 1000"): the server stops reading
#                  while it cannot write, and must lose no pong. (Pings and the
#                  close in one burst would not do: a pong may be dropped once the
#                  close is in, RFC 6455 5.5.2, and wslay does.)
#   raw-abrupt     raw TCP: handshake, then an RST (SO_LINGER 0) without a close frame
#   raw-fin        raw TCP: handshake, then close() without a close frame
import asyncio, base64, hashlib, os, socket, struct, sys, threading, time

from websockets.client import connect
from websockets.exceptions import ConnectionClosed

case, port = sys.argv[1], int(sys.argv[2])
arg = sys.argv[3] if len(sys.argv) > 3 else None
uri = f"ws://127.0.0.1:{port}/"
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def out(*words):
    print(*words, flush=True)


async def closed_code(ws):
    """Wait for the server's close; the code it sent (None: no close frame)."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), 10)
    except ConnectionClosed as e:
        return e.rcvd.code if e.rcvd else None


async def client():
    # max_size=None: the 1 MiB echo is above websockets' default cap for what it
    # receives; compression=None: the harness negotiates no extension anyway.
    async with connect(uri, max_size=None, compression=None, open_timeout=10,
                       close_timeout=5) as ws:
        if case == "open":
            out("open")
            await ws.close(1000)
            out("closed", ws.close_code)
        elif case == "echo":
            await ws.send(arg)
            out("echo", await asyncio.wait_for(ws.recv(), 10))
        elif case == "size":
            text = "".join(chr(0x61 + i % 26) for i in range(int(arg)))
            await ws.send(text)
            back = await asyncio.wait_for(ws.recv(), 20)
            out("echo", len(back), "SAME" if back == text else "DIFFERENT")
        elif case == "fragments" and arg is None:
            await ws.send(["frag-one ", "frag-two ", "frag-three"])
            out("echo", await asyncio.wait_for(ws.recv(), 10))
        elif case == "fragments":
            try:
                await ws.send(["ab"] * int(arg))
                out("echo", len(await asyncio.wait_for(ws.recv(), 10)))
            except ConnectionClosed as e:
                out("closed", e.rcvd.code if e.rcvd else None)
        elif case == "ping":
            waiter = await ws.ping(b"probe")
            await asyncio.wait_for(waiter, 10)
            out("pong")
        elif case == "binary":
            await ws.send(b"\x00\x01binary")
            out("closed", await closed_code(ws))
        elif case == "toolong":
            try:
                await ws.send("y" * int(arg))
            except ConnectionClosed:
                pass
            out("closed", await closed_code(ws))
        elif case == "send":
            await ws.send(arg)
            out("closed", await closed_code(ws))
        elif case == "big":
            await ws.send(f"big:{arg}")
            back = await asyncio.wait_for(ws.recv(), 20)
            out("got", len(back), "SAME" if back == "x" * int(arg) else "DIFFERENT")
        else:
            sys.exit(f"unknown case {case}")


def raw_handshake(s, after=b""):
    """Our own handshake (and `after` in the same write); checks the accept value
    with hashlib, independently of the harness, and returns what followed the head."""
    key = base64.b64encode(os.urandom(16))
    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              b"Connection: Upgrade\r\nSec-WebSocket-Key: " + key +
              b"\r\nSec-WebSocket-Version: 13\r\n\r\n" + after)
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("no handshake reply")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    want = base64.b64encode(hashlib.sha1(key + GUID).digest())
    ok = head.startswith(b"HTTP/1.1 101") and b"Sec-WebSocket-Accept: " + want in head
    out("accept", "ok" if ok else "bad")
    return rest


def frame(opcode, payload, mask=True):
    """One final frame, masked as clients must unless told not to (RFC 6455 5.2)."""
    assert len(payload) < 126
    if not mask:
        return bytes([0x80 | opcode, len(payload)]) + payload
    key = os.urandom(4)
    return (bytes([0x80 | opcode, 0x80 | len(payload)]) + key +
            bytes(b ^ key[i % 4] for i, b in enumerate(payload)))


def read_close(s, rest):
    """The server's frames until its close: print "closed CODE"."""
    buf = rest
    while True:
        while len(buf) >= 2 and len(buf) >= 2 + (buf[1] & 0x7f):
            op, n = buf[0] & 0x0f, buf[1] & 0x7f
            if n >= 126:
                sys.exit("unexpected long frame")
            payload, buf = buf[2:2 + n], buf[2 + n:]
            if op == 0x8:
                out("closed", struct.unpack("!H", payload[:2])[0] if n >= 2 else None)
                return
        chunk = s.recv(4096)
        if not chunk:
            out("closed", None)
            return
        buf += chunk


def raw():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    if case == "raw-utf8":
        read_close(s, raw_handshake(s, frame(0x1, b"ok \xff\xfe bad")))
    elif case == "raw-unmasked":
        read_close(s, raw_handshake(s, frame(0x1, b"hello", mask=False)))
    elif case == "raw-pings":
        rest = raw_handshake(s)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        n = int(arg)
        sender = threading.Thread(target=s.sendall,
                                  args=(b"".join(frame(0x9, b"") for _ in range(n)),))
        sender.start()
        time.sleep(1)
        s.settimeout(30)
        buf, pongs = rest, 0
        while pongs < n:
            while len(buf) >= 2 and pongs < n:
                if buf[:2] != b"\x8a\x00":
                    sys.exit(f"not an empty pong: {buf[:2]!r}")
                buf, pongs = buf[2:], pongs + 1
            if pongs < n:
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
        sender.join()
        out("pongs", pongs)
        s.sendall(frame(0x8, struct.pack("!H", 1000)))
        read_close(s, buf)
    elif case in ("raw-abrupt", "raw-fin"):
        raw_handshake(s)
        if case == "raw-abrupt":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        out("gone")
    else:
        sys.exit(f"unknown case {case}")


if case.startswith("raw-"):
    raw()
else:
    asyncio.run(client())
