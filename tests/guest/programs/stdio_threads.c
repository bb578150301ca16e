/*
 * stdio from three threads at once in a libSystem program, run as
 * /sbin/init (stdio_threads_test.sh checks every line whole): the main
 * thread and two Mach threads each print LINES lines to stdout, some with
 * one printf, some as a flockfile group of printf, putchar_unlocked and
 * fputs. Each writer yields between lines, and in the middle of a group, so
 * the others run then and find stdout locked (the lock's sleeping path).
 * One thread is given its TSD by its creator, as <mach/mach_init.h> asks;
 * the other starts with none, so libSystem's first lock gives it one.
 */
#include <mach/mach_init.h>
#include <mach/mach_traps.h>
#include <mach/semaphore.h>
#include <mach/thread_status.h>
#include <stdio.h>
#include <stdlib.h>

#define LINES 150
#define STACK (64 * 1024)

/* The MIG routines (task.defs, thread_act.defs) this program calls. */
kern_return_t thread_create_running(task_t task, thread_state_flavor_t flavor, thread_state_t state,
                                    mach_msg_type_number_t count, thread_act_t *thread);
kern_return_t thread_terminate(thread_act_t thread);
kern_return_t semaphore_create(task_t task, semaphore_t *semaphore, int policy, int value);

static semaphore_t finished;
static void *given_tsd[TSD_SLOT_COUNT];
static unsigned char stacks[2][STACK] __attribute__((aligned(16)));
static const char letters[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                              "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                              "cccccccccccccccccccccccccccccccccccccccc";

/*
 * "stdio_threads: writer W line NNN " then i % 20 + 10 copies of writer W's
 * letter, then " end": the test knows each line's length from its number.
 */
static void print_line(int w, int i)
{
	const char *mine = letters + 40 * w;
	int n = i % 20 + 10;

	if (i % 2 == 0) {
		printf("stdio_threads: writer %d line %03d %.*s%.*s%.*s end\n", w, i, n / 3, mine,
		       n / 3, mine, n - 2 * (n / 3), mine);
		return;
	}
	flockfile(stdout);
	printf("stdio_threads: writer %d line %03d ", w, i);
	thread_switch(MACH_PORT_NULL, 0, 0);
	for (int k = 0; k < n; k++)
		putchar_unlocked(mine[k]);
	fputs(" end\n", stdout);
	funlockfile(stdout);
}

static void writer(int w)
{
	for (int i = 0; i < LINES; i++) {
		print_line(w, i);
		thread_switch(MACH_PORT_NULL, 0, 0);
	}
}

/* A thread's body: x0 is its writer number. */
static void thread_main(uint64_t w)
{
	if (w == 1)
		_thread_set_tsd_base(given_tsd);
	writer((int)w);
	semaphore_signal(finished);
	thread_terminate(mach_thread_self());
	for (;;)
		thread_switch(MACH_PORT_NULL, 0, 0);
}

static int start(int w)
{
	struct arm_thread_state64 state = {0};
	thread_act_t thread;

	state.pc = (uint64_t)(uintptr_t)thread_main;
	state.sp = (uint64_t)(uintptr_t)(stacks[w - 1] + STACK);
	state.x[0] = (uint64_t)w;
	return thread_create_running(mach_task_self(), ARM_THREAD_STATE64, (thread_state_t)&state,
	                             ARM_THREAD_STATE64_COUNT, &thread) == KERN_SUCCESS
	           ? 0
	           : -1;
}

int main(void)
{
	printf("stdio_threads: start\n");
	if (semaphore_create(mach_task_self(), &finished, SYNC_POLICY_FIFO, 0) != KERN_SUCCESS ||
	    start(1) != 0 || start(2) != 0) {
		printf("stdio_threads: cannot start the threads\n");
		return 1;
	}
	writer(0);
	semaphore_wait(finished);
	semaphore_wait(finished);
	printf("stdio_threads: done\n");
	return 0;
}
