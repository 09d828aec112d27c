#!/usr/bin/env bats
# parse-files.bats: the request's files (wire/parse-files.c) through build/test-parse,
# built with ASan and UBSan: how many, their contents' encodings, and their names,
# which must stay inside the work dir and mean the same to every tool.
bats_require_minimum_version 1.7.0
load ../slow
load parse

# --- files ---------------------------------------------------------------------

@test "files: at least one, content required" {
        bad '{"language":"c","files":[]}' "files: must hold 1 to 4096 files"
        bad '{"language":"c","files":[{}]}' "files[0].content: required"
        bad '{"language":"c","files":[{"content":""},{"name":"b"}]}' "files[1].content: required"
        bad '{"language":"c","files":[{"name":"a","encoding":"hex"}]}' "files[0].content: required"
        ok '{"language":"c","files":[{"content":""},{"name":"b","content":"B"}]}' \
                '.files == [{"name":null,"content":""},{"name":"b","content":"42"}]'
}

@test "files: 4096 are accepted, quickly" {
        jq -nc '{language:"c", files:[range(4096) | {name:"dir\(. % 64)/f\(.).c", content:"int x;"}]}' \
                >"$BATS_TEST_TMPDIR/many.json"
        start=$(date +%s%N)
        parse_file "$BATS_TEST_TMPDIR/many.json"
        ms=$(( ($(date +%s%N) - start) / 1000000 ))
        accepted '(.files | length) == 4096 and .files[4095].name == "dir63/f4095.c"'
        echo "took $ms ms"
        [ "$ms" -lt 2000 ]
}

@test "files: 4097 and 10,000 are refused cleanly" {
        for n in 4097 10000; do
                jq -nc --argjson n "$n" '{language:"c", files:[range($n) | {name:"f\(.)", content:"x"}]}' \
                        >"$BATS_TEST_TMPDIR/toomany.json"
                parse_file "$BATS_TEST_TMPDIR/toomany.json"
                refused bad_request "files: must hold 1 to 4096 files"
        done
}

@test "files: a duplicate among 4096 is found and named" {
        jq -nc '{language:"c", files:[range(4096) | {name:"f\(. % 4095)", content:""}]}' \
                >"$BATS_TEST_TMPDIR/dup.json"
        parse_file "$BATS_TEST_TMPDIR/dup.json"
        refused bad_request "files[4095].name: duplicate of files[0].name"
}

@test "encoding: base64, strict RFC 4648" {
        ok '{"language":"c","files":[{"content":"aGVsbG8=","encoding":"base64"},
             {"name":"b","content":"aGk=","encoding":"base64"},
             {"name":"c","content":"aQ==","encoding":"base64"},
             {"name":"d","content":"","encoding":"base64"},
             {"name":"e","content":"AP8+/w==","encoding":"base64"},
             {"name":"f","content":"AAAA","encoding":"base64"}]}' \
                '[.files[].content] == ["68656c6c6f","6869","69","","00ff3eff","000000"]'
        for c in aGk aGk== aQ= a=== ==== 'aG=k' 'aGk=aGk=' '-_8=' 'aGk=\n' 'aG k' 'a\u0000==' \
                 'aGl=' 'aR==' 'aGVsbG8' 'é==='; do
                bad "{\"language\":\"c\",\"files\":[{\"content\":\"$c\",\"encoding\":\"base64\"}]}" \
                        "files[0].content: invalid base64"
        done
}

@test "encoding: hex, either case" {
        ok '{"language":"c","files":[{"content":"00ffABcd7f","encoding":"hex"},{"name":"e","content":"","encoding":"hex"}]}' \
                '[.files[].content] == ["00ffabcd7f",""]'
        for c in 0 abc 0g ' 00' '0x00' 'zz'; do
                bad "{\"language\":\"c\",\"files\":[{\"content\":\"$c\",\"encoding\":\"hex\"}]}" \
                        "files[0].content: invalid hex"
        done
}

@test "encoding: utf8 is the default and the only other value" {
        ok '{"language":"c","files":[{"content":"\u00e9","encoding":"utf8"}]}' '.files[0].content == "c3a9"'
        for e in base32 UTF8 utf-8 ''; do
                bad "{\"language\":\"c\",\"files\":[{\"content\":\"\",\"encoding\":\"$e\"}]}" \
                        'files[0].encoding: must be "utf8", "base64" or "hex"'
        done
}

@test "base64 content may decode to NUL bytes and stays NUL-terminated" {
        ok '{"language":"c","files":[{"content":"AAEC","encoding":"base64"}]}' '.files[0].content == "000102"'
}

@test "a large base64 file decodes exactly" {
        slow "a large input"
        head -c 3000000 /dev/urandom >"$BATS_TEST_TMPDIR/blob"
        { printf '{"language":"c","files":[{"name":"blob","encoding":"base64","content":"'
          base64 -w0 "$BATS_TEST_TMPDIR/blob"
          printf '"}]}'; } >"$BATS_TEST_TMPDIR/big.json"
        parse_file "$BATS_TEST_TMPDIR/big.json"
        want=$(od -An -v -tx1 "$BATS_TEST_TMPDIR/blob" | tr -d ' \n')
        [ "$(jq -r '.files[0].content' <<<"$output")" = "$want" ]
}

