import sys

# The sum of the numbers on stdin, one a line, and the arguments.
print(sum(int(line) for line in sys.stdin), sys.argv[1:])
