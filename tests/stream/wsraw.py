#!/usr/bin/python3
"""wsraw.py: a WebSocket client by hand, for what no well-behaved client sends: it
speaks the handshake itself, then sends frames as told and prints what the server
sent back as JSON lines: {"text": ...} per text message, {"close": CODE} at the end.

usage: wsraw.py HOST:PORT STEP...
  text:JSON        one masked text frame
  frag:JSON        the same text as three fragments (text, continuation, continuation)
  binary:BYTES     one masked binary frame
  badutf8          a text frame holding bytes that are not UTF-8
  big:N            one text frame announcing N payload bytes (sends them, 1 MiB at a time)
  unmasked:JSON    a text frame without the mask clients must set
  sleep:SECONDS
  wait:TYPE        until a text message whose JSON type is TYPE arrives
  mute             from here on, answer no close frame: after the server's, keep the
                   connection open, read until the server ends TCP and print
                   {"fin_after_close_ms": N}
Ends when the server closes, or after 30 s."""
import base64
import json
import os
import socket
import struct
import sys
import time


def frame(opcode, payload, fin=True, mask=True):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    m = 0x80 if mask else 0
    if n < 126:
        head += bytes([m | n])
    elif n < 65536:
        head += bytes([m | 126]) + struct.pack(">H", n)
    else:
        head += bytes([m | 127]) + struct.pack(">Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


class Reader:
    def __init__(self, sock):
        self.s, self.buf, self.closed = sock, b"", None

    def need(self, n):
        while len(self.buf) < n:
            b = self.s.recv(65536)
            if not b:
                raise EOFError
            self.buf += b
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def message(self):
        """One frame from the server (servers do not mask)."""
        b0, b1 = self.need(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", self.need(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self.need(8))[0]
        return b0 & 0x0F, self.need(n)


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    s = socket.create_connection((host, int(port)), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET /api/v2/connect HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
               % key).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        b = s.recv(1)
        if not b:
            print(json.dumps({"handshake": "closed"}))
            return
        head += b
    print(json.dumps({"status": head.split(b" ")[1].decode()}))
    r = Reader(s)
    mute = False

    def pump(until=None):
        while True:
            op, data = r.message()
            if op == 1:
                print(json.dumps({"text": data.decode()}), flush=True)
                if until and json.loads(data).get("type") == until:
                    return
            elif op == 8:
                code = struct.unpack(">H", data[:2])[0] if len(data) >= 2 else None
                print(json.dumps({"close": code, "reason": data[2:].decode(errors="replace")}),
                      flush=True)
                if mute:
                    t0 = time.monotonic()
                    while s.recv(65536):
                        pass
                    print(json.dumps({"fin_after_close_ms": int((time.monotonic() - t0) * 1000)}),
                          flush=True)
                raise EOFError
            elif op == 9:
                print(json.dumps({"ping": True}), flush=True)
                s.sendall(frame(10, data))

    try:
        for step in sys.argv[2:]:
            kind, _, arg = step.partition(":")
            if kind == "text":
                s.sendall(frame(1, arg.encode()))
            elif kind == "frag":
                b = arg.encode()
                k = max(1, len(b) // 3)
                s.sendall(frame(1, b[:k], fin=False) + frame(0, b[k:2 * k], fin=False) +
                          frame(0, b[2 * k:]))
            elif kind == "binary":
                s.sendall(frame(2, arg.encode()))
            elif kind == "badutf8":
                s.sendall(frame(1, b'{"type":"data","stream":"stdin","data":"\xff\xfe"}'))
            elif kind == "unmasked":
                s.sendall(frame(1, arg.encode(), mask=False))
            elif kind == "big":
                n = int(arg)
                s.sendall(bytes([0x81, 0x80 | 127]) + struct.pack(">Q", n) + b"\0\0\0\0")
                chunk = b"a" * (1 << 20)
                sent = 0
                try:
                    while sent < n:
                        s.sendall(chunk[:min(len(chunk), n - sent)])
                        sent += min(len(chunk), n - sent)
                except OSError:
                    pass        # refused before the end: its close frame says why
            elif kind == "sleep":
                time.sleep(float(arg))
            elif kind == "wait":
                pump(arg)
            elif kind == "mute":
                mute = True
        pump()
    except (EOFError, OSError):
        pass


if __name__ == "__main__":
    main()
