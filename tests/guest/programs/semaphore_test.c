/*
 * Mach semaphores from user mode: semaphore_create/destroy through the task
 * port, signal and wait traps, timed waits, a ping-pong between two threads
 * with wait_signal, a waiter released by destroy, signal_all and
 * signal_thread with several waiters, a signal not lost to an aborted waiter,
 * and bad arguments. Returns 0 when every
 * check passes.
 */
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define SEMAPHORE_CREATE  3418
#define SEMAPHORE_DESTROY 3419
#define THREAD_ABORT      3607
#define ROUNDS            100

static uint32_t task, reply, ping, pong, gate;
static volatile int rounds_seen, gate_result = -1;
static unsigned char worker_stack[16 * 1024] __attribute__((aligned(16)));
static unsigned char waiter_stack[16 * 1024] __attribute__((aligned(16)));

static kern_return_t sem_trap(int number, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	return (kern_return_t)trap6(number, a, b, c, d, 0, 0);
}

static uint32_t semaphore_create(int value, kern_return_t *kr)
{
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t policy;
		int32_t value;
	} req = {.Head = {.msgh_bits =
	                      MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
	                  .msgh_remote_port = task,
	                  .msgh_local_port = reply,
	                  .msgh_id = SEMAPHORE_CREATE},
	         .NDR = {0, 1},
	         .value = value};
	struct thread_create_reply out;

	*kr = -1;
	if (mach_msg(&req, MACH_SEND_MSG, sizeof(req), 0, 0, 0, 0) != MACH_MSG_SUCCESS ||
	    mach_msg(&out, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(out), reply, 1000, 0) !=
	        MACH_MSG_SUCCESS)
		return 0;
	if (!(out.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		*kr = ((mig_reply_error_t *)&out)->RetCode;
		return 0;
	}
	*kr = KERN_SUCCESS;
	return out.thread.name;
}

static kern_return_t semaphore_destroy(uint32_t sem)
{
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t sem;
	} req = {.Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                              MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	                               MACH_MSGH_BITS_COMPLEX,
	                  .msgh_remote_port = task,
	                  .msgh_local_port = reply,
	                  .msgh_id = SEMAPHORE_DESTROY},
	         .body = {1},
	         .sem = {.name = sem,
	                 .disposition = MACH_MSG_TYPE_MOVE_SEND,
	                 .type = MACH_MSG_PORT_DESCRIPTOR}};
	mig_reply_error_t out[2];

	if (mach_msg(&req, MACH_SEND_MSG, sizeof(req), 0, 0, 0, 0) != MACH_MSG_SUCCESS ||
	    mach_msg(out, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(out), reply, 1000, 0) !=
	        MACH_MSG_SUCCESS)
		return -1;
	return out[0].RetCode;
}

/* Answers every ping with a pong, ROUNDS times, then ends. */
static void worker(uint32_t unused)
{
	sem_trap(TRAP_SEMAPHORE_WAIT, ping, 0, 0, 0);
	for (int i = 0; i < ROUNDS; i++) {
		rounds_seen++;
		/* Signal pong and wait for the next ping, in one trap. */
		if (i + 1 < ROUNDS)
			sem_trap(TRAP_SEMAPHORE_WAIT_SIGNAL, ping, pong, 0, 0);
		else
			sem_trap(TRAP_SEMAPHORE_SIGNAL, pong, 0, 0, 0);
	}
	end_self(0);
}

static uint32_t several;
static volatile int several_result[2] = {-1, -1};
static unsigned char several_stacks[4][2][16 * 1024] __attribute__((aligned(16)));

/* Waits on `several`, then records what the wait returned. */
static void several_waiter(uint32_t index)
{
	several_result[index] = sem_trap(TRAP_SEMAPHORE_WAIT, several, 0, 0, 0);
	end_self(0);
}

/* Lets the other threads run until they have blocked. */
static void let_run(void)
{
	for (int i = 0; i < 20; i++)
		thread_switch(0, 0, 0);
}

/* Waits (yielding) until several_result[index] is set; whether it was. */
static int finished(int index)
{
	for (int i = 0; i < 1000 && several_result[index] == -1; i++)
		thread_switch(0, 0, 0);
	return several_result[index] != -1;
}

/*
 * Starts two threads waiting on `several` (on stacks of batch `batch`, as the
 * last batch may not have ended yet; each one blocked before the next starts
 * when `in_order`); their thread ports in waiters[]. Whether both started.
 */
