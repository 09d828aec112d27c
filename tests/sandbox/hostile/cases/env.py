# env.py: attack: look for secrets in the environment and in /proc/self/environ. Safe: the environment is exactly lang.d's env line; nothing of the caller's.
import os
for k in sorted(os.environ):
    print(k + "=" + os.environ[k])
environ = open("/proc/self/environ", "rb").read().split(b"\0")
print("environ:", " ".join(sorted(e.decode() for e in environ if e)))
