#!/usr/bin/env bats
# lang.bats: coderun.conf, lang.d and build/runtimes as the executor loads them,
# through build/test-lang (tests/config/test-lang.c): which languages are offered,
# name/alias/version lookup, {file}/{stem} and list ({sources}...) expansion, and
# every way a config or a lang.d file is refused. Needs `make build/runtimes build/test-lang`.
bats_require_minimum_version 1.7.0

load ../helper
load ../slow

TL="$BUILD/test-lang"

setup_file() {
        [ -x "$BUILD/test-lang" ] || { echo "build/test-lang missing: make build/test-lang" >&2; return 1; }
        [ -s "$BUILD/runtimes" ] || { echo "build/runtimes missing: make build/runtimes" >&2; return 1; }
}

# A private config in $BATS_TEST_TMPDIR with relative paths (so they must resolve
# against the config's folder), and one language, toy, at version 3.11.2.
setup() {
        T="$BATS_TEST_TMPDIR"
        mkdir -p "$T/lang.d"
        sed -e 's|^lang_dir *=.*|lang_dir = lang.d|' \
            -e 's|^runtimes *=.*|runtimes = runtimes|' \
            -e 's|^state_dir *=.*|state_dir = state|' "$CONF" > "$T/coderun.conf"
        TC="$T/coderun.conf"
        toy > "$T/lang.d/toy.conf"
        echo "toy 3.11.2" > "$T/runtimes"
}

# lang_file NAME [EXTRA LINES...]: a valid lang.d file; extra lines start at line 8.
lang_file() {
        printf '%s\n' \
                "# a test language" \
                "name = $1" \
                "aliases = $1-alias" \
                "version = /usr/bin/true" \
                "file = main.$1" \
                "run = /usr/bin/true {file}" \
                "env = PATH=/usr/bin:/bin" "${@:2}"
}

toy() {
        lang_file toy "$@"
}

# set_key KEY VALUE: change KEY's line in the private coderun.conf.
set_key() {
        grep -q "^$1 *=" "$TC" || { echo "no key $1" >&2; return 1; }
        sed -i "s|^$1 *=.*|$1 = $2|" "$TC"
}

# conf_value KEY: the value of KEY in the repo's coderun.conf, as written.
conf_value() {
        sed -n "s/^$1 *= *//p" "$CONF"
}

# jqe ARGS...: jq -e on $output. jq 1.6 -e exits 0 on empty input, so a program
# that printed nothing would pass every check: refuse that first.
jqe() {
        [ -n "$output" ] || { echo "jqe: no output to check (stderr: $stderr)" >&2; return 1; }
        jq -e "$@" <<<"$output"
}

# Each check of an error names the file and the line of the fault.
line_of() {
        grep -n -- "$1" "$2" | head -n 1 | cut -d: -f1
}

# ---- the repo's own config and lang.d ---------------------------------------

# The six of `make run` (tools/install-deps run); conformance.bats covers the others.
SIX='{"bash":0,"c":0,"cpp":0,"java":0,"javascript":0,"python":0}'

@test "every installed language is offered, each with its learned version; the six are" {
        run -0 --separate-stderr "$TL" "$CONF" list
        jqe -s --argjson six "$SIX" '[.[].name] as $n | all($six | keys[]; . as $k | $n | index($k) != null)'
        while read -r name version _; do
                jqe -s --arg n "$name" --arg v "$version" \
                        'map(select(.name == $n)) | length == 1 and .[0].version == $v'
                [[ $version =~ ^[0-9]+(\.[0-9]+)+$ ]]
        done < "$BUILD/runtimes"
        jqe -s --argjson n "$(wc -l < "$BUILD/runtimes")" 'length == $n'
}

@test "compiled and interpreted languages, entry files, absolute commands" {
        run -0 --separate-stderr "$TL" "$CONF" list
        jqe -s --argjson six "$SIX" 'map(select(.name | in($six)) | {key: .name, value: .compiled}) | from_entries ==
                {"bash":false,"c":true,"cpp":true,"java":true,"javascript":false,"python":false}'
        jqe -s --argjson six "$SIX" 'map(select(.name | in($six)) | {key: .name, value: .file}) | from_entries ==
                {"bash":"main.sh","c":"main.c","cpp":"main.cpp","java":"Main.java",
                 "javascript":"main.js","python":"main.py"}'
        jqe -s 'all(.[]; (.run[0] | startswith("/usr/bin/") or startswith("/box/"))
                 and (.compile | length == 0 or (.[0] | startswith("/usr/bin/"))))'
        jqe -s 'all(.[]; .env | index("PATH=/usr/bin:/bin") != null)'
}

@test "Java's defaults are raised within the server maxima, the others inherit" {
        run -0 --separate-stderr "$TL" "$CONF" list
        jqe -s --argjson rt "$(conf_value run_timeout)" --argjson max "$(conf_value run_timeout_max)" '
                (map(select(.name == "java"))[0].limits.run_timeout | . > $rt and . <= $max) and
                (map(select(.name == "c"))[0].limits.run_timeout == $rt)'
        jqe -s '.[0].limits.run_memory_limit == 268435456'
}

@test "aliases find their language" {
        for pair in gcc:c c++:cpp g++:cpp py:python python3:python py3:python \
                    js:javascript node:javascript node-js:javascript nodejs:javascript \
                    sh:bash c:c java:java; do
                run -0 --separate-stderr "$TL" "$CONF" find "${pair%%:*}" '*'
                jqe --arg n "${pair#*:}" '.name == $n'
        done
}

@test "an unknown language, or a near miss of a name, is unknown_language" {
        for name in cobol9 Python pyth py33 "" "c " javascript2; do
                run -1 --separate-stderr "$TL" "$CONF" find "$name" '*'
                jqe --arg n "$name" '.error == "unknown_language" and
                        .message == "unknown language \"\($n)\""'
        done
}

