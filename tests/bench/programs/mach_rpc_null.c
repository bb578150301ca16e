/*
 * Benchmark, run as the boot task under `-icount shift=0`: a null RPC between
 * two tasks over Mach IPC. This task makes a child (task_create with its
 * memory) and starts a client thread in it; the client sends empty requests
 * with a send-once reply right, which this task's main thread answers with
 * empty replies. The client times RUNS round trips and sends the instructions
 * per round trip back in its last message; that is the exit status.
 */
#include "mach/message.h"
#include "tests/guest/programs/threads.h"
#include "tests/guest/programs/user.h"

#define WARMUP      100
#define RUNS        2000
#define RESULT_ID   999
#define SERVER_NAME ((5u << 8) | 7)

struct msg {
	mach_msg_header_t header;
	uint64_t value;
	mach_msg_trailer_t trailer;
};

static unsigned char client_stack[32 * 1024] __attribute__((aligned(16)));

static void rpc(uint32_t server, uint32_t reply, int id, uint64_t value)
{
	struct msg m;

	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.header.msgh_remote_port = server;
	m.header.msgh_local_port = reply;
	m.header.msgh_voucher_port = 0;
	m.header.msgh_id = id;
	m.value = value;
	mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header) + (id == RESULT_ID ? 8 : 0),
	         sizeof(m), reply, 0, 0);
}

/* Runs in the child task. */
static void client(uint32_t server)
{
	struct mach_timebase_info tb;
	uint32_t reply = mach_reply_port();

	mach_timebase_info(&tb);
	for (int i = 0; i < WARMUP; i++)
		rpc(server, reply, 1, 0);
	uint64_t start = absolute_time();
	for (int i = 0; i < RUNS; i++)
		rpc(server, reply, 1, 0);
	uint64_t ticks = absolute_time() - start;
	/* With icount shift=0 one instruction is one nanosecond of guest time. */
	rpc(server, reply, RESULT_ID, ticks * tb.numer / tb.denom / RUNS);
	end_self(1);
}

int main(void)
{
	uint32_t task = task_self(), reply = mach_reply_port(), server;
	struct msg m;

	uint32_t child = task_create_simple(task, reply, 1);
	if (!child || mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &server) != 0 ||
	    mach_port_insert_right(child, SERVER_NAME, server, MACH_MSG_TYPE_MAKE_SEND) != 0 ||
	    !thread_start_simple(child, reply, client, SERVER_NAME,
	                         client_stack + sizeof(client_stack)))
		return -1;
	/* Receive a request; reply and receive the next one in a single trap. */
	if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), server, 0, 0) != MACH_MSG_SUCCESS)
		return -1;
	while (m.header.msgh_id != RESULT_ID) {
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		if (mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header), sizeof(m), server,
		             0, 0) != MACH_MSG_SUCCESS)
			return -1;
	}
	return (int)m.value;
}
