/*
 * File status (<sys/stat.h>): XNU's stat64, fstat64 and lstat64, which fill
 * in the 64-bit-inode struct stat. On arm64 those are what stat, fstat and
 * lstat mean; the *64 names and the $INODE64 names (which binaries built
 * against headers that ask for 64-bit inodes import) label the same stubs.
 */
/* Written out: the assembler does not substitute macro arguments inside quotes. */
	.text
	.globl	_stat
	.globl	_stat64
	.globl	"_stat$INODE64"
	.p2align 2
_stat:
_stat64:
"_stat$INODE64":
	mov	x16, #338
	svc	#0x80
	b.cc	1f
	b	_sys_cerror
1:	ret

	.text
	.globl	_fstat
	.globl	_fstat64
	.globl	"_fstat$INODE64"
	.p2align 2
_fstat:
_fstat64:
"_fstat$INODE64":
	mov	x16, #339
	svc	#0x80
	b.cc	1f
	b	_sys_cerror
1:	ret

	.text
	.globl	_lstat
	.globl	_lstat64
	.globl	"_lstat$INODE64"
	.p2align 2
_lstat:
_lstat64:
"_lstat$INODE64":
	mov	x16, #340
	svc	#0x80
	b.cc	1f
	b	_sys_cerror
1:	ret