@test "python by version: star, exact and major prefix; 2 is refused" {
        v=$(awk '$1 == "python" { print $2 }' "$BUILD/runtimes")
        for want in '*' "$v" "${v%%.*}" "${v%.*}"; do
                run -0 --separate-stderr "$TL" "$CONF" find python "$want"
                jqe --arg v "$v" '.version == $v'
        done
        run -1 --separate-stderr "$TL" "$CONF" find py 2
        jqe --arg v "$v" '.error == "unknown_language" and
                .message == "python has no version 2 (installed: \($v))"'
}

@test "{file} and {stem} are expanded in compile and run" {
        run -0 --separate-stderr "$TL" "$CONF" argv java pkg/Main.java
        jqe '.compile[-1] == "pkg/Main.java" and .run[-1] == "pkg/Main" and
               (.run | index("-cp")) != null'
        run -0 --separate-stderr "$TL" "$CONF" argv c prog.c
        jqe '.compile == ["/usr/bin/gcc","-std=gnu17","-O2","-pipe","-o","main","prog.c","-lm"] and
               .run == ["/box/main"]'
        run -0 --separate-stderr "$TL" "$CONF" argv python app.py
        jqe '.compile == null and .run == ["/usr/bin/python3","app.py"]'
}

@test "each language lists its file extensions, none claimed twice" {
        run -0 --separate-stderr "$TL" "$CONF" list
        jqe -s --argjson six "$SIX" 'map(select(.name | in($six)) | {key: .name, value: .extensions}) | from_entries ==
                {"bash":["sh","bash"],"c":["c"],"cpp":["cpp","cc","cxx"],"java":["java"],
                 "javascript":["js","mjs"],"python":["py"]}'
        jqe -s '[.[].extensions[]] | length == (unique | length)'
}

# ---- a private config: versions ----------------------------------------------

@test "toy baseline: the private config loads and offers toy" {
        run -0 --separate-stderr "$TL" "$TC" list
        jqe -s 'length == 1 and .[0].name == "toy" and .[0].version == "3.11.2" and
                  .[0].aliases == ["toy-alias"] and .[0].file == "main.toy"'
}

@test "versions: star, exact, prefixes at a dot; not inside a number" {
        for want in '*' 3.11.2 3.11 3; do
                run -0 --separate-stderr "$TL" "$TC" find toy "$want"
                jqe '.version == "3.11.2"'
        done
        for want in 3.1 3.11.20 3.11.2.0 3. .11 "" 11.2 3.11.2x 4; do
                run -1 --separate-stderr "$TL" "$TC" find toy-alias "$want"
                jqe --arg w "$want" '.error == "unknown_language" and
                        .message == "toy has no version \($w) (installed: 3.11.2)"'
        done
}

@test "# starts a comment only at the start of a line; blanks and CRs are trimmed" {
        sed -i 's/^aliases = .*/  aliases\t=   toy-alias  t#   c#/' "$T/lang.d/toy.conf"
        echo "   # an indented comment = not a key" >> "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" find 't#' '*'
        jqe '.name == "toy"'
        run -0 --separate-stderr "$TL" "$TC" list
        jqe '.aliases == ["toy-alias","t#","c#"]'
        sed -i 's/$/\r/' "$T/lang.d/toy.conf" "$TC"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe '.aliases == ["toy-alias","t#","c#"] and .run == ["/usr/bin/true","{file}"]'
}

@test "{file} and {stem}: every occurrence, last extension of the last segment" {
        sed -i 's#^run = .*#run = /usr/bin/true {stem} <{file}|{stem}> {fil} {file}{file}#' "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" argv toy a.b.c
        jqe '.run == ["/usr/bin/true","a.b","<a.b.c|a.b>","{fil}","a.b.ca.b.c"]'
        run -0 --separate-stderr "$TL" "$TC" argv toy dir.v2/main
        jqe '.run[1] == "dir.v2/main"'
        run -0 --separate-stderr "$TL" "$TC" argv toy .hidden
        jqe '.run[1] == ".hidden"'
}

# toy_lists LIST: toy with sources .toy and .t2, compiled by `true -a LIST -z`.
toy_lists() {
        toy "extensions = toy t2" "compile = /usr/bin/true -a $1 -z" > "$T/lang.d/toy.conf"
}

@test "{sources}: the entry, then the other sources in request order, subfolders kept" {
        toy_lists '{sources}'
        run -0 --separate-stderr "$TL" "$TC" argv toy main.toy b.t2 x.h a.toy sub/dir/c.toy \
                .toy d/.toy e.toy.bak Makefile toy t2/x main.toy2
        jqe '.compile == ["/usr/bin/true","-a","main.toy","b.t2","a.toy","sub/dir/c.toy","-z"]'
        # One file: the same words as {file}.
        run -0 --separate-stderr "$TL" "$TC" argv toy main.toy
        jqe '.compile == ["/usr/bin/true","-a","main.toy","-z"]'
        # A file without a name is the language's default, as job/files.c writes it.
        run -0 --separate-stderr "$TL" "$TC" argv toy "" a.toy
        jqe '.compile == ["/usr/bin/true","-a","main.toy","a.toy","-z"]'
        # The entry is listed whatever its name; its extension lists its kind too.
        run -0 --separate-stderr "$TL" "$TC" argv toy prog.q a.q b.toy c
        jqe '.compile == ["/usr/bin/true","-a","prog.q","a.q","b.toy","-z"]'
        run -0 --separate-stderr "$TL" "$TC" argv toy prog a.q b.toy
        jqe '.compile == ["/usr/bin/true","-a","prog","b.toy","-z"]'
}

