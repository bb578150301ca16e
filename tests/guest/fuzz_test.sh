#!/usr/bin/env bash
# A bounded random fuzzer of the Mach traps and messages (fixed seed, hostile
# arguments): every trap returns, the kernel neither panics nor kills the
# task, and once the task has cleaned up and ended no kernel object is left.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 fuzz_volume=$2

guest_boot "$kernel" -m 256M -initrd "$fuzz_volume"
expect '^bootstrap: started /bootstrap \(task 1, entry 0x1[0-9a-f]+\)' "fuzzer loaded"
expect '^exception: EXC_SYSCALL \(code 0x1, subcode 0x0\) in task 1 .bootstrap.' "fuzzer exited through BSD exit"
expect '^exception:   x0 0x0 ' "the fuzzer ran every iteration and every check passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "nothing leaked"
expect_not 'panic' "kernel panic"
guest_done
