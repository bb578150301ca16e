/*
 * Program start-up for the Mach library (<mach/mach_init.h>).
 */
#include <mach/mach_init.h>

#include <mach/mach_traps.h>

#include "tsd.h"

mach_port_t mach_task_self_;

/* The main thread's TSD; other threads bring their own. */
static void *main_thread_tsd[TSD_SLOT_COUNT];

int mach_init(void)
{
	if (mach_task_self_ == MACH_PORT_NULL)
		mach_task_self_ = task_self_trap();
	if (tsd_base() == NULL)
		_thread_set_tsd_base(main_thread_tsd);
	return 0;
}
