#!/bin/busybox sh
# init.sh: /init of the test VM's initramfs (vm.bash builds it), run by busybox as
# PID 1. It loads the 9p modules, builds a root on a tmpfs from the host's /usr and
# /etc (read-only), the repo (read-only) and the io dir (read-write, the only way
# out), and hands over to tests/sandbox/cgroup2/guest.sh. It must never leave the VM hanging:
# on any failure it powers off at once, and qemu exits.
PATH=/bin
export PATH

die() {
        echo "init: $*"
        busybox poweroff -f
        exit 1
}

# The kernel opens /dev/console before /init only if the image has one; ours has
# no device nodes (built without root), so stdio comes from devtmpfs here.
busybox mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
# --install finds busybox through /proc/self/exe.
busybox mount -t proc proc /proc || die "mounting /proc"
busybox --install -s /bin || die "installing busybox's applets"

# virtio-pci and 9p are modules in Debian's kernel; vm.bash put them here in
# dependency order (from modules.dep).
while read -r m; do
        insmod "/modules/$m" || die "insmod $m"
done < /modules/order

# 9p shares by mount tag (vm.bash's -virtfs options). The host's files do not change
# while the VM runs, so the read-only ones may be cached; io must not be, the host
# reads it after the VM ends.
share() {
        mkdir -p "$3" &&
        mount -t 9p -o "trans=virtio,version=9p2000.L,msize=512000,$2" "$1" "$3" ||
                die "mounting the 9p share $1 on $3"
}

# pivot_root(2), which every stage of the executor uses, refuses the initramfs:
# the real root is a tmpfs, entered with switch_root below.
R=/newroot
mkdir -p $R && mount -t tmpfs -o mode=0755 root $R || die "mounting the root tmpfs"
share usr ro,cache=loose $R/usr
share etc ro,cache=loose $R/etc
share io rw,cache=none,nosuid,nodev $R/io
# Debian's merged /usr: /bin, /lib, /lib64 ... are links into it (the executor
# recreates them in each job's root from these).
for d in bin sbin lib lib32 lib64 libx32; do
        [ -e "$R/usr/$d" ] && ln -s "usr/$d" "$R/$d"
done
mkdir -p $R/proc $R/sys $R/dev $R/run $R/tmp
mount --move /dev $R/dev && mount --move /proc $R/proc || die "moving /dev and /proc"
mount -t sysfs sysfs $R/sys || die "mounting /sys"
# cgroup_no_v1=all on the kernel's command line: cgroup2 holds every controller.
# Mounted as systemd mounts it on every v2 host: nsdelegate makes each cgroup
# namespace a delegation boundary (a process inside one may move processes only
# between cgroups below its root), memory_recursiveprot is for memory.low.
mount -t cgroup2 -o nsdelegate,memory_recursiveprot cgroup2 $R/sys/fs/cgroup ||
        die "mounting cgroup2"
# /run holds the executor's state dir (slot locks, network namespaces).
mount -t tmpfs -o mode=0755 run $R/run || die "mounting /run"
mount -t tmpfs -o mode=1777 tmp $R/tmp || die "mounting /tmp"
# The repo at its host path, so the config's absolute paths hold; after /tmp and
# /run, which would hide a repo below them.
repo=$(cat $R/io/repo) || die "no repo path in io/repo"
share repo ro,cache=loose "$R$repo"

exec switch_root $R /usr/bin/bash "$repo/tests/sandbox/cgroup2/guest.sh"
