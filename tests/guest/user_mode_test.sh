#!/usr/bin/env bash
# The first user task: the kernel loads a Mach-O program from the boot volume,
# runs it at EL0 with demand-zero memory, the Mach traps and Mach IPC, and turns
# every user fault into a reported Mach exception that ends the task — never a
# kernel panic. After each task the kernel must hold no port, task or VM object.
. "$(dirname "$0")/run_guest.sh"
kernel=$1 core_volume=$2 fault_volume=$3 ipc_volume=$4 thread_volume=$5 vm_volume=$6 syscall_volume=$7 notify_volume=$8 exception_volume=$9 task_volume=${10} semaphore_volume=${11} timer_volume=${12}

guest_boot "$kernel" -m 256M -initrd "$core_volume"
expect '^bootstrap: started /bootstrap \(task 1, entry 0x1[0-9a-f]+\)' "boot task loaded"
# The program's exit status (BSD exit, syscall 1) is x0 of the EXC_SYSCALL report: 0 = all checks passed.
expect '^exception: EXC_SYSCALL \(code 0x1, subcode 0x0\) in task 1 .bootstrap.' "program exited through BSD exit"
expect '^exception:   x0 0x0 ' "every check in mach_core_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "task end reported, nothing leaked"
expect '^bootstrap: nothing left to run, powering off' "machine stops"
expect_not 'panic' "kernel panic"

# Mach IPC from user mode: every check in ipc_test (exit status 0), no port or object left behind.
guest_boot "$kernel" -m 256M -initrd "$ipc_volume"
expect '^exception:   x0 0x0 ' "every check in ipc_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "IPC: nothing leaked"
expect_not 'panic' "kernel panic in IPC"

# A second thread made by thread_create_running (a MIG request to the task port), RPCs between them.
guest_boot "$kernel" -m 256M -initrd "$thread_volume"
expect '^exception:   x0 0x0 ' "every check in thread_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "threads: nothing leaked"
expect_not 'panic' "kernel panic with two threads"

# The Mach VM traps from user mode: every check in vm_test (exit status 0), no object left behind.
guest_boot "$kernel" -m 256M -initrd "$vm_volume"
expect '^exception:   x0 0x0 ' "every check in vm_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "VM: nothing leaked"
expect_not 'panic' "kernel panic in the VM traps"

# The IPC trace (boot argument ipc.trace=1) shows thread_test's traffic: the
# thread_create_running request to the task port (port 2; port 1 is the host's),
# the kernel's complex reply on the reply port (port 3), and an RPC that thread 2
# receives and answers.
guest_boot "$kernel" -m 256M -initrd "$thread_volume" -append "ipc.trace=1"
expect '^ipctrace: [0-9]+ messages recorded' "trace dumped when the task ends"
expect '^ipctrace: [0-9]+ send task 1 thread 1 port 2 id 3412 size 312 desc 0 result 0x0$' "request to the task port"
expect '^ipctrace: [0-9]+ kern task 0 thread 0 port 3 id 3512 size 40 desc 1 result 0x0$' "kernel reply with the thread port"
expect '^ipctrace: [0-9]+ recv task 1 thread 1 port 3 id 3512 size 40 desc 1 result 0x0$' "reply received"
expect '^ipctrace: [0-9]+ recv task 1 thread 2 port 4 id 10 size 32 desc 0 result 0x0$' "second thread receives the RPC"
expect '^ipctrace: [0-9]+ send task 1 thread 2 port 3 id 110 size 32 desc 0 result 0x0$' "second thread answers"

# BSD calls forwarded to a syscall port that a second thread of the same task serves.
guest_boot "$kernel" -m 256M -initrd "$syscall_volume"
expect '^exception:   x0 0x0 ' "every check in syscall_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "forwarding: nothing leaked"
expect_not 'panic' "kernel panic in forwarding"

# Notifications (dead-name, no-senders, port-destroyed, send-once, port-deleted) and mach_port_* routines.
guest_boot "$kernel" -m 256M -initrd "$notify_volume"
expect '^exception:   x0 0x0 ' "every check in notify_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "notifications: nothing leaked"
expect_not 'panic' "kernel panic in notifications"

# Exception ports: a second thread handles the main thread's faults and breakpoints (thread level
# first, then task level) and resumes it with new state; the exit goes to a handler that refuses it.
guest_boot "$kernel" -m 256M -initrd "$exception_volume"
expect '^exception: EXC_SYSCALL \(code 0x1, subcode 0x0\) in task 1 .bootstrap. thread [0-9]+ at pc 0x[0-9a-f]+; not handled, terminating the task' "refused exit reported"
expect '^exception:   x0 0x0 ' "every check in exception_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "exception ports: nothing leaked"
expect_not '^exception: EXC_(BAD_ACCESS|BREAKPOINT)' "handled exception reported"
expect_not 'panic' "kernel panic in exception handling"

# Two tasks: task_create with inherited memory, a thread in the child, RPCs from child to parent.
guest_boot "$kernel" -m 256M -initrd "$task_volume"
expect '^exception:   x0 0x0 ' "every check in task_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "two tasks: nothing leaked"
expect_not 'panic' "kernel panic with two tasks"

# Semaphores: create/destroy through the task port, the signal and wait traps, two threads.
guest_boot "$kernel" -m 256M -initrd "$semaphore_volume"
expect '^exception:   x0 0x0 ' "every check in semaphore_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "semaphores: nothing leaked"
expect_not 'panic' "kernel panic with semaphores"

# Mach timers: arm, fire no earlier than the deadline, cancel, destroy; an armed timer left at exit.
guest_boot "$kernel" -m 256M -initrd "$timer_volume"
expect '^exception:   x0 0x0 ' "every check in timer_test passed (exit status 0)"
expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "timers: nothing leaked"
expect_not 'panic' "kernel panic with timers"

check_fault() {
	local kind=$1 pattern=$2
	guest_boot "$kernel" -m 256M -initrd "$fault_volume" -append "bootstrap.arg=$kind"
	expect "$pattern" "$kind: reported"
	expect '^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects' "$kind: task ended, nothing leaked"
	expect_not 'panic' "$kind: kernel panic"
}
check_fault null '^exception: EXC_BAD_ACCESS \(code 0x1, subcode 0x0\)'
check_fault write-text '^exception: EXC_BAD_ACCESS \(code 0x2, subcode 0x1[0-9a-f]+\)'
check_fault wild '^exception: EXC_BAD_ACCESS \(code 0x1, subcode 0x7ff000000000\)'
check_fault kernel-address '^exception: EXC_BAD_ACCESS \(code 0x1, subcode 0xffff000040080000\)'
check_fault brk '^exception: EXC_BREAKPOINT \(code 0x1, subcode 0x2a\)'
check_fault undef '^exception: EXC_BAD_INSTRUCTION \(code 0x1, subcode 0x0\)'
check_fault bad-trap '^exception: EXC_MACH_SYSCALL \(code 0xffffffffffffff38, subcode 0x0\)'
check_fault unwritten-trap '^syscall: Mach trap -32 \(mach_msg_overwrite_trap\) is not implemented yet'
# (QEMU does not check SP alignment, so the SP-alignment exception cannot be tested here.)
guest_done
