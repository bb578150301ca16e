/*
 * libSystem's Mach layer against the real kernel, through <mach/mach.h>
 * only: the generated client stubs of each kernel interface, per-thread MIG
 * reply ports under two threads calling at once, mach_msg's retry rule
 * around thread_abort, mach_msg_destroy of a message carrying rights and
 * out-of-line memory, and a server on mach_msg_server_once with a generated
 * demux (machlib_echo.defs). Returns 0 when every check passes, else the
 * number of the first failing check.
 */
#include <stddef.h>
#include <string.h>

#include <mach/exception_types.h>
#include <mach/mach.h>
#include <mach/task_special_ports.h>
#include <mach/thread_status.h>

#include "tests/guest/machlib_echo.h"
#include "tests/guest/machlib_echoServer.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define HOST_BASIC_INFO       1
#define HOST_BASIC_INFO_COUNT 12
#define MACH_PORT_LIMITS_INFO 1
#define CONCURRENT_CALLS      300
#define ECHO_CALLS            3
#define PAGE                  4096
#define HOST_PORT             1          /* host special port: the unprivileged host port */
#define UART_BASE             0x09000000 /* QEMU virt's PL011 */
#define UART_PERIPH_ID0       0xfe0
#define RAM_BASE              0x40000000
#define UNATTACHED_INTID      40
#define ECHO_MAX_SIZE                                                                              \
	(echo_MAX_REQUEST_SIZE > echo_MAX_REPLY_SIZE ? echo_MAX_REQUEST_SIZE : echo_MAX_REPLY_SIZE)

static unsigned char stacks[5][64 * 1024] __attribute__((aligned(16)));
static semaphore_t done;

static void yield(int times)
{
	for (int i = 0; i < times; i++)
		thread_switch(MACH_PORT_NULL, 0, 0);
}

/* Waits until another thread sets *flag to value, then lets it block. */
static void wait_for(volatile int *flag, int value)
{
	while (*flag != value)
		yield(1);
	yield(50);
}

/* Aborts `thread`'s wait up to `tries` times, until *result shows its call returned. */
static kern_return_t abort_waiter(thread_act_t thread, int tries,
                                  volatile mach_msg_return_t *result)
{
	for (int i = 0; i < tries && *result == -1; i++) {
		kern_return_t kr = thread_abort(thread);
		if (kr != KERN_SUCCESS)
			return kr;
		yield(20);
	}
	return KERN_SUCCESS;
}

