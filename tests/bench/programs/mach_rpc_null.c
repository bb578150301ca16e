/*
 * Benchmark, run as the boot task under `-icount shift=0`: a null RPC over
 * Mach IPC — mach_msg send+receive of an empty request with a send-once reply
 * right, answered by a server thread with an empty reply. Client and server
 * are two threads of one task for now (a second task needs task_create with a
 * loaded image). The exit status is instructions per round trip.
 */
#include "mach/message.h"
#include "tests/guest/programs/threads.h"
#include "tests/guest/programs/user.h"

#define WARMUP 100
#define RUNS   2000

struct msg {
	mach_msg_header_t header;
	mach_msg_trailer_t trailer;
};

static unsigned char server_stack[32 * 1024] __attribute__((aligned(16)));

static void server(uint32_t port)
{
	struct msg m;

	/* Receive a request, then reply and receive the next one in a single trap. */
	if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0) != MACH_MSG_SUCCESS)
		return;
	for (;;) {
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header), sizeof(m), port, 0, 0);
	}
}

static int rpc(uint32_t port, uint32_t reply)
{
	struct msg m;

	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.header.msgh_remote_port = port;
	m.header.msgh_local_port = reply;
	m.header.msgh_voucher_port = 0;
	m.header.msgh_id = 1;
	return mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header), sizeof(m), reply, 0, 0);
}

int main(void)
{
	struct mach_timebase_info tb;
	uint32_t task = task_self(), reply = mach_reply_port(), port;

	if (mach_timebase_info(&tb) != 0 ||
	    mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) != 0 ||
	    mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND) != 0 ||
	    !thread_start_simple(task, reply, server, port, server_stack + sizeof(server_stack)))
		return -1;
	for (int i = 0; i < WARMUP; i++)
		if (rpc(port, reply) != MACH_MSG_SUCCESS)
			return -1;
	uint64_t start = absolute_time();
	for (int i = 0; i < RUNS; i++)
		if (rpc(port, reply) != MACH_MSG_SUCCESS)
			return -1;
	uint64_t ticks = absolute_time() - start;
	/* With icount shift=0 one instruction is one nanosecond of guest time. */
	return (int)(ticks * tb.numer / tb.denom / RUNS);
}
