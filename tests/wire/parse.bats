#!/usr/bin/env bats
# parse.bats: request_parse (base/json.c, wire/parse.c, wire/parse-fields.c) through
# build/test-parse (the files' part: parse-files.bats),
# built with ASan and UBSan: every case must exit 0 with an empty stderr. The
# harness prints the parsed request with every byte string as hex.
bats_require_minimum_version 1.7.0
load ../slow
load parse

# --- happy paths ---------------------------------------------------------------

@test "minimal request: defaults for every optional field" {
        ok '{"language":"c","source":"int main(){}"}' '
                .op == "execute" and .language == "c" and .version == "*" and
                .files == [{"name": null, "content": "696e74206d61696e28297b7d"}] and
                .stdin == "" and .args == [] and .tests == null and .output_base64 == false and
                ([.limits[]] | all(. == -1)) and (.limits | length == 6)'
}

@test "every field at once" {
        ok '{"language":"python","version":"3.11","files":[{"name":"main.py","content":"print(1)"},
             {"name":"lib/util.py","content":"aGk=","encoding":"base64"},
             {"name":"data.bin","content":"00ff","encoding":"hex"},
             {"name":"u.txt","content":"é","encoding":"utf8"}],
             "stdin":"in","args":["-v","x y",""],
             "compile_timeout":1,"run_timeout":2,"compile_cpu_time":3,"run_cpu_time":4,
             "compile_memory_limit":5,"run_memory_limit":6,
             "tests":[{"stdin":"1","args":["a"],"expected_output":"2\n"}],
             "output_encoding":"base64"}' '
                .language == "python" and .version == "3.11" and
                [.files[].name] == ["main.py","lib/util.py","data.bin","u.txt"] and
                [.files[].content] == ["7072696e74283129", "6869", "00ff", "c3a9"] and
                .stdin == "696e" and .args == ["-v","x y",""] and
                .limits == {"compile_timeout":1,"run_timeout":2,"compile_cpu_time":3,
                            "run_cpu_time":4,"compile_memory_limit":5,"run_memory_limit":6} and
                .tests == [{"stdin":"31","args":["a"],"expected_output":"320a"}] and
                .output_base64 == true'
}

@test "field order does not matter" {
        ok '{"output_encoding":"utf8","stdin":"s","source":"x","version":"1","language":"c"}' \
                '.language == "c" and .version == "1" and .stdin == "73" and .output_base64 == false'
}

@test "whitespace around every token is fine, other bytes are not" {
        ok $' \r\n\t{ "language" : "c" ,\n"source"\t:\r"x" , "args" : [ "a" , "b" ] }\n \t' \
                '.args == ["a","b"]'
        bad $'\v{"language":"c","source":"x"}' "invalid JSON"
        bad $'{"language":"c",\f"source":"x"}' "invalid JSON"
}

@test "http mode parses the same body" {
        ok '{"language":"c","source":"x","stdin":"y"}' '.stdin == "79"' http
}

@test "escaped keys name the same field" {
        ok '{"langu\u0061ge":"c","\u0073ource":"x"}' '.language == "c"'
}

@test "output_encoding utf8 and base64; anything else refused" {
        ok "$(src '"output_encoding":"utf8"')" '.output_base64 == false'
        ok "$(src '"output_encoding":"base64"')" '.output_base64 == true'
        bad "$(src '"output_encoding":"hex"')" 'output_encoding: must be "utf8" or "base64"'
        bad "$(src '"output_encoding":"UTF8"')" 'output_encoding: must be'
        bad "$(src '"output_encoding":1')" 'output_encoding: must be'
}

# --- limits --------------------------------------------------------------------

@test "limits: 0, -1 and the largest long long are accepted" {
        ok "$(src '"run_timeout":0,"compile_timeout":-1,"run_memory_limit":9223372036854775807,"run_cpu_time":-0')" '
                .limits.run_timeout == 0 and .limits.compile_timeout == -1 and
                .limits.run_cpu_time == 0'
        # jq reads numbers as doubles: check the digits themselves.
        [[ $output == *'"run_memory_limit":9223372036854775807}'* ]]
}

