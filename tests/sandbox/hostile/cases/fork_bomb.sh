# fork_bomb.sh: attack: the classic shell fork bomb, the job kept alive meanwhile. Safe: bounded by RLIMIT_NPROC and the pids cgroup, ended at the time limit, the reply arrives, no process is left.
:(){ :|:& };:
sleep 10