@test "{others} leaves the entry out; {siblings} keeps the entry's folder only" {
        toy_lists '{others}'
        run -0 --separate-stderr "$TL" "$TC" argv toy main.toy b.t2 x.h a.toy
        jqe '.compile == ["/usr/bin/true","-a","b.t2","a.toy","-z"]'
        run -0 --separate-stderr "$TL" "$TC" argv toy main.toy
        jqe '.compile == ["/usr/bin/true","-a","-z"]'
        toy_lists '{siblings}'
        run -0 --separate-stderr "$TL" "$TC" argv toy src/main.toy b.toy src/a.toy src/d/c.toy \
                srcx/e.toy src/f.t2
        jqe '.compile == ["/usr/bin/true","-a","src/main.toy","src/a.toy","src/f.t2","-z"]'
        run -0 --separate-stderr "$TL" "$TC" argv toy main.toy a.toy d/b.toy
        jqe '.compile == ["/usr/bin/true","-a","main.toy","a.toy","-z"]'
}

@test "a list fits every file a request may send (4096), beside a command of 64 words" {
        toy "extensions = toy" "compile = /usr/bin/true $(printf 'w%.0s ' $(seq 62)) {sources}" \
                > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" argv toy $(seq -f 'f%g.toy' 4096)
        jqe '.compile | length == 4159 and .[63] == "f1.toy" and .[-1] == "f4096.toy"'
        # Past the bound (no request can send so many): a clean E2BIG, no crash.
        run -1 --separate-stderr "$TL" "$TC" argv toy $(seq -f 'f%g.toy' 4098)
        jqe '.error == "internal" and .message == "lookup_argv: Argument list too long"'
}

@test "lang.d: a list must be a word of its own, one a command line" {
        for line in 'compile = /usr/bin/true -I{sources}' 'compile = /usr/bin/true {sources}.o' \
                'compile = /usr/bin/true {sources} {others}' 'run = /usr/bin/true {siblings} {siblings}'; do
                toy | sed '/^run = /d' > "$T/lang.d/toy.conf"
                echo "$line" >> "$T/lang.d/toy.conf"
                grep -q '^run' "$T/lang.d/toy.conf" || echo 'run = /usr/bin/true' >> "$T/lang.d/toy.conf"
                refused "toy.conf:7: ${line%% *}: {sources}, {others} and {siblings} must each be a word"
        done
}

@test "lang.d: {compile_args} is a word of its own, once, in a compile command only" {
        for line in 'compile = /usr/bin/true -X{compile_args}' \
                'compile = /usr/bin/true {compile_args} {compile_args}' \
                'run = /usr/bin/true {compile_args}'; do
                toy | sed '/^run = /d' > "$T/lang.d/toy.conf"
                echo "$line" >> "$T/lang.d/toy.conf"
                grep -q '^run' "$T/lang.d/toy.conf" || echo 'run = /usr/bin/true' >> "$T/lang.d/toy.conf"
                refused "toy.conf:7: ${line%% *}: {compile_args} must be a word of its own, once, in a compile command only"
        done
        # Without compile_args in the request, the placeholder is no word at all.
        toy 'compile = /usr/bin/true -a {compile_args} {sources}' > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" argv toy main.toy
        jqe '.compile == ["/usr/bin/true", "-a", "main.toy"]'
}

@test "lang.d's lists: C leaves headers out, Go lists its own folder, OCaml builds the entry last" {
        run -0 --separate-stderr "$TL" "$CONF" argv c main.c add.h add.c lib/m.c
        jqe '.compile == ["/usr/bin/gcc","-std=gnu17","-O2","-pipe","-o","main","main.c","add.c","lib/m.c","-lm"]'
        run -0 --separate-stderr "$TL" "$CONF" argv clang main.c add.h add.c
        jqe '.compile[-3:] == ["main.c","add.c","-lm"]'
        run -0 --separate-stderr "$TL" "$CONF" argv go main.go h.go util/u.go
        jqe '.compile[-2:] == ["main.go","h.go"]'
        run -0 --separate-stderr "$TL" "$CONF" argv ocaml main.ml a.ml b.ml
        jqe '.compile[-3:] == ["a.ml","b.ml","main.ml"]'
}

# ---- a private config: what is offered ---------------------------------------

@test "a language whose binary is missing is not offered" {
        lang_file gone | sed 's|^run = .*|run = /usr/bin/coderun-no-such-tool {file}|' \
                > "$T/lang.d/gone.conf"
        echo "gone 1.0" >> "$T/runtimes"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe -s 'map(.name) == ["toy"]'
        run -1 --separate-stderr "$TL" "$TC" find gone '*'
        jqe '.error == "unknown_language"'
}

@test "a language whose compiler is missing is not offered; a run command in /box is not looked for" {
        lang_file built "compile = /usr/bin/true {file}" | sed 's|^run = .*|run = /box/main|' \
                > "$T/lang.d/built.conf"
        lang_file nocc "compile = /usr/bin/coderun-no-such-cc {file}" |
                sed 's|^run = .*|run = /box/main|' > "$T/lang.d/nocc.conf"
        printf 'built 1.0\nnocc 1.0\n' >> "$T/runtimes"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe -s 'map(.name) == ["built","toy"]'
}

@test "a language missing from the runtimes file is not offered" {
        lang_file other > "$T/lang.d/other.conf"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe -s 'map(.name) == ["toy"]'
        echo "other 2.0" > "$T/runtimes"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe -s 'map(.name) == ["other"]'
}

@test "files that are not NAME.conf are ignored" {
        echo "garbage" > "$T/lang.d/README"
        echo "garbage" > "$T/lang.d/.hidden.conf"
        echo "garbage" > "$T/lang.d/toy.conf~"
        echo "garbage" > "$T/lang.d/toy.conf.dpkg-old"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe -s 'map(.name) == ["toy"]'
}

