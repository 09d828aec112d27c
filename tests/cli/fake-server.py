#!/usr/bin/python3
# fake-server.py REPLY_FILE LOG_DIR PORT_FILE: a stand-in for coderun-exec on a free
# 127.0.0.1 port, for what a real server never sends (escapes it does not write,
# broken replies) and to see the exact request the CLI sent. For each connection:
# read until the bytes begin with one complete JSON value (raw mode: no half-close),
# save them as LOG_DIR/N.json (a live run's first events may follow the request),
# send REPLY_FILE's bytes as they are, close. An empty
# REPLY_FILE means close without a reply. Serves until killed.
import json, os, socket, sys

reply_file, log_dir, port_file = sys.argv[1:4]
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
            try:
                # The first value complete is the request: a live run's client
                # events may follow it in the same segment.
                json.JSONDecoder().raw_decode(data.decode())
                break
            except ValueError:
                continue
    except OSError:
        pass
    n += 1
    with open(os.path.join(log_dir, "%d.json" % n), "wb") as f:
        f.write(data)
    with open(reply_file, "rb") as f:
        reply = f.read()
    try:
        conn.sendall(reply)
    except OSError:
        pass
    conn.close()