@test "limits: every field refuses -2" {
        for f in compile_timeout run_timeout compile_cpu_time run_cpu_time \
                 compile_memory_limit run_memory_limit; do
                bad "$(src "\"$f\":-2")" "$f: must be an integer >= 0 or -1"
        done
}

@test "limits: fractions and exponents are not integers" {
        for v in 1.5 1.0 1e3 1E3 1e+3 -1.0 0.0; do
                bad "$(src "\"run_timeout\":$v")" "run_timeout: must be an integer >= 0 or -1"
        done
}

@test "limits: out of range for long long" {
        bad "$(src '"run_timeout":9223372036854775808')" "run_timeout: must be an integer"
        bad "$(src '"run_timeout":99999999999999999999999999')" "run_timeout: must be an integer"
        bad "$(src '"run_timeout":-9223372036854775808')" "run_timeout: must be an integer"
}

@test "limits: leading zeros, plus signs and bare signs are not JSON" {
        for v in 01 -01 00 +1 - -x 1. .5 1e 1e+ 0x10 Infinity NaN; do
                bad "$(src "\"run_timeout\":$v")" "JSON"
        done
}

@test "limits: strings, booleans and null are wrong types" {
        for v in '"100"' true false null '[1]' '{}'; do
                bad "$(src "\"run_memory_limit\":$v")" "run_memory_limit: must be an integer >= 0 or -1"
        done
}

# --- JSON syntax that jsmn lets through ----------------------------------------

@test "trailing commas" {
        bad '{"language":"c","source":"x",}' "invalid JSON at byte 28"
        bad "$(src '"args":["a",]')" "invalid JSON"
        bad '{,"language":"c","source":"x"}' "invalid JSON"
        bad "$(src '"args":[,"a"]')" "invalid JSON"
        bad "$(src '"args":[,]')" "invalid JSON"
}

@test "missing or doubled separators" {
        bad '{"language" "c","source":"x"}' "invalid JSON"
        bad '{"language"::"c","source":"x"}' "invalid JSON"
        bad '{"language":"c" "source":"x"}' "invalid JSON"
        bad '{"language":"c",,"source":"x"}' "invalid JSON"
        bad "$(src '"args":["a" "b"]')" "invalid JSON"
        bad "$(src '"run_timeout":1 "stdin":"x"')" "invalid JSON"
        bad "$(src '"run_timeout":1:2')" "invalid JSON"
        bad '{"language":"c","source":"x","stdin"}' "invalid JSON"
        bad '{"language":"c","source":"x","tests":[{"stdin":"a"}:1]}' "invalid JSON"
}

@test "keys must be strings" {
        bad '{1:2}' "invalid JSON"
        bad '{null:1}' "invalid JSON"
        bad '{[]:1}' "invalid JSON"
        bad '{{}:1}' "invalid JSON"
        bad '{"language":"c","source":"x",true:1}' "invalid JSON"
}

@test "primitives must be spelled exactly" {
        for v in tru nul nulll True NULL truefalse 1x '1"a"' t f n falsey; do
                bad "$(src "\"run_timeout\":$v")" "JSON"
        done
}

@test "trailing bytes after the object" {
        for t in ' x' '{}' ' 1' '}' ',' ' "x"' ' ]' ' null' ' {"a":1}'; do
                bad "{\"language\":\"c\",\"source\":\"x\"}$t" "trailing bytes after the JSON object"
        done
}

@test "truncated input" {
        for t in '{"language":"c","source":"x"' '{"language":"c","source":"x' '{"language":"c","source":' \
                 '{"language":"c","source"' '{"language"' '{' '{"args":[' '{"run_timeout":1' \
                 '{"source":"\u00' '{"source":"\'; do
                bad "$t" "truncated JSON"
        done
}

