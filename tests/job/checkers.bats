#!/usr/bin/env bats
# checkers.bats: the built-in checkers (job/check*.c) alone, through build/test-check
# (tests/job/test-check.c, ASan and UBSan): each rule and its edges (empty output,
# no final newline, CRLF, NaN and infinities, -0, tolerances, numbers beyond a
# double, a token of megabytes, text where a number was expected) and the messages
# a WA gives. No root, no sandbox: `make check` runs it. The same checkers judge
# real runs in tests/wire/judging.bats.
bats_require_minimum_version 1.7.0

load ../helper

TC="$BUILD/test-check"

setup_file() {
        [ -x "$BUILD/test-check" ] || { echo "build/test-check missing: make build/test-check" >&2; return 1; }
}

# chk CHECKER GOT WANT: GOT and WANT are printf formats (\r, \000 allowed); the
# verdict's JSON line in $output.
chk() {
        printf -- "$2" > "$BATS_TEST_TMPDIR/got"
        printf -- "$3" > "$BATS_TEST_TMPDIR/want"
        run -0 --separate-stderr "$TC" "$1" "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
}

# ac CHECKER GOT WANT / wa CHECKER GOT WANT [MESSAGE]: the checker's verdict is a
# match / no match (with MESSAGE exactly).
ac() {
        chk "$@"
        jqe '.match == true and .message == ""'
}

