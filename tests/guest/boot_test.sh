#!/usr/bin/env bash
# A normal boot: banner, memory, GIC, timer ticks, virtio census, the boot
# volume's listing (names, sizes and CRC-32s checked against the host's files),
# and a clean power-off.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 volume=$2 files_dir=$(dirname "$3")

guest_boot "$kernel" -m 1G -initrd "$volume"
[ "$guest_status" -eq 0 ] || { echo "FAIL: QEMU exited with $guest_status"; failures=$((failures + 1)); }

expect '^Tessera kernel \(AArch64\), booting' "banner"
expect '^memory: 1024 MiB at 0x40000000-0x80000000' "memory size from the device tree"
expect '^memory: 1024 MiB total, [0-9]+ KiB kernel image, 2[0-9]{5} pages free' "free pages"
expect '^uart: PL011 at 0x9000000, INTID 33' "UART from the device tree"
expect '^gic: GICv2, distributor at 0x8000000' "GIC"
expect '^timer: [0-9]+ Hz counter, 10 ticks at 100 Hz in [0-9]+ ms \(virtual timer, INTID 27\)' "timer ticks"
expect '^virtio: 32 mmio slots, 0 in use' "virtio-mmio slots"
expect '^bootvol: FAT(12|16) volume at 0x' "boot volume mounted"

crc() { python3 -c 'import sys, zlib; print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' "$1"; }
check_file() {
	local path=$1 host=$2
	local size
	size=$(stat -L -c %s "$host")
	expect "^bootvol:   $path +$size crc32 $(crc "$host")\$" "$path listed with size and CRC"
}
check_file /empty.dat "$files_dir/empty.dat"
check_file /one.dat "$files_dir/one.dat"
check_file /cluster.dat "$files_dir/cluster.dat"
check_file /large.bin "$files_dir/large.bin"
check_file "/A long file name.txt" "$files_dir/long_name.txt"
check_file /sub/dir/nested.txt "$files_dir/nested.txt"
expect '^bootvol:   /sub +<dir>' "subdirectory"
expect '^boot complete: no bootstrap task, powering off' "clean end of boot"
expect_not 'panic' "panic"
guest_done
