/*
 * dlerror per thread (chained build, with libSystem's Mach layer linked in
 * for thread_create_running): a second thread, which starts with no TSD,
 * sees none of the main thread's pending error, gets its own, and reading
 * clears it; the main thread's error is still there afterwards, once.
 */
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include <mach/thread_status.h>

#include "tsys.h"

#define RTLD_DEFAULT ((void *)-2)

static volatile int done;
static const char *second_before, *second_after;
static char second_error[64];
static unsigned char stack2[64 * 1024] __attribute__((aligned(16)));

static void copy(char *out, const char *s, unsigned long max)
{
	unsigned long i = 0;

	for (; s && s[i] && i + 1 < max; i++)
		out[i] = s[i];
	out[i] = '\0';
}

static void second(void)
{
	second_before = tessera_dyld_api.dlerror();
	tessera_dyld_api.dlsym(RTLD_DEFAULT, "thread_missing");
	copy(second_error, tessera_dyld_api.dlerror(), sizeof(second_error));
	second_after = tessera_dyld_api.dlerror();
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	thread_terminate(mach_thread_self());
}

static void say(const char *what, const char *s)
{
	tsys_puts(what);
	tsys_puts(" ");
	tsys_puts(s ? s : "(null)");
	tsys_puts("\n");
}

int main(void)
{
	struct arm_thread_state64 state = {0};
	thread_act_t thread;

	mach_init();
	tessera_dyld_api.dlsym(RTLD_DEFAULT, "main_missing");
	state.pc = (uint64_t)(uintptr_t)second;
	state.sp = (uint64_t)(uintptr_t)(stack2 + sizeof(stack2));
	if (thread_create_running(mach_task_self(), ARM_THREAD_STATE64, (natural_t *)&state,
	                          ARM_THREAD_STATE64_COUNT, &thread) != KERN_SUCCESS) {
		tsys_puts("dlerror-threads: cannot create a thread\n");
		return 1;
	}
	while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE))
		thread_switch(MACH_PORT_NULL, 0, 0);
	say("dlerror-thread-before:", second_before);
	say("dlerror-thread-own:", second_error);
	say("dlerror-thread-after:", second_after);
	say("dlerror-main:", tessera_dyld_api.dlerror());
	say("dlerror-main-again:", tessera_dyld_api.dlerror());
	return 0;
}
