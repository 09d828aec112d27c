# sleep.sh: attack: hold a job slot without using CPU. Safe: TO by the wall clock near run_timeout, earlier output kept.
echo before
sleep 30
echo after
