#!/usr/bin/python3
"""stream-latency.py: the streaming figures of make bench (tools/bench/run).

  stream-latency.py lines RUNS NAME=FRAMING[@HOST:PORT]... -- REQUEST.json CMD...
      The job of REQUEST.json prints a timestamp per line (the wall clock in us, as
      tools/bench/run's stamp program does); each line's delay is the client's wall
      clock when it read the line minus the time printed in it. Both clocks are the
      host's: no time namespace offsets CLOCK_REALTIME. RUNS runs of every FRAMING,
      round-robin (run r of each before run r + 1 of any), so the machine's drift falls
      on all alike. NAME names the row; FRAMING is raw (NDJSON on raw TCP), ndjson
      (HTTP, Accept: application/x-ndjson), sse (text/event-stream) or ws (GET
      /api/v2/connect, Python's websockets), each at HOST:PORT; or pipe: CMD run here
      with no sandbox, its stdout a pipe read directly (the floor: a program's write
      and a reader's read, nothing in between).
  stream-latency.py cost N WARMUP HOST:PORT REQUEST.json
      One request on raw TCP, N times in batch and N times with "stream": true,
      alternately, after WARMUP of each untimed: the time from connect to the last
      byte of the reply's line (batch) or of the done event (stream).
  stream-latency.py echo N WARMUP HOST:PORT REQUEST.json
      A key press's echo over the WebSocket: one session of REQUEST.json (a tty run of
      cat), then N single-character data events after WARMUP untimed, one at a time:
      each the time from its send to the data event that holds it (the pty's echo).
      The baseline of tools/bench/browser-echo.mjs, which times the same in chromium.
  stream-latency.py rawecho N WARMUP HOST:PORT REQUEST.json
      The same over raw TCP (NDJSON events, one per line): the CLI's baseline.
  stream-latency.py cli N WARMUP HOST:PORT CLI FILE
      The same through the coderun command: CLI --tty -s SERVER FILE (SERVER is
      HOST:PORT, or http://HOST:PORT for the WebSocket; FILE a file of
      bash "echo ready; exec cat") on a pseudo-terminal made here; once "ready" shows
      (the CLI's terminal is raw by then, so no key is echoed here), each time from a
      key written to the terminal to its echo read back from it, as a user sees it.

Prints one line per row, as tools/bench/e2e.c does: NAME n median_us p10_us p90_us
p99_us, or NAME failed (said why on stderr). Exits 1 if any row failed. Loopback only;
runs only the command and requests it is given."""
import asyncio
import http.client
import json
import socket
import subprocess
import sys
import time

TIMEOUT = 60.0


def now_us():
    return time.time_ns() // 1000


class Failed(Exception):
    pass


def stamps(ev, t, out):
    """The delays of a data event's lines: each holds the time it was printed."""
    if ev.get("type") == "error":
        raise Failed("error event: %s" % ev.get("message"))
    if ev.get("type") != "data" or ev.get("stream") != "stdout":
        return
    for line in ev["data"].split("\n"):
        if line:
            out.append(t - int(line))


def read_events(read_line, sse, out):
    done = False
    while True:
        line = read_line()
        t = now_us()
        if not line:
            break
        line = line.strip()
        if not line or (sse and not line.startswith(b"data: ")):
            continue
        ev = json.loads(line[6:] if sse else line)
        stamps(ev, t, out)
        done = done or ev.get("type") == "done"
    if not done:
        raise Failed("the stream ended without done")


def run_raw(addr, req, out):
    req = dict(req, stream=True)
    with socket.create_connection(addr, timeout=TIMEOUT) as s:
        s.sendall(json.dumps(req).encode() + b"\n")
        read_events(s.makefile("rb").readline, False, out)


def run_http(addr, req, out, accept):
    c = http.client.HTTPConnection(addr[0], addr[1], timeout=TIMEOUT)
    c.request("POST", "/api/v2/execute", body=json.dumps(req),
              headers={"Content-Type": "application/json", "Accept": accept})
    r = c.getresponse()
    if r.status != 200:
        raise Failed("HTTP %d" % r.status)
    read_events(r.readline, accept == "text/event-stream", out)
    c.close()


