/*
 * The exception vector table (VBAR_EL1): 16 slots of 0x80 bytes, in groups of
 * four (synchronous, IRQ, FIQ, SError) for: current EL with SP_EL0, current EL
 * with SP_ELx, lower EL AArch64, lower EL AArch32. Every entry saves a
 * struct trap_frame (trap.h) on the kernel stack and calls a C handler.
 */
#include "arch/arm64/trap.h"

.macro	save_frame
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X(0)]
	stp	x2, x3, [sp, #TF_X(2)]
	stp	x4, x5, [sp, #TF_X(4)]
	stp	x6, x7, [sp, #TF_X(6)]
	stp	x8, x9, [sp, #TF_X(8)]
	stp	x10, x11, [sp, #TF_X(10)]
	stp	x12, x13, [sp, #TF_X(12)]
	stp	x14, x15, [sp, #TF_X(14)]
	stp	x16, x17, [sp, #TF_X(16)]
	stp	x18, x19, [sp, #TF_X(18)]
	stp	x20, x21, [sp, #TF_X(20)]
	stp	x22, x23, [sp, #TF_X(22)]
	stp	x24, x25, [sp, #TF_X(24)]
	stp	x26, x27, [sp, #TF_X(26)]
	stp	x28, x29, [sp, #TF_X(28)]
	mrs	x0, sp_el0
	stp	x30, x0, [sp, #TF_X(30)]
	mrs	x3, elr_el1
	mrs	x1, spsr_el1
	stp	x3, x1, [sp, #TF_ELR]
	mrs	x2, esr_el1
	mrs	x1, far_el1
	stp	x2, x1, [sp, #TF_ESR]
	/* A frame record so backtraces walk through the exception into the interrupted code. */
	stp	x29, x3, [sp, #-16]!
	mov	x29, sp
	add	x0, sp, #16
	/* x0 = the frame, w2 = ESR_EL1. */
.endm

/* Undoes save_frame and returns from the exception. */
.macro	restore_frame
	add	sp, sp, #16
	ldp	x0, x1, [sp, #TF_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x30, x0, [sp, #TF_X(30)]
	msr	sp_el0, x0
	ldp	x0, x1, [sp, #TF_X(0)]
	ldp	x2, x3, [sp, #TF_X(2)]
	ldp	x4, x5, [sp, #TF_X(4)]
	ldp	x6, x7, [sp, #TF_X(6)]
	ldp	x8, x9, [sp, #TF_X(8)]
	ldp	x10, x11, [sp, #TF_X(10)]
	ldp	x12, x13, [sp, #TF_X(12)]
	ldp	x14, x15, [sp, #TF_X(14)]
	ldp	x16, x17, [sp, #TF_X(16)]
	ldp	x18, x19, [sp, #TF_X(18)]
	ldp	x20, x21, [sp, #TF_X(20)]
	ldp	x22, x23, [sp, #TF_X(22)]
	ldp	x24, x25, [sp, #TF_X(24)]
	ldp	x26, x27, [sp, #TF_X(26)]
	ldp	x28, x29, [sp, #TF_X(28)]
	add	sp, sp, #TF_SIZE
	eret
.endm

.macro	entry name, handler
\name:
	save_frame
	bl	\handler
	b	exception_return
.endm

.macro	unexpected_entry kind
unexpected_\kind:
	save_frame
	mov	x1, #\kind
	bl	trap_unexpected
	b	exception_return
.endm

.macro	slot target
	.balign	0x80
	b	\target
.endm

	.text
	.balign	2048
	.globl	exception_vectors
exception_vectors:
	/* Current EL, SP_EL0: the kernel never runs on SP_EL0. */
	slot	unexpected_0
	slot	unexpected_1
	slot	unexpected_2
	slot	unexpected_3
	/* Current EL, SP_EL1: the kernel itself. */
	slot	el1_sync
	slot	el1_irq
	slot	unexpected_6
	slot	unexpected_7
	/* Lower EL, AArch64: user tasks. */
	slot	el0_sync
	slot	el0_irq
	slot	unexpected_10
	slot	unexpected_11
	/* Lower EL, AArch32: not supported. */
	slot	unexpected_12
	slot	unexpected_13
	slot	unexpected_14
	slot	unexpected_15

	entry	el1_sync, trap_sync_kernel
	entry	el1_irq, trap_irq
	entry	el0_irq, trap_irq
	unexpected_entry 0
	unexpected_entry 1
	unexpected_entry 2
	unexpected_entry 3
	unexpected_entry 6
	unexpected_entry 7
	unexpected_entry 10
	unexpected_entry 11
	unexpected_entry 12
	unexpected_entry 13
	unexpected_entry 14
	unexpected_entry 15

/*
 * From user mode: the system call gate (svc #0x80, the one ESR value it can
 * have), the hottest path there is. mach_msg (x16, untouched by save_frame)
 * goes first to mach_msg_rpc, which takes an RPC's step or leaves the call,
 * unchanged, to syscall_dispatch like every other. Every other synchronous
 * exception is decoded by trap_sync_user.
 */
el0_sync:
	save_frame
	mov	w1, #(ESR_SVC_DARWIN & 0xffff)
	movk	w1, #(ESR_SVC_DARWIN >> 16), lsl #16
	cmp	w2, w1
	b.ne	1f
	cmn	w16, #-MACH_MSG_TRAP_NUMBER
	b.ne	2f
	bl	mach_msg_rpc
	tbnz	w0, #0, exception_return /* a bool: only its low bits are defined */
	add	x0, sp, #16
2:	bl	syscall_dispatch
	b	exception_return
1:	bl	trap_sync_user
	b	exception_return

	.globl	exception_return
exception_return:
	restore_frame
