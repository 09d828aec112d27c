# compile_plant.sh: attack: run by gcc as its -wrapper (an "@opts" entry name is a response file), it makes the compile step plant links and a FIFO as the program. Safe: the executor follows none; the run is XX; host files unchanged.
"$@"
rc=$?
case "$1" in
*/collect2)
        ln -s /etc/shadow /box/shadow
        ln -s / /box/hostroot
        rm -f /box/main && mkfifo /box/main
        ;;
esac
exit $rc
