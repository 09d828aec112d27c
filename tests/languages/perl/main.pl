use strict;
use warnings;

print "coderun conformance\n";
my $line = <STDIN>;
chomp $line;
print "stdin: $line\n";
print "args: ", join("|", @ARGV), "\n";
print STDERR "to stderr\n";
exit 3;
