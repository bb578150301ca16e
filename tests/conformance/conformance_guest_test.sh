#!/usr/bin/env bash
# conformance_guest_test.sh KERNEL VOLUME GLIBC_PROGRAM: the conformance
# program on Tessera against glibc on the host. It boots VOLUME, on which
# bsdserver runs the program (conformance_tessera, linked against
# libSystem.B.dylib) as /sbin/init through dyld, cuts the program's output
# out of the console and compares it line by line with the glibc build's
# (compare_outputs.sh); then checks init's exit status and the power-off.
#
# The console carries the kernel's, the bootstrap's and the servers' lines
# too, written to the UART directly and so free to fall between the
# program's lines. The cut takes the console from the program's first line
# ("conformance start") to its last line that begins with one of the
# program's area words, and of that only the lines that so begin (every
# line the program prints does). A line between them that instead begins
# "name: ", as the system's messages do, is dropped and listed in the log;
# any other line there fails the test (so a stray line from the C library
# cannot pass for a system message), and a system message inside one of the
# program's lines makes that line differ.
. tests/guest/run_guest.sh
kernel=$1 volume=$2 glibc=$3
dir=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}
areas='^(conformance|printf|scanf|strtod|strtof|atof|strtol|sort|string|ctype|malloc|environ|stdlib|time|exit) '
system='^[a-z][a-z0-9 _-]*: '

# The run takes under 10 s on an idle machine; the limit allows for a busy one.
# Quiet: the console is 8,000 lines, kept in the undeclared outputs (and its
# end is shown below when a check fails).
GUEST_TIMEOUT=${GUEST_TIMEOUT:-120}
guest_boot "$kernel" -m 256M -initrd "$volume" >/dev/null
case $guest_status in
0) ;;
124) echo "FAIL: the guest did not power off within ${GUEST_TIMEOUT}s" ;; # guest_boot counted it
*)
	echo "FAIL: QEMU exited with $guest_status"
	failures=$((failures + 1))
	;;
esac
[ "$console" -ef "$dir/console.log" ] || cp "$console" "$dir/console.log"

part="${TEST_TMPDIR:-/tmp}/program_part.txt"
first=$(grep -nx -m 1 'conformance start' "$console" | cut -d: -f1)
last=$(grep -nE -- "$areas" "$console" | tail -n 1 | cut -d: -f1)
if [ -n "$first" ]; then
	sed -n "$first,${last}p" "$console"
fi >"$part"
grep -E -- "$areas" "$part" >"$dir/tessera.out"
grep -Ev -- "$areas" "$part" | grep -E -- "$system" | sed 's/^/system message among the lines: /'
if grep -Ev -- "$areas" "$part" | grep -Evq -- "$system"; then
	echo "FAIL: lines that are neither the program's nor system messages:"
	grep -Ev -- "$areas" "$part" | grep -Ev -- "$system" | head -n 20 | sed 's/^/| /'
	failures=$((failures + 1))
fi

"$glibc" >"$dir/glibc.out"
glibc_status=$?
[ "$glibc_status" -eq 0 ] || { echo "FAIL: the glibc build exited with $glibc_status"; failures=$((failures + 1)); }
if tests/conformance/compare_outputs.sh glibc "$dir/glibc.out" Tessera "$dir/tessera.out"; then
	echo "ok: Tessera's output is glibc's"
else
	echo "FAIL: the outputs differ (glibc.out, tessera.out and console.log are in the test's outputs)"
	failures=$((failures + 1))
fi
expect '^bsdserver: started /sbin/init as pid 1$' "bsdserver starts the program"
expect '^bsdserver: pid 1 \(init\) exited with status 0$' "the program's exit status"
expect '^host: power-off requested by task [0-9]+ .bsdserver.$' "bsdserver powers off"
expect_not 'panic|^exception:' "kernel panic or exception"
if [ "$failures" -ne 0 ]; then
	echo "the console's last 40 lines:"
	tail -n 40 "$console" | sed 's/^/| /'
fi
guest_done
