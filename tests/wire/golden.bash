# golden.bash: one golden case, run the one way that golden-record and golden.bats
# share (after helper.bash: ROOT, EXEC, CONF, BUILD, conf_with, release_state).
#
# A case is tests/wire/golden/NAME.req, the exact bytes a client sends (raw JSON, or
# an HTTP request with its CRLFs and a Content-Length that counts its body), and
# NAME.reply, the exact bytes ./coderun-exec answered, masked by golden-mask. Side
# files, when a case needs them:
#   NAME.conf  KEY=VALUE lines for conf_with (a copy of coderun.conf with those keys
#              replaced); in a value, @STATE@ is a state dir of the case's own (exact
#              free slots, no other job can make it busy) and @GOLDEN@ this folder.
#   NAME.hold  slot numbers, one a line, held in @STATE@ while the request runs.
#   NAME.open  (empty) stdin stays open after the request: the client never finishes.
# The request goes to the executor's stdin, as inetd or a local pipe would hand it.

GOLDEN_WIRE="$ROOT/tests/wire"
GOLDEN="$GOLDEN_WIRE/golden"

# golden_cases: every case's NAME, sorted.
golden_cases() {
        local f
        for f in "$GOLDEN"/*.req; do
                f=${f##*/}
                echo "${f%.req}"
        done | LC_ALL=C sort
}

# golden_reply NAME: send the case's request, print its masked reply. Fails, saying
# why on stderr, when the executor exits other than 0 or a mask check fails. Needs
# BATS_TEST_TMPDIR, a folder of the case's own.
golden_reply() {
        local name="$1" tmp="$BATS_TEST_TMPDIR" conf="$CONF" line slot rc=0
        local state="$BATS_TEST_TMPDIR/state" kv=() send=()

        [ -f "$GOLDEN/$name.req" ] || { echo "no case $name" >&2; return 1; }
        if [ -f "$GOLDEN/$name.conf" ]; then
                while IFS= read -r line; do
                        line=${line//@STATE@/$state}
                        kv+=("${line//@GOLDEN@/$GOLDEN}")
                done < "$GOLDEN/$name.conf"
                conf=$(conf_with "${kv[@]}")
        fi
        # The executor refuses a state dir others may write.
        [ -d "$state" ] || mkdir -m 0700 "$state"
        if [ -f "$GOLDEN/$name.hold" ]; then
                while read -r slot; do
                        send+=(--hold "$state/slot.$slot")
                done < "$GOLDEN/$name.hold"
        fi
        [ ! -f "$GOLDEN/$name.open" ] || send+=(--open)
        "$GOLDEN_WIRE/golden-send" "${send[@]}" "$GOLDEN/$name.req" "$EXEC" --config "$conf" \
                > "$tmp/$name.raw" 2> "$tmp/$name.log" || rc=$?
        release_state "$state"
        if [ "$rc" -ne 0 ]; then
                echo "$name: the executor exited $rc; its log:" >&2
                cat "$tmp/$name.log" >&2
                return 1
        fi
        "$GOLDEN_WIRE/golden-mask" "$BUILD/runtimes" < "$tmp/$name.raw"
}