async def ws_session(addr, req, out):
    import websockets.client
    import websockets.exceptions
    done = False
    async with websockets.client.connect("ws://%s:%d/api/v2/connect" % addr, max_size=None,
                                         ping_interval=None, open_timeout=TIMEOUT) as ws:
        await ws.send(json.dumps(dict(req, type="init")))
        try:
            async for msg in ws:
                t = now_us()
                ev = json.loads(msg)
                stamps(ev, t, out)
                done = done or ev.get("type") == "done"
        except websockets.exceptions.ConnectionClosed:
            pass
    if not done:
        raise Failed("the WebSocket closed without done")


def run_ws(addr, req, out):
    asyncio.run(asyncio.wait_for(ws_session(addr, req, out), TIMEOUT))


def run_pipe(cmd, out):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    for line in iter(p.stdout.readline, b""):
        t = now_us()
        if line.strip():
            out.append(t - int(line))
    if p.wait() != 0:
        raise Failed("%s: exit status %d" % (cmd[0], p.returncode))


RUNNERS = {
    "raw": run_raw,
    "ndjson": lambda a, r, o: run_http(a, r, o, "application/x-ndjson"),
    "sse": lambda a, r, o: run_http(a, r, o, "text/event-stream"),
    "ws": run_ws,
}


def pct(t, p):
    """The p-th percentile of sorted t, nearest rank (tools/bench/stats.h's pct_ll)."""
    i = max(0, min(len(t) - 1, (len(t) * p + 99) // 100 - 1))
    return t[i]


def row(name, t):
    t = sorted(t)
    print("%s %d %d %d %d %d" % (name, len(t), pct(t, 50), pct(t, 10), pct(t, 90), pct(t, 99)),
          flush=True)


def addr_of(hostport):
    host, port = hostport.rsplit(":", 1)
    return host, int(port)


def lines(args):
    runs = int(args[0])
    sep = args.index("--")
    targets = [(a.split("=", 1)[0],) + tuple((a.split("=", 1)[1] + "@").split("@")[:2])
               for a in args[1:sep]]
    with open(args[sep + 1]) as f:
        req = json.load(f)
    cmd = args[sep + 2:]
    got = {i: [] for i in range(len(targets))}
    failed = set()
    for _ in range(runs):
        for i, (name, framing, where) in enumerate(targets):
            if i in failed:
                continue
            try:
                n = len(got[i])
                if framing == "pipe":
                    run_pipe(cmd, got[i])
                else:
                    RUNNERS[framing](addr_of(where), req, got[i])
                if len(got[i]) == n:
                    raise Failed("no timestamped line")
            except (Failed, OSError, ValueError, KeyError, asyncio.TimeoutError,
                    http.client.HTTPException) as e:
                print("stream-latency: %s: %s" % (name, e), file=sys.stderr)
                failed.add(i)
    for i, (name, framing, where) in enumerate(targets):
        if i in failed:
            print("%s failed" % name, flush=True)
        else:
            row(name, got[i])
    return 1 if failed else 0


def one_request(addr, body, stream):
    """connect to the end of the reply's line, or of the done event; in us."""
    t0 = time.monotonic_ns()
    with socket.create_connection(addr, timeout=TIMEOUT) as s:
        s.sendall(body)
        f = s.makefile("rb")
        while True:
            line = f.readline()
            if not line:
                raise Failed("the connection ended before the reply")
            if not stream or line.startswith(b'{"type":"done"'):
                break
        t = (time.monotonic_ns() - t0) // 1000
    reply = json.loads(line)
    reply = reply["result"] if stream else reply
    if "error" in reply or reply.get("run", {}).get("status") is not None:
        raise Failed("unexpected reply: %s" % line[:200])
    return t


def cost(args):
    n, warm = int(args[0]), int(args[1])
    addr = addr_of(args[2])
    with open(args[3]) as f:
        req = json.load(f)
    bodies = {False: json.dumps(req).encode(), True: json.dumps(dict(req, stream=True)).encode()}
    t = {False: [], True: []}
    try:
        for r in range(-warm, n):
            for stream in (False, True):
                us = one_request(addr, bodies[stream], stream)
                if r >= 0:
                    t[stream].append(us)
    except (Failed, OSError, ValueError) as e:
        print("stream-latency: cost: %s" % e, file=sys.stderr)
        print("batch failed\nstream failed", flush=True)
        return 1
    row("batch", t[False])
    row("stream", t[True])
    return 0


async def echo_session(addr, req, n, warm):
    import websockets.client
    keys = "abcdefghijklmnopqrstuvwxyz"
    t = []
    async with websockets.client.connect("ws://%s:%d/api/v2/connect" % addr, max_size=None,
                                         ping_interval=None, open_timeout=TIMEOUT) as ws:
        await ws.send(json.dumps(dict(req, type="init")))
        while json.loads(await ws.recv()).get("type") != "stage":
            pass
        for i in range(-warm, n):
            key = keys[(i + warm) % len(keys)]
            t0 = time.monotonic_ns()
            await ws.send(json.dumps({"type": "data", "stream": "stdin", "data": key}))
            while True:
                ev = json.loads(await asyncio.wait_for(ws.recv(), 5))
                if ev.get("type") in ("done", "error"):
                    raise Failed("the run ended: %s" % json.dumps(ev)[:200])
                if ev.get("type") == "data" and key in ev["data"]:
                    break
            if i >= 0:
                t.append((time.monotonic_ns() - t0) // 1000)
        await ws.send(json.dumps({"type": "signal", "signal": "SIGKILL"}))
    return t


def echo(args):
    n, warm = int(args[0]), int(args[1])
    with open(args[3]) as f:
        req = json.load(f)
    try:
        t = asyncio.run(asyncio.wait_for(echo_session(addr_of(args[2]), req, n, warm), TIMEOUT))
    except (Failed, OSError, ValueError, asyncio.TimeoutError) as e:
        print("stream-latency: echo: %s" % e, file=sys.stderr)
        print("ws failed", flush=True)
        return 1
    row("ws", t)
    return 0


def keyed(n, warm, send, wait_echo):
    """n timed round trips after warm untimed: send(key), then wait_echo(key)."""
    keys = "abcdefghijklmnopqrstuvwxyz"
    t = []
    for i in range(-warm, n):
        key = keys[(i + warm) % len(keys)]
        t0 = time.monotonic_ns()
        send(key)
        wait_echo(key)
        if i >= 0:
            t.append((time.monotonic_ns() - t0) // 1000)
    return t


def rawecho(args):
    n, warm = int(args[0]), int(args[1])
    with open(args[3]) as f:
        req = dict(json.load(f), stream=True)
    try:
        with socket.create_connection(addr_of(args[2]), timeout=TIMEOUT) as s:
            s.sendall(json.dumps(req).encode() + b"\n")
            rd = s.makefile("rb")

            def event():
                line = rd.readline()
                if not line:
                    raise Failed("the server closed the stream")
                ev = json.loads(line) if line.strip() else {}
                if ev.get("type") in ("done", "error"):
                    raise Failed("the run ended: %s" % line[:200])
                return ev

            while event().get("type") != "stage":
                pass

            def wait_echo(key):
                while not (lambda ev: ev.get("type") == "data" and key in ev["data"])(event()):
                    pass
            t = keyed(n, warm, lambda k: s.sendall(json.dumps(
                {"type": "data", "stream": "stdin", "data": k}).encode() + b"\n"), wait_echo)
    except (Failed, OSError, ValueError) as e:
        print("stream-latency: rawecho: %s" % e, file=sys.stderr)
        print("raw failed", flush=True)
        return 1
    row("raw", t)
    return 0


def cli(args):
    import os
    import pty
    import select
    n, warm = int(args[0]), int(args[1])
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(args[3], [args[3], "--tty", "-s", args[2], args[4]])

    def wait_echo(key, timeout=TIMEOUT):
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise Failed("no echo of %r within %d s" % (key, timeout))
            if key.encode() in os.read(fd, 4096):
                return
    try:
        wait_echo("ready")
        t = keyed(n, warm, lambda k: os.write(fd, k.encode()), wait_echo)
    except (Failed, OSError) as e:
        print("stream-latency: cli: %s" % e, file=sys.stderr)
        print("cli failed", flush=True)
        return 1
    finally:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
    row("cli", t)
    return 0


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "lines":
        return lines(sys.argv[2:])
    if len(sys.argv) == 6 and sys.argv[1] == "cost":
        return cost(sys.argv[2:])
    if len(sys.argv) == 6 and sys.argv[1] == "echo":
        return echo(sys.argv[2:])
    if len(sys.argv) == 6 and sys.argv[1] == "rawecho":
        return rawecho(sys.argv[2:])
    if len(sys.argv) == 7 and sys.argv[1] == "cli":
        return cli(sys.argv[2:])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
