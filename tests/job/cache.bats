#!/usr/bin/env bats
# cache.bats: the compile cache (job/cache*.c). End to end through ./coderun-exec,
# with a config and a cache folder of this suite's own (uids 61048-61051): the same
# compile asked again is restored, with what it printed and the files it made, and
# anything that decides a compile (a source byte, a file name, compile_args, the
# compile limits) makes another entry; a failed compile is never kept; an entry that
# is damaged, or a folder that is not root's alone, is not used; the folder stays
# within its bound. Then the work dir walk and restore alone (build/test-cache, ASan,
# UBSan): symlinks, FIFOs, changed or removed sources are not kept, and a record
# naming a path outside the work dir is refused.
bats_require_minimum_version 1.7.0

load ../helper

TC="$BUILD/test-cache"

setup_file() {
        CACHE_STATE="$BATS_FILE_TMPDIR/state"
        CACHE_CONF=$(BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR" conf_with uid_first=61048 slots=4 \
                stream_slots=2 state_dir="$CACHE_STATE")
        CACHE_DIR="$BATS_FILE_TMPDIR/compile-cache"
        export CACHE_STATE CACHE_CONF CACHE_DIR
}

teardown_file() {
        [ -z "${CACHE_STATE:-}" ] || release_state "$CACHE_STATE"
}

# c_req SOURCE [JQ-OBJECT]: a C request, a marker in its source so that no other
# test's compile (or an earlier run of this suite) is the same.
c_req() {
        req_src c "/* $BATS_TEST_NAME $RANDOM$RANDOM */
$1" "${2:-{\}}"
}

# send JSON [CONF]: the reply in $output.
send() {
        run -0 --separate-stderr bash -c 'printf "%s" "$1" | "$2" --config "$3"' _ "$1" "$EXEC" \
                "${2:-$CACHE_CONF}"
}

HELLO='#include <stdio.h>
int main(void) { int unused; puts("hi"); return 0; }'

@test "the same compile again is restored: what it printed, the files it made, the run the same" {
        need_root
        local req first
        req=$(c_req "$HELLO" '{compile_args:["-Wall"]}')
        send "$req"
        first=$output
        jqe '.compile.cached == null and .compile.code == 0 and .run.stdout == "hi\n"'
        jqe '.compile.stderr | contains("unused variable")'
        send "$req"
        jqe '.compile.cached == true and .compile.code == 0 and .compile.status == null'
        jqe '.run.stdout == "hi\n" and .run.status == null'
        # Its warnings as the compile printed them.
        [ "$(jq -c '.compile | [.stdout, .stderr, .output]' <<<"$output")" = \
          "$(jq -c '.compile | [.stdout, .stderr, .output]' <<<"$first")" ]
}

@test "a source byte, a file name, compile_args or a compile limit: each another compile" {
        need_root
        local src
        src="/* $RANDOM$RANDOM */
$HELLO"
        send "$(req_src c "$src")"
        jqe '.compile.cached == null'
        send "$(req_src c "$src ")"
        jqe '.compile.cached == null'
        send "$(jq -nc --arg s "$src" '{language:"c", files:[{name:"other.c", content:$s}]}')"
        jqe '.compile.cached == null and .run.stdout == "hi\n"'
        send "$(req_src c "$src" '{compile_args:["-O0"]}')"
        jqe '.compile.cached == null'
        send "$(req_src c "$src" '{compile_memory_limit:268435456}')"
        jqe '.compile.cached == null'
        # And each of them, asked again, is its own entry.
        send "$(req_src c "$src" '{compile_args:["-O0"]}')"
        jqe '.compile.cached == true'
        send "$(req_src c "$src")"
        jqe '.compile.cached == true'
}

@test "a failed compile is never kept" {
        need_root
        local req
        req=$(c_req 'int main(void) { return 0 }')
        send "$req"
        jqe '.compile.cached == null and .compile.code == 1 and .run == null'
        send "$req"
        jqe '.compile.cached == null and .compile.code == 1 and (.compile.stderr | contains("error"))'
}

@test "what a run does to the compiled program never reaches the next request" {
        need_root
        local req
        # The run replaces its own binary; the entry was taken right after the compile.
        req=$(c_req '#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
        struct stat st;
        FILE *f;
        if (stat("/box/main", &st) == 0)
                printf("owner is the job: %d\n", st.st_uid == getuid());
        unlink("/box/main");    /* it runs: ETXTBSY to write, but not to remove */
        f = fopen("/box/main", "w");
        puts(f ? "replaced" : "kept");
        if (f) fputs("#!/bin/sh\necho planted\n", f);
        return 0;
}')
        send "$req"
        jqe '.compile.cached == null and .run.stdout == "owner is the job: 1\nreplaced\n"'
        send "$req"
        # Restored as the compile made it, owned by this request's job uid.
        jqe '.compile.cached == true and .run.stdout == "owner is the job: 1\nreplaced\n"'
}

@test "a damaged entry is not used, and is replaced by the next compile" {
        need_root
        local req entry
        req=$(c_req "$HELLO")
        send "$req"
        entry=$(ls -t "$CACHE_DIR" | head -n 1)
        # One byte of the body flipped: its hash no longer holds.
        local b
        b=$(od -An -tu1 -j200 -N1 "$CACHE_DIR/$entry" | tr -d ' ')
        printf "\\$(printf %03o $((255 - b)))" | dd of="$CACHE_DIR/$entry" bs=1 seek=200 \
                conv=notrunc status=none
        send "$req"
        jqe '.compile.cached == null and .run.stdout == "hi\n"'
        send "$req"
        jqe '.compile.cached == true and .run.stdout == "hi\n"'
}

@test "a cache folder others may write is not used; the request is served all the same" {
        need_root
        local conf dir="$BATS_TEST_TMPDIR/open-cache" req
        mkdir -m 0777 "$dir"
        conf=$(conf_with uid_first=61048 slots=4 stream_slots=2 state_dir="$CACHE_STATE" \
                compile_cache="$dir")
        req=$(c_req "$HELLO")
        send "$req" "$conf"
        jqe '.compile.cached == null and .run.stdout == "hi\n"'
        [[ "$stderr" == *"not root's alone"* ]]
        send "$req" "$conf"
        jqe '.compile.cached == null'
        [ -z "$(ls -A "$dir")" ]
}

@test "the folder stays within compile_cache_size: the least recently used go first" {
        need_root
        local conf dir="$BATS_TEST_TMPDIR/small-cache" first i size
        conf=$(conf_with uid_first=61048 slots=4 stream_slots=2 state_dir="$CACHE_STATE" \
                compile_cache="$dir" compile_cache_size=200K)
        first=$(c_req "$HELLO")
        send "$first" "$conf"
        for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
                send "$(c_req "$HELLO")" "$conf"
                jqe '.run.stdout == "hi\n"'
        done
        size=$(du -sk --apparent-size "$dir" | cut -f1)
        [ "$size" -le 200 ]
        # The first was the least recently used: gone.
        send "$first" "$conf"
        jqe '.compile.cached == null'
}

@test "none turns the cache off" {
        need_root
        local conf req
        conf=$(conf_with uid_first=61048 slots=4 stream_slots=2 state_dir="$CACHE_STATE" \
                compile_cache=none)
        req=$(c_req "$HELLO")
        send "$req" "$conf"
        send "$req" "$conf"
        jqe '.compile.cached == null and .run.stdout == "hi\n"'
}

@test "a checker program's compile is kept too: a judge sends the same one every time" {
        need_root
        local req before after entry ino
        req=$(jq -nc --rawfile chk "$ROOT/examples/judging/divisors/checker.c" \
                --rawfile sol "$ROOT/examples/judging/divisors/solution.py" --arg m "$RANDOM$RANDOM" \
                '{language:"python", source:$sol, tests:[{stdin:"12\n", expected_output:"1 2 3 4 6 12\n"}],
                  checker:{type:"program", language:"c", source:("/* \($m) */\n" + $chk)}}')
        before=$(ls "$CACHE_DIR" 2>/dev/null | wc -l)
        send "$req"
        jqe '.tests[0].verdict == "AC"'
        after=$(ls "$CACHE_DIR" | wc -l)
        [ "$after" = $((before + 1)) ]
        entry=$(ls -t "$CACHE_DIR" | head -n 1)
        ino=$(stat -c %i "$CACHE_DIR/$entry")
        touch -d '2001-01-01' "$CACHE_DIR/$entry"
        # Restored, not compiled: the same entry (not written anew), marked used.
        send "$req"
        jqe '.tests[0].verdict == "AC" and .tests[0].checker_message == "ok: 6 numbers"'
        [ "$(stat -c %i "$CACHE_DIR/$entry")" = "$ino" ]
        [ "$(stat -c %Y "$CACHE_DIR/$entry")" -gt "$(date -d '2020-01-01' +%s)" ]
}

# --- the work dir walk and restore alone ---

# box: a work dir as a compile leaves it: the source, the program, a folder.
box() {
        B="$BATS_TEST_TMPDIR/box"
        mkdir -p "$B/sub"
        echo 'int main;' > "$B/main.c"
        printf 'ELF' > "$B/main"
        chmod 755 "$B/main"
        echo x > "$B/sub/y"
}

@test "walk: folders and files are kept with their modes, the request's source is not" {
        box
        run -0 "$TC" snapshot "$B" main.c
        jqe '.r == "0"'
        jqe '[.records[] | [.type, .name, .mode, .len]] | sort == [["d","sub",493,0],["f","main",493,3],["f","sub/y",420,2]]'
}

@test "walk: a symlink, a FIFO, a changed or a removed source: not kept" {
        box
        ln -s /etc/passwd "$B/sub/link"
        run -0 "$TC" snapshot "$B" main.c
        jqe '.r == "ENOTSUP"'
        rm "$B/sub/link"
        mkfifo "$B/fifo"
        # Opened O_NONBLOCK: a FIFO without a writer does not hang the walk.
        run -0 timeout 10 "$TC" snapshot "$B" main.c
        jqe '.r == "ENOTSUP"'
        rm "$B/fifo"
        echo 'int main(void) { return 1; }' > "$BATS_TEST_TMPDIR/sent"
        run -0 "$TC" snapshot "$B" main.c "$BATS_TEST_TMPDIR/sent"
        jqe '.r == "ENOTSUP"'
        cp "$B/main.c" "$BATS_TEST_TMPDIR/sent"
        rm "$B/main.c"
        run -0 "$TC" snapshot "$B" main.c "$BATS_TEST_TMPDIR/sent"
        jqe '.r == "ENOTSUP"'
}

@test "walk: folders deeper than 16 are not kept" {
        box
        mkdir -p "$B/$(printf 'd/%.0s' $(seq 18))"
        run -0 "$TC" snapshot "$B" main.c
        jqe '.r == "ENOTSUP"'
}

@test "restore: a name outside the work dir, absolute, or with . or .. is refused" {
        local r="$BATS_TEST_TMPDIR/r" name
        mkdir "$r"
        for name in ../evil /tmp/evil a/../../evil a/./b . '' a//b; do
                run -0 "$TC" restore "$r" "f:$name:x"
                jqe '.r == "EINVAL" or (.r == "EBADMSG" and $n == "")' --arg n "$name"
        done
        [ ! -e "$BATS_TEST_TMPDIR/evil" ]
        [ -z "$(ls -A "$r")" ]
        run -0 "$TC" restore "$r" "d:a:" "f:a/b:hello"
        jqe '.r == "0"'
        [ "$(cat "$r/a/b")" = hello ]
        # A file is created, never overwritten.
        run -0 "$TC" restore "$r" "f:a/b:again"
        jqe '.r == "EEXIST"'
        [ "$(cat "$r/a/b")" = hello ]
}
