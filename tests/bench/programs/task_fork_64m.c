/*
 * Benchmark, run as the boot task under `-icount shift=0`: task_create
 * inheriting 64 MiB of touched memory, then the child's first write to one of
 * those pages (a thread started in the child writes it and reports back). The
 * exit status is the instructions from the task_create request to the report.
 * The memory is inherited copy-on-write: task_create write-protects the
 * parent's 16384 pages, and the first write copies one page.
 */
#include "mach/message.h"
#include "tests/guest/programs/threads.h"
#include "tests/guest/programs/user.h"

#define SIZE        (64u << 20)
#define PAGE        4096u
#define SERVER_NAME ((5u << 8) | 7)

struct msg {
	mach_msg_header_t header;
	mach_msg_trailer_t trailer;
};

static unsigned char child_stack[16 * 1024] __attribute__((aligned(16)));
static volatile uint8_t *region;

/* Runs in the child: the first write, then report and end. */
static void child_write(uint32_t server)
{
	region[SIZE / 2] = 2;
	mach_msg_header_t m = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
	                       .msgh_remote_port = server,
	                       .msgh_id = 1};
	mach_msg(&m, MACH_SEND_MSG, sizeof(m), 0, 0, 0, 0);
	end_self(1);
}

int main(void)
{
	struct mach_timebase_info tb;
	uint32_t task = task_self(), reply = mach_reply_port(), server;
	uint64_t addr = 0;
	struct msg m;

	if (mach_timebase_info(&tb) != 0 ||
	    mach_vm_allocate(task, &addr, SIZE, VM_FLAGS_ANYWHERE) != 0 ||
	    mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &server) != 0)
		return -1;
	region = (volatile uint8_t *)addr;
	for (uint32_t off = 0; off < SIZE; off += PAGE)
		region[off] = 1;
	uint64_t start = absolute_time();
	uint32_t child = task_create_simple(task, reply, 1);
	if (!child ||
	    mach_port_insert_right(child, SERVER_NAME, server, MACH_MSG_TYPE_MAKE_SEND) != 0 ||
	    !thread_start_simple(child, reply, child_write, SERVER_NAME,
	                         child_stack + sizeof(child_stack)) ||
	    mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), server, 0, 0) != MACH_MSG_SUCCESS)
		return -1;
	uint64_t ticks = absolute_time() - start;
	/* The child's write did not reach our copy. */
	if (region[SIZE / 2] != 1)
		return -1;
	/* With icount shift=0 one instruction is one nanosecond of guest time. */
	return (int)(ticks * tb.numer / tb.denom);
}
