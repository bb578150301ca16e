#!/usr/bin/env bash
# libSystem's BSD layer in the guest before bsdserver exists: the boot task
# serves its own BSD calls (programs/libsystem_bsd_test.c) and ends with
# status 0 when every check passed, which the kernel reports as the x0 of the
# unhandled EXC_SYSCALL of its final exit.
# Arguments: the kernel, the program's boot volume.
. "$(dirname "$0")/run_guest.sh"

guest_boot "$1" -m 256M -initrd "$2"
expect '^bootstrap: started /bootstrap' "program loaded"
expect '^exception: EXC_SYSCALL \(code 0x1, subcode 0x0\) in task 1 .bootstrap.' "ended through BSD exit"
expect '^exception:   x0 0x0  x1 0x[0-9a-f]+  x16 0x1  ' "every check passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "nothing leaked"
expect '^bootstrap: kernel heap allocations left: 0$' "no heap allocation leaked"
expect_not 'panic' "kernel panic"
guest_done
