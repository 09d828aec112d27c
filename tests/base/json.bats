#!/usr/bin/env bats
# json.bats: the strict JSON reader (base/json.c) alone, through build/test-json,
# built with ASan and UBSan: every case must exit 0 with an empty stderr. The
# harness prints the value back from json_type and the accessors, or
# `ERRNO err: message`; every case compares that whole output.
bats_require_minimum_version 1.7.0

BUILD="$BATS_TEST_DIRNAME/../../build"

setup_file() {
        [ -x "$BUILD/test-json" ] || {
                echo "build/test-json is missing: run make build/test-json" >&2
                return 1
        }
}

# reads TEXT [KEY...]: the harness on exactly the bytes of TEXT; then its output
# must be WANT (the variable), one line per KEY after the value's.
reads() {
        local text=$1
        shift
        run -0 --separate-stderr "$BUILD/test-json" "$@" < <(printf '%s' "$text") || return 1
        [ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
}
# reads_bytes FORMAT: printf interprets FORMAT, for raw bytes (\xHH, \0).
reads_bytes() {
        run -0 --separate-stderr "$BUILD/test-json" < <(printf "$1") || return 1
        [ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
}
# is TEXT WANT: TEXT reads as WANT. bad TEXT MESSAGE: refused with bad_request.
is() { reads "$1" && [ "$output" = "$2" ] || { echo "$1: got $output, want $2"; return 1; }; }
bad() { is "$1" "EINVAL bad_request: $2"; }
is_bytes() { reads_bytes "$1" && [ "$output" = "$2" ] || { echo "$1: got $output"; return 1; }; }
bad_bytes() { is_bytes "$1" "EINVAL bad_request: $2"; }

@test "a top-level scalar is a whole text" {
        is '1' '1'
        is '-12' '-12'
        is '0' '0'
        is ' 7 ' '7'
        is $'\t\r\n 7\n' '7'
        is '"x"' '"x"'
        is '""' '""'
        is 'true' 'true'
        is 'false' 'false'
        is 'null' 'null'
        is '1.5' 'number'
        is '-1e-3' 'number'
}

@test "a top-level array or object, nested" {
        is '[]' '[]'
        is '{}' '{}'
        is ' [ 1 , [ 2 , [ ] ] , { } ] ' '[1,[2,[]],{}]'
        is '{"a":{"b":[null,"c"]},"d":-1}' '{"a":{"b":[null,"c"]},"d":-1}'
}

@test "true, false, null and numbers are told apart" {
        is '[true,false,null,0,1E2]' '[true,false,null,0,number]'
        reads '{"t":true,"f":false,"n":null,"z":0}' n z t f
        [ "$output" = $'{"t":true,"f":false,"n":null,"z":0}\nn: null\nz: 0\nt: true\nf: false' ]
}

@test "integers up to +-LLONG_MAX; beyond is range, a fraction or exponent a number" {
        is '9223372036854775807' '9223372036854775807'
        is '-9223372036854775807' '-9223372036854775807'
        is '9223372036854775808' 'range'
        is '-9223372036854775808' 'range'
        is '[1.0,1e0,-0.5E+1]' '[number,number,number]'
        is '-0' '0'
}

@test "primitives must be spelled exactly, at the top and inside" {
        for v in tru nul nulll truefalse falsey t f n 01 -01 - 1. 1.e3 1e 1e+ --1 0x1 1-; do
                bad "$v" "invalid JSON at byte 0: not a number, true, false or null"
                bad "[$v]" "invalid JSON at byte 1: not a number, true, false or null"
        done
        for v in True NULL +1 .5 x; do
                bad "$v" "invalid JSON at byte 0: unexpected character"
        done
}

@test "the grammar between tokens" {
        bad '[1 2]' "invalid JSON at byte 3: expected ',' or ']'"
        bad '[1,]' "invalid JSON at byte 2: expected ',' or ']'"
        bad '[,1]' "invalid JSON at byte 1: expected a value"
        bad '{"a":1,}' "invalid JSON at byte 6: expected ',' or '}'"
        bad '{"a":1 "b":2}' "invalid JSON at byte 7: expected ',' or '}'"
        bad '{"a"}' "invalid JSON at byte 4: expected ':'"
        bad '{"a"::1}' "invalid JSON at byte 5: expected a value"
        bad '{"a" 1}' "invalid JSON at byte 5: unexpected character"
        bad '{1:2}' "invalid JSON at byte 1: unexpected character"
        bad '{"a":1]' "invalid JSON at byte 6: unexpected character"
        bad ']' "invalid JSON at byte 0: unexpected character"
        bad_bytes '\v1' "invalid JSON at byte 0: unexpected character"
        bad_bytes '[1,\f2]' "invalid JSON at byte 3: unexpected character"
}

@test "trailing bytes after any value" {
        for t in ' x' '}' ' 1' ',' ' "x"' ' {}' ' ]'; do
                bad "{}$t" "trailing bytes after the JSON object"
                bad "[]$t" "trailing bytes after the JSON array"
                bad "\"s\"$t" "trailing bytes after the JSON string"
                bad "null$t" "trailing bytes after the JSON value"
        done
        bad '1 2' "trailing bytes after the JSON value"
        bad '[] 1 ' "trailing bytes after the JSON array"
        bad_bytes '[]\xc2\xa0' "trailing bytes after the JSON array"
}

@test "a text cut short is truncated" {
        bad '[' "truncated JSON: the array is not complete"
        bad '[1,' "truncated JSON: the array is not complete"
        bad '{"a":' "truncated JSON: the object is not complete"
        bad '{"a":"\u00' "truncated JSON: the object is not complete"
        bad '"abc' "truncated JSON: the string is not complete"
        bad '"\' "truncated JSON: the string is not complete"
}

@test "a text of whitespace alone is ENODATA, for the caller to word" {
        is '' "ENODATA bad_request: invalid JSON at byte 0: expected a value"
        is $' \t\r\n' "ENODATA bad_request: invalid JSON at byte 4: expected a value"
}

@test "nesting: 32 levels read, 33 refused, 100000 refused without a crash" {
        open=$(printf '%0.s[' {1..32}) close=$(printf '%0.s]' {1..32})
        is "$open$close" "$open$close"
        bad "[$open$close]" "invalid JSON at byte 32: nested too deeply"
        objs=$(printf '%0.s{"a":' {1..32})1$(printf '%0.s}' {1..32})
        is "$objs" "$objs"
        bad "{\"a\":$objs}" "invalid JSON at byte 160: nested too deeply"
        python3 -c 'import sys; n = 100000; sys.stdout.write("[" * n + "]" * n)' \
                >"$BATS_TEST_TMPDIR/deep.json"
        run -0 --separate-stderr "$BUILD/test-json" <"$BATS_TEST_TMPDIR/deep.json"
        [ "$output" = "EINVAL bad_request: invalid JSON at byte 32: nested too deeply" ]
        [ -z "$stderr" ]
}

# zeros N FILE: an array of N zeros, N + 1 values in all.
zeros() {
        python3 -c 'import sys; sys.stdout.write("[" + ",".join(["0"] * int(sys.argv[1])) + "]")' \
                "$1" >"$2"
}

@test "LIMIT_JSON_TOKENS values read, one more is too_large" {
        zeros 131071 "$BATS_TEST_TMPDIR/max.json"
        run -0 --separate-stderr "$BUILD/test-json" <"$BATS_TEST_TMPDIR/max.json"
        [ -z "$stderr" ]
        [ "${#output}" = $((2 + 131071 * 2 - 1)) ]
        [ "${output:0:4}" = "[0,0" ]
        zeros 131072 "$BATS_TEST_TMPDIR/over.json"
        run -0 --separate-stderr "$BUILD/test-json" <"$BATS_TEST_TMPDIR/over.json"
        [ "$output" = "EINVAL too_large: more than 131072 JSON values" ]
        [ -z "$stderr" ]
}

@test "escapes decode in place; \\u0000 is kept, the string still NUL-terminated" {
        is '"\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC"' '"\"\\/\u0008\u000c\u000a\u000d\u0009Aé€"'
        is '"a\u0000b"' '"a\u0000b"'
        is '{"k\u0065y":"\u0076"}' '{"key":"v"}'
}

@test "bad escapes are refused" {
        for s in '"\x"' '"\u12"' '"\u12g4"' "\"\\'\"" '"\U0041"' '"\ "' '"\u"'; do
                bad "$s" "invalid JSON at byte 0: unexpected character"
        done
        bad '["a","\q"]' "invalid JSON at byte 5: unexpected character"
}

@test "surrogates: pairs decode, lone halves are refused" {
        is '"\ud83d\ude00"' '"😀"'
        is_bytes '"\\udbff\\udfff"' $'"\xf4\x8f\xbf\xbf"'
        bad '"\ud800"' "invalid JSON at byte 1: lone high surrogate"
        bad '"ab\ud83d"' "invalid JSON at byte 3: lone high surrogate"
        bad '"\ud800\u0041"' "invalid JSON at byte 1: lone high surrogate"
        bad '"\ud800\ud800"' "invalid JSON at byte 1: lone high surrogate"
        bad '"\ud800x"' "invalid JSON at byte 1: lone high surrogate"
        bad '"\udc00"' "invalid JSON at byte 1: lone low surrogate"
        bad '"\ude00\ud83d"' "invalid JSON at byte 1: lone low surrogate"
        bad '{"\ud800":1}' "invalid JSON at byte 2: lone high surrogate"
}

@test "a raw NUL byte is refused wherever it is" {
        bad_bytes '"a\0b"' "invalid JSON at byte 2: NUL byte"
        bad_bytes '1\0' "invalid JSON at byte 1: NUL byte"
        bad_bytes '\0' "invalid JSON at byte 0: NUL byte"
        bad_bytes '[1,\0 2]' "invalid JSON at byte 3: NUL byte"
}

@test "raw control bytes in a string are refused, DEL is not" {
        bad_bytes '"a\tb"' "invalid JSON at byte 2: control character in a string"
        bad_bytes '["\x1f"]' "invalid JSON at byte 2: control character in a string"
        bad_bytes '"\n"' "invalid JSON at byte 1: control character in a string"
        is_bytes '"\x7f"' '"\u007f"'
}

@test "UTF-8: well-formed passes as it is, anything else is refused" {
        is_bytes '"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"' $'"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"'
        for s in '\xff' '\xc0\x80' '\xc1\xbf' '\xe0\x80\xaf' '\xed\xa0\x80' '\xf4\x90\x80\x80' \
                 '\xf5\x80\x80\x80' '\x80' '\xe2\x82' '\xf0\x9f\x98'; do
                bad_bytes "\"a$s\"" "invalid JSON at byte 2: invalid UTF-8"
        done
        bad_bytes '\xc2\xa0[]' "invalid JSON at byte 0: unexpected character"
        bad_bytes '\xef\xbb\xbf[]' "invalid JSON at byte 0: unexpected character"
}

@test "json_member: decoded keys, the first of duplicates, objects only" {
        reads '{"a\u0062":1,"a":2,"a":3,"x":{"y":4}}' ab a y x
        [ "$output" = $'{"ab":1,"a":2,"a":3,"x":{"y":4}}\nab: 1\na: 2\ny: absent\nx: {"y":4}' ]
        reads '{"a\u0000b":1}' a
        [ "$output" = $'{"a\\u0000b":1}\na: absent' ]
        reads '[{"a":1}]' a
        [ "$output" = $'[{"a":1}]\na: absent' ]
        reads '"a"' a
        [ "$output" = $'"a"\na: absent' ]
}
