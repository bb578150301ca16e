#include "kern/exception.h"

#include <stddef.h>

#include "kern/exception_ports.h"
#include "kern/host.h"
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
	const int64_t codes[2] = {code, subcode};
	bool refused = false;

	/* The thread's handler first, then the task's, then the host's, as XNU asks them. */
	const struct exception_action *levels[] = {t->exc_actions, task->exc_actions,
	                                           host_exception_actions()};
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		/* A terminating thread exits on its way out; nobody is left to tell. */
		if (t->terminating)
			return;
		enum exception_verdict v = exception_ports_deliver(levels[i], exc, codes);
		if (v == EXCEPTION_HANDLED)
			return;
		refused |= v == EXCEPTION_REFUSED;
	}
	if (t->terminating)
		return;

	kprintf("exception: %s (code 0x%lx, subcode 0x%lx) in task %lu '%s' thread %lu at pc "
	        "0x%lx; %s, terminating the task\n",
	        exception_name(exc), code, subcode, task->id, task->name, t->id, tf->elr,
	        refused ? "not handled" : "no handler");
	kprintf("exception:   x0 0x%lx  x1 0x%lx  x16 0x%lx  sp 0x%lx  lr 0x%lx\n", tf->x[0],
	        tf->x[1], tf->x[16], tf->sp_el0, tf->x[30]);
	task_terminate(task);
}
