# trace.awk: reads `strace -f -qq -ttt -T -y --decode-pids=pidns` logs, one file per
# request (or per bare run), and says whose syscalls and whose time they were. Roles,
# by process tree:
#   executor    the first process (coderun-exec)
#   init        a child of the executor: a stage's sandbox init (a fork, no exec)
#   job-setup   a child of an init, before its execve: the sandbox's last steps
#   job         that process from its execve on, and everything it starts: the
#               program's own syscalls, which are not coderun's cost
# A log whose first process is not coderun-exec (a bare command) is all "job".
#   awk -v what=counts  -f trace.awk LOG...  median per log of:
#                       total coderun_own job executor init job_setup
#   awk -v what=names   ...  coderun's own syscalls per request by name, most first
#   awk -v what=phases  ...  median ms per log: executor until the sandbox's clone,
#                       sandbox until the job's execve, the job, the rest until exit
#                       (a bare log: one figure, execve to exit_group)
#   awk -v what=time    ...  coderun's own time by role and syscall, mean ms per log,
#                       leaving out calls that only wait (poll, wait4, pipe reads)
# strace slows every syscall by tens of microseconds and a busy machine preempts any
# of them: read the times as shares, not as costs; the counts are exact.

function role(pid) {
        if (bare || (pid in jobpid)) return "job"
        if (pid == first) return "executor"
        if (parent[pid] == first) return "init"
        return "job-setup"
}

function reset() {
        first = ""; t_sandbox = ""; t_exec = ""; t_job_end = ""; t_end = ""; forker = ""
        delete seen; delete pending; delete pending_t; delete parent; delete jobpid; delete cnt
}

function finish() {
        if (first == "") return
        nlog++
        own = cnt["executor"] + cnt["init"] + cnt["job-setup"]
        c_total[nlog] = own + cnt["job"]; c_own[nlog] = own; c_job[nlog] = cnt["job"] + 0
        c_ex[nlog] = cnt["executor"] + 0; c_init[nlog] = cnt["init"] + 0; c_setup[nlog] = cnt["job-setup"] + 0
        if (bare) {
                p1[nlog] = (t_job_end - t0) * 1000
        } else {
                p1[nlog] = (t_sandbox - t0) * 1000; p2[nlog] = (t_exec - t_sandbox) * 1000
                p3[nlog] = (t_job_end - t_exec) * 1000; p4[nlog] = (t_end - t_job_end) * 1000
        }
}

function median(a, n,   i, j, x, b) {
        for (i = 1; i <= n; i++) b[i] = a[i]
        for (i = 2; i <= n; i++)
                for (j = i; j > 1 && b[j - 1] > b[j]; j--) { x = b[j]; b[j] = b[j - 1]; b[j - 1] = x }
        return n ? (n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2) : 0
}

FNR == 1 { finish(); reset() }

# Joins "PID T call(args <unfinished ...>" with its later "PID T <... call resumed> rest"
# so that every syscall is one record: pid, entry time, text, duration.
{
        pid = $1; t = $2
        line = $0
        sub(/^[0-9]+ +[0-9.]+ +/, "", line)
        if (line ~ /^(---|\+\+\+)/) next
        if (line ~ /<unfinished \.\.\.>$/) {
                sub(/ *<unfinished \.\.\.>$/, "", line)
                pending[pid] = line; pending_t[pid] = t
                # A vfork's child runs (and strace logs it) before the call returns in
                # its parent, which is stopped until the child execs: its parent is the
                # process whose clone is still open.
                if (line ~ /^(clone|clone3|fork|vfork)\(/) forker = pid
                next
        }
        if (line ~ /^<\.\.\. [a-z_0-9]+ resumed>/) {
                sub(/^<\.\.\. [a-z_0-9]+ resumed>/, "", line)
                line = pending[pid] line; t = pending_t[pid]
                delete pending[pid]
        }
        record(pid, t, line)
}

function record(pid, t, line,   name, dur, child, r, k) {
        if (first == "") {
                first = pid; t0 = t
                bare = line !~ /coderun-exec/
        }
        if (!(pid in seen) && pid != first && !(pid in parent) && forker != "") {
                parent[pid] = forker
                if (forker in jobpid) jobpid[pid] = 1
        }
        seen[pid] = 1
        name = line; sub(/\(.*/, "", name)
        dur = 0
        if (match(line, /<[0-9]+\.[0-9]+>$/))
                dur = substr(line, RSTART + 1, RLENGTH - 2) * 1000
        # A new process: the child's pid in strace's namespace (a clone inside the
        # sandbox's PID namespace returns the inner pid; --decode-pids=pidns adds ours).
        if (name ~ /^(clone|clone3|fork|vfork)$/) {
                if (forker == pid) forker = ""
                child = ""
                if (match(line, /\/\* [0-9]+ in strace's PID NS \*\//)) {
                        child = substr(line, RSTART + 3); sub(/ .*/, "", child)
                } else if (match(line, /= [0-9]+/)) {
                        child = substr(line, RSTART + 2, RLENGTH - 2)
                }
                if (child != "") {
                        parent[child] = pid
                        if (pid in jobpid) jobpid[child] = 1
                }
        }
        if (name == "execve" && line ~ /= 0/ && pid != first && !(pid in jobpid)) {
                jobpid[pid] = 1
                if (t_exec == "") t_exec = t
        }
        r = role(pid)
        cnt[r]++
        if (r != "job") byname[name]++
        if (name == "exit_group" && r == "job" && t_job_end == "") t_job_end = t
        if (name == "exit_group" && pid == first) t_end = t
        if ((name == "clone3" || name == "clone") && pid == first && t_sandbox == "") t_sandbox = t
        # Calls that only wait for another process or for the peer are not work (a
        # vfork waits for its child's exec, whose calls are counted as its own).
        if (r != "job" && name !~ /^(vfork|poll|ppoll|wait4|waitid|epoll_wait|epoll_pwait|select|pselect6|nanosleep|clock_nanosleep|pause|rt_sigsuspend|rt_sigtimedwait|futex)$/ &&
            !(name ~ /^(read|write)$/ && line ~ /^[a-z]+\([0-9]+<(pipe|socket):/)) {
                k = r " " name
                ms[k] += dur; calls[k]++
                if (dur > worst[k]) { worst[k] = dur; worst_l[k] = substr(line, 1, 72) }
        }
}

END {
        finish()
        if (what == "counts")
                printf "%d %d %d %d %d %d\n", median(c_total, nlog), median(c_own, nlog), median(c_job, nlog),
                       median(c_ex, nlog), median(c_init, nlog), median(c_setup, nlog)
        if (what == "names") {
                for (n in byname) printf "%d %s\n", byname[n] / nlog, n | "sort -rn | head -12"
                close("sort -rn | head -12")
        }
        if (what == "phases") {
                if (bare)
                        printf "%.2f\n", median(p1, nlog)
                else
                        printf "%.2f %.2f %.2f %.2f\n", median(p1, nlog), median(p2, nlog),
                               median(p3, nlog), median(p4, nlog)
        }
        if (what == "time") {
                for (k in ms)
                        printf "%.2f %s %d %.2f %s\n", ms[k] / nlog, k, calls[k] / nlog, worst[k], worst_l[k] | "sort -rn | head -10"
                close("sort -rn | head -10")
        }
}
