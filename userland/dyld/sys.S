/*
 * dyld's system calls (sys.h). A BSD call puts its number in x16 and enters
 * with `svc #0x80`; the kernel sets the carry flag on error with errno in
 * x0, which the stub negates. A Mach trap is the negated number, result in
 * x0.
 */

.macro BSD_CALL name, number
	.text
	.globl	_\name
	.p2align 2
_\name:
	mov	x16, #\number
	svc	#0x80
	b.cc	1f
	neg	x0, x0
1:	ret
.endm

.macro MACH_TRAP name, number
	.text
	.globl	_\name
	.p2align 2
_\name:
	mov	x16, #-\number
	svc	#0x80
	ret
.endm

BSD_CALL dyld_sys_write, 4
BSD_CALL dyld_sys_open, 5
BSD_CALL dyld_sys_close, 6
BSD_CALL dyld_sys_pread, 153
BSD_CALL dyld_sys_issetugid, 327
BSD_CALL dyld_sys_fstat64, 339

MACH_TRAP dyld_vm_allocate, 10
MACH_TRAP dyld_vm_deallocate, 12
MACH_TRAP dyld_vm_protect, 14
MACH_TRAP dyld_task_self, 28
MACH_TRAP dyld_thread_switch, 61

/* exit does not come back; if it ever did, the task faults rather than run on. */
	.text
	.globl	_dyld_sys_exit
	.p2align 2
_dyld_sys_exit:
	mov	x16, #1
	svc	#0x80
	brk	#1

/* PLATFORM_SET_CTHREAD_SELF: x16 = 0x80000000, x3 = 2. */
	.text
	.globl	_dyld_set_tsd_base
	.p2align 2
_dyld_set_tsd_base:
	mov	x3, #2
	mov	x16, #0x80000000
	svc	#0x80
	ret
