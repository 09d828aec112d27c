# load-client.py HOST PORT COUNT CONCURRENCY [SECONDS]: COUNT raw-JSON requests for a
# trivial bash job, CONCURRENCY at a time, to HOST:PORT (a loopback address: this is
# a load test of our own executor). Each request ends as exactly one of:
#   ok      a reply with the job's output
#   busy    an error reply "busy" (all slots taken: the client may retry)
#   error   any other well-formed reply (counted, and printed once)
#   lost    no well-formed reply: refused, reset, closed early, or timed out
# Prints one JSON line of the counts, requests/s and latency percentiles. Bounded:
# it gives up after SECONDS (default 300) and counts the rest as lost.
import asyncio, json, sys, time

host, port, count, conc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
budget = float(sys.argv[5]) if len(sys.argv) > 5 else 300.0
if not (host.startswith("127.") or host == "::1"):
    sys.exit("load-client: loopback only")

counts = {"ok": 0, "busy": 0, "error": 0, "lost": 0}
latencies, samples = [], {}

async def one(i):
    marker = f"r{i}"
    req = json.dumps({"language": "bash", "version": "*",
                      "files": [{"content": f"echo {marker}"}]}).encode()
    t0 = time.monotonic()
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
        w.write(req)
        await w.drain()
        w.write_eof()
        data = await asyncio.wait_for(r.read(), 30)
        w.close()
        reply = json.loads(data)
    except (OSError, asyncio.TimeoutError, ValueError) as e:
        samples.setdefault("lost", repr(e))
        return "lost"
    latencies.append(time.monotonic() - t0)
    if reply.get("run", {}).get("stdout") == marker + "\n":
        return "ok"
    if reply.get("error") == "busy":
        return "busy"
    samples.setdefault("error", data[:300].decode(errors="replace"))
    return "error"

async def main():
    sem = asyncio.Semaphore(conc)
    async def guarded(i):
        async with sem:
            counts[await one(i)] += 1
    tasks = [asyncio.create_task(guarded(i)) for i in range(count)]
    done, pending = await asyncio.wait(tasks, timeout=budget)
    for t in pending:
        t.cancel()
    counts["lost"] += len(pending)

t0 = time.monotonic()
asyncio.run(main())
elapsed = time.monotonic() - t0
latencies.sort()
pct = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 1) if latencies else None
print(json.dumps({**counts, "seconds": round(elapsed, 2), "per_second": round(count / elapsed, 1),
                  "p50_ms": pct(0.5), "p99_ms": pct(0.99), "samples": samples}))
