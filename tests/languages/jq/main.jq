"coderun conformance",
"stdin: \(input)",
"args: \($ARGS.positional | join("|"))",
("to stderr\n" | halt_error(3))
