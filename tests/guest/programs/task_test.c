/*
 * Two tasks: task_create with inherited memory (a copy of this task's), a
 * thread started in the child by thread_create_running on the child's task
 * port, port rights placed in the child's space from here, RPCs from the child
 * to a server here (the audit trailer names the child), and the child ending
 * itself with task_terminate; a thread-less task whose port is dropped ends by
 * itself; task_suspend and task_resume on a child with running threads; a
 * large inherited region whose pages the parent then rewrites.
 * Returns 0 when every check passes.
 */
#include <stddef.h>

#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "mach/tessera_task.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define RPCS        100
#define STOP_ID     999
#define SERVER_NAME ((5u << 8) | 7) /* where the child finds our port: chosen by us */

struct small_msg {
	mach_msg_header_t header;
	uint64_t value;
	mach_msg_audit_trailer_t trailer;
};

static volatile uint64_t magic = 1234;
static unsigned char child_stack[32 * 1024] __attribute__((aligned(16)));

/* Runs in the child task, on its copy of this program. */
static void child_client(uint32_t server)
{
	uint32_t reply = mach_reply_port();
	struct small_msg m;

	for (uint64_t i = 0; i <= RPCS; i++) {
		m.header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.header.msgh_remote_port = server;
		m.header.msgh_local_port = reply;
		m.header.msgh_id = i == RPCS ? STOP_ID : 1;
		/* The child reports the value of `magic` it inherited. */
		m.value = i == RPCS ? magic : i;
		if (i == RPCS)
			magic = 9999; /* a write of its own, which the parent must not see */
		mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header) + 8, sizeof(m), reply,
		         0, 0);
	}
	/* task_terminate(mach_task_self()): the child ends itself. */
	end_self(1);
}

/* Serves one child's RPCs until its STOP; checks the trailer and the magic it reports. */
static int serve(uint32_t server, uint32_t child_id, uint64_t expected_magic)
{
	struct small_msg m;

	for (uint64_t i = 0;; i++) {
		CHECK(4, mach_msg(&m,
		                  MACH_RCV_MSG | MACH_RCV_TIMEOUT |
		                      MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT),
		                  0, sizeof(m), server, 1000, 0) == MACH_MSG_SUCCESS);
		CHECK(5, m.trailer.msgh_audit.val[5] == child_id);
		int stop = m.header.msgh_id == STOP_ID;
		if (stop)
			CHECK(6, i == RPCS && m.value == expected_magic);
		else
			CHECK(4, m.value == i);
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		CHECK(4, mach_msg(&m, MACH_SEND_MSG, sizeof(m.header) + 8, 0, 0, 0, 0) ==
		             MACH_MSG_SUCCESS);
		if (stop)
			return 0;
	}
}

/* Waits until our send right to a task's port goes dead: the task has ended. */
static int wait_dead(uint32_t port)
{
	for (int i = 0; i < 1000; i++) {
		mach_msg_header_t probe = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		                           .msgh_remote_port = port,
		                           .msgh_id = 1};
		if (mach_msg(&probe, MACH_SEND_MSG, sizeof(probe), 0, 0, 0, 0) ==
		    MACH_SEND_INVALID_DEST)
			return 1;
		thread_switch(0, 0, 0);
	}
	return 0;
}

/* Reads address 0 in the child: no handler anywhere, so the kernel reports it and ends the task. */
static void fault_in_child(uint32_t unused)
{
	*(volatile int *)0;
}

#define TASK_SUSPEND                   3407
#define TASK_RESUME                    3408
#define THREAD_SUSPEND                 3605
#define THREAD_RESUME                  3606
#define THREAD_INFO                    3612
#define TRAP_TESSERA_VM_READ_OVERWRITE (-8)

/* What each spinner in the suspension test has counted, in the child's copy of this program. */
static volatile uint64_t child_spins[2];
static unsigned char spin_stacks[2][16 * 1024] __attribute__((aligned(16)));

/* Runs in a child: counts in child_spins[index], yielding, for ever. */
static void child_spinner(uint32_t index)
{
	for (;;) {
		child_spins[index]++;
		thread_switch(0, 0, 0);
	}
}

/* thread_info(THREAD_BASIC_INFO)'s suspend_count of `thread`, or -1. */
static int suspend_count_of(uint32_t thread, uint32_t reply)
{
	union {
		struct {
			mach_msg_header_t Head;
			uint32_t NDR[2];
			int32_t flavor;
			uint32_t count;
		} req;
		struct {
			mach_msg_header_t Head;
			uint32_t NDR[2];
			int32_t RetCode;
			uint32_t count;
			int32_t info[10];
			mach_msg_trailer_t trailer;
		} rep;
	} m = {.req = {.Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                                    MACH_MSG_TYPE_MAKE_SEND_ONCE),
	                        .msgh_remote_port = thread,
	                        .msgh_local_port = reply,
	                        .msgh_id = THREAD_INFO},
	               .NDR = {0, 1},
	               .flavor = 3 /* THREAD_BASIC_INFO */,
	               .count = 10}};
	if (mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req), sizeof(m),
	             reply, 1000, 0) != MACH_MSG_SUCCESS ||
	    m.rep.RetCode != KERN_SUCCESS)
		return -1;
	return m.rep.info[8];
}

