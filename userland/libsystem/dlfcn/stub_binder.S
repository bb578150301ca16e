/*
 * dyld_stub_binder: the target of every image's lazy stub helper on its
 * first call of an imported function (no leading underscore: that is the
 * name ld64 and lld look for in libSystem). The helper pushed 16 bytes:
 * [sp] = x16 = the lazy-bind offset, [sp + 8] = x17 = the address of the
 * image's __dyld_private slot (dyld/dyld_libsystem.h). The call's own
 * arguments are still in x0-x8 and q0-q7, so they are saved around the
 * lookup (dlfcn_lazy_bind, lazy_bind.c), the 16 bytes are popped, and the
 * binder jumps to the target as if the program had called it.
 */
	.text
	.globl	dyld_stub_binder
	.p2align 2
dyld_stub_binder:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	sub	sp, sp, #208		/* x0-x8 (72, rounded to 80) and q0-q7 (128) */
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	str	x8, [sp, #64]
	stp	q0, q1, [sp, #80]
	stp	q2, q3, [sp, #112]
	stp	q4, q5, [sp, #144]
	stp	q6, q7, [sp, #176]
	ldr	x0, [x29, #24]		/* the __dyld_private slot's address (pushed x17) */
	ldr	x1, [x29, #16]		/* the lazy-bind offset (pushed x16) */
	bl	_dlfcn_lazy_bind
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
	mov	sp, x29
	ldp	x29, x30, [sp], #16
	add	sp, sp, #16		/* the helper's push */
	br	x16
