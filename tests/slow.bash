# slow.bash: `slow`, for a test that takes seconds by design (a timeout it proves,
# an input of megabytes, every toolchain run once). `make check` sets CODERUN_CHECK=1
# and skips them, to stay a quick loop; `make test` (and CI) runs every one. With
# CODERUN_REQUIRE_ALL=1 (CI) nothing skips, whatever CODERUN_CHECK says.
slow() {
        slow_runs || skip "slow ($*): make test runs it"
}

# slow_runs: whether slow tests run (for a setup_file that starts one's work early).
slow_runs() {
        [ "${CODERUN_CHECK:-0}" != 1 ] || [ "${CODERUN_REQUIRE_ALL:-0}" = 1 ]
}
