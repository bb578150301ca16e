#!/usr/bin/env bash
# The libSystem benchmarks with a few calls each (a build with RUNS=20): the
# run script must print the three BENCH lines, each with a positive figure.
# Usage: libsystem_bench_test.sh RUN_SCRIPT KERNEL VOLUME
set -uo pipefail
out=$(BENCH_TIMEOUT=120 "$1" "$2" "$3")
status=$?
echo "$out"
failures=0
[ "$status" -eq 0 ] || { echo "FAIL: the run script exited with $status"; failures=1; }
for name in getppid write_console_1byte printf_line; do
	if echo "$out" | grep -Eq "^BENCH $name [1-9][0-9]* instructions/op\$"; then
		echo "ok: $name"
	else
		echo "FAIL: no positive BENCH $name line"
		failures=1
	fi
done
exit "$failures"
