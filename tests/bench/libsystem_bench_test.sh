#!/usr/bin/env bash
# The libSystem benchmarks with a few calls each (a build with RUNS=20): the
# run script must print the four BENCH lines, each with a positive figure,
# and must fail on a volume that powers off without printing them.
# Usage: libsystem_bench_test.sh RUN_SCRIPT KERNEL VOLUME NO_BENCH_VOLUME
set -uo pipefail
run=$1 kernel=$2 volume=$3 no_bench=$4
export BENCH_TIMEOUT=50
failures=0

out=$("$run" "$kernel" "$volume")
status=$?
echo "$out"
[ "$status" -eq 0 ] || { echo "FAIL: the run script exited with $status"; failures=1; }
for name in getppid write_console_1byte printf_line spawn_hello; do
	if echo "$out" | grep -Eq "^BENCH $name [1-9][0-9]* instructions/op\$"; then
		echo "ok: BENCH $name"
	else
		echo "FAIL: no positive BENCH $name line"
		failures=1
	fi
done

if "$run" "$kernel" "$no_bench" >/dev/null 2>&1; then
	echo "FAIL: the run script succeeded on a volume without the benchmark"
	failures=1
else
	echo "ok: the run script fails without BENCH lines"
fi
exit "$failures"
