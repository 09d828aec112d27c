# many_files.py: attack: 10,000 files and hostile names (newline, 255 bytes, "-x", "@x", "..."), made by the program in /box. Safe: all inside /box, the executor never reads them, the reply arrives.
import os
names = ["a\nb", "x" * 255, "-x", "@x", "...", " ", "\u00e9", "\x01"]
for n in names:
    open("/box/" + n, "w").close()
os.mkdir("/box/many")
for i in range(10000):
    open(f"/box/many/{i}", "w").close()
print(len(os.listdir("/box")), len(os.listdir("/box/many")))