@test "unbalanced brackets" {
        bad '{"language":"c","source":"x","args":["a"}' "invalid JSON"
        bad '{"language":"c","source":"x","args":"a"]}' "invalid JSON"
        bad '{"language":"c","files":[{"content":"x"]}' "invalid JSON"
        bad ']' "invalid JSON"
}

@test "the top level must be one object" {
        for t in '' ' ' $'\n' '[]' '[{"language":"c"}]' '"x"' '1 ' 'true '; do
                bad "$t" "the request must be a JSON object"
        done
}

@test "a megabyte of open brackets is refused in one pass, not in n*n/2 steps" {
        slow "a 1 MB input"
        # jsmn closes each bracket by walking up from its last token: before the
        # depth check ran ahead of it, 120 KB of brackets took 5 s of CPU. The
        # bound only catches that hang; it is not a speed target.
        python3 -c 'import sys; n=500000; sys.stdout.write("{\"args\":" + "["*n + "]"*n + "}")' \
                >"$BATS_TEST_TMPDIR/deeper.json"
        run -0 --separate-stderr timeout 60 "$BUILD/test-parse" raw < "$BATS_TEST_TMPDIR/deeper.json"
        refused bad_request "at byte 39: nested too deeply"
}

@test "deep nesting is refused before it costs stack" {
        deep=$(printf '%0.s[' {1..40})$(printf '%0.s]' {1..40})
        bad "$(src "\"args\":$deep")" "nested too deeply"
        python3 -c 'import sys; n=60000; sys.stdout.write("{\"args\":" + "["*n + "]"*n + "}")' \
                >"$BATS_TEST_TMPDIR/deep.json"
        parse_file "$BATS_TEST_TMPDIR/deep.json"
        refused bad_request "nested too deeply"
}

@test "more values than LIMIT_JSON_TOKENS is too_large" {
        python3 -c 'import sys; sys.stdout.write("{\"language\":\"c\",\"source\":\"\",\"args\":[" + ",".join(["\"\""]*140000) + "]}")' \
                >"$BATS_TEST_TMPDIR/tokens.json"
        parse_file "$BATS_TEST_TMPDIR/tokens.json"
        refused too_large "more than 131072 JSON values"
}

@test "a raw NUL byte is refused, inside a string or after the object" {
        bad_bytes '{"language":"c","source":"a\0b"}' "invalid JSON at byte 27: NUL byte"
        bad_bytes '{"language":"c","source":"x"}\0' "NUL byte"
        bad_bytes '{"language":"c"\0,"source":"x"}' "NUL byte"
}

# --- strings -------------------------------------------------------------------

@test "simple escapes" {
        ok "$(src '"stdin":"\"\\\/\b\f\n\r\t"')" '.stdin == "225c2f080c0a0d09"'
}

@test "\\u escapes, upper and lower case hex" {
        ok "$(src '"stdin":"\u0041\u00e9\u00E9\u20ac\uffff\u007f"')" \
                '.stdin == "41c3a9c3a9e282acefbfbf7f"'
}

@test "surrogate pairs combine into one code point" {
        ok "$(src '"stdin":"\ud83d\ude00\uD800\uDC00\udbff\udfff"')" \
                '.stdin == "f09f9880f0908080f48fbfbf"'
}

@test "\\u0000 is a NUL byte in content and stdin, length kept" {
        ok '{"language":"c","source":"a\u0000b","stdin":"\u0000","tests":[{"expected_output":"\u0000\u0000"}]}' \
                '.files[0].content == "610062" and .stdin == "00" and .tests[0].expected_output == "0000"'
}

@test "lone, reversed and broken surrogates" {
        for s in '\ud800' '\udbff' '\udc00' '\udfff' '\ude00\ud83d' '\ud800\u0041' '\ud800x' \
                 '\ud800\ud800' '\ud800\\' '\ud800\n'; do
                bad "$(src "\"stdin\":\"$s\"")" "surrogate"
        done
}