wa() {
        chk "$1" "$2" "$3"
        jqe '.match == false and (.message | length > 0)'
        [ $# -lt 4 ] || jqe --arg m "$4" '.message == $m'
}

@test "lines: blanks at line ends, CRLF, blank lines at the end and a missing final newline do not count" {
        ac lines '' ''
        ac lines 'a\nb\n' 'a\nb'
        ac lines 'a  \nb\t\n\n\n' 'a\nb'
        ac lines 'a\r\nb\r\n' 'a\nb\n'
        ac lines '\n \n\t\n' ''
        ac lines 'a\n' 'a\n\n \n'
}

@test "lines: everything else counts, and the message names the line" {
        wa lines '' 'x' 'line 1: expected "x", got the end of the output'
        wa lines 'x' '' 'line 1: expected the end of the output, got "x"'
        wa lines '1\n2\n4\n' '1\n2\n5\n' 'line 3: expected "5", got "4"'
        wa lines 'a\n\nb' 'a\nb' 'line 2: expected "b", got ""'
        wa lines ' a' 'a' 'line 1: expected "a", got " a"'
        wa lines 'a\000' 'a' 'line 1: expected "a", got "a\x00"'
}

@test "exact: the bytes, CRLF and the final newline included" {
        ac exact '' ''
        ac exact 'a\r\n\000b' 'a\r\n\000b'
        wa exact '5' '5\n' 'line 1, column 2: expected "5\n", got "5" (the output ends there)'
        wa exact '5\n' '5' 'line 1, column 2: expected "5", got "5\n" (the expected output ends there)'
        wa exact 'a\r\nb' 'a\nb' 'line 1, column 2: expected "a\n", got "a\r\n"'
        wa exact '' 'x' 'line 1, column 1: expected "x", got the end of the output (the output ends there)'
        wa exact 'ab\ncd\nxyz\n' 'ab\ncd\nxy\n' 'line 3, column 3: expected "xy\n", got "xyz\n"'
}

@test "tokens: whitespace of any kind and amount separates, nothing else" {
        ac tokens '' ''
        ac tokens ' \n\t\r\n' ''
        ac tokens '1  2\r\n3' '1 2 3\n'
        ac tokens '\f1\v2' '1\n2'
        wa tokens '1 2' '1 2 3' 'token 3: expected "3", got the end of the output'
        wa tokens '1 2 3 4' '1 2 3' 'token 4: expected the end of the output, got "4"'
        wa tokens '1.0' '1' 'token 1: expected "1", got "1.0"'
        wa tokens 'a b c d e f 8' 'a b c d e f 7' 'token 7: expected "7", got "8"'
}

@test "float: within abs, or within rel of the expected value" {
        ac float:1e-6:0 '1.0000001' '1'
        ac float:0:0 '1.0 100 -2.50' '1 1e2 -2.5'
        wa float:0:0 '1.0000001' '1'
        wa float:1e-6:1e-6 '0.1' '0.2' 'token 1: "0.1" differs from "0.2" by more than abs 1e-06 and rel 1e-06'
        ac float:0:1e-6 '1000000.5' '1000000'
        wa float:0:1e-6 '1000002' '1000000'
        # Against 0, only abs helps: rel of 0 is 0.
        ac float:1e-6:0 '1e-7' '0'
        ac float:1e-6:1e-6 '1e-7' '0'
        wa float:0:1e-6 '1e-7' '0' 'token 1: "1e-7" differs from "0" by more than abs 0 and rel 1e-06'
        ac float:0:0 '-0' '0'
        ac float:0:0 '-0.0' '+0'
}

@test "float: NaN equals nothing; an infinity only the infinity of its sign" {
        wa float:1:1 'nan' 'nan' 'token 1: "nan" differs from "nan" (NaN equals nothing)'
        wa float:1:1 'NaN' '1'
        wa float:1:1 '1' 'nan'
        ac float:0:0 'inf' 'inf'
        ac float:0:0 'Infinity' 'inf'
        ac float:0:0 '-inf' '-INF'
        wa float:1:1 'inf' '-inf'
        wa float:1:1 'inf' '1e308'
        wa float:1:1 '1e308' 'inf'
}

@test "float: the edges of a double's range" {
        ac float:0:1e-6 '1e308' '1.0000001e308'
        wa float:1e-6:1e-6 '1e308' '-1e308'
        ac float:0:0 '1.7976931348623157e308' '1.7976931348623157e308'
        # Beyond a double's range a number is its text: 1e400 is neither inf nor 1e401.
        ac float:0:0 '1e400' '1e400'
        wa float:1:1 '1e400' '1e401' 'token 1: expected "1e401", got "1e400"'
        wa float:1:1 '1e400' 'inf'
        # Underflow keeps its value, which is 0 within any abs.
        ac float:1e-300:0 '1e-400' '0'
}

@test "float: text where a number is expected compares as text" {
        ac float:0.5:0 'abc 1.2' 'abc 1'
        wa float:1:1 'abc' '1' 'token 1: expected "1", got "abc"'
        wa float:1:1 '1' 'abc'
        wa float:1:1 '1,5' '1.5'
        # Hex floats, nan(...) and bare points are text, as judges read them.
        wa float:1:1 '0x10' '16'
        ac float:1:1 'nan(1)' 'nan(1)'
        wa float:1:1 'nan(1)' 'nan(2)'
        ac float:1:1 '.' '.'
        wa float:1:1 '1e' '1'
        wa float:1:1 '1 2' '1' 'token 2: expected the end of the output, got "2"'
        wa float:1:1 '' '1' 'token 1: expected "1", got the end of the output'
        ac float:1:1 '' ' \n'
}

@test "unordered: lines as a multiset, each without its blanks at the end" {
        ac unordered '' ''
        ac unordered 'b\na\nc\n' 'a\nb\nc'
        ac unordered 'b\r\na  \n\n\na\n' 'a\na\nb\n'
        wa unordered 'a\na\nb\n' 'a\nb\nb\n' 'output line "a" is not expected (3 lines expected, 3 output)'
        wa unordered 'a\nb\nb\n' 'a\na\nb\n' 'expected line "a" is missing from the output (3 lines expected, 3 output)'
        wa unordered 'a\nb\nc\n' 'a\nb\n' 'output line "c" is not expected (2 lines expected, 3 output)'
        wa unordered 'a\n' 'a\nb' 'expected line "b" is missing from the output (2 lines expected, 1 output)'
        wa unordered ' a' 'a'
        wa unordered 'ab' 'a'
}

@test "unordered: 300000 lines shuffled are sorted, not compared pairwise" {
        seq 300000 > "$BATS_TEST_TMPDIR/a"
        shuf "$BATS_TEST_TMPDIR/a" > "$BATS_TEST_TMPDIR/b"
        run -0 --separate-stderr "$TC" unordered "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
        jqe '.match == true'
        echo 300001 >> "$BATS_TEST_TMPDIR/b"
        run -0 --separate-stderr "$TC" unordered "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
        jqe '.match == false and (.message | startswith("expected line \"300001\""))'
}

@test "a token of 4 MiB: no buffer to overflow, the message shows 40 bytes of it" {
        local big="$BATS_TEST_TMPDIR/big" other="$BATS_TEST_TMPDIR/other" c
        head -c 4194304 /dev/zero | tr '\0' x > "$big"
        { head -c 4194303 /dev/zero | tr '\0' x; printf y; } > "$other"
        for c in lines exact tokens unordered float:1:1; do
                run -0 --separate-stderr "$TC" "$c" "$big" "$big"
                jqe '.match == true'
                run -0 --separate-stderr "$TC" "$c" "$big" "$other"
                jqe '.match == false'
        done
        run -0 --separate-stderr "$TC" tokens "$big" "$other"
        jqe --arg x "$(printf 'x%.0s' $(seq 40))" '.message == "token 1: expected \"\($x)\"..., got \"\($x)\"..."'
}

@test "a number of 4 MiB: read whole, as a number or beyond a double as text" {
        local tiny="$BATS_TEST_TMPDIR/tiny" huge="$BATS_TEST_TMPDIR/huge"
        { printf 0.; head -c 4194304 /dev/zero | tr '\0' 0; printf 1; } > "$tiny"
        { printf 1; head -c 4194304 /dev/zero | tr '\0' 7; } > "$huge"
        printf 0 > "$BATS_TEST_TMPDIR/zero"
        run -0 --separate-stderr "$TC" float:1e-6:0 "$tiny" "$BATS_TEST_TMPDIR/zero"
        jqe '.match == true'
        printf 1e-9 > "$BATS_TEST_TMPDIR/small"
        run -0 --separate-stderr "$TC" float:1e-10:0 "$tiny" "$BATS_TEST_TMPDIR/small"
        jqe '.match == false'
        run -0 --separate-stderr "$TC" float:0:0 "$huge" "$huge"
        jqe '.match == true'
        run -0 --separate-stderr "$TC" float:1:1 "$huge" "$BATS_TEST_TMPDIR/zero"
        jqe '.match == false'
}

@test "a message quotes what it shows: quotes, backslashes and UTF-8 cut at a character" {
        wa tokens 'a"b\\c' 'x' 'token 1: expected "x", got "a\"b\\c"'
        # 39 bytes, then a 2-byte character across the 40th: cut before it.
        chk tokens "$(printf 'a%.0s' $(seq 39))é" 'x'
        jqe --arg a "$(printf 'a%.0s' $(seq 39))" '.message == "token 1: expected \"x\", got \"\($a)\"..."'
}
