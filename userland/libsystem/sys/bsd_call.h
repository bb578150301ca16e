/*
 * BSD_CALL: one BSD system call stub, for the .S files here. The arguments
 * are already where the C calling convention put them (x0..x7); the stub
 * puts XNU's syscalls.master number in x16 and enters the kernel with
 * `svc #0x80`. The kernel (bsdserver, through it) answers with the result in
 * x0, or with the carry flag set and a positive errno in x0, which
 * sys_cerror stores and turns into -1. Mach-O has no relocation for a
 * conditional branch to another file, hence the branch around a plain `b`.
 *
 * BSD_CALL name, number[, alias...] defines _name (and _alias...).
 */
#ifndef USERLAND_LIBSYSTEM_SYS_BSD_CALL_H
#define USERLAND_LIBSYSTEM_SYS_BSD_CALL_H

/* clang-format off */
.macro BSD_CALL name, number, alias1, alias2
	.text
	.globl	_\name
	.ifnb	\alias1
	.globl	_\alias1
	.endif
	.ifnb	\alias2
	.globl	_\alias2
	.endif
	.p2align 2
_\name:
	.ifnb	\alias1
_\alias1:
	.endif
	.ifnb	\alias2
_\alias2:
	.endif
	mov	x16, #\number
	svc	#0x80
	b.cc	1f
	b	_sys_cerror
1:	ret
.endm
/* clang-format on */

#endif