@test "bad escapes" {
        for s in '\x41' "\\'" '\U0041' '\u12' '\u12g4' '\uZZZZ' '\a' '\0' '\ ' '\u{41}'; do
                bad "$(src "\"stdin\":\"$s\"")" "invalid JSON"
        done
}

@test "raw UTF-8 passes through unchanged" {
        ok "$(src '"stdin":"é€😀߿"')" '.stdin == "c3a9e282acf09f9880dfbf"'
        parse_bytes '{"language":"c","source":"x","stdin":"\xf4\x8f\xbf\xbf\xee\x80\x80"}'
        accepted '.stdin == "f48fbfbfee8080"'
}

@test "invalid UTF-8 is refused: stray, overlong, surrogates, too big, cut short" {
        for b in '\x80' '\xbf' '\xc0\x80' '\xc1\xbf' '\xe0\x80\x80' '\xe0\x9f\xbf' \
                 '\xf0\x80\x80\x80' '\xf0\x8f\xbf\xbf' '\xed\xa0\x80' '\xed\xbf\xbf' \
                 '\xf4\x90\x80\x80' '\xf5\x80\x80\x80' '\xf8\x88\x80\x80\x80' '\xfe' '\xff' \
                 '\xe2\x82' '\xc3' '\xc3x' '\xe2\x82x' '\xf0\x9f\x98' '\xc3\xc3\xa9'; do
                bad_bytes "{\"language\":\"c\",\"source\":\"x\",\"stdin\":\"$b\"}" "invalid UTF-8"
        done
}

@test "invalid UTF-8 in keys and names is refused too" {
        bad_bytes '{"lang\xc0\x80uage":"c","source":"x"}' "invalid UTF-8"
        bad_bytes '{"language":"c","files":[{"name":"a\xff","content":""}]}' "invalid UTF-8"
}

@test "bytes >= 0x80 outside strings are refused (a BOM too)" {
        bad_bytes '\xef\xbb\xbf{"language":"c","source":"x"}' "invalid JSON"
        bad_bytes '{"language":"c","source":"x"}\xc2\xa0' "trailing bytes"
        bad_bytes '{"language":"c",\xc2\xa0"source":"x"}' "invalid JSON"
}

@test "raw control characters in strings are refused" {
        for b in '\x01' '\x1f' '\t' '\n' '\r' '\x08'; do
                bad_bytes "{\"language\":\"c\",\"source\":\"a${b}b\"}" "control character in a string"
        done
        bad_bytes '{"language\n":"c","source":"x"}' "control character in a string"
}

@test "DEL is allowed raw in content" {
        parse_bytes '{"language":"c","source":"a\x7fb"}'
        accepted '.files[0].content == "617f62"'
}

# --- fields --------------------------------------------------------------------

@test "unknown fields at every level" {
        bad "$(src '"foo":1')" 'unknown field "foo"'
        bad "$(src '"Language":"c"')" 'unknown field "Language"'
        bad "$(src '"":1')" 'unknown field ""'
        bad '{"language":"c","files":[{"content":"","mode":"755"}]}' 'files[0]: unknown field "mode"'
        bad "$(src '"tests":[{},{"stdout":""}]')" 'tests[1]: unknown field "stdout"'
        bad "$(src '"lang\u0000uage":"c"')" 'unknown field'
}

@test "duplicate fields at every level" {
        bad "$(src '"stdin":"a","stdin":"b"')" 'duplicate field "stdin"'
        bad '{"language":"c","language":"c","source":"x"}' 'duplicate field "language"'
        bad "$(src '"run_timeout":1,"run_timeout":1')" 'duplicate field "run_timeout"'
        bad "$(src '"stdin":"a","std\u0069n":"b"')" 'duplicate field "stdin"'
        bad '{"language":"c","files":[{"name":"a","content":"","name":"b"}]}' 'files[0]: duplicate field "name"'
        bad '{"language":"c","files":[{"content":"","content":""}]}' 'files[0]: duplicate field "content"'
        bad "$(src '"tests":[{"stdin":"a","stdin":"b"}]')" 'tests[0]: duplicate field "stdin"'
        bad "$(src '"tests":[{"args":[],"expected_output":"","args":[]}]')" 'tests[0]: duplicate field "args"'
}

