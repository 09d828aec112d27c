puts "coderun conformance"
gets stdin line
puts "stdin: $line"
puts "args: [join $argv |]"
puts stderr "to stderr"
exit 3
