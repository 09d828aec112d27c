import sys

print("coderun conformance")
print("stdin: " + sys.stdin.readline().rstrip("\n"))
print("args: " + "|".join(sys.argv[1:]))
print("to stderr", file=sys.stderr)
sys.exit(3)
