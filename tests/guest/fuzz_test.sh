#!/usr/bin/env bash
# A bounded random fuzzer of the Mach traps and messages (fixed seed, hostile
# arguments): every trap returns, the kernel neither panics nor kills the
# task, and once the task has cleaned up and ended no kernel object or page is left.
# Then the same for the RPC fast path's fuzzer (programs/rpc_fuzz.c), whose
# threads call and answer with mach_msg(SEND|RCV).
. "$(dirname "$0")/run_guest.sh"
kernel=$1 fuzz_volume=$2 rpc_fuzz_volume=$3
# Exit status 0 through BSD exit (x16 = 1); x1 of the RPC fuzzer's holds its figures.
passed='^exception:   x0 0x0  x1 0x[0-9a-f]+  x16 0x1  '

guest_boot "$kernel" -m 256M -initrd "$fuzz_volume"
expect '^bootstrap: started /bootstrap \(task 1, entry 0x1[0-9a-f]+\)' "fuzzer loaded"
expect '^exception: EXC_SYSCALL \(code 0x1, subcode 0x0\) in task 1 .bootstrap.' "fuzzer exited through BSD exit"
expect "$passed" "the fuzzer ran every iteration and every check passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "nothing leaked"
expect '^bootstrap: kernel pages left: 0$' "no page leaked"
expect '^bootstrap: kernel heap allocations left: 0$' "no heap allocation leaked"
expect_not 'panic' "kernel panic"

# Ten more seeds, 40,000 iterations each (bootstrap.arg=ITERATIONS:SEED).
for seed in 1 2 3 4 5 6 7 8 9 10; do
	guest_boot "$kernel" -m 256M -initrd "$fuzz_volume" -append "bootstrap.arg=40000:$seed"
	expect "$passed" "seed $seed: every iteration ran and every check passed"
	expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "seed $seed: nothing leaked"
	expect '^bootstrap: kernel pages left: 0$' "seed $seed: no page leaked"
	expect '^bootstrap: kernel heap allocations left: 0$' "seed $seed: no heap allocation leaked"
	expect_not 'panic' "seed $seed: kernel panic"
done

# The RPC fuzzer: its default count with its fixed seed, then five more seeds,
# then its reproductions of two bugs it found: an aborted waiter taking the
# wakeup due to the next receiver (pool) or sender (senders), and a receive
# that missed its port's move away (away) or back under a new name (moved).
# x1 of the exit report holds the share of requests and replies handed over.
for arg in "" 100000:1 100000:2 100000:3 100000:4 100000:5 pool senders moved away; do
	guest_boot "$kernel" -m 256M -initrd "$rpc_fuzz_volume" ${arg:+-append "bootstrap.arg=$arg"}
	expect '^exception: EXC_SYSCALL \(code 0x1, subcode 0x0\) in task 1 .bootstrap.' "rpc_fuzz ${arg:-default}: exited through BSD exit"
	expect "$passed" "rpc_fuzz ${arg:-default}: every call ran and every check passed"
	expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "rpc_fuzz ${arg:-default}: nothing leaked"
	expect '^bootstrap: kernel pages left: 0$' "rpc_fuzz ${arg:-default}: no page leaked"
	expect '^bootstrap: kernel heap allocations left: 0$' "rpc_fuzz ${arg:-default}: no heap allocation leaked"
	expect_not 'panic' "rpc_fuzz ${arg:-default}: kernel panic"
done
guest_done
