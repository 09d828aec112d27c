# parse.bash: what parse.bats and parse-files.bats share: build/test-parse run on
# exact bytes, and the checks of what it printed.
BUILD="$BATS_TEST_DIRNAME/../../build"

setup_file() {
        [ -x "$BUILD/test-parse" ] || {
                echo "build/test-parse is missing: run make build/test-parse" >&2
                return 1
        }
}

# parse TEXT [MODE]: the harness on exactly the bytes of TEXT. The helpers run
# inside `&&` lists, where set -e is off: every failure must return 1 itself.
parse() {
        run -0 --separate-stderr "$BUILD/test-parse" "${2:-raw}" < <(printf '%s' "$1") || return 1
        echo "$output"
        [ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
}

# parse_bytes FORMAT [MODE]: printf interprets FORMAT, for raw bytes (\xHH, \0).
parse_bytes() {
        run -0 --separate-stderr "$BUILD/test-parse" "${2:-raw}" < <(printf "$1") || return 1
        echo "$output"
        [ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
}

# parse_file FILE [MODE]
parse_file() {
        run -0 --separate-stderr "$BUILD/test-parse" "${2:-raw}" < "$1" || return 1
        [ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
}

# The last parse gave no error; JQ (optional) holds on the summary.
accepted() {
        jq -e "(has(\"error\") | not) and (tostring | contains(\"NOT NUL\") | not) and (${1:-true})" \
                <<<"$output" >/dev/null
}

# The last parse failed with CODE and a message containing TEXT.
refused() {
        jq -e --arg e "$1" --arg m "$2" '.error == $e and (.message | contains($m))' \
                <<<"$output" >/dev/null
}

ok() { parse "$1" "${3:-raw}" && accepted "${2:-true}"; }
bad() { parse "$1" "${3:-raw}" && refused bad_request "$2"; }
bad_bytes() { parse_bytes "$1" && refused bad_request "$2"; }

# src FIELDS: a valid request with extra top-level FIELDS.
src() { printf '{"language":"c","source":"x",%s}' "$1"; }
# file_named NAME-JSON: a request with one file of that name.
file_named() { printf '{"language":"c","files":[{"name":%s,"content":""}]}' "$1"; }