@test "lang.d may lower a limit and raise a default up to the maximum, never above it" {
        max=$(conf_value run_timeout_max)
        toy "run_timeout = $max" "run_memory_limit = 1M" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe --argjson m "$max" '.limits.run_timeout == $m and .limits.run_memory_limit == 1048576'

        toy "run_timeout = $((max + 1))" > "$T/lang.d/toy.conf"
        run -1 --separate-stderr "$TL" "$TC" list
        n=$(line_of run_timeout "$T/lang.d/toy.conf")
        jqe --arg n "$n" --arg m "$max" '.error == "internal" and
                (.message | startswith("lang.d/toy.conf:\($n): run_timeout = ") and
                 contains("run_timeout_max = \($m)") and contains("never raise"))'

        toy "compile = /usr/bin/true" "compile_memory_limit = 3G" > "$T/lang.d/toy.conf"
        run -1 --separate-stderr "$TL" "$TC" list
        jqe '.message | contains("compile_memory_limit = 3G is above") and
                contains("compile_memory_limit_max = 2147483648")'
}

# ---- a private config: broken lang.d files -----------------------------------

# refused PATTERN: list fails with an internal error whose message contains PATTERN.
refused() {
        run -1 --separate-stderr "$TL" "$TC" list
        jqe --arg p "$1" '.error == "internal" and (.message | contains($p))'
}

@test "lang.d: an unknown key is refused with its file and line" {
        toy "colour = blue" > "$T/lang.d/toy.conf"
        refused "lang.d/toy.conf:8: unknown key \"colour\""
}

@test "lang.d: a duplicate key is refused" {
        toy "run = /usr/bin/false" > "$T/lang.d/toy.conf"
        refused "lang.d/toy.conf:8: duplicate key \"run\""
}

@test "lang.d: a name that is not the file's or not [a-z0-9-] is refused" {
        toy | sed 's/^name = toy/name = tox/' > "$T/lang.d/toy.conf"
        refused "toy.conf:2: name \"tox\" must be the file's name"

        toy > "$T/lang.d/toy.conf"
        mv "$T/lang.d/toy.conf" "$T/lang.d/Toy.conf"
        refused "lang.d/Toy.conf: a language's file must be NAME.conf"

        mv "$T/lang.d/Toy.conf" "$T/lang.d/to_y.conf"
        refused "lang.d/to_y.conf: a language's file must be NAME.conf"

        rm "$T/lang.d/to_y.conf"
        toy > "$T/lang.d/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.conf"
        refused "name longer than 32"
}

@test "lang.d: bad aliases, env words, entry files and commands are refused" {
        toy | sed 's/^aliases = .*/aliases = Toy/' > "$T/lang.d/toy.conf"
        refused "alias \"Toy\" is not"
        toy | sed 's/^aliases = .*/aliases = a b c d e f g h i/' > "$T/lang.d/toy.conf"
        refused "more than 8 aliases"
        toy | sed 's/^env = .*/env = PATH/' > "$T/lang.d/toy.conf"
        refused "env word \"PATH\" is not NAME=value"
        toy | sed 's|^file = .*|file = ../x|' > "$T/lang.d/toy.conf"
        refused "file \"../x\" is not one plain file name"
        toy | sed 's|^run = .*|run = true {file}|' > "$T/lang.d/toy.conf"
        refused "toy.conf:6: run must be a command line"
        toy | sed 's|^run = .*|run =|' > "$T/lang.d/toy.conf"
        refused "toy.conf:6: run must be a command line"
        toy | sed 's|^version = .*|version = python3 --version|' > "$T/lang.d/toy.conf"
        refused "toy.conf:4: version must be a command line"
        toy "compile = /usr/bin/true $(printf 'w%.0s ' $(seq 64))" > "$T/lang.d/toy.conf"
        refused "compile must be a command line of 1..64 words"
        toy "compile = /usr/bin/true $(printf '{file}%.0s ' $(seq 63))" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" list
        run -0 --separate-stderr "$TL" "$TC" argv toy x.toy
        jqe '.compile | length == 64 and .[63] == "x.toy"'
}

# ---- stream_env: the run stage's environment in a streaming run (config/langenv.c) ----

@test "stream_env of the repo's lang.d: a preload the job can load, the six as measured" {
        run -0 --separate-stderr "$TL" "$CONF" list
        # The job sees /usr read-only but not /usr/local (sandbox/mount.c).
        jqe -s 'all(.[]; .stream_env | map(select(startswith("LD_PRELOAD="))) |
                all(ltrimstr("LD_PRELOAD=") | startswith("/usr/") and (startswith("/usr/local/") | not)))'
        for lib in $(jq -r '.stream_env[] | select(startswith("LD_PRELOAD=")) | ltrimstr("LD_PRELOAD=")' <<<"$output" | sort -u); do
                [ -f "$lib" ] || { echo "$lib: no such library" >&2; return 1; }
        done
        # The six of `make run`: stdio block-buffers C's and C++'s pipes, Python its own;
        # Bash, Java and Node write as the program does.
        jqe -s --argjson six "$SIX" 'map(select(.name | in($six)) | {key: .name, value: .stream_env}) | from_entries ==
                {"bash":[],"java":[],"javascript":[],"python":["PYTHONUNBUFFERED=1"],
                 "c":["LD_PRELOAD=/usr/libexec/coreutils/libstdbuf.so","_STDBUF_I=L","_STDBUF_O=L","_STDBUF_E=0"],
                 "cpp":["LD_PRELOAD=/usr/libexec/coreutils/libstdbuf.so","_STDBUF_I=L","_STDBUF_O=L","_STDBUF_E=0"]}'
        run -0 --separate-stderr "$TL" "$CONF" env python stream
        jqe '.env | index("PYTHONUNBUFFERED=1") != null and index("PYTHONDONTWRITEBYTECODE=1") != null'
        run -0 --separate-stderr "$TL" "$CONF" env python batch
        jqe '.env | index("PYTHONUNBUFFERED=1") == null'
}

