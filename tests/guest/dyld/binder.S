/*
 * dyld_stub_binder as the contract (userland/dyld/dyld_libsystem.h) has it:
 * entered from a lazy stub with [sp] = the lazy-bind offset and [sp + 8] =
 * the image's __dyld_private address; saves the argument registers, calls
 * tessera_dyld_api.lazy_bind(the value dyld wrote there, offset), restores
 * them, pops the two words and jumps to the answer. It counts its calls in
 * tsys_lazy_binds, so a test can tell lazy binding happened.
 */
	.text
	.globl	dyld_stub_binder
	.p2align 2
dyld_stub_binder:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	sub	sp, sp, #208
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	str	x8, [sp, #64]
	stp	q0, q1, [sp, #80]
	stp	q2, q3, [sp, #112]
	stp	q4, q5, [sp, #144]
	stp	q6, q7, [sp, #176]
	adrp	x9, _tsys_lazy_binds@PAGE
	add	x9, x9, _tsys_lazy_binds@PAGEOFF
	ldr	x10, [x9]
	add	x10, x10, #1
	str	x10, [x9]
	ldr	x1, [x29, #16]
	ldr	x0, [x29, #24]
	ldr	x0, [x0]
	adrp	x9, _tessera_dyld_api@PAGE
	add	x9, x9, _tessera_dyld_api@PAGEOFF
	ldr	x9, [x9, #8]
	blr	x9
	mov	x16, x0
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldr	x8, [sp, #64]
	ldp	q0, q1, [sp, #80]
	ldp	q2, q3, [sp, #112]
	ldp	q4, q5, [sp, #144]
	ldp	q6, q7, [sp, #176]
	add	sp, sp, #208
	ldp	x29, x30, [sp], #16
	add	sp, sp, #16
	br	x16
