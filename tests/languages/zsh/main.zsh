echo "coderun conformance"
read -r line
echo "stdin: $line"
IFS='|'
echo "args: $*"
echo "to stderr" >&2
exit 3
