#!/usr/bin/env bats
# golden.bats: the executor's replies, byte for byte, against a corpus recorded from
# an earlier binary (tests/wire/golden, recorded by golden-record): one test per
# case, so a failure names it. Only the fields golden-mask masks (times, memory, the
# installed version, Content-Length) may differ; anything else that changes in a
# reply, on purpose or not, fails here until the case is re-recorded.
# Every case runs ./coderun-exec itself, on stdin, as root.
bats_require_minimum_version 1.7.0

load ../helper
load golden

# golden_check NAME: the case's reply now, masked, against NAME.reply.
golden_check() {
        local_only
        need_root
        local got="$BATS_TEST_TMPDIR/got"
        golden_reply "$1" > "$got"
        if ! cmp -s "$GOLDEN/$1.reply" "$got"; then
                cmp "$GOLDEN/$1.reply" "$got" >&2 || true
                diff -u --text "$GOLDEN/$1.reply" "$got" >&2 || true
                return 1
        fi
}

@test "every case in golden/ has its test here, and every test its case" {
        local tests
        tests=$(sed -n 's/^@test "case \(.*\)" {$/\1/p' "$BATS_TEST_FILENAME" | LC_ALL=C sort)
        diff <(golden_cases) <(echo "$tests")
        for name in $(golden_cases); do
                [ -f "$GOLDEN/$name.reply" ] || { echo "$name.reply missing: tests/wire/golden-record $name" >&2; false; }
        done
}

@test "case http-bad-content-length" {
        golden_check http-bad-content-length
}

@test "case http-bad-json" {
        golden_check http-bad-json
}

@test "case http-bad-version" {
        golden_check http-bad-version
}

@test "case http-busy" {
        golden_check http-busy
}

@test "case http-execute-c-tests-10" {
        golden_check http-execute-c-tests-10
}

@test "case http-execute-python" {
        golden_check http-execute-python
}

@test "case http-execute-query-lf" {
        golden_check http-execute-query-lf
}

@test "case http-execute-trailing-bytes" {
        golden_check http-execute-trailing-bytes
}

@test "case http-expect-continue-large" {
        golden_check http-expect-continue-large
}

@test "case http-expect-continue-small" {
        golden_check http-expect-continue-small
}

@test "case http-health-busy-slot" {
        golden_check http-health-busy-slot
}

@test "case http-health" {
        golden_check http-health
}

@test "case http-internal" {
        golden_check http-internal
}

@test "case http-length-required-chunked" {
        golden_check http-length-required-chunked
}

@test "case http-length-required" {
        golden_check http-length-required
}

@test "case http-method-get-execute" {
        golden_check http-method-get-execute
}

@test "case http-method-post-health" {
        golden_check http-method-post-health
}

@test "case http-not-found" {
        golden_check http-not-found
}

@test "case http-runtimes" {
        golden_check http-runtimes
}

@test "case http-short-body" {
        golden_check http-short-body
}

@test "case http-too-large-headers" {
        golden_check http-too-large-headers
}

@test "case http-too-large-length" {
        golden_check http-too-large-length
}

@test "case http-unknown-language" {
        golden_check http-unknown-language
}

@test "case raw-alias-version-prefix" {
        golden_check raw-alias-version-prefix
}

@test "case raw-args-bash" {
        golden_check raw-args-bash
}

@test "case raw-bad-base64-content" {
        golden_check raw-bad-base64-content
}

@test "case raw-bad-duplicate-key" {
        golden_check raw-bad-duplicate-key
}

@test "case raw-bad-empty" {
        golden_check raw-bad-empty
}

@test "case raw-bad-eof" {
        golden_check raw-bad-eof
}

@test "case raw-bad-file-name" {
        golden_check raw-bad-file-name
}

@test "case raw-bad-json" {
        golden_check raw-bad-json
}

@test "case raw-bad-limit-max" {
        golden_check raw-bad-limit-max
}

@test "case raw-bad-nul-arg" {
        golden_check raw-bad-nul-arg
}

@test "case raw-bad-op-field" {
        golden_check raw-bad-op-field
}

@test "case raw-bad-trailing" {
        golden_check raw-bad-trailing
}

@test "case raw-bad-type" {
        golden_check raw-bad-type
}

@test "case raw-bad-unknown-field" {
        golden_check raw-bad-unknown-field
}

@test "case raw-bad-utf8-request" {
        golden_check raw-bad-utf8-request
}

@test "case raw-busy" {
        golden_check raw-busy
}

@test "case raw-compile-error-c" {
        golden_check raw-compile-error-c
}

@test "case raw-compile-ok-c" {
        golden_check raw-compile-ok-c
}

@test "case raw-cpp-stdin" {
        golden_check raw-cpp-stdin
}

@test "case raw-files-encodings-python" {
        golden_check raw-files-encodings-python
}

@test "case raw-files-multi-python" {
        golden_check raw-files-multi-python
}

@test "case raw-internal" {
        golden_check raw-internal
}

@test "case raw-java-two-files" {
        golden_check raw-java-two-files
}

@test "case raw-javascript" {
        golden_check raw-javascript
}

@test "case raw-op-runtimes" {
        golden_check raw-op-runtimes
}

@test "case raw-output-base64-bash" {
        golden_check raw-output-base64-bash
}

@test "case raw-output-invalid-utf8-bash" {
        golden_check raw-output-invalid-utf8-bash
}

@test "case raw-status-el-bash" {
        golden_check raw-status-el-bash
}

@test "case raw-status-ml-python" {
        golden_check raw-status-ml-python
}

@test "case raw-status-null-python" {
        golden_check raw-status-null-python
}

@test "case raw-status-ol-bash" {
        golden_check raw-status-ol-bash
}

@test "case raw-status-re-bash" {
        golden_check raw-status-re-bash
}

@test "case raw-status-sg-abort-cpp" {
        golden_check raw-status-sg-abort-cpp
}

@test "case raw-status-sg-segv-c" {
        golden_check raw-status-sg-segv-c
}

@test "case raw-status-to-cpu-c" {
        golden_check raw-status-to-cpu-c
}

@test "case raw-status-to-wall-bash" {
        golden_check raw-status-to-wall-bash
}

@test "case raw-status-xx-c" {
        golden_check raw-status-xx-c
}

@test "case raw-stdin-nul-python" {
        golden_check raw-stdin-nul-python
}

@test "case raw-tests-exit-code-bash" {
        golden_check raw-tests-exit-code-bash
}

@test "case raw-tests-nul-bash" {
        golden_check raw-tests-nul-bash
}

@test "case raw-tests-verdicts-python" {
        golden_check raw-tests-verdicts-python
}

@test "case raw-timeout" {
        golden_check raw-timeout
}

@test "case raw-too-many-values" {
        golden_check raw-too-many-values
}

@test "case raw-unknown-language" {
        golden_check raw-unknown-language
}

@test "case raw-unknown-version" {
        golden_check raw-unknown-version
}