/* The child's two counts, read from its memory (all ones if that fails). */
static void child_counts(uint32_t child, uint64_t counts[2])
{
	counts[0] = counts[1] = ~0ull;
	trap6(TRAP_TESSERA_VM_READ_OVERWRITE, child, (uint64_t)child_spins, sizeof(child_spins),
	      (uint64_t)counts, 0, 0);
}

/* More than the kernel write-protects page by page for a fork, with whole 2 MiB tables inside. */
#define LARGE_PAGES 1024

/*
 * 13: a large region, every page written (so the TLB holds them writable),
 * inherited by a child: the parent's writes after task_create stay its own,
 * and the child's copy keeps what was there.
 */
static int large_inherit(uint32_t task, uint32_t reply)
{
	uint64_t region = 0;

	CHECK(13, mach_vm_allocate(task, &region, LARGE_PAGES * 4096ull, VM_FLAGS_ANYWHERE) ==
	              KERN_SUCCESS);
	for (uint64_t i = 0; i < LARGE_PAGES; i++)
		*(volatile uint64_t *)(region + i * 4096) = i;
	uint32_t child = task_create_simple(task, reply, 1);
	CHECK(13, MACH_PORT_VALID(child));
	for (uint64_t i = 0; i < LARGE_PAGES; i++)
		*(volatile uint64_t *)(region + i * 4096) = i + 1000000;
	for (uint64_t i = 0; i < LARGE_PAGES; i += 37) {
		uint64_t theirs = ~0ull;
		CHECK(13, trap6(TRAP_TESSERA_VM_READ_OVERWRITE, child, region + i * 4096, 8,
		                (uint64_t)&theirs, 0, 0) == KERN_SUCCESS);
		CHECK(13, theirs == i && *(volatile uint64_t *)(region + i * 4096) == i + 1000000);
	}
	kernel_request(child, TASK_TERMINATE);
	CHECK(13, wait_dead(child));
	mach_port_deallocate(task, child);
	CHECK(13, mach_vm_deallocate(task, region, LARGE_PAGES * 4096ull) == KERN_SUCCESS);
	return 0;
}

/* Yields `turns` times, then says whether spinner `index` of `child` counted meanwhile. */
static int counted(uint32_t child, int index, int turns)
{
	uint64_t before[2], after[2];

	child_counts(child, before);
	for (int i = 0; i < turns; i++)
		thread_switch(0, 0, 0);
	child_counts(child, after);
	return before[index] != ~0ull && after[index] != before[index];
}

/*
 * 12: task_suspend stops a child's running threads and holds one started
 * while it is suspended; thread_resume cannot undo the task's suspension;
 * task_resume lets them go, except a thread suspended on its own.
 */
static int suspend_test(uint32_t task, uint32_t reply)
{
	uint32_t child = task_create_simple(task, reply, 1), spinner[2];

	CHECK(12, MACH_PORT_VALID(child));
	spinner[0] = thread_start_simple(child, reply, child_spinner, 0,
	                                 spin_stacks[0] + sizeof(spin_stacks[0]));
	CHECK(12, spinner[0] != 0 && counted(child, 0, 20));
	CHECK(12, no_argument_call(child, reply, TASK_SUSPEND) == KERN_SUCCESS);
	for (int i = 0; i < 5; i++)
		thread_switch(0, 0, 0); /* it stops on its way back to user mode */
	CHECK(12, !counted(child, 0, 50));
	/* The thread has no suspension of its own to undo. */
	CHECK(12, no_argument_call(spinner[0], reply, THREAD_RESUME) == KERN_FAILURE);
	CHECK(12, !counted(child, 0, 50));
	/* A thread started in the suspended task waits for the task too. */
	spinner[1] = thread_start_simple(child, reply, child_spinner, 1,
	                                 spin_stacks[1] + sizeof(spin_stacks[1]));
	CHECK(12, spinner[1] != 0 && !counted(child, 1, 50));
	/* Its thread_info counts only its own suspensions: none yet. */
	CHECK(12, suspend_count_of(spinner[0], reply) == 0);
	/* Suspended on its own as well, the first stays stopped when the task resumes. */
	CHECK(12, no_argument_call(spinner[0], reply, THREAD_SUSPEND) == KERN_SUCCESS);
	CHECK(12, suspend_count_of(spinner[0], reply) == 1);
	CHECK(12, no_argument_call(child, reply, TASK_RESUME) == KERN_SUCCESS);
	CHECK(12, counted(child, 1, 50) && !counted(child, 0, 50));
	CHECK(12, no_argument_call(spinner[0], reply, THREAD_RESUME) == KERN_SUCCESS);
	CHECK(12, counted(child, 0, 50));
	CHECK(12, no_argument_call(child, reply, TASK_RESUME) == KERN_FAILURE);
	kernel_request(child, TASK_TERMINATE);
	CHECK(12, wait_dead(child));
	mach_port_deallocate(task, spinner[0]);
	mach_port_deallocate(task, spinner[1]);
	mach_port_deallocate(task, child);
	return 0;
}