@test "wrong types name the field" {
        bad '{"language":1,"source":"x"}' "language: must be a string"
        bad '{"language":null,"source":"x"}' "language: must be a string"
        bad "$(src '"version":3.11')" "version: must be a string"
        bad '{"language":"c","source":["x"]}' "source: must be a string"
        bad "$(src '"stdin":null')" "stdin: must be a string"
        bad "$(src '"stdin":{}')" "stdin: must be a string"
        bad "$(src '"args":"-v"')" "args: must be an array of strings"
        bad "$(src '"args":["a",1]')" "args[1]: must be a string"
        bad "$(src '"args":[["a"]]')" "args[0]: must be a string"
        bad '{"language":"c","files":{"name":"a","content":""}}' "files: must be an array of objects"
        bad '{"language":"c","files":["x"]}' "files[0]: must be an object"
        bad '{"language":"c","files":[{"content":1}]}' "files[0].content: must be a string"
        bad '{"language":"c","files":[{"content":"","name":1}]}' "files[0].name: must be a string"
        bad '{"language":"c","files":[{"content":"","name":null}]}' "files[0].name: must be a string"
        bad '{"language":"c","files":[{"content":"","encoding":1}]}' "files[0].encoding: must be"
        bad "$(src '"tests":{}')" "tests: must be an array of objects"
        bad "$(src '"tests":[[]]')" "tests[0]: must be an object"
        bad "$(src '"tests":[{"stdin":1}]')" "tests[0].stdin: must be a string"
        bad "$(src '"tests":[{"args":"a"}]')" "tests[0].args: must be an array of strings"
        bad "$(src '"tests":[{"args":[null]}]')" "tests[0].args[0]: must be a string"
        bad "$(src '"tests":[{"expected_output":false}]')" "tests[0].expected_output: must be a string"
}

@test "language: required, 1 to 32 bytes, no NUL; unknown names are not refused here" {
        bad '{"source":"x"}' "language: required"
        bad '{"language":"","source":"x"}' "language: must be 1 to 32 bytes"
        bad "{\"language\":\"$(printf 'a%.0s' {1..33})\",\"source\":\"x\"}" "language: must be 1 to 32 bytes"
        ok "{\"language\":\"$(printf 'a%.0s' {1..32})\",\"source\":\"x\"}"
        bad '{"language":"c\u0000","source":"x"}' "language: must not contain NUL"
        ok '{"language":"cobol9","source":"x"}' '.language == "cobol9"'
        ok '{"language":"c++","source":"x"}' '.language == "c++"'
}

@test "version: string without NUL, at most 32 bytes" {
        ok "$(src '"version":"12.2.0"')" '.version == "12.2.0"'
        ok "$(src '"version":"*"')" '.version == "*"'
        bad "$(src '"version":"1\u0000"')" "version: must not contain NUL"
        bad "$(src "\"version\":\"$(printf '1%.0s' {1..33})\"")" "version: must be 1 to 32 bytes"
}

@test "args: NUL refused, 256 accepted, 257 refused, NULL-terminated" {
        bad "$(src '"args":["ok","a\u0000b"]')" "args[1]: must not contain NUL"
        ok "$(src "\"args\":[$(printf '"a",%.0s' {1..255})\"z\"]")" '(.args | length) == 256 and .args[255] == "z"'
        bad "$(src "\"args\":[$(printf '"a",%.0s' {1..256})\"z\"]")" "args: more than 256 args"
}

@test "source and files exclude each other; one of them is required" {
        bad '{"language":"c","source":"x","files":[{"content":""}]}' '"files" and "source" exclude each other'
        bad '{"language":"c","files":[{"content":""}],"source":"x"}' '"files" and "source" exclude each other'
        bad '{"language":"c"}' "files: required"
        bad '{"language":"c","stdin":"x"}' "files: required"
}