/* Starts fn(arg) with thread_create, thread_set_state and thread_resume; the thread's name or 0. */
static thread_act_t start_thread(void (*fn)(uint64_t), uint64_t arg, int stack)
{
	struct arm_thread_state64 state = {0};
	thread_act_t thread;

	state.pc = (uint64_t)fn;
	state.sp = (uint64_t)(stacks[stack] + sizeof(stacks[stack]));
	state.x[0] = arg;
	if (thread_create(mach_task_self(), &thread) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	if (thread_set_state(thread, ARM_THREAD_STATE64, (natural_t *)&state,
	                     ARM_THREAD_STATE64_COUNT) != KERN_SUCCESS ||
	    thread_resume(thread) != KERN_SUCCESS) {
		thread_terminate(thread);
		mach_port_deallocate(mach_task_self(), thread);
		return MACH_PORT_NULL;
	}
	return thread;
}

/*
 * Ends the calling thread (which has a TSD) after telling the main thread it is
 * done; it still runs on its stack for a moment, so no two threads share one.
 */
static void __attribute__((noreturn)) finish(void)
{
	semaphore_signal(done);
	thread_terminate(mach_thread_self());
	for (;;)
		thread_switch(MACH_PORT_NULL, 0, 0);
}

/* 7-9: host_priv and Tessera's device routines (the boot task holds host_priv). */
static int host_priv_routines(void)
{
	host_priv_t host = mach_host_self();
	mach_port_t port = MACH_PORT_NULL;
	uint64_t registers = 0;

	CHECK(7, host_get_special_port(host, 0, HOST_PORT, &port) == KERN_SUCCESS &&
	             MACH_PORT_VALID(port) && port != host);
	mach_port_deallocate(mach_task_self(), port);
	/* The UART's registers, mapped by the kernel: its peripheral id reads as a PL011's. */
	CHECK(8,
	      device_map_mmio(host, mach_task_self(), UART_BASE, PAGE, &registers) == KERN_SUCCESS);
	CHECK(8, *(volatile uint32_t *)(uintptr_t)(registers + UART_PERIPH_ID0) == 0x11);
	CHECK(8, mach_vm_deallocate(mach_task_self(), registers, PAGE) == KERN_SUCCESS);
	CHECK(9, device_map_mmio(host, mach_task_self(), RAM_BASE, PAGE, &registers) ==
	             KERN_INVALID_ADDRESS);
	CHECK(9, device_interrupt_ack(host, UNATTACHED_INTID) == KERN_INVALID_ARGUMENT);
	mach_port_deallocate(mach_task_self(), host);
	return 0;
}

/* 1-6: task, host and mach_port routines through their generated stubs. */
static int kernel_objects(void)
{
	mach_port_t port;

	CHECK(1, MACH_PORT_VALID(mach_task_self()));
	CHECK(2, task_get_special_port(mach_task_self(), TASK_KERNEL_PORT, &port) == KERN_SUCCESS);
	CHECK(2, port == mach_task_self());
	mach_port_deallocate(mach_task_self(), port);

	host_t host = mach_host_self();
	integer_t info[HOST_BASIC_INFO_COUNT + 4];
	mach_msg_type_number_t count = HOST_BASIC_INFO_COUNT + 4;
	CHECK(3, host_info(host, HOST_BASIC_INFO, info, &count) == KERN_SUCCESS);
	CHECK(3, count == HOST_BASIC_INFO_COUNT && info[0] >= 1); /* max_cpus */
	char version[512];
	CHECK(4, host_kernel_version(host, version) == KERN_SUCCESS);
	CHECK(4, version[0] == 'T' && memchr(version, '\0', sizeof(version)) != NULL);
	vm_size_t page_size = 0;
	CHECK(4, _host_page_size(host, &page_size) == KERN_SUCCESS && page_size == PAGE);
	page_size = 0;
	CHECK(4, host_page_size(host, &page_size) == KERN_SUCCESS && page_size == PAGE);
	mach_port_deallocate(mach_task_self(), host);

	/* mach_port: type, attributes, refs, destroy. */
	mach_port_name_t name;
	mach_port_type_t type;
	mach_port_urefs_t refs;
	integer_t limit = 3;
	CHECK(5,
	      mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &name) == KERN_SUCCESS);
	CHECK(5, mach_port_type(mach_task_self(), name, &type) == KERN_SUCCESS &&
	             type == MACH_PORT_TYPE_RECEIVE);
	CHECK(5, mach_port_set_attributes(mach_task_self(), name, MACH_PORT_LIMITS_INFO, &limit,
	                                  1) == KERN_SUCCESS);
	limit = 0;
	count = 1;
	CHECK(5, mach_port_get_attributes(mach_task_self(), name, MACH_PORT_LIMITS_INFO, &limit,
	                                  &count) == KERN_SUCCESS &&
	             count == 1 && limit == 3);
	CHECK(6, mach_port_insert_right(mach_task_self(), name, name, MACH_MSG_TYPE_MAKE_SEND) ==
	             KERN_SUCCESS);
	CHECK(6,
	      mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, 2) == KERN_SUCCESS);
	CHECK(6, mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &refs) ==
	                 KERN_SUCCESS &&
	             refs == 3);
	CHECK(6, mach_port_destroy(mach_task_self(), name) == KERN_SUCCESS);
	CHECK(6, mach_port_type(mach_task_self(), name, &type) == KERN_INVALID_NAME);
	return 0;
}

