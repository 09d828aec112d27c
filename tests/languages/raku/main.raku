say "coderun conformance";
say "stdin: " ~ $*IN.get;
say "args: " ~ @*ARGS.join("|");
note "to stderr";
exit 3;
