puts "coderun conformance"
puts "stdin: #{$stdin.gets.chomp}"
puts "args: #{ARGV.join('|')}"
$stderr.puts "to stderr"
exit 3
