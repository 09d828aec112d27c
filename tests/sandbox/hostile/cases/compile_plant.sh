# compile_plant.sh: attack: a build step (the compile stage of a language whose build runs user code) plants links and a FIFO where the program should be. Safe: nothing followed; the run is XX.
ln -s /etc/shadow /box/shadow
ln -s / /box/hostroot
rm -f /box/main && mkfifo /box/main