@test "stream_env: a batch run gets env alone, a streaming run env with stream_env set over it" {
        toy "stream_env = TOY_UNBUFFERED=1 PATH=/usr/bin" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe '.env == ["PATH=/usr/bin:/bin"] and .stream_env == ["TOY_UNBUFFERED=1","PATH=/usr/bin"]'
        run -0 --separate-stderr "$TL" "$TC" env toy batch
        jqe '.env == ["PATH=/usr/bin:/bin"] and .n == 1'
        # PATH replaced in its place, TOY_UNBUFFERED added after env's words.
        run -0 --separate-stderr "$TL" "$TC" env toy stream
        jqe '.env == ["PATH=/usr/bin","TOY_UNBUFFERED=1"] and .n == 2'
}

@test "stream_env: a NAME is matched up to its =, every env word of it replaced, the last word wins" {
        toy | sed 's|^env = .*|env = PATH=/usr/bin:/bin PATHEXT=x HOME=/tmp PATH=/bin|' > "$T/lang.d/toy.conf"
        echo "stream_env = PATH=/usr/bin PATHEX=y PATH=/sbin" >> "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" env toy stream
        jqe '.env == ["PATH=/sbin","PATHEXT=x","HOME=/tmp","PATH=/sbin","PATHEX=y"]'
        run -0 --separate-stderr "$TL" "$TC" env toy batch
        jqe '.env == ["PATH=/usr/bin:/bin","PATHEXT=x","HOME=/tmp","PATH=/bin"]'
        # Without the key, or empty, a streaming run is a batch run's environment.
        toy > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" env toy stream
        jqe '.env == ["PATH=/usr/bin:/bin"] and .n == 1'
        toy "stream_env =" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" env toy stream
        jqe '.env == ["PATH=/usr/bin:/bin"]'
}

@test "stream_env: bad words, too many words and a repeated key are refused with file:line" {
        for bad in PYTHONUNBUFFERED =1 1X=2 "A-B=1" "X=1 Y"; do
                toy "stream_env = $bad" > "$T/lang.d/toy.conf"
                refused "lang.d/toy.conf:8: stream_env word \"${bad##* }\" is not NAME=value"
        done
        toy "stream_env = $(printf 'W%d=1 ' $(seq 33))" > "$T/lang.d/toy.conf"
        refused "lang.d/toy.conf:8: more than 32 stream_env words"
        toy "stream_env = $(printf 'W%d=1 ' $(seq 32))" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" env toy stream
        jqe '.n == 33 and .env[32] == "W32=1"'
        toy "stream_env = A=1" "stream_env = B=1" > "$T/lang.d/toy.conf"
        refused "lang.d/toy.conf:9: duplicate key \"stream_env\""
        # lang-index checks it at build time like every key.
        toy "stream_env = nope" > "$T/lang.d/toy.conf"
        run -1 --separate-stderr "$BUILD/lang-index" "$TC" "$T/lang.d" "$T/runtimes"
        [[ $stderr == *"lang.d/toy.conf:8: stream_env word \"nope\" is not NAME=value"* ]]
}

@test "stream_env: an out[] too small for the words and the NULL is -E2BIG, never overrun" {
        toy | sed 's|^env = .*|env = A=1 B=2|' > "$T/lang.d/toy.conf"
        echo "stream_env = B=3 C=4" >> "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" env toy stream 4
        jqe '.env == ["A=1","B=3","C=4"]'
        run -1 --separate-stderr "$TL" "$TC" env toy stream 3
        jqe '.error == "internal" and .message == "lang_run_env: Argument list too long"'
        run -0 --separate-stderr "$TL" "$TC" env toy batch 3
        jqe '.env == ["A=1","B=2"]'
        run -1 --separate-stderr "$TL" "$TC" env toy batch 2
        jqe '.message == "lang_run_env: Argument list too long"'
        run -1 --separate-stderr "$TL" "$TC" env toy batch 0
        jqe '.message == "lang_run_env: Argument list too long"'
        # The most it can need: every word of both keys, none replacing another.
        toy | sed "s|^env = .*|env = $(printf 'E%d=1 ' $(seq 32))|" > "$T/lang.d/toy.conf"
        echo "stream_env = $(printf 'S%d=1 ' $(seq 32))" >> "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" env toy stream 65
        jqe '.n == 64 and .env[0] == "E1=1" and .env[63] == "S32=1"'
        run -1 --separate-stderr "$TL" "$TC" env toy stream 64
        jqe '.message == "lang_run_env: Argument list too long"'
}

@test "lang.d: missing keys, bad limits, limits without a compile step, lines without =" {
        toy | grep -v '^run' > "$T/lang.d/toy.conf"
        refused "lang.d/toy.conf: missing key \"run\""
        toy "run_cpu_time = 2s" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: run_cpu_time = 2s is not a valid limit"
        toy "run_cpu_time = 0" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: run_cpu_time = 0 is not a valid limit"
        toy "compile_timeout = 1000" > "$T/lang.d/toy.conf"
        refused "compile limits without a compile command"
        toy "just words" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: expected key = value"
        toy "= value" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: expected key = value"
}