/* 10-19: another task's memory through the mach_vm stubs and traps on its task port. */
static int child_memory(void)
{
	static const char text[] = "written through the task port";
	task_t child;
	mach_vm_address_t at = 0;
	uint8_t *data = NULL;
	mach_msg_type_number_t count = 0;
	char back[sizeof(text)];
	mach_vm_size_t outsize = 0;

	CHECK(10, task_create(mach_task_self(), NULL, 0, FALSE, &child) == KERN_SUCCESS);
	CHECK(11, mach_vm_allocate(child, &at, PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	CHECK(12,
	      mach_vm_write(child, at + 16, (const uint8_t *)text, sizeof(text)) == KERN_SUCCESS);
	CHECK(13, mach_vm_read(child, at, PAGE, &data, &count) == KERN_SUCCESS);
	CHECK(13, count == PAGE && memcmp(data + 16, text, sizeof(text)) == 0 && data[0] == 0);
	mach_vm_deallocate(mach_task_self(), (mach_vm_address_t)data, count);
	CHECK(14, mach_vm_read_overwrite(child, at + 16, sizeof(text), (mach_vm_address_t)back,
	                                 &outsize) == KERN_SUCCESS);
	CHECK(14, outsize == sizeof(text) && memcmp(back, text, sizeof(text)) == 0);

	CHECK(15, mach_vm_copy(child, at + 16, sizeof(text), at + 1024) == KERN_SUCCESS);
	CHECK(15, mach_vm_read_overwrite(child, at + 1024, sizeof(text), (mach_vm_address_t)back,
	                                 &outsize) == KERN_SUCCESS &&
	              memcmp(back, text, sizeof(text)) == 0);
	CHECK(16, mach_vm_protect(child, at, PAGE, FALSE, VM_PROT_READ) == KERN_SUCCESS);
	CHECK(16, mach_vm_write(child, at, (const uint8_t *)text, 4) != KERN_SUCCESS);
	CHECK(17, mach_vm_deallocate(child, at, PAGE) == KERN_SUCCESS);
	CHECK(17, mach_vm_read_overwrite(child, at, 4, (mach_vm_address_t)back, &outsize) ==
	              KERN_INVALID_ADDRESS);
	CHECK(18, task_suspend(child) == KERN_SUCCESS && task_resume(child) == KERN_SUCCESS);
	mach_port_name_t bootstrap, got;
	CHECK(18, mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &bootstrap) ==
	              KERN_SUCCESS);
	CHECK(18, mach_port_insert_right(mach_task_self(), bootstrap, bootstrap,
	                                 MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	CHECK(18, task_set_special_port(child, TASK_BOOTSTRAP_PORT, bootstrap) == KERN_SUCCESS);
	CHECK(18, task_get_special_port(child, TASK_BOOTSTRAP_PORT, &got) == KERN_SUCCESS &&
	              got == bootstrap);
	mach_port_destroy(mach_task_self(), bootstrap);
	CHECK(19, task_terminate(child) == KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), child);
	return 0;
}

/*
 * 20-24: two threads making RPCs at once, each through its own reply port,
 * each asking for an answer only it should get (a different ref count).
 */
static mach_port_name_t counted[2];
static volatile int concurrent_result[2];
static volatile mach_port_t worker_reply_port;
static volatile kern_return_t no_tsd_result;

static int count_calls(int which, mach_port_urefs_t expect)
{
	for (int i = 0; i < CONCURRENT_CALLS; i++) {
		mach_port_urefs_t refs = 0;
		if (mach_port_get_refs(mach_task_self(), counted[which], MACH_PORT_RIGHT_SEND,
		                       &refs) != KERN_SUCCESS ||
		    refs != expect)
			return 1 + i;
		if (i % 16 == 0)
			thread_switch(MACH_PORT_NULL, 0, 0);
	}
	return 0;
}

static void concurrent_worker(uint64_t arg)
{
	void *tsd[TSD_SLOT_COUNT] = {0};
	mach_port_t port;

	(void)arg;
	/* No TSD yet: the call fails before anything is sent. */
	no_tsd_result = task_get_special_port(mach_task_self(), TASK_KERNEL_PORT, &port);
	_thread_set_tsd_base(tsd);
	worker_reply_port = mig_get_reply_port();
	concurrent_result[1] = count_calls(1, 7);
	finish();
}

static int concurrent_calls(void)
{
	for (int i = 0; i < 2; i++) {
		CHECK(20, mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
		                             &counted[i]) == KERN_SUCCESS);
		CHECK(20, mach_port_insert_right(mach_task_self(), counted[i], counted[i],
		                                 MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	}
	CHECK(20, mach_port_mod_refs(mach_task_self(), counted[0], MACH_PORT_RIGHT_SEND, 2) ==
	              KERN_SUCCESS);
	CHECK(20, mach_port_mod_refs(mach_task_self(), counted[1], MACH_PORT_RIGHT_SEND, 6) ==
	              KERN_SUCCESS);
	concurrent_result[1] = -1;
	thread_act_t worker = start_thread(concurrent_worker, 0, 0);
	CHECK(21, worker != MACH_PORT_NULL);
	concurrent_result[0] = count_calls(0, 3);
	CHECK(22, semaphore_wait(done) == KERN_SUCCESS);
	CHECK(22, concurrent_result[0] == 0 && concurrent_result[1] == 0);
	CHECK(23, MACH_PORT_VALID(worker_reply_port) && worker_reply_port != mig_get_reply_port());
	CHECK(24, no_tsd_result == MACH_SEND_INVALID_REPLY);
	mach_port_deallocate(mach_task_self(), worker);
	for (int i = 0; i < 2; i++)
		mach_port_destroy(mach_task_self(), counted[i]);
	return 0;
}

/*
 * 30-34: thread_abort of a thread blocked in mach_msg. Without
 * MACH_RCV_INTERRUPT the library receives again and the thread keeps
 * waiting; with it, the thread sees MACH_RCV_INTERRUPTED.
 */
struct small_msg {
	mach_msg_header_t header;
	mach_msg_trailer_t trailer;
};

static volatile mach_msg_return_t receive_result[2];
static volatile mach_msg_id_t received_id;
static volatile int receiving;

static void receiver(uint64_t port)
{
	void *tsd[TSD_SLOT_COUNT] = {0};
	struct small_msg m;

	_thread_set_tsd_base(tsd);
	receiving = 1;
	receive_result[0] = mach_msg(&m.header, MACH_RCV_MSG, 0, sizeof(m), (mach_port_name_t)port,
	                             MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	received_id = m.header.msgh_id;
	receiving = 2;
	receive_result[1] = mach_msg(&m.header, MACH_RCV_MSG | MACH_RCV_INTERRUPT, 0, sizeof(m),
	                             (mach_port_name_t)port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	finish();
}

static int retry_rule(void)
{
	mach_port_name_t port;

	receive_result[0] = receive_result[1] = -1;
	CHECK(30,
	      mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	thread_act_t thread = start_thread(receiver, port, 1);
	CHECK(30, thread != MACH_PORT_NULL);
	wait_for(&receiving, 1);
	CHECK(31, abort_waiter(thread, 3, &receive_result[0]) == KERN_SUCCESS);
	CHECK(31, receive_result[0] == -1); /* still waiting */

	/* Its state, read while it waits: its stack pointer is in its own stack. */
	struct arm_thread_state64 state;
	mach_msg_type_number_t count = ARM_THREAD_STATE64_COUNT;
	CHECK(34, thread_suspend(thread) == KERN_SUCCESS);
	CHECK(34, thread_get_state(thread, ARM_THREAD_STATE64, (natural_t *)&state, &count) ==
	              KERN_SUCCESS);
	CHECK(34, count == ARM_THREAD_STATE64_COUNT && state.sp > (uint64_t)stacks[1] &&
	              state.sp < (uint64_t)(stacks[1] + sizeof(stacks[1])));
	CHECK(34, thread_set_exception_ports(thread, 0, MACH_PORT_NULL, EXCEPTION_DEFAULT,
	                                     ARM_THREAD_STATE64) == KERN_SUCCESS);
	CHECK(34, thread_resume(thread) == KERN_SUCCESS);

	mach_msg_header_t h = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
	    .msgh_size = sizeof(h),
	    .msgh_remote_port = port,
	    .msgh_id = 1234,
	};
	CHECK(32, mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
	                   MACH_PORT_NULL) == MACH_MSG_SUCCESS);
	wait_for(&receiving, 2);
	CHECK(32, receive_result[0] == MACH_MSG_SUCCESS && received_id == 1234);
	CHECK(33, abort_waiter(thread, 100, &receive_result[1]) == KERN_SUCCESS);
	CHECK(33, semaphore_wait(done) == KERN_SUCCESS);
	CHECK(33, receive_result[1] == MACH_RCV_INTERRUPTED);
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_destroy(mach_task_self(), port);
	return 0;
}

/*
 * 35-37: the same for a sender waiting on a full queue: without
 * MACH_SEND_INTERRUPT the library sends again, with it the sender sees
 * MACH_SEND_INTERRUPTED.
 */
static volatile mach_msg_return_t send_result[2];
static volatile int sending;

static void sender(uint64_t port)
{
	void *tsd[TSD_SLOT_COUNT] = {0};
	mach_msg_header_t h = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
	    .msgh_size = sizeof(h),
	    .msgh_remote_port = (mach_port_name_t)port,
	    .msgh_id = 5678,
	};

	_thread_set_tsd_base(tsd);
	sending = 1;
	send_result[0] = mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL,
	                          MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	sending = 2;
	send_result[1] = mach_msg(&h, MACH_SEND_MSG | MACH_SEND_INTERRUPT, sizeof(h), 0,
	                          MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	finish();
}

static int send_retry(void)
{
	mach_port_name_t port;
	integer_t limit = 1;
	struct small_msg m;

	send_result[0] = send_result[1] = -1;
	CHECK(35,
	      mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(35, mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND) ==
	              KERN_SUCCESS);
	CHECK(35, mach_port_set_attributes(mach_task_self(), port, MACH_PORT_LIMITS_INFO, &limit,
	                                   1) == KERN_SUCCESS);
	m.header = (mach_msg_header_t){
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
	    .msgh_size = sizeof(m.header),
	    .msgh_remote_port = port,
	    .msgh_id = 1,
	};
	CHECK(35, mach_msg(&m.header, MACH_SEND_MSG, sizeof(m.header), 0, MACH_PORT_NULL,
	                   MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) == MACH_MSG_SUCCESS);
	thread_act_t thread = start_thread(sender, port, 3);
	CHECK(35, thread != MACH_PORT_NULL);
	wait_for(&sending, 1);
	CHECK(36, abort_waiter(thread, 3, &send_result[0]) == KERN_SUCCESS);
	CHECK(36, send_result[0] == -1); /* still waiting for room */
	/* Room for one: the sender's message goes in, and its second send waits again. */
	CHECK(36, mach_msg(&m.header, MACH_RCV_MSG, 0, sizeof(m), port, MACH_MSG_TIMEOUT_NONE,
	                   MACH_PORT_NULL) == MACH_MSG_SUCCESS &&
	              m.header.msgh_id == 1);
	wait_for(&sending, 2);
	CHECK(36, send_result[0] == MACH_MSG_SUCCESS);
	CHECK(37, abort_waiter(thread, 100, &send_result[1]) == KERN_SUCCESS);
	CHECK(37, semaphore_wait(done) == KERN_SUCCESS);
	CHECK(37, send_result[1] == MACH_SEND_INTERRUPTED);
	CHECK(37, mach_msg(&m.header, MACH_RCV_MSG, 0, sizeof(m), port, MACH_MSG_TIMEOUT_NONE,
	                   MACH_PORT_NULL) == MACH_MSG_SUCCESS &&
	              m.header.msgh_id == 5678);
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_destroy(mach_task_self(), port);
	return 0;
}

/*
 * 40-44: mach_msg_destroy of a received message holding a send right, a
 * receive right, a send-once reply right and an out-of-line page.
 */
static int destroy_message(void)
{
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t send;
		mach_msg_port_descriptor_t receive;
		mach_msg_ool_descriptor64_t memory;
		mach_msg_audit_trailer_t trailer;
	} m = {0};
	mach_port_name_t dest, sendee, moved, reply;
	mach_port_urefs_t refs;
	mach_port_type_t type;
	mach_vm_address_t page = 0;

	CHECK(40,
	      mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &dest) == KERN_SUCCESS);
	CHECK(40, mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &sendee) ==
	              KERN_SUCCESS);
	CHECK(40, mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &moved) ==
	              KERN_SUCCESS);
	CHECK(40, mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply) ==
	              KERN_SUCCESS);
	CHECK(40,
	      mach_vm_allocate(mach_task_self(), &page, PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	((volatile char *)(uintptr_t)page)[0] = 'x';

	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	                     MACH_MSGH_BITS_COMPLEX;
	m.header.msgh_remote_port = dest;
	m.header.msgh_local_port = reply;
	m.header.msgh_id = 4321;
	m.body.msgh_descriptor_count = 3;
	m.send.name = sendee;
	m.send.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.send.type = MACH_MSG_PORT_DESCRIPTOR;
	m.receive.name = moved;
	m.receive.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	m.receive.type = MACH_MSG_PORT_DESCRIPTOR;
	m.memory.address = page;
	m.memory.size = PAGE;
	m.memory.copy = MACH_MSG_VIRTUAL_COPY;
	m.memory.type = MACH_MSG_OOL_DESCRIPTOR;
	mach_msg_size_t size = (mach_msg_size_t)offsetof(__typeof__(m), trailer);
	CHECK(41, mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG, size, sizeof(m), dest,
	                   MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) == MACH_MSG_SUCCESS);
	CHECK(42, m.header.msgh_id == 4321 &&
	              MACH_MSGH_BITS_REMOTE(m.header.msgh_bits) == MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(42, m.memory.address != page && m.memory.size == PAGE &&
	              ((char *)(uintptr_t)m.memory.address)[0] == 'x');
	CHECK(42, mach_port_get_refs(mach_task_self(), sendee, MACH_PORT_RIGHT_SEND, &refs) ==
	                  KERN_SUCCESS &&
	              refs == 1);
	/* A send-once right has a name of its own. */
	mach_port_name_t once = m.header.msgh_remote_port;
	CHECK(42, mach_port_get_refs(mach_task_self(), once, MACH_PORT_RIGHT_SEND_ONCE, &refs) ==
	                  KERN_SUCCESS &&
	              refs == 1);
	mach_port_name_t moved_to = m.receive.name;
	mach_vm_address_t ool = m.memory.address;

	mach_msg_destroy(&m.header);

	CHECK(43, mach_port_get_refs(mach_task_self(), sendee, MACH_PORT_RIGHT_SEND, &refs) ==
	                  KERN_SUCCESS &&
	              refs == 0);
	CHECK(43, once == reply
	              ? mach_port_get_refs(mach_task_self(), once, MACH_PORT_RIGHT_SEND_ONCE,
	                                   &refs) == KERN_SUCCESS &&
	                    refs == 0
	              : mach_port_type(mach_task_self(), once, &type) == KERN_INVALID_NAME);
	CHECK(43, mach_port_type(mach_task_self(), moved_to, &type) == KERN_INVALID_NAME);
	/* The region the message brought is gone. */
	char byte;
	mach_vm_size_t outsize;
	CHECK(44, mach_vm_read_overwrite(mach_task_self(), ool, 1, (mach_vm_address_t)&byte,
	                                 &outsize) == KERN_INVALID_ADDRESS);

	mach_vm_deallocate(mach_task_self(), page, PAGE);
	mach_port_destroy(mach_task_self(), dest);
	mach_port_destroy(mach_task_self(), sendee);
	mach_port_destroy(mach_task_self(), reply);
	return 0;
}

/* 50-54: server threads on mach_msg_server_once, then mach_msg_server, and the generated demux. */
kern_return_t do_echo_add(mach_port_t server, int32_t a, int32_t b, int32_t *sum)
{
	(void)server;
	*sum = a + b;
	return KERN_SUCCESS;
}

kern_return_t do_echo_take_port(mach_port_t server, mach_port_t port, int32_t refuse)
{
	(void)server;
	if (refuse)
		return KERN_FAILURE;
	mach_port_deallocate(mach_task_self(), port);
	return KERN_SUCCESS;
}

static volatile mach_msg_return_t server_result;

static void echo_thread(uint64_t port)
{
	void *tsd[TSD_SLOT_COUNT] = {0};

	_thread_set_tsd_base(tsd);
	server_result = MACH_MSG_SUCCESS;
	for (int i = 0; i < ECHO_CALLS && server_result == MACH_MSG_SUCCESS; i++)
		server_result = mach_msg_server_once(echo_server, ECHO_MAX_SIZE, (mach_port_t)port,
		                                     echo_RCV_OPTIONS);
	finish();
}

/* mach_msg_server: serves until its port is destroyed. */
static void echo_loop_thread(uint64_t port)
{
	void *tsd[TSD_SLOT_COUNT] = {0};

	_thread_set_tsd_base(tsd);
	server_result =
	    mach_msg_server(echo_server, ECHO_MAX_SIZE, (mach_port_t)port, echo_RCV_OPTIONS);
	finish();
}

static int echo(void)
{
	mach_port_name_t port, given;
	mach_port_urefs_t refs;
	int32_t sum = 0;

	CHECK(50,
	      mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(50, mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND) ==
	              KERN_SUCCESS);
	CHECK(50, mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &given) ==
	              KERN_SUCCESS);
	thread_act_t thread = start_thread(echo_thread, port, 2);
	CHECK(50, thread != MACH_PORT_NULL);

	CHECK(51, echo_add(port, 2, 40, &sum) == KERN_SUCCESS && sum == 42);
	/* Refused: the loop destroys the request, and the send right it carried. */
	CHECK(52, echo_take_port(port, given, 1) == KERN_FAILURE);
	CHECK(52, mach_port_get_refs(mach_task_self(), given, MACH_PORT_RIGHT_SEND, &refs) ==
	                  KERN_SUCCESS &&
	              refs == 0);
	/* Taken: the routine releases it itself. */
	CHECK(53, echo_take_port(port, given, 0) == KERN_SUCCESS);
	CHECK(53, mach_port_get_refs(mach_task_self(), given, MACH_PORT_RIGHT_SEND, &refs) ==
	                  KERN_SUCCESS &&
	              refs == 0);
	CHECK(53, semaphore_wait(done) == KERN_SUCCESS && server_result == MACH_MSG_SUCCESS);
	mach_port_deallocate(mach_task_self(), thread);

	/* 54: the loop answers request after request, and returns when its port dies. */
	server_result = -1;
	thread = start_thread(echo_loop_thread, port, 4);
	CHECK(54, thread != MACH_PORT_NULL);
	for (int32_t i = 0; i < 5; i++)
		CHECK(54, echo_add(port, i, 100, &sum) == KERN_SUCCESS && sum == i + 100);
	yield(50);
	CHECK(54, server_result == -1);
	mach_port_destroy(mach_task_self(), port);
	CHECK(54, semaphore_wait(done) == KERN_SUCCESS);
	CHECK(54, server_result != -1 && server_result != MACH_MSG_SUCCESS);
	mach_port_deallocate(mach_task_self(), thread);
	mach_port_destroy(mach_task_self(), given);
	return 0;
}

