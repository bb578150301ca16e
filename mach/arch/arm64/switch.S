/*
 * Thread switching and thread start. A switched-out thread's kernel state is
 * a struct arch_context (context.h); its user state, if any, is the trap frame
 * at the top of its kernel stack.
 */
#include "arch/arm64/trap.h"

	/* The kernel is built without FP/SIMD; these two routines save the user's. */
	.arch	armv8-a+fp+simd

/* Saves the running thread's kernel state (callee-saved registers, sp) in *x0; uses x3. */
.macro	save_context
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x3, sp
	str	x3, [x0, #96]
.endm

	.text
	.globl	arch_context_switch
arch_context_switch:
	save_context
	mov	x0, x1
	/* Then resumes *to as arch_context_load does. */
	.globl	arch_context_load
arch_context_load:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x2, [x0, #96]
	mov	sp, x2
	ret

/* A new kernel thread: x19 = function, x20 = argument. */
	.globl	arch_kernel_thread_entry
arch_kernel_thread_entry:
	bl	sched_thread_begin
	mov	x0, x20
	blr	x19
	bl	thread_exit_self

/*
 * A new user thread: x19 = its trap frame (top of the kernel stack), which
 * holds the initial user registers. Leave through the exception return path,
 * with IRQs masked as on every other way there: sched_thread_begin unmasks
 * them, and an interrupt between exception_return's writes of ELR_EL1 and
 * SPSR_EL1 would overwrite both, sending the thread to a kernel address.
 */
	.globl	arch_user_thread_entry
arch_user_thread_entry:
	bl	sched_thread_begin
	bl	thread_ast
	msr	daifset, #2
	sub	sp, x19, #16
	stp	xzr, xzr, [sp]
	b	exception_return

/*
 * arch_continue(from, frame, continuation): saves the running thread's state
 * in *from as arch_context_switch does (unless from is NULL: it is given
 * up), then starts the next thread's continuation on a fresh stack below its
 * user frame: continuation(frame), then back to user mode. The continuation
 * releases the sched_lock the switch held.
 */
	.globl	arch_continue
arch_continue:
	cbz	x0, 1f
	save_context
	/* One frame record below the user frame, as the exception entry leaves it. */
1:	sub	sp, x1, #16
	stp	xzr, xzr, [sp]
	mov	x29, sp
	mov	x0, x1
	blr	x2
	b	exception_return

	.globl	arch_fp_save
arch_fp_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret

	.globl	arch_fp_restore
arch_fp_restore:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