@test "lang.d: extensions are optional, plain words, at most 8, each in one file only" {
        run -0 --separate-stderr "$TL" "$TC" list
        jqe '.extensions == []'
        toy "extensions = toy t.y c++ c# t_y" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe '.extensions == ["toy","t.y","c++","c#","t_y"]'
        toy "extensions = .toy" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" list
        jqe '.extensions == [".toy"]'
        toy "extensions = Toy" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: extension \"Toy\" is not [a-z0-9+#._-]{1,16}"
        toy "extensions = a/b" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: extension \"a/b\" is not"
        toy "extensions = abcdefghijklmnopq" > "$T/lang.d/toy.conf"
        refused "extension \"abcdefghijklmnopq\" is not [a-z0-9+#._-]{1,16}"
        toy "extensions = abcdefghijklmnop" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" list
        toy "extensions = a b c d e f g h i" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: more than 8 extensions"
        toy "extensions = a b a" > "$T/lang.d/toy.conf"
        refused "lang.d/toy.conf: extension \"a\" is already claimed in toy.conf"
        toy "extensions = toy" > "$T/lang.d/toy.conf"
        lang_file zed "extensions = zed toy" > "$T/lang.d/zed.conf"
        refused "lang.d/zed.conf: extension \"toy\" is already claimed in toy.conf"
}

@test "lang.d: a name or alias claimed by two languages is refused" {
        lang_file zed | sed 's/^aliases = .*/aliases = zed2 toy-alias/' > "$T/lang.d/zed.conf"
        refused "lang.d/zed.conf: \"toy-alias\" is already a name in toy.conf"
        sed -i 's/^aliases = .*/aliases = zed2 toy/' "$T/lang.d/zed.conf"
        refused "\"toy\" is already a name in toy.conf"
        sed -i 's/^aliases = .*/aliases = zed2 zed2/' "$T/lang.d/zed.conf"
        refused "\"zed2\" is already a name in zed.conf"
}

@test "lang.d: a symlink is refused, a broken file fails even when not installed" {
        cp "$T/lang.d/toy.conf" "$T/elsewhere.conf"
        ln -s ../elsewhere.conf "$T/lang.d/sym.conf"
        refused "lang.d/sym.conf: is a symlink"
        rm "$T/lang.d/sym.conf"
        lang_file absent "bogus = 1" > "$T/lang.d/absent.conf"
        refused "absent.conf:8: unknown key \"bogus\""
}

@test "a NUL byte in a file is refused, not read as the end of a value" {
        toy | sed 's|^run = .*|run = /usr/bin/true {file}\x00 --evil|' > "$T/lang.d/toy.conf"
        grep -qaP '\x00' "$T/lang.d/toy.conf"
        refused "lang.d/toy.conf: Invalid argument"
        toy > "$T/lang.d/toy.conf"
        printf 'slots = 4\0\n' >> "$TC"
        config_refused "coderun.conf: Invalid argument"
}

@test "lang.d and runtimes: oversized, missing or malformed files are refused" {
        { toy; for _ in $(seq 2000); do echo "# padding padding padding padding"; done; } > "$T/lang.d/toy.conf"
        refused "toy.conf: File too large"
        toy > "$T/lang.d/toy.conf"
        rm "$T/runtimes"
        refused "made by \`make build/runtimes\`"
        echo "toy" > "$T/runtimes"
        refused "runtimes:1: expected NAME VERSION"
        printf 'toy 1.0\ntoy 1.1\n' > "$T/runtimes"
        refused "runtimes:2: toy listed twice"
        echo "toy 1.0 extra" > "$T/runtimes"
        refused "runtimes:1: expected NAME VERSION"
        echo "toy v1" > "$T/runtimes"
        refused "runtimes:1: expected NAME VERSION"
        set_key lang_dir no-such-dir
        refused "no-such-dir: No such file or directory"
}

# ---- a private config: broken coderun.conf -----------------------------------

@test "config: relative paths resolve against the config's folder, from any cwd" {
        cd /
        run -0 --separate-stderr "$TL" "$TC" list
        jqe -s 'map(.name) == ["toy"]'
        cd "$T"
        run -0 --separate-stderr "$TL" coderun.conf list
        jqe -s 'map(.name) == ["toy"]'
        mkdir "$T/sub"
        cd "$T/sub"
        run -0 --separate-stderr "$TL" ../coderun.conf list
        jqe -s 'map(.name) == ["toy"]'
}

# config_refused PATTERN: as refused, for a fault in coderun.conf.
config_refused() {
        run -1 --separate-stderr "$TL" "$TC" list
        jqe --arg p "$1" '.error == "internal" and (.message | contains($p))'
}

@test "config: an unknown key, a duplicate key, a missing key, a line without =" {
        echo "colour = blue" >> "$TC"
        config_refused "coderun.conf:$(line_of colour "$TC"): unknown key \"colour\""
        sed -i '$d' "$TC"
        echo "slots = 4" >> "$TC"
        config_refused "coderun.conf:$(wc -l < "$TC"): duplicate key \"slots\" (first on line $(line_of '^slots' "$TC"))"
        sed -i '$d' "$TC"
        sed -i '/^procs/d' "$TC"
        config_refused "coderun.conf: missing key \"procs\""
        echo "procs 256" >> "$TC"
        config_refused "coderun.conf:$(wc -l < "$TC"): expected key = value"
}

@test "config: a default above its maximum is refused" {
        set_key run_timeout 20000
        config_refused "coderun.conf:$(line_of '^run_timeout =' "$TC"): run_timeout = 20000 is above run_timeout_max = 15000"
        set_key run_timeout 15000
        run -0 --separate-stderr "$TL" "$TC" list
        set_key compile_memory_limit 3G
        config_refused "compile_memory_limit = 3221225472 is above compile_memory_limit_max = 2147483648"
}

@test "config: a maximum above limits.h is refused, the limit itself is allowed" {
        set_key run_timeout_max 120000
        run -0 --separate-stderr "$TL" "$TC" list
        set_key run_timeout_max 120001
        config_refused "coderun.conf:$(line_of '^run_timeout_max' "$TC"): run_timeout_max = 120001 is not a number of ms in 1..120000"
        set_key run_timeout_max 15000
        set_key run_memory_limit_max 8G
        run -0 --separate-stderr "$TL" "$TC" list
        set_key run_memory_limit_max 8193M
        config_refused "run_memory_limit_max = 8193M is not a size in bytes in 1..8589934592"
        set_key run_memory_limit_max 2G
        set_key output_limit 17M
        config_refused "output_limit = 17M is not a size in bytes in 1..16777216"
        set_key output_limit 1M
        set_key procs 4097
        config_refused "procs = 4097 is not a number in 1..4096"
}

