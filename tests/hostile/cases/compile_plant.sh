# compile_plant.sh: attack: as gcc's -wrapper (entry name "@opts" = response file ./opts), make the compile step plant links and a FIFO as the program. Safe: nothing followed; the run is XX.
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
