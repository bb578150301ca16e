#!/usr/bin/env bash
# Boots Tessera in QEMU with the serial console on this terminal.
# Usage (through Bazel): bazel run //:qemu -- [options] [extra QEMU options]
#   --gdb            wait for gdb-multiarch on localhost:1234 before the first instruction
#   --append ARGS    kernel boot arguments (e.g. "panic=halt")
#   -m SIZE          guest memory (default 1G; 128M to 4G are supported)
#   -smp N           CPU count (default 1)
#   --icount         -icount shift=0: guest time = instruction count (repeatable timings)
# Anything else is passed to QEMU unchanged. Quit with Ctrl-A X, or let the guest power off.
set -euo pipefail
kernel=$1 image=$2
shift 2

memory=1G smp=1 append=""
extra=()
while [ $# -gt 0 ]; do
	case $1 in
	--gdb)
		extra+=(-s -S)
		echo "qemu: waiting for gdb on localhost:1234 (see README: Debugging)" >&2
		;;
	--append) append=$2; shift ;;
	-m) memory=$2; shift ;;
	-smp) smp=$2; shift ;;
	--icount) extra+=(-icount shift=0) ;;
	*) extra+=("$1") ;;
	esac
	shift
done

exec qemu-system-aarch64 -M virt -cpu cortex-a72 -m "$memory" -smp "$smp" \
	-nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$image" -append "$append" \
	"${extra[@]}"
