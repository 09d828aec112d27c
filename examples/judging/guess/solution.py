# solution.py: binary search over 1..10^9, one query a line, flushed.
lo, hi = 1, 10**9
while True:
    mid = (lo + hi) // 2
    print("?", mid, flush=True)
    reply = input()
    if reply == "=":
        break
    if reply == "<":
        hi = mid - 1
    else:
        lo = mid + 1
