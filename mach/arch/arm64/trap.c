/*
 * C side of the exception vectors. A kernel fault is a bug and panics; a user
 * fault becomes a page fault or a Mach exception; `svc #0x80` from user mode
 * goes to the system call gate.
 */
#include "arch/arm64/trap.h"

#include "arch/arm64/esr.h"
#include "arch/arm64/fpu.h"
#include "arch/arm64/gic.h"
#include "kern/copyio.h"
#include "kern/exception.h"
#include "kern/panic.h"
#include "kern/processor.h"
#include "kern/sched.h"
#include "kern/syscall_sw.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/exception_types.h"
#include "mach/vm_prot.h"
#include "vm/vm_fault.h"

#define SPSR_MODE_MASK 0xf /* M[3:0]: 0 = EL0t */
#define DFSC_ALIGNMENT 0x21
#define SVC_IMM_DARWIN 0x80

static const char *const vector_names[16] = {
    "synchronous exception on SP_EL0",
    "IRQ on SP_EL0",
    "FIQ on SP_EL0",
    "SError on SP_EL0",
    "synchronous exception at EL1",
    "IRQ at EL1",
    "FIQ at EL1",
    "SError at EL1",
    "synchronous exception from EL0",
    "IRQ from EL0",
    "FIQ from EL0",
    "SError from EL0",
    "synchronous exception from AArch32",
    "IRQ from AArch32",
    "FIQ from AArch32",
    "SError from AArch32",
};

extern char copyio_begin[], copyio_end[], copyio_fault[];

/*
 * A fault in copyin/copyout on a user address: let the VM system bring the
 * page in, or make the copy return its error. Anything else is a kernel bug.
 */
void trap_sync_kernel(struct trap_frame *tf)
{
	uint32_t ec = ESR_EC(tf->esr);
	struct thread *t = current_thread();

	if (ec == ESR_EC_DABT_SAME && tf->elr >= (uint64_t)copyio_begin &&
	    tf->elr < (uint64_t)copyio_end && t->task && (tf->far >> 47) == 0) {
		vm_prot_t access = (ESR_ISS(tf->esr) & (1u << 6)) ? VM_PROT_WRITE : VM_PROT_READ;
		/* An alignment fault (device memory) would only come back: the copy fails. */
		kern_return_t kr = (ESR_ISS(tf->esr) & 0x3f) == DFSC_ALIGNMENT
		                       ? KERN_INVALID_ADDRESS
		                       : vm_fault(t->task->map, tf->far, access);
		if (kr != KERN_SUCCESS) {
			tf->x[0] = (uint64_t)kr;
			tf->elr = (uint64_t)copyio_fault;
		}
		return;
	}
	panic_trap(tf, "kernel exception");
}

/* A user page fault: resolved by the VM system, or EXC_BAD_ACCESS. */
static void trap_user_abort(struct trap_frame *tf, uint32_t ec, uint32_t iss)
{
	vm_prot_t access;

	if ((iss & 0x3f) == DFSC_ALIGNMENT) {
		exception_raise(EXC_BAD_ACCESS, EXC_ARM_DA_ALIGN, (int64_t)tf->far, tf);
		return;
	}
	if (ec == ESR_EC_IABT_LOWER)
		access = VM_PROT_EXECUTE;
	else
		access = (iss & (1u << 6)) ? VM_PROT_WRITE : VM_PROT_READ;
	kern_return_t kr = vm_fault(current_thread()->task->map, tf->far, access);
	if (kr != KERN_SUCCESS)
		exception_raise(EXC_BAD_ACCESS, kr, (int64_t)tf->far, tf);
}

void trap_sync_user(struct trap_frame *tf)
{
	uint32_t ec = ESR_EC(tf->esr);
	uint32_t iss = ESR_ISS(tf->esr);

	switch (ec) {
	case ESR_EC_SVC64:
		if ((iss & 0xffff) == SVC_IMM_DARWIN) {
			syscall_dispatch(tf); /* which handles ASTs itself */
			return;
		}
		exception_raise(EXC_BAD_INSTRUCTION, EXC_ARM_UNDEFINED, iss & 0xffff, tf);
		break;
	case ESR_EC_DABT_LOWER:
	case ESR_EC_IABT_LOWER: trap_user_abort(tf, ec, iss); break;
	case ESR_EC_PC_ALIGN:
		exception_raise(EXC_BAD_ACCESS, EXC_ARM_DA_ALIGN, (int64_t)tf->elr, tf);
		break;
	case ESR_EC_SP_ALIGN:
		exception_raise(EXC_BAD_ACCESS, EXC_ARM_SP_ALIGN, (int64_t)tf->sp_el0, tf);
		break;
	case ESR_EC_FP_ACCESS: fpu_trap(); return;
	case ESR_EC_BRK64:
		exception_raise(EXC_BREAKPOINT, EXC_ARM_BREAKPOINT, iss & 0xffff, tf);
		break;
	case ESR_EC_FP_EXC64:
		/* Only when the thread enabled FP traps in FPCR; the subcode is the pc, as in XNU.
		 */
		exception_raise(EXC_ARITHMETIC, esr_fp_exception_code(iss), (int64_t)tf->elr, tf);
		break;
	default: {
		/*
		 * Undefined instructions and anything else the thread cannot go on
		 * from: the subcode is the instruction word, as in XNU (0 if the
		 * pc cannot be read).
		 */
		uint32_t instruction = 0;
		copyin(tf->elr, &instruction, sizeof(instruction));
		exception_raise(EXC_BAD_INSTRUCTION, EXC_ARM_UNDEFINED, instruction, tf);
		break;
	}
	}
	if (thread_ast_pending())
		thread_ast();
}

bool trap_irq_from_user(void)
{
	return current_processor()->irq_from_user;
}

void trap_irq(struct trap_frame *tf)
{
	current_processor()->irq_from_user = (tf->spsr & SPSR_MODE_MASK) == 0;
	gic_handle_irq();
	sched_preempt_point();
	if ((tf->spsr & SPSR_MODE_MASK) == 0 && thread_ast_pending())
		thread_ast();
}

void trap_unexpected(struct trap_frame *tf, uint64_t kind)
{
	panic_trap(tf, kind < 16 ? vector_names[kind] : "unknown vector");
}
