/*
 * Mach timers from user mode: mk_timer_create, arm with a deadline in
 * mach_absolute_time, the expiry message arriving no earlier than the
 * deadline, cancel reporting the armed deadline, a deadline already past,
 * arm_leeway, destroy, and bad names. Returns 0 when every check passes.
 */
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define TRAP_MK_TIMER_CREATE     (-91)
#define TRAP_MK_TIMER_DESTROY    (-92)
#define TRAP_MK_TIMER_ARM        (-93)
#define TRAP_MK_TIMER_CANCEL     (-94)
#define TRAP_MK_TIMER_ARM_LEEWAY (-95)

struct expire_msg {
	mach_msg_header_t header;
	uint64_t unused[3];
	mach_msg_trailer_t trailer;
} __attribute__((packed, aligned(4)));

static int receive(struct expire_msg *m, uint32_t name, uint32_t timeout_ms)
{
	return mach_msg(m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*m), name, timeout_ms, 0);
}

int main(void)
{
	struct mach_timebase_info tb;
	struct expire_msg m;
	uint64_t result;

	mach_timebase_info(&tb);
	uint64_t ms = 1000000ull * tb.denom / tb.numer; /* counter ticks per millisecond */

	/* 1: a timer is a receive right of ours. */
	uint32_t timer = (uint32_t)trap6(TRAP_MK_TIMER_CREATE, 0, 0, 0, 0, 0, 0);
	CHECK(1, MACH_PORT_VALID(timer));
	CHECK(1, receive(&m, timer, 0) == MACH_RCV_TIMED_OUT);

	/* 2: armed 30 ms ahead, it fires no earlier. */
	uint64_t start = absolute_time();
	CHECK(2, trap6(TRAP_MK_TIMER_ARM, timer, start + 30 * ms, 0, 0, 0, 0) == KERN_SUCCESS);
	CHECK(2, receive(&m, timer, 1000) == MACH_MSG_SUCCESS);
	CHECK(2, absolute_time() >= start + 30 * ms);
	CHECK(2, m.header.msgh_id == 0 && m.header.msgh_size == sizeof(mach_msg_header_t) + 24 &&
	             m.unused[0] == 0 && m.unused[2] == 0);

	/* 3: cancelled, it does not fire, and cancel reports the deadline it had. */
	uint64_t deadline = absolute_time() + 20 * ms;
	CHECK(3, trap6(TRAP_MK_TIMER_ARM, timer, deadline, 0, 0, 0, 0) == KERN_SUCCESS);
	CHECK(3, trap6(TRAP_MK_TIMER_CANCEL, timer, (uint64_t)&result, 0, 0, 0, 0) == KERN_SUCCESS);
	CHECK(3, result == deadline);
	CHECK(3, receive(&m, timer, 60) == MACH_RCV_TIMED_OUT);

	/* 4: a deadline already past fires at once (on the next tick). */
	CHECK(4, trap6(TRAP_MK_TIMER_ARM, timer, 1, 0, 0, 0, 0) == KERN_SUCCESS);
	CHECK(4, receive(&m, timer, 1000) == MACH_MSG_SUCCESS);

	/* 5: arming again moves the deadline: one message, at the later time. */
	start = absolute_time();
	CHECK(5, trap6(TRAP_MK_TIMER_ARM, timer, start + 10 * ms, 0, 0, 0, 0) == KERN_SUCCESS);
	CHECK(5, trap6(TRAP_MK_TIMER_ARM, timer, start + 40 * ms, 0, 0, 0, 0) == KERN_SUCCESS);
	CHECK(5,
	      receive(&m, timer, 1000) == MACH_MSG_SUCCESS && absolute_time() >= start + 40 * ms);
	CHECK(5, receive(&m, timer, 0) == MACH_RCV_TIMED_OUT);

	/* 6: bad names and pointers. */
	CHECK(6, trap6(TRAP_MK_TIMER_ARM, 0x7777700u, 0, 0, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	CHECK(6, trap6(TRAP_MK_TIMER_ARM, task_self(), 0, 0, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	uint32_t plain;
	CHECK(6, mach_port_allocate(task_self(), MACH_PORT_RIGHT_RECEIVE, &plain) == KERN_SUCCESS);
	CHECK(6, trap6(TRAP_MK_TIMER_ARM, plain, 0, 0, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	CHECK(6, trap6(TRAP_MK_TIMER_CANCEL, timer, 0x10, 0, 0, 0, 0) == KERN_INVALID_ADDRESS);

	/* 9: mk_timer_arm_leeway(flags, deadline, leeway): never before the deadline either. */
	start = absolute_time();
	CHECK(9, trap6(TRAP_MK_TIMER_ARM_LEEWAY, timer, 0, start + 20 * ms, 5 * ms, 0, 0) ==
	             KERN_SUCCESS);
	CHECK(9,
	      receive(&m, timer, 1000) == MACH_MSG_SUCCESS && absolute_time() >= start + 20 * ms);
	CHECK(9,
	      trap6(TRAP_MK_TIMER_ARM_LEEWAY, plain, 0, start, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	mach_port_mod_refs(task_self(), plain, MACH_PORT_RIGHT_RECEIVE, -1);

	/* 7: destroyed while armed: the name goes, nothing fires, nothing leaks. */
	CHECK(7, trap6(TRAP_MK_TIMER_ARM, timer, absolute_time() + 5 * ms, 0, 0, 0, 0) ==
	             KERN_SUCCESS);
	CHECK(7, trap6(TRAP_MK_TIMER_DESTROY, timer, 0, 0, 0, 0, 0) == KERN_SUCCESS);
	CHECK(7, trap6(TRAP_MK_TIMER_DESTROY, timer, 0, 0, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	mach_wait_until(absolute_time() + 20 * ms);
	/* 8: a timer whose task ends while it is armed is cleaned up with the task. */
	uint32_t left = (uint32_t)trap6(TRAP_MK_TIMER_CREATE, 0, 0, 0, 0, 0, 0);
	CHECK(8, trap6(TRAP_MK_TIMER_ARM, left, absolute_time() + 1000 * ms, 0, 0, 0, 0) ==
	             KERN_SUCCESS);
	return 0;
}
