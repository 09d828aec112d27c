-- The sqlite3 shell runs this file on an in-memory database: SQL, and the
-- shell's dot-commands for what SQL has no words for (input, stderr, exit).
SELECT 'coderun conformance';

CREATE TABLE input(text TEXT);
.import --ascii /dev/stdin input
SELECT 'stdin: ' || substr(text, 1, instr(text || char(10), char(10)) - 1) FROM input;

.output /dev/stderr
SELECT 'to stderr';
.output stdout

.exit 3
