<?php
echo "coderun conformance\n";
echo "stdin: " . rtrim(fgets(STDIN), "\n") . "\n";
echo "args: " . implode("|", array_slice($argv, 1)) . "\n";
fwrite(STDERR, "to stderr\n");
exit(3);
