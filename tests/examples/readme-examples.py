#!/usr/bin/python3
"""README.md's shell examples, for tests/examples/examples.bats. An example is a line starting
with "$ " in a ```sh block (a line ending in a backslash goes on), and what it prints
is the block's lines after it, up to the next "$ " or the block's end.

  extract README DIR      each example's command to DIR/NNN.cmd, its output to NNN.out
  match EXPECTED ACTUAL   the files agree line by line once times and sizes are masked
                          (the CLI's padding with them); "..." in EXPECTED is any text
  programs CMD_FILE       the programs the command line calls, one a line
"""
import difflib, re, shlex, sys


def extract(readme, out):
    examples, block, cur = [], False, None
    for n, line in enumerate(open(readme, encoding="utf-8").read().split("\n"), 1):
        if line.startswith("```"):
            block, cur = line == "```sh", None
        elif block and cur is not None and cur[0].endswith("\\"):
            cur[0] += "\n" + line
        elif block and line.startswith("$ "):
            cur = [line[2:], []]
            examples.append(cur)
        elif block and cur is not None:
            cur[1].append(line)
    for i, (cmd, shown) in enumerate(examples, 1):
        open(f"{out}/{i:03}.cmd", "w").write(cmd + "\n")
        open(f"{out}/{i:03}.out", "w").write("".join(l + "\n" for l in shown))


def mask(text):
    text = re.sub(r'"(cpu_time|wall_time|memory)":\d+', r'"\1":N', text)
    text = re.sub(r" +\d+ ms\b", " TIME", text)
    return re.sub(r" +\d+(\.\d)? (KiB|MiB)\b", " SIZE", text)


def match(expected, actual):
    exp = mask(open(expected, encoding="utf-8").read()).splitlines()
    act = mask(open(actual, encoding="utf-8", errors="replace").read()).splitlines()
    ok = len(exp) == len(act) and all(
        re.fullmatch(".*".join(map(re.escape, e.split("..."))), a) for e, a in zip(exp, act))
    if not ok:
        sys.stderr.writelines(difflib.unified_diff(
            [l + "\n" for l in exp], [l + "\n" for l in act], "README.md shows", "it printed"))
    return ok


def programs(cmd_file):
    lex = shlex.shlex(open(cmd_file).read(), posix=True, punctuation_chars=True)
    first = True
    for tok in lex:
        if tok in ("|", ";", "&&", "||", "&"):
            first = True
        elif first and not re.fullmatch(r"[<>]+|\w+=.*", tok):
            print(tok)
            first = False


if __name__ == "__main__":
    what, args = sys.argv[1], sys.argv[2:]
    if what == "extract":
        extract(*args)
    elif what == "match":
        sys.exit(0 if match(*args) else 1)
    elif what == "programs":
        programs(*args)
    else:
        sys.exit(__doc__)
