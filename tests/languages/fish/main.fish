echo "coderun conformance"
read -l line
echo "stdin: $line"
echo "args: "(string join "|" -- $argv)
echo "to stderr" >&2
exit 3
