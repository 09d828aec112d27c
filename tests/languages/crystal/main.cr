puts "coderun conformance"
puts "stdin: #{STDIN.gets}"
puts "args: #{ARGV.join("|")}"
STDERR.puts "to stderr"
exit 3
