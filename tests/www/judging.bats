#!/usr/bin/env bats
# How the playground's tests are judged (www/src/checker.js: the checker, a float's
# tolerances, stop at the first failure, all kept in the share link) and how their
# verdicts show (www/src/verdicts.js, render.js), end to end as browser.bats runs the
# rest: Debian's chromium, driven by playwright-core (tests/www/browser/judging.mjs,
# one scenario per test), through nginx to the real executor, which judges. Only a
# non-root run skips (need_root).

bats_require_minimum_version 1.7.0

load ../helper

setup_file() {
        # A state dir and job uids of our own (browser.bats says why): 61044..61047.
        playground_file uid_first=61044 slots=4
}

teardown_file() {
        unplayground_file
}

setup() {
        need_root
        export TMPDIR="$BATS_TEST_TMPDIR"        # chromium's profile dirs
}

# judging SCENARIO: one scenario of tests/www/browser/judging.mjs.
judging() {
        run -0 node "$ROOT/tests/www/browser/judging.mjs" "$1"
}

@test "float: an answer within 1e-6 is AC under float, WA under lines, exact and a tighter tolerance, the checker's message shown; only a checker not the default is sent" {
        judging float
}

@test "tokens and unordered accept what lines refuses, each for its own reason" {
        judging tokens_unordered
}

@test "stop at the first failure: the tests after a WA are NR (Not run); unticked, all run" {
        judging stop
}

@test "a failed test shows expected and actual output side by side, stacked on a phone" {
        judging compare
}

@test "a tolerance that is not a number >= 0 is said at its field, focused, and nothing is sent or shared" {
        judging tolerance
}

@test "the share link keeps the checker, its tolerances and stop at the first failure; an older link is judged by lines; an unknown checker is refused" {
        judging share
}

@test "axe-core finds no violation in the judging controls and verdicts, light, dark and on a phone" {
        judging a11y
        assert_line --partial "axe (judging results, light): "
        assert_line --partial "axe (judging: a bad tolerance, dark): "
        assert_line --partial "axe (judging results, phone): "
}
