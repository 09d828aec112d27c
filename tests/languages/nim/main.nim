import std/os, std/strutils

echo "coderun conformance"
echo "stdin: ", stdin.readLine()
echo "args: ", commandLineParams().join("|")
stderr.writeLine("to stderr")
quit(3)
