/*
 * _thread_set_tsd_base(void *tsd): the platform call (x16 = 0x80000000)
 * PLATFORM_SET_CTHREAD_SELF (x3 = 2), which makes `tsd` the calling thread's
 * TPIDRRO_EL0 from now on (mach/kern/syscall_sw.c).
 */
	.text
	.globl	__thread_set_tsd_base
	.p2align 2
__thread_set_tsd_base:
	mov	x3, #2
	mov	x16, #0x80000000
	svc	#0x80
	ret
