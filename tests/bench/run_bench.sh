#!/usr/bin/env bash
# Runs each benchmark volume (NAME=VOLUME) as the boot task and prints
# `BENCH NAME VALUE instructions/op`, VALUE being the program's exit status:
# x0 of the kernel's EXC_SYSCALL report of BSD exit. `-icount shift=0` makes
# guest time count instructions, so the figures repeat from run to run.
# Usage: run_bench.sh KERNEL NAME=VOLUME...
set -uo pipefail
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
kernel=$1
shift
console=$(mktemp)
trap 'rm -f "$console"' EXIT
failed=0

for bench in "$@"; do
	name=${bench%%=*} volume=${bench#*=}
	timeout --foreground -k 5 "$BENCH_TIMEOUT" qemu-system-aarch64 -M virt -cpu cortex-a72 \
		-m 256M -icount shift=0 -display none -no-reboot -nic none -monitor none \
		-serial stdio -kernel "$kernel" -initrd "$volume" </dev/null >"$console" 2>&1
	# The status is main's int: the low 32 bits of x0; negative means a call failed.
	x0=$(sed -n 's/\r$//; /^exception: EXC_SYSCALL (code 0x1,/{n;s/^exception:   x0 \(0x[0-9a-f]*\) .*/\1/p;}' "$console")
	if [ -z "$x0" ]; then
		echo "bench: $name did not exit; console:" >&2
		sed 's/^/| /' "$console" >&2
		failed=1
		continue
	fi
	status=$((x0 & 0xffffffff))
	if [ "$status" -ge $((1 << 31)) ]; then
		echo "bench: $name failed (status $((status - (1 << 32))))" >&2
		failed=1
		continue
	fi
	echo "BENCH $name $status instructions/op"
done
exit "$failed"
