/*
 * Thread-local variables on two threads (chained build, with libSystem's
 * Mach layer linked in for thread_create_running): a second thread, which
 * starts with no TSD, gets its own copy of liba's template from dyld, while
 * the main thread's value stays its own.
 */
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include <mach/thread_status.h>

#include "tsys.h"

extern __thread int a_tls;
int *a_tls_addr(void);

static volatile int done;
static int seen, seen_after, distinct;
static int *main_addr;
static unsigned char stack2[64 * 1024] __attribute__((aligned(16)));

static void second(void)
{
	seen = a_tls;
	a_tls = 8;
	seen_after = *a_tls_addr();
	distinct = &a_tls != main_addr;
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	thread_terminate(mach_thread_self());
}

int main(void)
{
	struct arm_thread_state64 state = {0};
	thread_act_t thread;

	mach_init();
	a_tls = 6;
	main_addr = &a_tls;
	state.pc = (uint64_t)(uintptr_t)second;
	state.sp = (uint64_t)(uintptr_t)(stack2 + sizeof(stack2));
	if (thread_create_running(mach_task_self(), ARM_THREAD_STATE64, (natural_t *)&state,
	                          ARM_THREAD_STATE64_COUNT, &thread) != KERN_SUCCESS) {
		tsys_puts("tlv-threads: cannot create a thread\n");
		return 1;
	}
	while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE))
		thread_switch(MACH_PORT_NULL, 0, 0);
	tsys_line("tlv-thread-template:", seen);
	tsys_line("tlv-thread-own:", seen_after);
	tsys_line("tlv-thread-distinct:", distinct);
	tsys_line("tlv-main-kept:", a_tls);
	return 0;
}
