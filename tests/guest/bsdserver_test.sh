#!/usr/bin/env bash
# bsdserver (//bsdserver), started by the bootstrap after the console driver,
# with host_priv and the boot volume: it starts /sbin/init (programs/
# bsd_init_test.c) through /usr/lib/dyld (programs/exec_contract_dyld.c, which
# checks the stack bsdserver built) as pid 1 with the console as descriptors
# 0-2. init's raw BSD calls check results and errors, then lines typed on the
# serial line go through the tty (echo, erase, kill, EOF, raw mode, a read
# aborted by thread_abort that must not take the next line), then
# malformed messages on its own syscall port and random calls must leave
# bsdserver answering. When init
# exits, bsdserver powers the machine off. Volumes without /usr/lib/dyld and
# with an /sbin/init that is not Mach-O: bsdserver says why init cannot start
# and powers off, as with a dyld that overlaps the program. An init that
# faults: bsdserver notices its task's end.
#
# Arguments: the kernel, the test's boot volume, the volumes without dyld,
# with a faulting init, with an init that is not Mach-O, and with a dyld that
# overlaps init.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 volume=$2 no_dyld_volume=$3 fault_volume=$4 not_macho_volume=$5 overlap_volume=$6

typing="${TEST_TMPDIR:-/tmp}/bsdserver_typing"
{
	printf '^bsd_init_test: type a line$\thello\n'
	printf '^bsd_init_test: type with erase$\tabx\b\177c\n'
	printf '^bsd_init_test: type with kill$\tjunk\025ok\n'
	printf '^bsd_init_test: type end of file$\t\004\n'
	printf '^bsd_init_test: type raw$\txyz\n'
	printf '^bsd_init_test: type after abort$\tafter\n'
} >"$typing"

guest_boot_typing "$kernel" "$typing" -m 256M -initrd "$volume"
expect '^bootstrap: started /servers/bsdserver with host_priv with the boot volume' \
	"the bootstrap starts bsdserver with host_priv and the boot volume"
expect '^bsdserver: started /sbin/init as pid 1$' "init started through dyld"
expect '^bsd_init_test: started$' "init writes to the console"
expect '^bsdserver: fork \(syscall 2\) is not written yet: ENOSYS$' "an unwritten call is named"
expect '^bsdserver: unknown syscall 9999: ENOSYS' "an unknown number is reported"
if [ "$(grep -c 'fork (syscall 2)' "$console")" -ne 1 ]; then
	echo "FAIL: an unwritten call is logged more than once"
	failures=$((failures + 1))
fi
expect '^bsd_init_test: writev works$' "writev"
expect '^hello$' "typed input echoed by the tty"
expect '^bsd_init_test: fuzz done$' "random calls answered, bsdserver still there"
expect '^bsd_init_test: all checks passed$' "every call's results and errors"
expect_not '^bsd_init_test: check [0-9]+ failed' "failed checks"
expect_not 'getentropy' "getentropy answered (not logged as unwritten)"
expect '^bsdserver: pid 1 \(init\) exited with status 0$' "init's exit"
expect '^bsdserver: init has ended and no process is left; powering off$' "bsdserver powers off"
expect_not 'panic|^exception:' "kernel panic or exception"

guest_boot "$kernel" -m 256M -initrd "$no_dyld_volume"
expect '^bsdserver: cannot start /sbin/init: cannot load the dynamic linker: /usr/lib/dyld: no such file or directory \(errno 2\)$' \
	"a missing dynamic linker is refused, clearly"
expect '^bsdserver: init could not start; powering off$' "and bsdserver powers off"
expect_not 'panic|^exception:' "no dyld: kernel panic or exception"

guest_boot "$kernel" -m 256M -initrd "$not_macho_volume"
expect '^bsdserver: cannot start /sbin/init: /sbin/init: not a 64-bit little-endian Mach-O image .*\(errno 8\)$' \
	"a file that is not Mach-O is refused"
expect '^bsdserver: init could not start; powering off$' "not Mach-O: bsdserver powers off"

guest_boot "$kernel" -m 256M -initrd "$overlap_volume"
expect "^bsdserver: cannot start /sbin/init: /sbin/init: the program's segments overlap the dynamic linker's \\(errno 8\\)$" \
	"a dynamic linker overlapping the program is refused"

guest_boot "$kernel" -m 256M -initrd "$fault_volume"
expect '^bsd_init_fault: faulting now$' "the faulting init runs"
expect '^bsdserver: pid 1 \(init\) ended without exit$' "its task's end is noticed"
expect '^bsdserver: init has ended and no process is left; powering off$' "fault: bsdserver powers off"
expect_not 'panic' "fault: kernel panic"
guest_done
