# vm.bash: boots a throwaway VM whose kernel runs pure cgroup v2 (cgroup_no_v1=all),
# for cgroup2.bats. The kernel is Debian's linux-image-amd64 from /boot; the root is
# built by init.sh from the host's /usr and /etc and the repo, shared read-only over
# 9p, plus one read-write share (io) that carries the requests in and the results
# out. The VM has no network device, and qemu never outlives the suite: it runs
# under timeout, and teardown_file kills what a cut-short run left (vm_stop).

QEMU=qemu-system-x86_64
# The modules init.sh loads; their dependencies come from modules.dep.
VM_MODULES="virtio_pci 9pnet_virtio 9p"

# vm_kernel: the newest kernel version that has both an image in /boot and the 9p
# modules; nothing if none has.
vm_kernel() {
        local v
        for v in $(find /usr/lib/modules -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null |
                   sort -rV); do
                [ -r "/boot/vmlinuz-$v" ] || continue
                find "/usr/lib/modules/$v/kernel/fs/9p" -name '9p.ko*' 2>/dev/null | grep -q . ||
                        continue
                echo "$v"
                return 0
        done
}

# vm_ready: qemu, a usable kernel and busybox-static are here.
vm_ready() {
        command -v "$QEMU" >/dev/null && [ -n "$(vm_kernel)" ] && [ -x /bin/busybox ]
}

# vm_modules KVER: the modules to load, as paths under /usr/lib/modules/KVER, each
# after everything it needs and each once.
vm_modules() {
        local dep=/usr/lib/modules/$1/modules.dep m line i p
        local -a deps order
        local -A seen=()
        for m in $VM_MODULES; do
                line=$(grep -E "(^|/)$m\.ko(\.[a-z]+)?:" "$dep") || {
                        echo "vm_modules: $m not in $dep" >&2
                        return 1
                }
                # modules.dep names all of a module's dependencies, each before those
                # it needs itself: modprobe loads the list from the end, then the module.
                read -ra deps <<<"${line#*:}"
                order=("${line%%:*}")
                for i in "${!deps[@]}"; do
                        order=("${deps[i]}" "${order[@]}")
                done
                for p in "${order[@]}"; do
                        [ -n "${seen[$p]:-}" ] || { seen[$p]=1; echo "$p"; }
                done
        done
}

# vm_initramfs KVER OUT: an initramfs (uncompressed newc cpio: the kernel takes it
# as is) with busybox, init.sh as /init and the modules, decompressed (busybox insmod
# takes plain .ko files). Built in a scratch dir beside OUT, so nothing needs root.
vm_initramfs() {
        local kver=$1 out=$2 tree m name
        tree=$(mktemp -d -p "$(dirname "$out")") || return 1
        mkdir -p "$tree/bin" "$tree/dev" "$tree/proc" "$tree/modules"
        cp /bin/busybox "$tree/bin/busybox"
        install -m 0755 "$BATS_TEST_DIRNAME/init.sh" "$tree/init"
        for m in $(vm_modules "$kver"); do
                name=${m##*/}
                name=${name%.ko*}.ko
                case "$m" in
                *.ko) cp "/usr/lib/modules/$kver/$m" "$tree/modules/$name" ;;
                *.ko.xz) xz -dc "/usr/lib/modules/$kver/$m" > "$tree/modules/$name" ;;
                *.ko.zst) zstd -qdc "/usr/lib/modules/$kver/$m" > "$tree/modules/$name" ;;
                *.ko.gz) gzip -dc "/usr/lib/modules/$kver/$m" > "$tree/modules/$name" ;;
                *) echo "vm_initramfs: cannot unpack $m" >&2; rm -rf "$tree"; return 1 ;;
                esac || { rm -rf "$tree"; return 1; }
                echo "$name" >> "$tree/modules/order"
        done
        (cd "$tree" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) > "$out"
        local r=$?
        rm -rf "$tree"
        return $r
}

# vm_accel: kvm where it can run Debian's stock kernel, else tcg (emulation).
# /dev/kvm alone does not say so: on a host without hardware virtualization (no vmx
# or svm flag) it can be PVM (kvm_pvm), which runs only kernels built as PVM
# guests; Debian's hangs there right after its real-mode setup.
vm_accel() {
        if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
                echo kvm
        else
                echo tcg
        fi
}

# vm_run DIR IO: boot the VM on DIR's initramfs with IO as the read-write share and
# wait until it powered off; qemu's pid file, log and the serial console go to DIR.
# Emulated (TCG) it takes 25-40 s, several times KVM's; each case has 65 s at most
# (guest.sh), so 600 s is only reached by a VM that hangs.
vm_run() {
        local dir=$1 io=$2 kver accel limit=120 share="security_model=none,multidevs=remap"
        kver=$(vm_kernel)
        accel=$(vm_accel)
        [ "$accel" = kvm ] || limit=600
        # -nodefaults: no NIC, VGA, floppy or monitor unless named; -nic none says so
        # again for the network rule. -no-reboot: the guest's panic (panic=-1) ends
        # qemu as its power-off does.
        timeout -k 5 "$limit" "$QEMU" -nodefaults -no-user-config -no-reboot \
                -name coderun-cgroup2 -accel "$accel" -cpu max -smp 2 -m 2048 \
                -display none -nic none -serial "file:$dir/console.log" \
                -pidfile "$dir/qemu.pid" \
                -kernel "/boot/vmlinuz-$kver" -initrd "$dir/initramfs.cpio" \
                -append "console=ttyS0 cgroup_no_v1=all panic=-1 quiet" \
                -virtfs "local,path=/usr,mount_tag=usr,readonly=on,$share" \
                -virtfs "local,path=/etc,mount_tag=etc,readonly=on,$share" \
                -virtfs "local,path=$ROOT,mount_tag=repo,readonly=on,$share" \
                -virtfs "local,path=$io,mount_tag=io,$share" \
                > "$dir/qemu.log" 2>&1 &
        # wait, unlike a foreground command, lets bats act on a Ctrl-C at once; its
        # teardown_file then ends qemu (vm_stop), which timeout's own process group
        # shields from the terminal's signal.
        wait $!
}

# vm_stop DIR: end the VM of DIR if it still runs (a run cut short: timeout has
# already ended any other). The pid is checked to be that qemu before the kill.
vm_stop() {
        local pid
        [ -s "$1/qemu.pid" ] || return 0
        pid=$(cat "$1/qemu.pid")
        grep -qaF "$1/console.log" "/proc/$pid/cmdline" 2>/dev/null || return 0
        kill -9 "$pid" 2>/dev/null || true
}