# The stage limits, one row each of base/stagelimit.c's table: each row's lang.d key,
# coderun.conf keys, stage and cap are walked by the code, so each is checked here.
LIMITS="compile_timeout compile_cpu_time compile_memory_limit run_timeout run_cpu_time run_memory_limit"

@test "every stage limit: its lang.d key, its two coderun.conf keys, its stage and its cap" {
        slow "every row, every key"
        for k in $LIMITS; do
                max=$(numfmt --from=iec "$(conf_value "${k}_max")")
                case $k in
                *memory*) cap=8589934592 unit="size in bytes" ;;
                *) cap=120000 unit="number of ms" ;;
                esac
                # lang.d: up to the server's maximum, never above it.
                toy "compile = /usr/bin/true" "$k = $max" > "$T/lang.d/toy.conf"
                run -0 --separate-stderr "$TL" "$TC" list
                jqe --arg k "$k" --argjson m "$max" '.limits[$k] == $m and (.limits | length) == 6'
                toy "compile = /usr/bin/true" "$k = $((max + 1))" > "$T/lang.d/toy.conf"
                refused "lang.d/toy.conf:9: $k = $((max + 1)) is above the server's ${k}_max = $max:"
                # Only a compile stage takes compile limits.
                toy "$k = 1000" > "$T/lang.d/toy.conf"
                if [[ $k == compile_* ]]; then
                        refused "compile limits without a compile command"
                else
                        run -0 --separate-stderr "$TL" "$TC" list
                        jqe --arg k "$k" '.limits[$k] == 1000'
                fi
                toy > "$T/lang.d/toy.conf"
                # coderun.conf: both keys required, the default under the maximum,
                # the maximum under the cap of limits.h.
                for key in "$k" "${k}_max"; do
                        cp "$TC" "$T/saved.conf"
                        sed -i "/^$key *=/d" "$TC"
                        config_refused "coderun.conf: missing key \"$key\""
                        mv "$T/saved.conf" "$TC"
                done
                cp "$TC" "$T/saved.conf"
                set_key "$k" $((max + 1))
                config_refused "coderun.conf:$(line_of "^$k =" "$TC"): $k = $((max + 1)) is above ${k}_max = $max"
                set_key "${k}_max" $cap
                run -0 --separate-stderr "$TL" "$TC" list
                set_key "${k}_max" $((cap + 1))
                config_refused "coderun.conf:$(line_of "^${k}_max =" "$TC"): ${k}_max = $((cap + 1)) is not a $unit in 1..$cap"
                mv "$T/saved.conf" "$TC"
        done
}

@test "config: numbers are digits, K/M/G only for sizes, no overflow" {
        # 18446744073709556616 is 2^64 + 5000: wrapping around would make it 5 s.
        for bad in 3K -1 0x10 "1 000" 99999999999999999999 18446744073709556616 "" 1.5 0; do
                set_key run_timeout "$bad"
                config_refused "coderun.conf:$(line_of '^run_timeout =' "$TC"): run_timeout = $bad is not a number of ms"
        done
        set_key run_timeout 3000
        # 17179869185G is 2^64 + 1 GiB: wrapping around would make it 1 GiB.
        for bad in 1T 2g 9999999999G 17179869185G 1MM; do
                set_key run_memory_limit "$bad"
                config_refused "run_memory_limit = $bad is not a size in bytes"
        done
        set_key run_memory_limit 262144K
        run -0 --separate-stderr "$TL" "$TC" list
        jqe '.limits.run_memory_limit == 268435456'
}

@test "config: slots and the job uid range" {
        for bad in 0 257 x; do
                set_key slots "$bad"
                config_refused "slots = $bad is not a number in 1..256"
        done
        set_key slots 16
        # 65519..65534 holds nobody only, 65520..65535 the 16-bit -1 too.
        for bad in 999 65519 65520 65534 65535 2147483632; do
                set_key uid_first "$bad"
                config_refused "job uids $bad.."
        done
        set_key uid_first 65518
        run -0 --separate-stderr "$TL" "$TC" list
        set_key uid_first 65536
        run -0 --separate-stderr "$TL" "$TC" list
        set_key uid_first 2147483631
        run -0 --separate-stderr "$TL" "$TC" list
        set_key uid_first 1000
        run -0 --separate-stderr "$TL" "$TC" list
}

@test "config: the repo's uid range is free on this machine" {
        first=$(conf_value uid_first)
        slots=$(conf_value slots)
        last=$((first + slots - 1))
        run -0 awk -F: -v a="$first" -v b="$last" '$3 >= a && $3 <= b' /etc/passwd /etc/group
        [ -z "$output" ]
}

@test "config: a file over 64 KiB or missing is refused" {
        for _ in $(seq 2000); do echo "# padding padding padding padding"; done >> "$TC"
        config_refused "coderun.conf: File too large"
        run -1 --separate-stderr "$TL" "$T/nope.conf" list
        jqe '.error == "internal" and (.message | endswith("nope.conf: No such file or directory"))'
}

# ---- tools/learn-versions ----------------------------------------------------

