#!/usr/bin/python3
# fake-server.py REPLY_FILE LOG_DIR PORT_FILE [hold]: a stand-in for coderun-exec on a free
# 127.0.0.1 port, for what a real server never sends (escapes it does not write,
# broken replies) and to see the exact request the CLI sent. For each connection:
# read until the bytes begin with one complete JSON value (raw mode: no half-close),
# save them as LOG_DIR/N.json (a live run's first events may follow the request),
# send REPLY_FILE's bytes as they are, close (once the client has). An empty
# REPLY_FILE means close without a reply. Serves until killed.
# A connection that begins with "GET " (a WebSocket handshake) is read until its
# head's end instead, and @ACCEPT@ in the reply becomes the Sec-WebSocket-Accept of
# its key (RFC 6455 4.2.2), so a reply can pass the handshake and then misbehave.
# With hold, the connection stays open after the reply (as an HTTP/1.1 server
# keeps it alive) until the client closes it.
import base64, hashlib, json, os, re, socket, sys

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def complete(data):
    if data.startswith(b"GET "):
        return b"\r\n\r\n" in data
    try:
        # The first value complete is the request: a live run's client
        # events may follow it in the same segment.
        json.JSONDecoder().raw_decode(data.decode())
        return True
    except ValueError:
        return False


def accept(data):
    m = re.search(rb"(?im)^sec-websocket-key:\s*(\S+)", data)
    key = m.group(1) if m else b""
    return base64.b64encode(hashlib.sha1(key + GUID).digest())


reply_file, log_dir, port_file = sys.argv[1:4]
hold = sys.argv[4:5] == ["hold"]
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(16)
with open(port_file + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
os.rename(port_file + ".tmp", port_file)
n = 0
while True:
    conn, _ = srv.accept()
    conn.settimeout(20)
    data = b""
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
            if complete(data):
                break
    except OSError:
        pass
    n += 1
    with open(os.path.join(log_dir, "%d.json" % n), "wb") as f:
        f.write(data)
    with open(reply_file, "rb") as f:
        reply = f.read().replace(b"@ACCEPT@", accept(data))
    try:
        conn.sendall(reply)
        # Our FIN, then what the client still sends read and dropped until it
        # closes: closing with unread bytes would be an RST, which can discard the
        # reply before the client reads it.
        if not hold:
            conn.shutdown(socket.SHUT_WR)
        conn.settimeout(60 if hold else 5)
        while conn.recv(65536):
            pass
    except OSError:
        pass
    conn.close()