static int start_waiters(int batch, uint32_t waiters[2], int in_order)
{
	static uint32_t last[2];

	for (uint32_t i = 0; i < 2; i++) {
		if (last[i])
			mach_port_deallocate(task, last[i]);
		several_result[i] = -1;
		waiters[i] = last[i] = thread_start_simple(task, reply, several_waiter, i,
		                                           several_stacks[batch][i] +
		                                               sizeof(several_stacks[batch][i]));
		if (!waiters[i])
			return 0;
		if (in_order)
			let_run();
	}
	let_run();
	return 1;
}

/*
 * 7-10: signal_thread wakes the thread named, or any one; signal_all wakes
 * them all; signals wake waiters first come, first served; a kernel reply
 * sent to a semaphore does not keep it alive.
 */
static int signal_thread_test(void)
{
	kern_return_t kr;
	uint32_t waiters[2];

	several = semaphore_create(0, &kr);
	CHECK(7, MACH_PORT_VALID(several));
	CHECK(7, start_waiters(0, waiters, 0));
	/* Nobody by that name waits: this thread, the task, no thread at all. */
	CHECK(7, sem_trap(TRAP_SEMAPHORE_SIGNAL_THREAD, several, thread_self(), 0, 0) ==
	             KERN_NOT_WAITING);
	CHECK(7,
	      sem_trap(TRAP_SEMAPHORE_SIGNAL_THREAD, several, task, 0, 0) == KERN_INVALID_ARGUMENT);
	CHECK(7, sem_trap(TRAP_SEMAPHORE_SIGNAL_THREAD, several, 0x5555500u, 0, 0) ==
	             KERN_INVALID_ARGUMENT);
	CHECK(7, sem_trap(TRAP_SEMAPHORE_SIGNAL_THREAD, task, waiters[1], 0, 0) ==
	             KERN_INVALID_ARGUMENT);
	/* The second waiter by name: it alone wakes. */
	CHECK(7, sem_trap(TRAP_SEMAPHORE_SIGNAL_THREAD, several, waiters[1], 0, 0) == KERN_SUCCESS);
	CHECK(7, finished(1) && several_result[1] == KERN_SUCCESS && several_result[0] == -1);
	/* Any waiter: the first is the only one left. */
	CHECK(7, sem_trap(TRAP_SEMAPHORE_SIGNAL_THREAD, several, 0, 0, 0) == KERN_SUCCESS);
	CHECK(7, finished(0) && several_result[0] == KERN_SUCCESS);
	/* With no waiter the signal is not kept: a wait that must not block times out. */
	CHECK(7, sem_trap(TRAP_SEMAPHORE_SIGNAL_THREAD, several, 0, 0, 0) == KERN_NOT_WAITING);
	CHECK(7, sem_trap(TRAP_SEMAPHORE_TIMEDWAIT, several, 0, 0, 0) == KERN_OPERATION_TIMED_OUT);

	/* 8: signal_all releases every waiter at once, and keeps no signal. */
	CHECK(8, start_waiters(1, waiters, 0));
	CHECK(8, several_result[0] == -1 && several_result[1] == -1);
	CHECK(8, sem_trap(TRAP_SEMAPHORE_SIGNAL_ALL, several, 0, 0, 0) == KERN_SUCCESS);
	CHECK(8, finished(0) && finished(1) && several_result[0] == KERN_SUCCESS &&
	             several_result[1] == KERN_SUCCESS);
	CHECK(8, sem_trap(TRAP_SEMAPHORE_TIMEDWAIT, several, 0, 0, 0) == KERN_OPERATION_TIMED_OUT);

	/* 9: signals go to waiters in the order they came (XNU's FIFO semaphores). */
	CHECK(9, start_waiters(2, waiters, 1));
	CHECK(9, sem_trap(TRAP_SEMAPHORE_SIGNAL, several, 0, 0, 0) == KERN_SUCCESS);
	CHECK(9, finished(0) && several_result[1] == -1);
	CHECK(9, sem_trap(TRAP_SEMAPHORE_SIGNAL, several, 0, 0, 0) == KERN_SUCCESS);
	CHECK(9, finished(1));
	/*
	 * An aborted waiter, first in line but not yet run, does not take the
	 * next signal away from the waiter behind it.
	 */
	CHECK(9, start_waiters(3, waiters, 1));
	CHECK(9, no_argument_call(waiters[0], reply, THREAD_ABORT) == KERN_SUCCESS);
	CHECK(9, sem_trap(TRAP_SEMAPHORE_SIGNAL, several, 0, 0, 0) == KERN_SUCCESS);
	CHECK(9, finished(0) && several_result[0] == KERN_ABORTED);
	CHECK(9, finished(1) && several_result[1] == KERN_SUCCESS);
	CHECK(9, semaphore_destroy(several) == KERN_SUCCESS);

	/*
	 * 10: the kernel's answer sent to a semaphore (named as a request's reply
	 * port) is not kept there for ever: the semaphore still goes with its last
	 * send right (the leak count after this task shows it).
	 */
	uint32_t sem = semaphore_create(0, &kr);
	CHECK(10, MACH_PORT_VALID(sem));
	mach_msg_header_t req = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_COPY_SEND),
	    .msgh_remote_port = task,
	    .msgh_local_port = sem,
	    .msgh_id = 3438 /* no routine: answered MIG_BAD_ID */};
	CHECK(10, mach_msg(&req, MACH_SEND_MSG, sizeof(req), 0, 0, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(10, sem_trap(TRAP_SEMAPHORE_SIGNAL, sem, 0, 0, 0) == KERN_SUCCESS);
	CHECK(10, mach_port_deallocate(task, sem) == KERN_SUCCESS);
	return 0;
}

/* Waits on a semaphore that will be destroyed under it. */
static void waiter(uint32_t unused)
{
	gate_result = sem_trap(TRAP_SEMAPHORE_WAIT, gate, 0, 0, 0);
	end_self(0);
}

int main(void)
{
	kern_return_t kr;
	struct mach_timebase_info tb;

	task = task_self();
	reply = mach_reply_port();
	mach_timebase_info(&tb);

	/* 1: create; a bad initial value is refused. */
	ping = semaphore_create(0, &kr);
	CHECK(1, MACH_PORT_VALID(ping) && kr == KERN_SUCCESS);
	pong = semaphore_create(0, &kr);
	CHECK(1, MACH_PORT_VALID(pong));
	CHECK(1, semaphore_create(-1, &kr) == 0 && kr == KERN_INVALID_ARGUMENT);

	/* 2: a timed wait with nothing signalled times out, after at least 20 ms. */
	uint64_t start = absolute_time();
	CHECK(2,
	      sem_trap(TRAP_SEMAPHORE_TIMEDWAIT, ping, 0, 20000000, 0) == KERN_OPERATION_TIMED_OUT);
	CHECK(2, (absolute_time() - start) * tb.numer / tb.denom >= 20000000ull);
	CHECK(2, sem_trap(TRAP_SEMAPHORE_TIMEDWAIT, ping, 0, 0, 0) == KERN_OPERATION_TIMED_OUT);

	/* 3: a signal is kept until someone waits. */
	CHECK(3, sem_trap(TRAP_SEMAPHORE_SIGNAL, ping, 0, 0, 0) == KERN_SUCCESS);
	CHECK(3, sem_trap(TRAP_SEMAPHORE_WAIT, ping, 0, 0, 0) == KERN_SUCCESS);

	/* 4: ping-pong with a second thread, wait_signal on both sides. */
	CHECK(4, thread_start_simple(task, reply, worker, 0, worker_stack + sizeof(worker_stack)));
	for (int i = 0; i < ROUNDS; i++)
		CHECK(4, sem_trap(TRAP_SEMAPHORE_WAIT_SIGNAL, pong, ping, 0, 0) == KERN_SUCCESS);
	CHECK(4, rounds_seen == ROUNDS);

	/* 5: destroying a semaphore releases its waiter with KERN_TERMINATED. */
	gate = semaphore_create(0, &kr);
	CHECK(5, MACH_PORT_VALID(gate));
	CHECK(5, thread_start_simple(task, reply, waiter, 0, waiter_stack + sizeof(waiter_stack)));
	for (int i = 0; i < 20; i++)
		thread_switch(0, 0, 0);
	CHECK(5, semaphore_destroy(gate) == KERN_SUCCESS);
	for (int i = 0; i < 1000 && gate_result == -1; i++)
		thread_switch(0, 0, 0);
	CHECK(5, gate_result == KERN_TERMINATED);
	int failed = signal_thread_test();
	if (failed)
		return failed;

	/* 6: names that are not semaphores are refused (the last destroy gives away our task port).
	 */
	CHECK(6, sem_trap(TRAP_SEMAPHORE_SIGNAL, task, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	CHECK(6, sem_trap(TRAP_SEMAPHORE_WAIT, 0x12345u, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	CHECK(6, sem_trap(TRAP_SEMAPHORE_SIGNAL_ALL, ping, 0, 0, 0) == KERN_SUCCESS);
	CHECK(6, semaphore_destroy(task) == KERN_INVALID_ARGUMENT);
	/* ping and pong go when the task does (their last send rights). */
	return 0;
}
