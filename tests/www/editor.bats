#!/usr/bin/env bats
# The playground's language picker (www/src/picker.js, a combobox one types into) and
# its drafts (www/src/drafts.js, the code kept per language in localStorage), end to
# end as browser.bats runs the rest: Debian's chromium, driven by playwright-core
# (tests/www/browser/editor.mjs, one scenario per test), through nginx to the real
# executor. Only a non-root run skips (need_root).

bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        # A state dir and job uids of our own (browser.bats says why): 61040..61043
        # (tests/stream/nginx.bats has 61140..61143).
        playground_file uid_first=61040 slots=4
}

teardown_file() {
        unplayground_file
}

setup() {
        need_root
        export TMPDIR="$BATS_TEST_TMPDIR"        # chromium's profile dirs
}

# editor SCENARIO: one scenario of tests/www/browser/editor.mjs.
editor() {
        run -0 node "$ROOT/tests/www/browser/editor.mjs" "$1"
}

@test "picker: typing filters the languages by name, alias and version, best match first" {
        editor filter
}

@test "picker by keyboard alone: ArrowDown/ArrowUp open and move, Home/End, Enter picks, Escape and Tab keep the language" {
        editor keyboard
}

@test "picker: text that matches nothing shows a 'no language matches' entry and keeps the language" {
        editor nomatch
}

@test "picker by mouse and on a phone by touch; the open list fits the screen" {
        editor pointer
}

@test "drafts: each language's edited code survives a reload, and so does the language picked last" {
        editor drafts
}

@test "drafts: Reset to starter brings the starter back and forgets that language's draft alone" {
        editor reset
}

@test "drafts: a share link's code wins over a draft and does not overwrite it until an edit" {
        editor share
}

@test "drafts: storage that throws or is missing leaves the page working, without drafts across a reload" {
        editor storage
        assert_line "storage (getItem and setItem throw): OK"
        assert_line "storage (no localStorage): OK"
        assert_line "storage (reading localStorage throws): OK"
        assert_line "storage (a full quota): OK"
}

@test "axe-core finds no violation with the picker open (filtered, full, no match), light and dark" {
        editor a11y
        assert_line --partial "axe (picker filtered, light): "
        assert_line --partial "axe (picker filtered, dark): "
        assert_line --partial "axe (picker: no match, dark): "
}
