/*
 * uint64_t state_call(int64_t number): makes BSD call `number` with x0 = the
 * address to resume at. The server answers with a whole new register state
 * (pc = that address, sp unchanged, x0 = its result, everything else zero), so
 * the callee-saved registers are kept on the stack across the call.
 */
	.text
	.globl	_state_call
	.p2align 2
_state_call:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	x16, x0
	adr	x0, 1f
	svc	#0x80
	brk	#2		/* a values reply would land here: wrong */
1:	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