@test "learn-versions: the first dotted number; failing or missing tools are left out" {
        mkdir "$T/ld"
        lang_file good | sed 's|^version = .*|version = /usr/bin/echo gcc (Debian 12.2.0-14) 12.2.0, v7.1|' > "$T/ld/good.conf"
        lang_file stderr | sed 's|^version = .*|version = /usr/bin/bash -c "echo 5.2.15 >\&2"|' > "$T/ld/stderr.conf"
        lang_file gone | sed 's|^version = .*|version = /usr/bin/coderun-no-such-tool --version|' > "$T/ld/gone.conf"
        lang_file fails | sed 's|^version = .*|version = /usr/bin/false 1.0|' > "$T/ld/fails.conf"
        lang_file plain | sed 's|^version = .*|version = /usr/bin/printf 21|' > "$T/ld/plain.conf"
        lang_file none | grep -v '^version' > "$T/ld/none.conf"
        run -0 --separate-stderr "$ROOT/tools/learn-versions" "$T/ld"
        [ "$output" = "good 12.2.0" ]
        [[ $stderr == *"gone: \`/usr/bin/coderun-no-such-tool --version\` failed, not offered"* ]]
        [[ $stderr == *"fails: \`/usr/bin/false 1.0\` failed, not offered"* ]]
        [[ $stderr == *"plain: no version in the output"* ]]
        [[ $stderr == *"none.conf: no version command, none skipped"* ]]
        # Words, not shell: bash -c got '"echo' as its script, which fails.
        [[ $stderr == *"stderr: \`/usr/bin/bash -c \"echo 5.2.15 >&2\"\` failed"* ]]
}

@test "learn-versions: the command is split into words, never run by a shell" {
        mkdir "$T/ld"
        lang_file inj | sed "s|^version = .*|version = /usr/bin/echo 1.0;touch\$IFS$T/pwned \$(touch $T/pwned2) * \`touch $T/pwned3\`|" \
                > "$T/ld/inj.conf"
        cd "$T"
        run -0 --separate-stderr "$ROOT/tools/learn-versions" "$T/ld"
        [ "$output" = "inj 1.0" ]
        [ ! -e "$T/pwned" ] && [ ! -e "$T/pwned2" ] && [ ! -e "$T/pwned3" ]
}

@test "learn-versions: build/versions and the index are what lang.d gives on this machine" {
        slow "every toolchain run"
        run -0 --separate-stderr "$ROOT/tools/learn-versions" "$ROOT/lang.d"
        [ "$output" = "$(cat "$BUILD/versions")" ]
        [ "$output" = "$(cut -d' ' -f1,2 "$BUILD/runtimes")" ]
}

@test "lang.d: etc names one entry under /etc, packages Debian package names" {
        toy "etc = ../shadow" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: etc entry \"../shadow\" is not one plain name under /etc"
        toy "etc = a/b" > "$T/lang.d/toy.conf"
        refused "etc entry \"a/b\" is not one plain name"
        toy "etc = $(printf 'e%d ' $(seq 9))" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: more than 8 etc entries"
        toy "packages = gcc Bad_Name" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: package \"Bad_Name\" is not a Debian package name"
        toy "packages =" > "$T/lang.d/toy.conf"
        refused "toy.conf:8: packages must list"
        toy "etc = java-17-openjdk ssl" > "$T/lang.d/toy.conf"
        run -0 --separate-stderr "$TL" "$TC" list
}

# ---- the runtime index (config/index.c): written at build time, read per request -----

@test "lang-index: checks every lang.d file at build time and writes the index" {
        lang_file two "extensions = tw" "compile = /usr/bin/true {file}" > "$T/lang.d/two.conf"
        printf 'toy 3.11.2\ntwo 1.0\n' > "$T/versions"
        run -0 --separate-stderr "$BUILD/lang-index" "$TC" "$T/lang.d" "$T/versions"
        [ "$output" = "toy 3.11.2 interpreted toy-alias -
two 1.0 compiled two-alias tw" ]
        # One broken file fails the build, naming its file and line.
        toy "colour = blue" > "$T/lang.d/toy.conf"
        run -1 --separate-stderr "$BUILD/lang-index" "$TC" "$T/lang.d" "$T/versions"
        [[ $stderr == *"lang.d/toy.conf:8: unknown key \"colour\""* ]]
        [ -z "$output" ]
}

# exec_with_index INDEX REQUEST: the executor with $TC's lang.d and INDEX as its
# runtime index (the built one for the real lang.d).
exec_with() {
        sed -i "s|^runtimes *=.*|runtimes = $1|" "$TC"
        printf '%s' "$2" | "$EXEC" --config "$TC"
}

@test "a request reads the index and its own language's file only, checked again" {
        need_root
        cp "$ROOT"/lang.d/*.conf "$T/lang.d/"
        rm "$T/lang.d/toy.conf"
        sed -i "s|^seccomp *=.*|seccomp = $BUILD/seccomp.bpf|" "$TC"
        run -0 --separate-stderr exec_with "$BUILD/runtimes" '{"language":"bash","source":"echo ok"}'
        jqe '.run.stdout == "ok\n"'
        # A file broken after the build: its language fails, naming file and line;
        # the others still run, and the runtime list still comes from the index.
        echo "colour = blue" >> "$T/lang.d/python.conf"
        run -0 --separate-stderr exec_with "$BUILD/runtimes" '{"language":"python","source":"print(1)"}'
        jqe '.error == "internal" and (.message | test("lang.d/python.conf:[0-9]+: unknown key"))'
        run -0 --separate-stderr exec_with "$BUILD/runtimes" '{"language":"bash","source":"echo ok"}'
        jqe '.run.stdout == "ok\n"'
        # A malformed index line is refused with its line.
        { head -n 1 "$BUILD/runtimes"; echo "bash 5.2"; } > "$T/bad-index"
        run -0 --separate-stderr exec_with "$T/bad-index" '{"language":"bash","source":"echo ok"}'
        jqe '.error == "internal" and (.message | contains("bad-index:2: expected NAME VERSION"))'
        release_state "$T/state"
}