/* 60-63: time, and anonymous memory through mach_vm_map. */
static int time_and_map(void)
{
	mach_timebase_info_data_t timebase;
	mach_vm_address_t at = 0;
	mach_vm_size_t outsize;
	task_t child;
	char byte;

	CHECK(60, mach_timebase_info(&timebase) == KERN_SUCCESS && timebase.numer != 0 &&
	              timebase.denom != 0);
	uint64_t start = mach_absolute_time();
	CHECK(60, mach_wait_until(start + 1000) == KERN_SUCCESS &&
	              mach_absolute_time() >= start + 1000);
	CHECK(61, mach_vm_map(mach_task_self(), &at, PAGE, 0, VM_FLAGS_ANYWHERE, MACH_PORT_NULL, 0,
	                      FALSE, VM_PROT_DEFAULT, VM_PROT_DEFAULT,
	                      VM_INHERIT_NONE) == KERN_SUCCESS);
	((volatile char *)(uintptr_t)at)[0] = 'm';
	/* The maximum protection took: execute cannot be added. */
	CHECK(61, mach_vm_protect(mach_task_self(), at, PAGE, FALSE, VM_PROT_ALL) != KERN_SUCCESS);
	/* The inheritance took: a child made with inherited memory does not get the page. */
	CHECK(62, task_create(mach_task_self(), NULL, 0, TRUE, &child) == KERN_SUCCESS);
	CHECK(62, mach_vm_read_overwrite(child, at, 1, (mach_vm_address_t)&byte, &outsize) ==
	              KERN_INVALID_ADDRESS);
	CHECK(62, task_terminate(child) == KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), child);
	CHECK(62, mach_vm_deallocate(mach_task_self(), at, PAGE) == KERN_SUCCESS);
	CHECK(63, mach_vm_map(mach_task_self(), &at, PAGE, 0, VM_FLAGS_ANYWHERE, mach_task_self(),
	                      0, FALSE, VM_PROT_DEFAULT, VM_PROT_ALL,
	                      VM_INHERIT_DEFAULT) == KERN_INVALID_ARGUMENT);
	return 0;
}

int main(void)
{
	int failed;

	mach_init();
	if (semaphore_create(mach_task_self(), &done, SYNC_POLICY_FIFO, 0) != KERN_SUCCESS)
		return 100;
	if ((failed = kernel_objects()) || (failed = host_priv_routines()) ||
	    (failed = child_memory()) || (failed = concurrent_calls()) || (failed = retry_rule()) ||
	    (failed = send_retry()) || (failed = destroy_message()) || (failed = echo()) ||
	    (failed = time_and_map()))
		return failed;
	if (semaphore_destroy(mach_task_self(), done) != KERN_SUCCESS)
		return 101;
	return 0;
}