/* Tessera's task_set_name with the first `count` bytes of `name` (its NUL, or not). */
static int set_name(uint32_t target, uint32_t reply, const char *name, uint32_t count)
{
	union {
		struct task_set_name_request req;
		mig_reply_error_t rep;
		unsigned char room[128];
	} m;

	m.req.Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.req.Head.msgh_size = 0;
	m.req.Head.msgh_remote_port = target;
	m.req.Head.msgh_local_port = reply;
	m.req.Head.msgh_voucher_port = 0;
	m.req.Head.msgh_id = TASK_SET_NAME_ID;
	m.req.NDR[0] = 0;
	m.req.NDR[1] = 1;
	m.req.nameOffset = 0;
	m.req.nameCnt = count;
	for (uint32_t i = 0; i < TASK_NAME_MAX; i++)
		m.req.name[i] = i < count ? name[i] : 0;
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
	                  offsetof(struct task_set_name_request, name) + ((count + 3) & ~3u),
	                  sizeof(m), reply, 1000, 0);
	return mr != MACH_MSG_SUCCESS ? mr : m.rep.RetCode;
}

int main(void)
{
	uint32_t task = task_self(), reply = mach_reply_port(), server;

	/* 1: a child with a copy of our memory. */
	uint32_t child = task_create_simple(task, reply, 1);
	CHECK(1, MACH_PORT_VALID(child) && child != task);
	magic = 5678; /* after the copy: the child must still see 1234 */

	/* 2: our server port, and a send right to it placed in the child under a chosen name. */
	CHECK(2, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &server) == KERN_SUCCESS);
	CHECK(2, mach_port_insert_right(child, SERVER_NAME, server, MACH_MSG_TYPE_MAKE_SEND) ==
	             KERN_SUCCESS);

	/* 3: a thread in the child, on its copy of child_stack. */
	CHECK(3, thread_start_simple(child, reply, child_client, SERVER_NAME,
	                             child_stack + sizeof(child_stack)) != 0);

	/* 4-6: serve the child's RPCs; the trailer names the child task (id 2). */
	int failed = serve(server, 2, 1234);
	if (failed)
		return failed;

	/* 7: the child ended itself (writing its copy of `magic` on the way): ours is untouched. */
	CHECK(7, wait_dead(child) && magic == 5678);

	/* 8: an empty child (no inherited memory) is ended from here. */
	uint32_t empty = task_create_simple(task, reply, 0);
	CHECK(8, MACH_PORT_VALID(empty));
	kernel_request(empty, TASK_TERMINATE);

	/* 9: a second copy, of a task whose memory is itself already a copy. */
	magic = 4242;
	uint32_t second = task_create_simple(task, reply, 1);
	CHECK(9, MACH_PORT_VALID(second));
	magic = 1;
	CHECK(9, mach_port_insert_right(second, SERVER_NAME, server, MACH_MSG_TYPE_MAKE_SEND) ==
	             KERN_SUCCESS);
	CHECK(9, thread_start_simple(second, reply, child_client, SERVER_NAME,
	                             child_stack + sizeof(child_stack)) != 0);
	failed = serve(server, 4, 4242);
	if (failed)
		return failed;
	CHECK(9, wait_dead(second) && magic == 1);
	mach_port_deallocate(task, second);
	mach_port_deallocate(task, empty);
	mach_port_deallocate(task, child);

	/*
	 * 10: a task with no threads whose last send right goes can never be used
	 * again: it ends by itself (the kernel's leak count after this task shows it).
	 */
	uint32_t orphan = task_create_simple(task, reply, 1);
	CHECK(10, MACH_PORT_VALID(orphan));
	CHECK(10, mach_port_deallocate(task, orphan) == KERN_SUCCESS);

	/* 11: a named child that faults is reported by its name (the test reads the console). */
	uint32_t named = task_create_simple(task, reply, 1);
	CHECK(11, MACH_PORT_VALID(named));
	CHECK(11, set_name(named, reply, "named-child", 12) == KERN_SUCCESS);
	CHECK(11, set_name(named, reply, "no-nul", 6) == MIG_BAD_ARGUMENTS);
	CHECK(11, thread_start_simple(named, reply, fault_in_child, 0,
	                              child_stack + sizeof(child_stack)) != 0);
	CHECK(11, wait_dead(named));
	mach_port_deallocate(task, named);
	failed = large_inherit(task, reply);
	return failed ? failed : suspend_test(task, reply);
}
