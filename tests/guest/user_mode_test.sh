#!/usr/bin/env bash
# The first user task: the kernel loads a Mach-O program from the boot volume,
# runs it at EL0 with demand-zero memory, the Mach traps and Mach IPC, and turns
# every user fault into a reported Mach exception that ends the task — never a
# kernel panic. After each task the kernel must hold no port, task or VM object.
#
# Arguments: the kernel, then the programs' boot volumes (NAME_volume.img).
. "$(dirname "$0")/run_guest.sh"
kernel=$1
shift
declare -A volume
for image in "$@"; do
	name=${image##*/}
	volume[${name%_volume.img}]=$image
done

# The program exits (BSD exit, syscall 1, which becomes an EXC_SYSCALL report
# since nothing serves it) with status 0 when all its checks passed; the
# status is x0 of the report, whose x16 of 1 tells it from a child's fault.
passed='^exception:   x0 0x0  x1 0x[0-9a-f]+  x16 0x1  '
no_leaks='^bootstrap: task .bootstrap. has ended; kernel objects left: 0 ports, 0 tasks, 0 VM objects'
# Page tables, memory objects' pages and kernel stacks: every page is back once the task has ended.
no_page_leaks='^bootstrap: kernel pages left: 0$'
# Every kernel heap allocation too, but the message buffers kept for reuse.
no_heap_leaks='^bootstrap: kernel heap allocations left: 0$'

# check_program NAME WHAT [QEMU ARGS...]: every check passed, nothing leaked, no panic.
check_program() {
	local name=$1 what=$2
	shift 2
	guest_boot "$kernel" -m 256M -initrd "${volume[$name]}" "$@"
	expect "$passed" "every check in $name passed (exit status 0)"
	expect "$no_leaks" "$what: nothing leaked"
	expect "$no_page_leaks" "$what: no page leaked"
	expect "$no_heap_leaks" "$what: no heap allocation leaked"
	expect_not 'panic' "kernel panic: $what"
}

guest_boot "$kernel" -m 256M -initrd "${volume[mach_core_test]}"
expect '^bootstrap: started /bootstrap \(task 1, entry 0x1[0-9a-f]+\)' "boot task loaded"
expect '^exception: EXC_SYSCALL \(code 0x1, subcode 0x0\) in task 1 .bootstrap.' "program exited through BSD exit"
expect "$passed" "every check in mach_core_test passed (exit status 0)"
expect "$no_leaks" "task end reported, nothing leaked"
expect "$no_page_leaks" "no page leaked"
expect "$no_heap_leaks" "no heap allocation leaked"
expect '^bootstrap: nothing left to run, powering off' "machine stops"
expect_not 'panic' "kernel panic"

# Mach IPC from user mode.
check_program ipc_test "IPC"

# A second thread made by thread_create_running (a MIG request to the task port), RPCs between them.
check_program thread_test "threads"

# An RPC caller's wait for its reply, which keeps no kernel stack, ended each way it can end.
check_program rpc_wait_test "RPC waits"

# The Mach VM traps from user mode.
check_program vm_test "VM"

# The IPC trace (boot argument ipc.trace=1) shows thread_test's traffic: the
# thread_create_running request to the task port (port 7; ports 1 and 2 are the
# host's and host_priv's, 3 to 6 the clocks'), the kernel's complex reply on the
# reply port (port 8), and an RPC (port 9) that thread 2 receives and answers.
guest_boot "$kernel" -m 256M -initrd "${volume[thread_test]}" -append "ipc.trace=1"
expect '^ipctrace: [0-9]+ records made' "trace dumped when the task ends"
expect '^ipctrace: [0-9]+ send task 1 thread 1 port 7 id 3412 size 312 desc 0 result 0x0$' "request to the task port"
expect '^ipctrace: [0-9]+ kern task 0 thread 0 port 8 id 3512 size 40 desc 1 result 0x0$' "kernel reply with the thread port"
expect '^ipctrace: [0-9]+ recv task 1 thread 1 port 8 id 3512 size 40 desc 1 result 0x0$' "reply received"
expect '^ipctrace: [0-9]+ recv task 1 thread 2 port 9 id 10 size 32 desc 0 result 0x0$' "second thread receives the RPC"
expect '^ipctrace: [0-9]+ send task 1 thread 2 port 8 id 110 size 32 desc 0 result 0x0$' "second thread answers"

# BSD calls forwarded to a syscall port that a second thread of the same task serves.
check_program syscall_test "forwarding"

# Notifications (dead-name, no-senders, port-destroyed, send-once, port-deleted), mach_port_*
# routines, and mach_port_construct/destruct.
check_program notify_test "notifications"

# Exception ports: a second thread handles the main thread's faults and breakpoints (thread level
# first, then task level) and resumes it with new state; the exit goes to a handler that refuses it.
guest_boot "$kernel" -m 256M -initrd "${volume[exception_test]}"
expect '^exception: EXC_SYSCALL \(code 0x1, subcode 0x0\) in task 1 .bootstrap. thread [0-9]+ at pc 0x[0-9a-f]+; not handled, terminating the task' "refused exit reported"
expect "$passed" "every check in exception_test passed (exit status 0)"
expect "$no_leaks" "exception ports: nothing leaked"
expect "$no_page_leaks" "exception ports: no page leaked"
expect "$no_heap_leaks" "exception ports: no heap allocation leaked"
expect_not '^exception: EXC_(BAD_ACCESS|BREAKPOINT)' "handled exception reported"
expect_not 'panic' "kernel panic in exception handling"

# Every exception kind the machine raises, to the thread's, task's and host's handlers, in every
# behavior with 32- and 64-bit codes; each resumes the thread where its handler says.
check_program exception_kinds_test "exception kinds"
expect_not '^exception: EXC_(BAD_ACCESS|BAD_INSTRUCTION|BREAKPOINT|MACH_SYSCALL)' "handled exception reported"

# Two tasks: task_create with inherited memory, a thread in the child, RPCs from child to parent;
# a child named with task_set_name is reported by that name when it faults.
check_program task_test "two tasks"
expect "^exception: EXC_BAD_ACCESS \\(code 0x1, subcode 0x0\\) in task [0-9]+ 'named-child'" "the named child's fault, by its name"

# Another task's memory through the mach_vm routines and traps on its task port.
check_program vm_remote_test "remote VM"

# Shared memory: memory entries mapped shared or copied, in this task and others; VM_INHERIT_SHARE.
check_program shared_memory_test "shared memory"

# The host ports: information, privilege (host_priv for the boot task, inherited, given up),
# special ports, host-level exception handlers, the clocks (the RTC set to a known time; the
# kernel reads it at boot); then host_reboot powers the machine off.
rtc=(-rtc base=2030-01-02T03:04:05)
check_program host_test "host" "${rtc[@]}"
expect '^clock: PL031 real-time clock, 2030-01-02 03:04:0[5-9] UTC at boot$' "the calendar read from the RTC"
expect '^random: seeded from the device tree \(rng-seed 32 bytes, kaslr-seed 8 bytes\) and the timer$' \
	"the random generator seeded from QEMU's /chosen seeds"
# Without seeds in the device tree the generator says it is weak, and still answers.
check_program host_test "host, no seed" -M virt,dtb-randomness=off "${rtc[@]}"
expect '^random: WARNING: the device tree has no /chosen rng-seed or kaslr-seed; seeded from timer jitter only, which is WEAK$' \
	"no seed: the console says the generator is weak"
guest_boot "$kernel" -m 256M -initrd "${volume[host_test]}" -append "bootstrap.arg=reboot" "${rtc[@]}"
expect "^host: power-off requested by task 1 'bootstrap'" "host_reboot reported"
expect_not 'has ended' "task ended instead of the machine stopping"
[ "$guest_status" -eq 0 ] || { echo "FAIL: QEMU exit status $guest_status after power-off"; failures=$((failures + 1)); }

# A driver's view: the UART's registers mapped into the task (written to from user space) and
# its interrupt delivered as messages; an attachment left at exit ends with its port.
check_program device_test "devices"
expect '^device_test: written by user space$' "user-space write through the mapped UART"

# Physical memory exhaustion: KERN_RESOURCE_SHORTAGE to the caller, and all memory back after.
check_program exhaustion_test "memory exhaustion"

# Semaphores: create/destroy through the task port, the signal and wait traps, two threads.
check_program semaphore_test "semaphores"

# Mach timers: arm, fire no earlier than the deadline, cancel, destroy; an armed timer left at exit.
check_program timer_test "timers"

# libSystem's Mach layer: generated stubs of each kernel interface, a reply port per thread under
# two threads' concurrent RPCs, mach_msg's retry after thread_abort, mach_msg_destroy, and a server
# on mach_msg_server_once with a generated demux.
check_program machlib_test "Mach library"

check_fault() {
	local kind=$1 pattern=$2
	guest_boot "$kernel" -m 256M -initrd "${volume[fault_test]}" -append "bootstrap.arg=$kind"
	expect "$pattern" "$kind: reported"
	expect "$no_leaks" "$kind: task ended, nothing leaked"
	expect "$no_page_leaks" "$kind: no page leaked"
	expect "$no_heap_leaks" "$kind: no heap allocation leaked"
	expect_not 'panic' "$kind: kernel panic"
}
check_fault null '^exception: EXC_BAD_ACCESS \(code 0x1, subcode 0x0\)'
check_fault write-text '^exception: EXC_BAD_ACCESS \(code 0x2, subcode 0x1[0-9a-f]+\)'
check_fault wild '^exception: EXC_BAD_ACCESS \(code 0x1, subcode 0x7ff000000000\)'
check_fault kernel-address '^exception: EXC_BAD_ACCESS \(code 0x1, subcode 0xffff000040080000\)'
check_fault brk '^exception: EXC_BREAKPOINT \(code 0x1, subcode 0x2a\)'
check_fault undef '^exception: EXC_BAD_INSTRUCTION \(code 0x1, subcode 0x7\)'
check_fault bad-trap '^exception: EXC_MACH_SYSCALL \(code 0xffffffffffffff38, subcode 0x0\)'
# Physical memory exhausted by the task's own stores: the fault is an exception, not a panic.
check_fault exhaust '^exception: EXC_BAD_ACCESS \(code 0x6, subcode 0x[0-9a-f]+\)'
check_fault unwritten-trap '^syscall: Mach trap -46 \(pid_for_task\) is not implemented yet'
# (QEMU does not check SP alignment, so the SP-alignment exception cannot be tested here.)
guest_done
