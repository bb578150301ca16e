#!/usr/bin/env bash
# Boots a volume whose /sbin/init is the libSystem benchmark program under
# `-icount shift=0` and prints its `BENCH NAME VALUE instructions/op` lines
# (guest instructions per call, repeatable from run to run). Fails unless
# the program exited with status 0 and printed at least one BENCH line.
# Usage: run_libsystem_bench.sh KERNEL VOLUME
set -uo pipefail
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
kernel=$1 volume=$2
console=$(mktemp)
trap 'rm -f "$console"' EXIT

timeout --foreground -k 5 "$BENCH_TIMEOUT" qemu-system-aarch64 -M virt -cpu cortex-a72 \
	-m 256M -icount shift=0 -display none -no-reboot -nic none -monitor none \
	-serial stdio -kernel "$kernel" -initrd "$volume" </dev/null >"$console" 2>&1
# The timed writes are carriage returns: drop them all, then take whole lines.
lines=$(tr -d '\r' <"$console" |
	grep -E '^BENCH [a-z0-9_]+ [0-9]+ instructions/op$')
if ! tr -d '\r' <"$console" | grep -q '^bsdserver: pid 1 (init) exited with status 0$' ||
	[ -z "$lines" ]; then
	echo "bench: the libSystem benchmarks did not finish; console:" >&2
	tr -d '\r' <"$console" | grep -v '^printf_line ' | sed 's/^/| /' >&2
	exit 1
fi
echo "$lines"
