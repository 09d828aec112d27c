# blocking_read.py: attack: block forever in read() on a pipe it holds both ends of. Safe: TO by the wall clock, earlier output kept.
import os
r, w = os.pipe()
print("reading", flush=True)
os.read(r, 1)
print("read returned")