# --- file names ----------------------------------------------------------------

@test "names: subfolders and unusual but safe names are accepted" {
        for n in a a.c 'src/main.c' 'a/b/c/d.txt' '...' '.hidden' 'a.b/..c' '..x/y' 'x..' \
                 'dir.d/.env' 'é/ünï.py' 'back\\slash' 'sp ace' 'a-b' '~' '*' '$x'; do
                ok "$(file_named "\"$n\"")"
        done
}

@test "names: parent and current folder segments" {
        for n in '..' '../x' 'a/../b' 'a/..' '../../etc/passwd'; do
                bad "$(file_named "\"$n\"")" 'files[0].name: must be a relative path without ".."'
        done
        for n in '.' './a' 'a/.' 'a/./b'; do
                bad "$(file_named "\"$n\"")" 'files[0].name: must not have "." segments'
        done
}

@test "names: absolute paths" {
        for n in '/etc/x' '/' '//x' '/a/b'; do
                bad "$(file_named "\"$n\"")" "files[0].name: must be a relative path"
        done
}

@test "names: empty name and empty segments" {
        bad "$(file_named '""')" "files[0].name: must not be empty"
        for n in 'a//b' 'a/' 'a/b/' 'a///b'; do
                bad "$(file_named "\"$n\"")" "files[0].name: must not have empty segments"
        done
}

@test "names: NUL and control characters" {
        bad "$(file_named '"a\u0000b"')" "files[0].name: must not contain NUL"
        bad "$(file_named '"a\u0000"')" "files[0].name: must not contain NUL"
        for c in '\n' '\r' '\t' '\u0001' '\u001f' '\u007f' '\b'; do
                bad "$(file_named "\"a${c}b\"")" "files[0].name: must not contain control characters"
        done
}

@test "names: a leading '-' could pass for an option" {
        bad "$(file_named '"-o"')" "files[0].name: must not start with '-' or '@'"
        bad "$(file_named '"-fplugin=x.so"')" "must not start with '-' or '@'"
        bad "$(file_named '"@opts"')" "files[0].name: must not start with '-' or '@'"
        ok "$(file_named '"a/-o"')"
}

@test "names: length limits per segment, per path, and depth" {
        seg255=$(printf 'a%.0s' {1..255})
        ok "$(file_named "\"$seg255/$seg255\"")"
        bad "$(file_named "\"x/${seg255}b\"")" "files[0].name: has a segment over 255 bytes"
        bad "$(file_named "\"$(printf 'a%.0s' {1..4096})\"")" "files[0].name: longer than 1024 bytes"
        long=$(printf 'abc/%.0s' {1..256})x
        bad "$(file_named "\"$long\"")" "files[0].name: longer than 1024 bytes"
        ok "$(file_named "\"$(printf 'd/%.0s' {1..16})f\"")"
        bad "$(file_named "\"$(printf 'd/%.0s' {1..17})f\"")" "files[0].name: nested in more than 16 folders"
}

@test "names: duplicates" {
        bad '{"language":"c","files":[{"name":"a","content":""},{"name":"a","content":""}]}' \
                "files[1].name: duplicate of files[0].name"
        bad '{"language":"c","files":[{"name":"x/y","content":""},{"name":"b","content":""},{"name":"x\/y","content":""}]}' \
                "files[2].name: duplicate of files[0].name"
        ok '{"language":"c","files":[{"name":"a","content":""},{"name":"A","content":""},{"name":"a.c","content":""}]}'
}

@test "names: a file cannot also be a folder" {
        bad '{"language":"c","files":[{"name":"a","content":""},{"name":"a/b","content":""}]}' \
                "files[1].name: conflicts with files[0].name"
        bad '{"language":"c","files":[{"name":"a/b","content":""},{"name":"a","content":""}]}' \
                "files[1].name: conflicts with files[0].name"
        bad '{"language":"c","files":[{"name":"a/b/c","content":""},{"name":"a/b","content":""}]}' \
                "files[1].name: conflicts with files[0].name"
        # Names sorting between "a" and "a/b" in plain byte order must not hide the conflict.
        bad '{"language":"c","files":[{"name":"a","content":""},{"name":"a!x","content":""},{"name":"a.c","content":""},{"name":"a/b","content":""}]}' \
                "files[3].name: conflicts with files[0].name"
        ok '{"language":"c","files":[{"name":"a/b","content":""},{"name":"a/c","content":""},{"name":"ab","content":""},{"name":"a.b","content":""}]}'
}

@test "names: nameless files are left for the language default" {
        ok '{"language":"c","files":[{"content":"1"},{"name":"b.h","content":"2"}]}' \
                '.files[0].name == null and .files[1].name == "b.h"'
}
