#!/usr/bin/env bash
# libSystem.B.dylib in a real process: bsdserver starts libsystem_init
# (programs/libsystem_init.c) as /sbin/init through dyld, linked with lld-14
# opcodes (lazy binding through libSystem's dyld_stub_binder) and with lld-16
# chained fixups. Each line the program prints is checked: printf and
# getprogname/getpid after libSystem's initializer, malloc and floating
# point, errno and strerror from a call bsdserver refuses, isatty on the
# console and on a closed descriptor, getentropy and the stack guard (from
# exec's random apple[] strings: the two processes must get different ones),
# and exit's order (atexit handlers, then stdout's unfinished line, then
# _exit with the status bsdserver reports).
# Arguments: the kernel, then the two boot volumes.
. "$(dirname "$0")/run_guest.sh"
kernel=$1
shift
declare -A guard
for volume in "$@"; do
	kind=${volume##*/dyld_libsystem_}
	kind=${kind%_volume.img}
	guest_boot "$kernel" -m 256M -initrd "$volume"
	expect '^bsdserver: started /sbin/init as pid 1$' "$kind: init started through dyld"
	expect '^libsystem_init: hello from init, pid 1, 1 argument\(s\)$' "$kind: printf, getprogname, getpid"
	expect '^libsystem_init: malloc works, 0\.333 = 1\.234568e\+04$' "$kind: malloc, %f and %e"
	expect '^libsystem_init: read\(42\) failed: Bad file descriptor$' "$kind: errno from a refused call"
	expect '^libsystem_init: isatty\(1\) = 1, isatty\(42\) = 0$' "$kind: isatty"
	expect '^libsystem_init: stack guard 0x[0-9a-f]+$' "$kind: a stack guard from exec's apple[]"
	expect '^libsystem_init: all checks passed$' "$kind: every check in the program"
	expect '^libsystem_init: exiting with status 3 and atexit ran$' "$kind: atexit runs before stdout is flushed"
	expect '^bsdserver: pid 1 \(init\) exited with status 3$' "$kind: the exit status"
	expect_not 'libsystem_init: check [0-9]+ failed' "$kind: failed checks"
	expect_not 'panic|^exception:|^dyld:|^libSystem:' "$kind: panic, exception, dyld or libSystem refusal"
	expect_not 'getentropy' "$kind: getentropy is answered, not logged as unwritten"
	guard[$kind]=$(sed -n 's/^libsystem_init: stack guard //p' "$console")
done
if [ -n "${guard[opcodes]}" ] && [ "${guard[opcodes]}" != "${guard[chained]}" ]; then
	echo "ok: two processes got different stack guards (${guard[opcodes]}, ${guard[chained]})"
else
	echo "FAIL: the stack guards are the same or missing ('${guard[opcodes]}', '${guard[chained]}')"
	failures=$((failures + 1))
fi
guest_done
