#!/usr/bin/python3
"""client.py: a streaming client for the tests and the bench: sends one request in
one of the four framings and prints every event it receives as one JSON line,
with "t" added: the client's wall clock (ms since the epoch) when it arrived.

usage: client.py FRAMING HOST:PORT REQUEST.json [SCRIPT.json]
  FRAMING  raw (NDJSON on raw TCP, "stream": true added), ndjson (HTTP POST with
           Accept: application/x-ndjson), sse (Accept: text/event-stream),
           ws (GET /api/v2/connect, the request as Piston's init message; Python's
           websockets, a client the project did not write)
  SCRIPT   a JSON list of steps run in order while events arrive:
           {"after": TYPE [, "count": N] [, "contains": TEXT]}  wait for the Nth such
                       event, or until the data of all such events together holds
                       TEXT N times (output comes in chunks as the program wrote it)
           {"send": OBJECT}    a client event (raw: one line; ws: one text message),
                               then {"type":"sent","sent":ITS TYPE} printed
           {"sleep": SECONDS}
           {"half_close": true}   raw: shut down our sending side (as nc -N)
           {"close": true}        close the connection at once
Ends when the server closes (a WebSocket's close code is printed as
{"type":"close","code":N}), or after --timeout seconds (default 120)."""
import asyncio
import http.client
import json
import socket
import sys
import threading
import time

TIMEOUT = 120.0


def now_ms():
    return int(time.time() * 1000)


def emit(ev):
    ev["t"] = now_ms()
    sys.stdout.write(json.dumps(ev) + "\n")
    sys.stdout.flush()


class Script:
    """The steps, run by a thread of their own against the events seen so far."""

    def __init__(self, steps, send, half_close, close):
        self.steps, self.send, self.half_close, self.close = steps, send, half_close, close
        self.seen = []
        self.cv = threading.Condition()

    def saw(self, ev):
        with self.cv:
            self.seen.append(ev)
            self.cv.notify_all()

    def matches(self, step):
        if "contains" in step:
            # Output comes in chunks as the program wrote it: look at all of it.
            text = "".join(str(ev.get("data", "")) for ev in self.seen
                           if ev.get("type") == step["after"])
            return text.count(step["contains"]) >= step.get("count", 1)
        n = sum(1 for ev in self.seen if ev.get("type") == step["after"])
        return n >= step.get("count", 1)

    def run(self):
        for step in self.steps:
            if "after" in step:
                with self.cv:
                    self.cv.wait_for(lambda: self.matches(step), timeout=TIMEOUT)
            elif "send" in step:
                try:
                    self.send(json.dumps(step["send"]))
                except Exception as e:
                    # The server closed first (its run over): the steps end here.
                    print("client.py: not sent: %r" % e, file=sys.stderr)
                    return
                emit({"type": "sent", "sent": step["send"].get("type")})
            elif "sleep" in step:
                time.sleep(step["sleep"])
            elif step.get("half_close"):
                self.half_close()
            elif step.get("close"):
                self.close()
                return


def lines_of(read_line, script, sse):
    """Events off a line reader: NDJSON lines, or SSE's data lines."""
    while True:
        line = read_line()
        if not line:
            return
        line = line.strip()
        if not line:
            continue
        if sse:
            if not line.startswith(b"data: "):
                continue
            line = line[6:]
        ev = json.loads(line)
        emit(ev)
        script.saw(ev)


def run_raw(addr, req, steps):
    req["stream"] = True
    s = socket.create_connection(addr, timeout=TIMEOUT)
    s.sendall(json.dumps(req).encode() + b"\n")
    f = s.makefile("rb")
    script = Script(steps, lambda m: s.sendall(m.encode() + b"\n"),
                    lambda: s.shutdown(socket.SHUT_WR), lambda: (s.shutdown(socket.SHUT_RDWR), s.close()))
    threading.Thread(target=script.run, daemon=True).start()
    try:
        lines_of(f.readline, script, False)
    except (OSError, ValueError):
        pass


def run_http(addr, req, steps, accept):
    c = http.client.HTTPConnection(addr[0], addr[1], timeout=TIMEOUT)
    c.request("POST", "/api/v2/execute", body=json.dumps(req),
              headers={"Content-Type": "application/json", "Accept": accept})
    sock = c.sock       # the response takes it from the connection: keep it to close
    r = c.getresponse()
    emit({"type": "http", "status": r.status, "content_type": r.getheader("Content-Type"),
          "x_accel_buffering": r.getheader("X-Accel-Buffering")})
    script = Script(steps, lambda m: None, lambda: None, lambda: sock.shutdown(socket.SHUT_RDWR))
    threading.Thread(target=script.run, daemon=True).start()
    try:
        lines_of(r.readline, script, accept == "text/event-stream")
    except (OSError, ValueError, http.client.HTTPException):
        pass


async def run_ws(addr, req, steps):
    import websockets.client
    import websockets.exceptions
    req["type"] = "init"
    uri = "ws://%s:%d/api/v2/connect" % addr
    async with websockets.client.connect(uri, max_size=None, ping_interval=None,
                                         open_timeout=TIMEOUT) as ws:
        await ws.send(json.dumps(req))
        loop = asyncio.get_running_loop()
        script = Script(steps,
                        lambda m: asyncio.run_coroutine_threadsafe(ws.send(m), loop).result(),
                        lambda: None,
                        lambda: loop.call_soon_threadsafe(ws.transport.abort))
        threading.Thread(target=script.run, daemon=True).start()
        try:
            async for msg in ws:
                ev = json.loads(msg)
                emit(ev)
                script.saw(ev)
        except websockets.exceptions.ConnectionClosed:
            pass
        emit({"type": "close", "code": ws.close_code, "reason": ws.close_reason})


def main():
    global TIMEOUT
    args = sys.argv[1:]
    if "--timeout" in args:
        i = args.index("--timeout")
        TIMEOUT = float(args[i + 1])
        del args[i:i + 2]
    framing, hostport, reqfile = args[:3]
    host, port = hostport.rsplit(":", 1)
    addr = (host, int(port))
    with open(reqfile) as f:
        req = json.load(f)
    steps = []
    if len(args) > 3:
        with open(args[3]) as f:
            steps = json.load(f)
    if framing == "raw":
        run_raw(addr, req, steps)
    elif framing == "ndjson":
        run_http(addr, req, steps, "application/x-ndjson")
    elif framing == "sse":
        run_http(addr, req, steps, "text/event-stream")
    elif framing == "ws":
        asyncio.run(asyncio.wait_for(run_ws(addr, req, steps), TIMEOUT))
    else:
        sys.exit("unknown framing " + framing)


if __name__ == "__main__":
    main()