# --- tests ---------------------------------------------------------------------

@test "tests: fields, defaults and inheritance of stdin and args" {
        ok "$(src '"stdin":"S","args":["A"],"tests":[{},{"stdin":"","args":[]},{"stdin":"x","expected_output":""}]')" '
                .tests == [{"stdin":"53","args":["A"],"expected_output":null},
                           {"stdin":"","args":[],"expected_output":null},
                           {"stdin":"78","args":["A"],"expected_output":""}]'
}

@test "tests: 1 to 64" {
        bad "$(src '"tests":[]')" "tests: must hold 1 to 64 tests"
        ok "$(src "\"tests\":[$(printf '{},%.0s' {1..63}){}]")" '(.tests | length) == 64'
        bad "$(src "\"tests\":[$(printf '{},%.0s' {1..64}){}]")" "tests: must hold 1 to 64 tests"
}

@test "tests: args are bounded and checked like the request's" {
        bad "$(src "\"tests\":[{\"args\":[$(printf '"a",%.0s' {1..256})\"z\"]}]")" "tests[0].args: more than 256 args"
        bad "$(src '"tests":[{},{"args":["\u0000"]}]')" "tests[1].args[0]: must not contain NUL"
}

# --- op ------------------------------------------------------------------------

@test "op runtimes in raw mode" {
        ok '{"op":"runtimes"}' '.op == "runtimes"'
        ok $' {\n"op" : "runtimes"\n}\n' '.op == "runtimes"'
}

@test "op is refused in http mode" {
        bad '{"op":"runtimes"}' "op: only allowed in raw mode" http
}

@test "op takes no other field" {
        bad '{"op":"runtimes","language":"c"}' 'op: "runtimes" takes no other field'
        bad '{"language":"c","source":"x","op":"runtimes"}' 'op: "runtimes" takes no other field'
        bad '{"op":"runtimes","stdin":""}' 'op: "runtimes" takes no other field'
}

@test "op values other than runtimes" {
        for v in '"execute"' '"Runtimes"' '""' '1' 'null' '["runtimes"]'; do
                bad "{\"op\":$v}" 'op: must be "runtimes"'
        done
        bad '{"op":"runtimes","op":"runtimes"}' 'duplicate field "op"'
}

# --- checker programs and interactors ----------------------------------------------

@test "a checker program and an interactor parse under the sanitizers, naming their fields" {
        local t='"tests":[{"expected_output":"1"}]'
        ok "$(src "\"checker\":{\"type\":\"program\",\"language\":\"python\",\"version\":\"3\",\"files\":[{\"name\":\"c.py\",\"content\":\"eA==\",\"encoding\":\"base64\"}],\"run_timeout\":500},$t")"
        ok "$(src "\"interactor\":{\"language\":\"cpp\",\"source\":\"int main(){}\",\"run_memory_limit\":-1},$t")"
        bad "$(src "\"checker\":{\"type\":\"program\",\"language\":\"python\",\"source\":\"\",\"files\":[{\"content\":\"\"}]},$t")" 'checker: "files" and "source" exclude each other'
        bad "$(src "\"checker\":{\"type\":\"program\",\"language\":\"python\",\"files\":[{\"content\":\"!\",\"encoding\":\"base64\"}]},$t")" 'checker.files[0].content: invalid base64'
        bad "$(src "\"checker\":{\"type\":\"program\",\"language\":\"$(printf 'a%.0s' {1..33})\",\"source\":\"\"},$t")" 'checker.language: '
        bad "$(src "\"interactor\":{\"language\":\"python\",\"source\":\"\",\"language\":\"c\"},$t")" 'interactor: duplicate field "language"'
        bad "$(src "\"interactor\":{\"language\":\"python\",\"files\":[]},$t")" 'interactor.files: must hold 1 to 4096 files'
        bad "$(src "\"interactor\":{\"language\":\"python\",\"source\":\"\",\"run_timeout\":1.5},$t")" 'interactor.run_timeout: '
}
