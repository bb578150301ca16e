#include "kern/exception.h"

#include "kern/kprintf.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/exception_types.h"

static const char *exception_name(int exc)
{
	switch (exc) {
	case EXC_BAD_ACCESS: return "EXC_BAD_ACCESS";
	case EXC_BAD_INSTRUCTION: return "EXC_BAD_INSTRUCTION";
	case EXC_ARITHMETIC: return "EXC_ARITHMETIC";
	case EXC_SOFTWARE: return "EXC_SOFTWARE";
	case EXC_BREAKPOINT: return "EXC_BREAKPOINT";
	case EXC_SYSCALL: return "EXC_SYSCALL";
	case EXC_MACH_SYSCALL: return "EXC_MACH_SYSCALL";
	default: return "EXC_?";
	}
}

void exception_raise(int exc, int64_t code, int64_t subcode, const struct trap_frame *tf)
{
	struct thread *t = current_thread();
	struct task *task = t->task;

	kprintf("exception: %s (code 0x%lx, subcode 0x%lx) in task %lu '%s' thread %lu at pc "
	        "0x%lx; no handler, terminating the task\n",
	        exception_name(exc), code, subcode, task->id, task->name, t->id, tf->elr);
	kprintf("exception:   x0 0x%lx  x1 0x%lx  x16 0x%lx  sp 0x%lx  lr 0x%lx\n", tf->x[0],
	        tf->x[1], tf->x[16], tf->sp_el0, tf->x[30]);
	task_terminate(task);
}
