# burst-client.py HOST PORT N: opens N connections to HOST:PORT (loopback only) at
# once, holds them a moment so that all are accepted before any request is sent,
# then sends each a trivial request, half-closes, and reads until EOF. Each
# connection ends as exactly one of:
#   reply    a whole, valid JSON reply (a job's result or an error such as busy)
#   refused  closed without a byte: connect failed, reset, or EOF at once
#   partial  some bytes that are not a whole JSON reply: a half-served client
# Prints one JSON line of the counts and the error codes seen. Bounded: 60 s.
import asyncio, collections, json, sys

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if not (host.startswith("127.") or host == "::1"):
    sys.exit("burst-client: loopback only")
req = json.dumps({"language": "bash", "version": "*", "files": [{"content": "echo hi"}]}).encode()
counts = collections.Counter()
errors = collections.Counter()

async def connect():
    try:
        return await asyncio.wait_for(asyncio.open_connection(host, port), 10)
    except (OSError, asyncio.TimeoutError):
        return None

async def finish(conn):
    if conn is None:
        return "refused"
    r, w = conn
    data = b""
    try:
        w.write(req)
        await w.drain()
        w.write_eof()
        data = await asyncio.wait_for(r.read(), 30)
    except (OSError, asyncio.TimeoutError):
        pass
    w.close()
    if not data.strip():
        return "refused"
    try:
        reply = json.loads(data)
    except ValueError:
        return "partial"
    errors[reply.get("error") or "none"] += 1
    return "reply"

async def main():
    conns = await asyncio.gather(*(connect() for _ in range(n)))
    await asyncio.sleep(1)
    for result in await asyncio.gather(*(finish(c) for c in conns)):
        counts[result] += 1

asyncio.run(asyncio.wait_for(main(), 60))
print(json.dumps({"reply": counts["reply"], "refused": counts["refused"],
                  "partial": counts["partial"], "errors": dict(errors)}))
