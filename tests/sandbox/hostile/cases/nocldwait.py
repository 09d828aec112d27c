# nocldwait.py: attack: ignore SIGCHLD so the kernel reaps the workers and their CPU time reaches no rusage. Safe: the CPU budget still holds (TO) and cpu_time counts the workers.
import os, signal, time
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
for _ in range(2):
    if os.fork() == 0:
        t = time.process_time()
        while time.process_time() - t < 0.9:
            pass
        os._exit(0)
time.sleep(3)
print("done")
