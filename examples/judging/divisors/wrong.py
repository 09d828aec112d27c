# wrong.py: forgets n itself.
n = int(input())
print(*[d for d in range(1, n) if n % d == 0])
